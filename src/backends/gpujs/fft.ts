// Fourier stages of the gpujs backend: the complex FFT as Stockham autosort stages (radix 4,
// one radix-2 stage when log2 n is odd; no bit reversal pass), Bluestein's chirp-z for any
// other n above a small size (three power-of-two FFTs' worth of stages), a dense DFT kernel
// for small n, rdft / irdft through the complex FFT, DCTs as a dense product with the exact
// (float64-built) matrix, and the Walsh–Hadamard transform as log2 n add/subtract stages.
//
// Error bound (float32, unit roundoff u = 2^-24): a Stockham FFT of n = 2^p points computes
// each output through log2 n butterfly levels with twiddles rounded once from float64, so
// |y - Y|_inf <= c * u * log2(n) * |x|_1-ish; in practice (and in the tests) the error
// relative to the output's largest magnitude stays below 4 u log2 n + 1e-6, i.e. < 1e-5 at
// n = 65536. Bluestein runs three such FFTs plus two chirp products: about 3x that bound.
// Dense DFTs and products of n terms accumulate u * n in the worst case (n <= 64 here).
import { type Node, dctMatrix, fail, fftScale, invertMat, isPow2, log2i } from "../../ir/index.js";
import { type Builder, type Val, lit } from "./builder.js";
import * as K from "./kernels.js";

/** n-point DFT tables use twiddles reduced mod n in float64, rounded once to float32. */
function twiddles(b: Builder, n: number) {
  return b.table(`tw:${n}`, () => {
    const t = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      const a = (2 * Math.PI * k) / n;
      t[2 * k] = Math.cos(a);
      t[2 * k + 1] = Math.sin(a);
    }
    return t;
  });
}

const DENSE_MAX = 64;

/** The complex n-point DFT of every row of x (numpy sign convention), times `scale`. */
export function fft(b: Builder, x: Val, n: number, inverse: boolean, scale: number): Val {
  if (x.n !== n) throw new Error(`internal: fft of size ${n} on rows of ${x.n}`);
  if (n === 1) return scale === 1 ? x : b.kernel(K.winmul(1, 1, 0, false, false, [scale, 0]), [{ s: x.slot }], x.rows, 1);
  if (isPow2(n)) {
    const tw = twiddles(b, n);
    let cur = x;
    let s = 1;
    const radices: (2 | 4)[] = [];
    for (let L = n; L > 1; ) {
      const r = L >= 4 ? 4 : 2;
      radices.push(r);
      L /= r;
    }
    radices.forEach((r, i) => {
      const last = i === radices.length - 1;
      cur = b.kernel(K.stockham(n, s, r, inverse, last ? scale : 1), [{ s: cur.slot }, tw], x.rows, n);
      s *= r;
    });
    return cur;
  }
  if (n <= DENSE_MAX) return b.kernel(K.denseDft(n, inverse, scale), [{ s: x.slot }, twiddles(b, n)], x.rows, n);
  return bluestein(b, x, n, inverse, scale);
}

/**
 * Bluestein: X_k = c_k sum_j (x_j c_j) conj(c_{k-j}), c_j = e^{-pi i j^2 / n}: the sum is a
 * linear convolution, done as a circular one of power-of-two size M >= 2n - 1 with the chirp
 * filter's spectrum precomputed in float64.
 */
function bluestein(b: Builder, x: Val, n: number, inverse: boolean, scale: number): Val {
  const M = 1 << Math.ceil(Math.log2(2 * n - 1));
  const sg = inverse ? 1 : -1;
  const chirp = (j: number): [number, number] => {
    const a = (Math.PI * ((j * j) % (2 * n))) / n;
    return [Math.cos(a), sg * Math.sin(a)];
  };
  const cTab = b.table(`chirp:${n}:${sg}`, () => Array.from({ length: n }, (_, j) => chirp(j)).flat());
  const spec = b.table(`chirpSpec:${n}:${sg}:${M}`, () => {
    // spectrum of conj(c) wrapped circularly, by an O(M log M) float64 FFT
    const re = new Float64Array(M), im = new Float64Array(M);
    for (let j = 0; j < n; j++) {
      const [cr, ci] = chirp(j);
      re[j] = cr;
      im[j] = -ci;
      if (j > 0) (re[M - j] = cr), (im[M - j] = -ci);
    }
    fft64(re, im);
    const out = new Float64Array(2 * M);
    for (let k = 0; k < M; k++) (out[2 * k] = re[k] / M), (out[2 * k + 1] = im[k] / M);
    return out;
  });
  const a = b.kernel(K.winmul(n, M, 0, true, false), [{ s: x.slot }, cTab], x.rows, M);
  const A = fft(b, a, M, false, 1);
  const P = b.kernel(K.winmul(M, M, 0, true, false), [{ s: A.slot }, spec], x.rows, M);
  const conv = fft(b, P, M, true, 1);
  return b.kernel(K.winmul(M, n, 0, true, false, [scale, 0]), [{ s: conv.slot }, cTab], x.rows, n);
}

/** In-place float64 radix-2 FFT (forward), for compile-time tables. */
function fft64(re: Float64Array, im: Float64Array): void {
  const n = re.length, bits = log2i(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let k = 0; k < bits; k++) r |= ((i >> k) & 1) << (bits - 1 - k);
    if (r > i) ([re[i], re[r]] = [re[r], re[i]]), ([im[i], im[r]] = [im[r], im[i]]);
  }
  for (let len = 2; len <= n; len *= 2)
    for (let i = 0; i < n; i += len)
      for (let j = 0; j < len / 2; j++) {
        const a = (-2 * Math.PI * j) / len, wr = Math.cos(a), wi = Math.sin(a);
        const p = i + j, q = p + len / 2;
        const tr = re[q] * wr - im[q] * wi, ti = re[q] * wi + im[q] * wr;
        re[q] = re[p] - tr;
        im[q] = im[p] - ti;
        re[p] += tr;
        im[p] += ti;
      }
}

/** rdft: the full complex FFT of the (real) rows, first n/2 + 1 bins. */
export function rdft(b: Builder, x: Val, n: number, scale: number): Val {
  const y = fft(b, x, n, false, scale);
  return b.kernel(K.winmul(n, Math.floor(n / 2) + 1, 0, false, false), [{ s: y.slot }], x.rows, Math.floor(n / 2) + 1);
}

/** irdft: the Hermitian extension of the half spectrum, an inverse FFT, its real part. */
export function irdft(b: Builder, x: Val, n: number, scale: number): Val {
  const h = x.n;
  // code 2j reads bin j, 2j + 1 its conjugate (bins above n/2 mirror the ones below)
  const idx = b.table(`herm:${n}:${h}`, () => Array.from({ length: n }, (_, k) => (k < h ? 2 * k : 2 * (n - k) + 1)));
  const full = b.kernel(K.gather(h, n, false), [{ s: x.slot }, idx], x.rows, n);
  const y = fft(b, full, n, true, scale);
  return realPart(b, y);
}

export function realPart(b: Builder, y: Val): Val {
  const src = `function(a0) {\nconst t = this.thread.x * 1.0;\nconst e = Math.floor(t * 0.5);\nconst c = t - 2.0 * e;\nreturn c < 0.5 ? a0[2.0 * e] : 0.0;\n}`;
  return b.kernel(src, [{ s: y.slot }], y.rows, y.n);
}

const DCT_MAX = 2048;

/** DCT of any type as a dense product with its float64 matrix (its inverse for idct). */
export function dct(b: Builder, A: Node, x: Val): Val {
  const { n, type, norm, inverse } = A.arg as { n: number; type: number; norm: "backward" | "ortho" | "forward"; inverse: boolean };
  if (n > DCT_MAX) fail("E0801", `dct of size ${n} is beyond the gpujs backend's dense DCT (at most ${DCT_MAX})`);
  const W = b.table(`dct:${n}:${type}:${norm}:${!!inverse}`, () => {
    const m0 = dctMatrix(n, type, norm);
    const m = inverse ? invertMat(m0) : m0;
    const out = new Float64Array(2 * n * n);
    for (let i = 0; i < n * n; i++) (out[2 * i] = m.re[i]), (out[2 * i + 1] = m.im[i]);
    return out;
  });
  return b.kernel(K.blockMatmul(1, n, n, false), [W, { s: x.slot }], x.rows, n);
}

/** Walsh–Hadamard in Sylvester order: log2 n stages, the norm folded into the last. */
export function wht(b: Builder, x: Val, n: number, norm: "backward" | "ortho" | "forward"): Val {
  const s = fftScale(norm, n, false);
  let cur = x;
  if (n === 1) return s === 1 ? x : b.kernel(K.winmul(1, 1, 0, false, false, [s, 0]), [{ s: x.slot }], x.rows, 1);
  for (let h = 1; h < n; h *= 2) cur = b.kernel(K.whtStage(n, h, 2 * h === n ? s : 1), [{ s: cur.slot }], x.rows, n);
  return cur;
}

export { lit };
