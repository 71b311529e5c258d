// Twiddle tables, built by code at kernel load time rather than shipped as literals.
//
// TRIG_JS is JavaScript source (placed inside every kernel factory) for `twTable`, which
// fills the per-pass twiddles of a Stockham pass in the order the pass reads them, and
// `turn`, an accurate e^{2πi e/n} that reduces the angle to the first octant first (so
// cos(2π·(n−1)/n) is as accurate as cos(2π/n)), and `shared`, which memoises a table or
// scratch array by key in one pool per JavaScript realm (on globalThis, so the standalone
// kernels of one module, or of one process, find each other's arrays). Tables are read-only
// after they are built, so any kernels may share them. Scratch is shared by role and size:
// a kernel only calls kernels of another kind (rfft calls complex, Rader calls mixed), never
// one that uses the same key, and runs are not re-entrant anyway, so no two live calls can
// hold the same scratch. This keeps e.g. an rfft and an irfft of the same n to one set of
// buffers and one set of twiddles (inverse kernels use the forward tables conjugated).

export const TRIG_JS = `
  const pool = globalThis[Symbol.for("linc.fft.shared.v1")] || (globalThis[Symbol.for("linc.fft.shared.v1")] = new Map());
  function shared(key, make) {
    let v = pool.get(key);
    if (v === undefined) pool.set(key, (v = make()));
    return v;
  }
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
