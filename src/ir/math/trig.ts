// The one trig routine behind every twiddle, chirp and cosine table: e^{2πi e/n} for integers
// e, n, from the angle reduced exactly (e mod n in integers, then by the symmetries of cos and
// sin into the first octant, [0, π/4]), so cos(2π(n-1)/n) is as accurate as cos(2π/n) and the
// quarter turns are exact. The reference, the compile-time tables of every backend (onnx stage
// weights, gpujs tables, cpu codelet constants) and the run-time tables of the cpu and wasm
// modules all compute it with this code. It is kept as JavaScript text because the cpu
// and wasm modules compute their tables when they load (one routine, one copy, however linc was
// built); `cis` instantiates the same text.

/** `turn(e, n, out, k)`: out[k] = cos(2π e/n), out[k + 1] = sin(2π e/n), for integers e (|e| < 2^53) and n > 0. */
export const TURN_SOURCE = String.raw`function turn(e, n, out, k) {
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
}`;

const turn = new Function(`"use strict";\n${TURN_SOURCE}\nreturn turn;`)() as (e: number, n: number, out: Float64Array | number[], k: number) => void;

/** e^{2πi e/n} as [cos, sin] (the function TURN_SOURCE defines), e and n integers. */
export function cis(e: number, n: number): [number, number] {
  const out: [number, number] = [0, 0];
  turn(e, n, out, 0);
  return out;
}

/** e^{sign·iπ num/den} (num, den integers): a half turn's fraction, as `cis(sign·num, 2·den)`. */
export const halfTurn = (num: number, den: number, sign: 1 | -1): [number, number] => cis(sign * num, 2 * den);

/**
 * cos and sin of 2π e/n for the integers e of the first octant, e <= n/8 (8 | n), by the
 * routine's own angle expression: with the symmetries (`fromOctant`), every value `cis` gives.
 */
function octant(n: number): { c: Float64Array; s: Float64Array } {
  const q = n / 8, c = new Float64Array(q + 1), s = new Float64Array(q + 1);
  for (let e = 0; e <= q; e++) {
    const a = (2 * Math.PI * e) / n;
    (c[e] = Math.cos(a)), (s[e] = Math.sin(a));
  }
  return { c, s };
}

/** out[k], out[k + 1] = cis(e, n) for 0 <= e < n (8 | n) from its octant table: the reductions of `turn`, unchanged. */
function fromOctant(e: number, n: number, o: { c: Float64Array; s: Float64Array }, out: Float64Array, k: number): void {
  let neg = false, swap = false, negc = false;
  if (2 * e > n) (e = n - e), (neg = true);
  if (4 * e > n) (e = n / 2 - e), (negc = true);
  if (8 * e > n) (e = n / 4 - e), (swap = true);
  const c = swap ? o.s[e] : o.c[e], s = swap ? o.c[e] : o.s[e];
  out[k] = negc ? -c : c;
  out[k + 1] = neg ? -s : s;
}

/**
 * A table of `count` values e^{2πi·e_k/n}, interleaved (cos, sin), bit for bit what `cis(e_k, n)`
 * gives (the routine's reductions and its angle expression, unchanged). Where 8 divides n and the
 * table is long, the reduced exponent is an integer of the first octant, so its cos and sin are
 * computed once, in an octant table of n/8 + 1 pairs, and every entry is a lookup with the
 * symmetries applied: no trig call and no allocation per entry. Otherwise entry by entry.
 */
export function cisTable(n: number, count: number, exponent: (k: number) => number): Float64Array {
  const out = new Float64Array(2 * count);
  if (n % 8 !== 0 || 8 * count < n) {
    for (let k = 0; k < count; k++) turn(exponent(k), n, out, 2 * k);
    return out;
  }
  const o = octant(n);
  for (let k = 0; k < count; k++) fromOctant(((exponent(k) % n) + n) % n, n, o, out, 2 * k);
  return out;
}

/**
 * The twiddles of a Stockham pass of radix r over m groups, w_{p,j} = cis(sign·j·p, r·m) at
 * [p][j] (m·r entries), bit for bit: cisTable's octant table, the exponents j·p mod rm stepped
 * without a division (the compile-time cost of a large FFT's stage tables).
 */
export function passTwiddles(r: number, m: number, sign: 1 | -1): Float64Array {
  const n = r * m;
  if (n % 8 !== 0) return cisTable(n, n, (k) => sign * Math.floor(k / r) * (k % r));
  const out = new Float64Array(2 * n), o = octant(n);
  for (let p = 0, k = 0; p < m; p++)
    for (let j = 0, e = 0; j < r; j++, k += 2) {
      fromOctant(sign > 0 || e === 0 ? e : n - e, n, o, out, k);
      if ((e += p) >= n) e -= n;
    }
  return out;
}
