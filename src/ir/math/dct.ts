// The reference's DCT and DST, types 1-4 and their inverses (scipy.fft conventions), through
// its float64 FFT (fftVec): one complex FFT of 2(n-1), 2n or 2(n+1) points per real row, and
// twiddles e^{±iπ k/(2n)} from exactly reduced angles, so no n x n matrix is ever formed or
// inverted and the error stays at the FFT's O(eps log n) for any n.
//
// Inverses by the known relations: idct(type t, norm) = dct(type t', norm') with t' = 1, 3, 2, 4
// for t = 1, 2, 3, 4 and backward <-> forward swapped (ortho stays); DST-II = J DCT-II D,
// DST-III = D DCT-III J, DST-IV = D DCT-IV J (D = diag((-1)^j), J = reversal; inverses reversed),
// DST-I through the DFT of the odd extension (DST-I squared is 2(n+1) I).
import type { Norm } from "../ops.js";
import { fftVec } from "./fft.js";
import { halfTurn } from "./trig.js";

const INVERSE_TYPE: Record<number, number> = { 1: 1, 2: 3, 3: 2, 4: 4 };
const SWAP: Record<Norm, Norm> = { backward: "forward", forward: "backward", ortho: "ortho" };

/** The forward DCT (type, norm) that dct(type, norm) or its inverse is. */
export const dctForward = (type: number, norm: Norm, inverse: boolean): { type: number; norm: Norm } =>
  inverse ? { type: INVERSE_TYPE[type], norm: SWAP[norm] } : { type, norm };


/** Unnormalised DCT of one real row (scipy's backward norm), type 1-4. */
function dctRaw(x: Float64Array, type: number): Float64Array {
  const N = x.length, y = new Float64Array(N);
  if (type === 1) {
    // even extension [x_0..x_{N-1}, x_{N-2}..x_1] of 2(N-1) points: its DFT is real
    const M = 2 * (N - 1), vr = new Float64Array(M);
    for (let j = 0; j < N; j++) vr[j] = x[j];
    for (let j = 1; j < N - 1; j++) vr[M - j] = x[j];
    const [fr] = fftVec(vr, new Float64Array(M), -1);
    for (let k = 0; k < N; k++) y[k] = fr[k];
    return y;
  }
  const M = 2 * N, vr = new Float64Array(M), vi = new Float64Array(M);
  if (type === 2) {
    // [x, rev x]: F_k = e^{iπk/2N} 2 Σ x_j cos(πk(2j+1)/2N)
    for (let j = 0; j < N; j++) (vr[j] = x[j]), (vr[M - 1 - j] = x[j]);
    const [fr, fi] = fftVec(vr, vi, -1);
    for (let k = 0; k < N; k++) {
      const [c, s] = halfTurn(k, M, -1);
      y[k] = fr[k] * c - fi[k] * s;
    }
    return y;
  }
  if (type === 3) {
    // y_k = Re Σ_j c_j x_j e^{iπj/2N} e^{2πi jk/2N}, c_0 = 1, c_j = 2
    for (let j = 0; j < N; j++) {
      const [c, s] = halfTurn(j, M, 1), w = j ? 2 * x[j] : x[j];
      (vr[j] = w * c), (vi[j] = w * s);
    }
    const [fr] = fftVec(vr, vi, 1);
    for (let k = 0; k < N; k++) y[k] = fr[k];
    return y;
  }
  // type 4: y_k = 2 Re e^{-iπ(2k+1)/4N} Σ_j x_j e^{-iπj/2N} e^{-2πi jk/2N}
  for (let j = 0; j < N; j++) {
    const [c, s] = halfTurn(2 * j, 2 * M, -1);
    (vr[j] = x[j] * c), (vi[j] = x[j] * s);
  }
  const [fr, fi] = fftVec(vr, vi, -1);
  for (let k = 0; k < N; k++) {
    const [c, s] = halfTurn(2 * k + 1, 2 * M, -1);
    y[k] = 2 * (fr[k] * c - fi[k] * s);
  }
  return y;
}

/** scipy.fft.dct(x, type, norm) of one real row. */
function dctNorm(x: Float64Array, type: number, norm: Norm): Float64Array {
  const N = x.length, ortho = norm === "ortho";
  if (type === 1) {
    const M = 2 * (N - 1), f = norm === "forward" ? 1 / M : ortho ? 1 / Math.sqrt(M) : 1;
    let u = x;
    if (ortho) (u = Float64Array.from(x)), (u[0] *= Math.SQRT2), (u[N - 1] *= Math.SQRT2);
    const y = dctRaw(u, 1);
    for (let k = 0; k < N; k++) y[k] *= f;
    if (ortho) (y[0] *= Math.SQRT1_2), (y[N - 1] *= Math.SQRT1_2);
    return y;
  }
  const M = 2 * N, f = norm === "forward" ? 1 / M : ortho ? 1 / Math.sqrt(M) : 1;
  let u = x;
  if (ortho && type === 3) (u = Float64Array.from(x)), (u[0] *= Math.SQRT2);
  const y = dctRaw(u, type);
  for (let k = 0; k < N; k++) y[k] *= f;
  if (ortho && type === 2) y[0] *= Math.SQRT1_2;
  return y;
}

/** scipy.fft.dct / idct (inverse) of one real row. */
export function dctRow(x: Float64Array, type: number, norm: Norm, inverse: boolean): Float64Array {
  const f = dctForward(type, norm, inverse);
  return dctNorm(x, f.type, f.norm);
}

const flipSigns = (x: Float64Array): Float64Array => x.map((v, j) => (j % 2 ? -v : v));
const reversed = (x: Float64Array): Float64Array => Float64Array.from(x).reverse();

/** scipy.fft.dst / idst (inverse) of one real row. */
export function dstRow(x: Float64Array, type: number, norm: Norm, inverse: boolean): Float64Array {
  const C = (u: Float64Array) => dctRow(u, type, norm, inverse);
  if (type === 2) return inverse ? flipSigns(C(reversed(x))) : reversed(C(flipSigns(x)));
  if (type === 3 || type === 4) return inverse ? reversed(C(flipSigns(x))) : flipSigns(C(reversed(x)));
  // DST-I: the DFT of the odd extension [0, x, 0, -rev x] of 2(N+1) points is -2i Σ x_j sin(...)
  const N = x.length, M = 2 * (N + 1), vr = new Float64Array(M);
  for (let j = 0; j < N; j++) (vr[j + 1] = x[j]), (vr[M - 1 - j] = -x[j]);
  const [, fi] = fftVec(vr, new Float64Array(M), -1);
  const f = norm === "forward" ? 1 / M : norm === "ortho" ? 1 / Math.sqrt(M) : 1;
  const s = inverse ? 1 / (M * f) : f;
  const y = new Float64Array(N);
  for (let k = 0; k < N; k++) y[k] = -s * fi[k + 1];
  return y;
}
