// Twiddle tables, built by code at kernel load time rather than shipped as literals.
//
// TRIG_JS is JavaScript source (placed inside every kernel factory) for `twTable`, which
// fills the per-pass twiddles of a Stockham pass in the order the pass reads them, and
// `turn`, an accurate e^{2πi e/n} that reduces the angle to the first octant first (so
// cos(2π·(n−1)/n) is as accurate as cos(2π/n)).

export const TRIG_JS = `
  function turn(e, n, out, k) {
    e = ((e % n) + n) % n;
    let c, s, neg = false, swap = false, negc = false;
    if (2 * e > n) { e = n - e; neg = true; }            // angle -> 2π - angle: sin flips
    if (4 * e > n) { e = n / 2 - e; negc = true; }       // angle -> π - angle: cos flips
    if (8 * e > n) { e = n / 4 - e; swap = true; }       // angle -> π/2 - angle: cos <-> sin
    const a = (2 * Math.PI * e) / n;
    c = Math.cos(a); s = Math.sin(a);
    if (swap) { const t = c; c = s; s = t; }
    if (negc) c = -c;
    if (neg) s = -s;
    out[k] = c; out[k + 1] = s;
  }
  // Twiddles of one pass: for p < m and each j of js, e^{sign·2πi·j·p/(r·m)}, (re, im) interleaved.
  function twTable(r, m, sign, js) {
    const t = new Float64Array(2 * js.length * m);
    for (let p = 0, k = 0; p < m; p++) for (const j of js) { turn(sign * j * p, r * m, t, k); k += 2; }
    return t;
  }
`;
