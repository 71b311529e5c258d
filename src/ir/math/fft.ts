// The reference's one float64 FFT, for the meanings of the Fourier family at large n (so that
// constant folding and the reference interpreter never need an n x n matrix) and the fast
// sphere/state-space routes: an in-place iterative radix-2 FFT for powers of two, Bluestein's
// chirp-z through it otherwise, and the direct sum with exactly reduced twiddles for small n.

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
      const a = (2 * Math.PI * ((j * k) % n)) / n, c = Math.cos(a), s = sign * Math.sin(a);
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
      const ang = (sign * 2 * Math.PI * k) / len, cr = Math.cos(ang), ci = Math.sin(ang);
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

function bluestein(re: Float64Array, im: Float64Array, sign: -1 | 1): [Float64Array, Float64Array] {
  const n = re.length;
  let m = 1;
  while (m < 2 * n - 1) m *= 2;
  // chirp w[k] = e^{sign pi i k^2 / n}, with k^2 reduced mod 2n for accuracy
  const cr = new Float64Array(n), ci = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const a = (Math.PI * Number((BigInt(k) * BigInt(k)) % BigInt(2 * n))) / n;
    cr[k] = Math.cos(a);
    ci[k] = sign * Math.sin(a);
  }
  const ar = new Float64Array(m), ai = new Float64Array(m), br = new Float64Array(m), bi = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    // jk = (j^2 + k^2 - (k-j)^2)/2: X[k] = c[k] sum_j (x[j] c[j]) conj(c[k-j]); b = conj(c), circularly symmetric
    ar[k] = re[k] * cr[k] - im[k] * ci[k];
    ai[k] = im[k] * cr[k] + re[k] * ci[k];
    br[k] = cr[k];
    bi[k] = -ci[k];
    if (k) (br[m - k] = cr[k]), (bi[m - k] = -ci[k]);
  }
  const [Ar, Ai] = radix2(ar, ai, -1), [Br, Bi] = radix2(br, bi, -1);
  for (let i = 0; i < m; i++) {
    const r = Ar[i] * Br[i] - Ai[i] * Bi[i], s = Ar[i] * Bi[i] + Ai[i] * Br[i];
    Ar[i] = r;
    Ai[i] = s;
  }
  const [cr2, ci2] = radix2(Ar, Ai, 1);
  const or = new Float64Array(n), oi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const r = cr2[k] / m, s = ci2[k] / m;
    or[k] = r * cr[k] - s * ci[k];
    oi[k] = s * cr[k] + r * ci[k];
  }
  return [or, oi];
}
