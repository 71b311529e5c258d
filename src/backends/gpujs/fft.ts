// The complex FFT of the gpujs backend, rendered from the plan the `schedule` pass recorded on
// the dft node (src/passes/schedule/table.ts, gpujs entry); this file never chooses an
// algorithm or a radix:
//   mixed      Stockham autosort stages of the plan's radices (2 or 4; no bit reversal pass)
//   direct     one dense DFT kernel (any n; the planner sends small non-powers of two here)
//   bluestein  the chirp-z transform through two FFTs of size plan.m, each planned as plan.inner
//
// Error bound (float32, unit roundoff u = 2^-24): a Stockham FFT of n = 2^p points computes
// each output through log2 n butterfly levels with twiddles rounded once from float64, so
// |y - Y|_inf <= c * u * log2(n) * |x|_1-ish; in practice (and in the tests) the error
// relative to the output's largest magnitude stays below 4 u log2 n + 1e-6, i.e. < 1e-5 at
// n = 65536. Bluestein runs three such FFTs plus two chirp products: about 3x that bound.
// Dense DFTs accumulate u * n in the worst case (n <= 64 under the gpujs schedule).
import { type FftPlan, cis, math } from "../../ir/index.js";
import type { Builder, Val } from "./builder.js";
import * as K from "./kernels.js";

/** n-point DFT tables: e^{2 pi i k / n} (cos, sin interleaved), built in float64, rounded once to float32. */
export function twiddles(b: Builder, n: number) {
  return b.table(`tw:${n}`, () => {
    const t = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) [t[2 * k], t[2 * k + 1]] = cis(k, n);
    return t;
  });
}

/** Every row of x times a real scale (one stage, none when scale is 1). */
export const scaleRows = (b: Builder, x: Val, scale: number): Val =>
  scale === 1 ? x : b.kernel(K.winmul(x.n, x.n, 0, false, false, [scale, 0]), [{ s: x.slot }], x.rows, x.n);

/** The complex DFT of every row of x as `plan` says (numpy sign convention), times `scale`. */
export function fft(b: Builder, x: Val, plan: FftPlan, inverse: boolean, scale: number): Val {
  const n = plan.n;
  if (x.n !== n) throw new Error(`internal: an FFT plan of size ${n} on rows of ${x.n}`);
  if (n === 1) return scaleRows(b, x, scale);
  switch (plan.algo) {
    case "direct":
      return b.kernel(K.denseDft(n, inverse, scale), [{ s: x.slot }, twiddles(b, n)], x.rows, n);
    case "mixed":
      return stockham(b, x, n, plan.radices, inverse, scale);
    case "bluestein":
      return bluestein(b, x, plan, inverse, scale);
    case "rader":
      throw new Error(`internal: the gpujs backend renders no Rader plan (n = ${n}); its schedule never asks for one`);
  }
}

/** Stockham stages of the given radices, in order; the scale rides on the last stage. */
function stockham(b: Builder, x: Val, n: number, radices: readonly number[], inverse: boolean, scale: number): Val {
  if (radices.reduce((p, r) => p * r, 1) !== n) throw new Error(`internal: radices [${radices}] do not multiply to ${n}`);
  const tw = twiddles(b, n);
  let cur = x;
  let s = 1;
  radices.forEach((r, i) => {
    if (r !== 2 && r !== 4) throw new Error(`internal: the gpujs Stockham stages take radix 2 or 4, the plan asks for ${r}`);
    const last = i === radices.length - 1;
    cur = b.kernel(K.stockham(n, s, r, inverse, last ? scale : 1), [{ s: cur.slot }, tw], x.rows, n);
    s *= r;
  });
  return cur;
}

/**
 * Bluestein: X_k = c_k sum_j (x_j c_j) conj(c_{k-j}), c_j = e^{-pi i j^2 / n}: the sum is a
 * linear convolution, done as a circular one of size M = plan.m >= 2n - 1 with the chirp
 * filter's spectrum precomputed in float64; the two size-M FFTs run plan.inner.
 */
function bluestein(b: Builder, x: Val, plan: Extract<FftPlan, { algo: "bluestein" }>, inverse: boolean, scale: number): Val {
  const { n, m: M, inner } = plan;
  if (M < 2 * n - 1 || (M & (M - 1)) !== 0 || inner.n !== M) throw new Error(`internal: a Bluestein plan for ${n} needs a power of two >= ${2 * n - 1}, got m = ${M} (inner ${inner.n})`);
  const sg = inverse ? 1 : -1;
  // the chirp and the filter's spectrum (scaled by 1/M for the inverse FFT) from the reference's Bluestein tables
  const tables = () => math.bluesteinTables(n, M, sg);
  const cTab = b.table(`chirp:${n}:${sg}`, () => tables().chirp);
  const spec = b.table(`chirpSpec:${n}:${sg}:${M}`, () => tables().filter.map((v) => v / M));
  const a = b.kernel(K.winmul(n, M, 0, true, false), [{ s: x.slot }, cTab], x.rows, M);
  const A = fft(b, a, inner, false, 1);
  const P = b.kernel(K.winmul(M, M, 0, true, false), [{ s: A.slot }, spec], x.rows, M);
  const conv = fft(b, P, inner, true, 1);
  return b.kernel(K.winmul(M, n, 0, true, false, [scale, 0]), [{ s: conv.slot }, cTab], x.rows, n);
}

