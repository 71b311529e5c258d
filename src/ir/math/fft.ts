// The reference's one float64 FFT, for the meanings of the Fourier family at large n (so that
// constant folding and the reference interpreter never need an n x n matrix) and the fast
// sphere/state-space routes: an in-place iterative radix-2 FFT for powers of two, Bluestein's
// chirp-z through it otherwise, and the direct sum with exactly reduced twiddles for small n.

import { cis, halfTurn } from "./trig.js";

/** In-place-free complex DFT of one vector: X[k] = sum_j x[j] e^{sign 2 pi i jk/n}. */
export function fftVec(re: Float64Array, im: Float64Array, sign: 1 | -1): [Float64Array, Float64Array] {
  const n = re.length;
  if (n <= 32) return direct(re, im, sign);
  if ((n & (n - 1)) === 0) return radix2(re, im, sign);
  return bluestein(re, im, sign);
}

function direct(re: Float64Array, im: Float64Array, sign: -1 | 1): [Float64Array, Float64Array] {
  const n = re.length, or = new Float64Array(n), oi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sr = 0, si = 0;
    for (let j = 0; j < n; j++) {
      const [c, s] = cis(sign * ((j * k) % n), n);
      sr += re[j] * c - im[j] * s;
      si += re[j] * s + im[j] * c;
    }
    or[k] = sr;
    oi[k] = si;
  }
  return [or, oi];
}

/** In-place radix-2 FFT of length n (a power of two): X[k] = Σ x[j] e^{sign 2πi jk/n}, unscaled. */
export function fft(re: Float64Array, im: Float64Array, sign: -1 | 1, off = 0, stride = 1, n = re.length): void {
  const at = (i: number) => off + i * stride;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const a = at(i), b = at(j);
      [re[a], re[b]] = [re[b], re[a]];
      [im[a], im[b]] = [im[b], im[a]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    // twiddles computed directly (not by recurrence): the reference is never the weak link
    for (let k = 0; k < len / 2; k++) {
      const [cr, ci] = cis(sign * k, len);
      for (let s = 0; s < n; s += len) {
        const a = at(s + k), b = at(s + k + len / 2);
        const tr = re[b] * cr - im[b] * ci, ti = re[b] * ci + im[b] * cr;
        (re[b] = re[a] - tr), (im[b] = im[a] - ti), (re[a] += tr), (im[a] += ti);
      }
    }
  }
}

/** Out-of-place radix-2 FFT of a whole vector (a power of two long). */
function radix2(re: Float64Array, im: Float64Array, sign: -1 | 1): [Float64Array, Float64Array] {
  const xr = Float64Array.from(re), xi = Float64Array.from(im);
  fft(xr, xi, sign);
  return [xr, xi];
}

/** The Bluestein chirp c_j = e^{sign iπ j²/n}, with j² reduced mod 2n exactly (j < 2^26). */
export function chirp(j: number, n: number, sign: -1 | 1): [number, number] {
  return halfTurn(Number((BigInt(j) * BigInt(j)) % BigInt(2 * n)), n, sign);
}

/**
 * Bluestein's tables for a DFT of n points through circular convolutions of m >= 2n - 1 points:
 * X_k = c_k Σ_j (x_j c_j) conj(c_{k-j}). `chirp` holds c_0..c_{n-1} (interleaved re, im); `filter`
 * the unscaled forward DFT of the filter conj(c), wrapped circularly on m points (interleaved).
 * Every backend's Bluestein uses these; the reference's own FFT below too.
 */
export function bluesteinTables(n: number, m: number, sign: -1 | 1): { chirp: Float64Array; filter: Float64Array } {
  if (m < 2 * n - 1 || (m & (m - 1)) !== 0) throw new Error(`internal: a Bluestein convolution for ${n} needs a power of two >= ${2 * n - 1}, got ${m}`);
  const c = new Float64Array(2 * n), br = new Float64Array(m), bi = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    const [re, im] = chirp(j, n, sign);
    (c[2 * j] = re), (c[2 * j + 1] = im);
    (br[j] = re), (bi[j] = -im);
    if (j) (br[m - j] = re), (bi[m - j] = -im);
  }
  fft(br, bi, -1);
  const filter = new Float64Array(2 * m);
  for (let k = 0; k < m; k++) (filter[2 * k] = br[k]), (filter[2 * k + 1] = bi[k]);
  return { chirp: c, filter };
}

/** The last few Bluestein tables (a batch of rows reuses one; the chirps cost a BigInt each). */
const tableCache = new Map<string, { chirp: Float64Array; filter: Float64Array }>();

function cachedTables(n: number, m: number, sign: -1 | 1): { chirp: Float64Array; filter: Float64Array } {
  const key = `${n}:${m}:${sign}`;
  let t = tableCache.get(key);
  if (!t) {
    if (tableCache.size >= 8) tableCache.delete(tableCache.keys().next().value!);
    tableCache.set(key, (t = bluesteinTables(n, m, sign)));
  }
  return t;
}

function bluestein(re: Float64Array, im: Float64Array, sign: -1 | 1): [Float64Array, Float64Array] {
  const n = re.length;
  let m = 1;
  while (m < 2 * n - 1) m *= 2;
  const { chirp: c, filter: B } = cachedTables(n, m, sign);
  const ar = new Float64Array(m), ai = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    ar[k] = re[k] * c[2 * k] - im[k] * c[2 * k + 1];
    ai[k] = im[k] * c[2 * k] + re[k] * c[2 * k + 1];
  }
  fft(ar, ai, -1);
  for (let i = 0; i < m; i++) {
    const br = B[2 * i], bi = B[2 * i + 1], r = ar[i] * br - ai[i] * bi, s = ar[i] * bi + ai[i] * br;
    ar[i] = r;
    ai[i] = s;
  }
  fft(ar, ai, 1);
  const or = new Float64Array(n), oi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const r = ar[k] / m, s = ai[k] / m;
    or[k] = r * c[2 * k] - s * c[2 * k + 1];
    oi[k] = s * c[2 * k] + r * c[2 * k + 1];
  }
  return [or, oi];
}
