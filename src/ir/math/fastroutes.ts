// The fast evaluation routes behind the kernel-level sphere and state-space ops (gaunt_direct,
// gaunt_fourier, ssm_dplr): the Gaunt coefficient table by quadrature (the exact
// BigInt table of gaunt.ts is refused beyond l ≈ 17; this one is good to ~1e-14 up to l = 64),
// the O(L³) Fourier route of the Gaunt Tensor Product paper with an FFT convolution, and S4's DPLR
// kernel with an FFT instead of the naive inverse DFT.
import { shCount, shIndex, legendreNormalised } from "./sh.js";
import { gaussLegendre } from "./quadrature.js";
import { legendreFourier, sinMoment } from "./gauntfourier.js";
import { type CMat } from "../value.js";
import { type CVec } from "./ssmkernel.js";
import { type DPLR, type NPLR, dplrSetup, dplrSpectrum, nplr } from "./dplr.js";
import { fft, fftVec } from "./fft.js";



/** The Gaunt table as structure-of-arrays: c[i3] += a[i1] b[i2] value[e]. */
export interface GauntTable {
  i1: Int32Array;
  i2: Int32Array;
  i3: Int32Array;
  value: Float64Array;
}

/** Real-basis orders that can couple: |m3| = |m1| ± |m2| and an even count of negative m. */
function mAllowed(m1: number, m2: number, m3: number): boolean {
  const a = Math.abs(m1), b = Math.abs(m2), c = Math.abs(m3);
  if (c !== a + b && c !== Math.abs(a - b)) return false;
  return ((m1 < 0 ? 1 : 0) + (m2 < 0 ? 1 : 0) + (m3 < 0 ? 1 : 0)) % 2 === 0;
}

/** ∫_0^{2π} Φ_m1 Φ_m2 Φ_m3 dφ with Φ_0 = 1, Φ_m = √2 cos mφ, Φ_-m = √2 sin mφ. */
function azimuthIntegral(m1: number, m2: number, m3: number): number {
  const terms = (m: number): [number, number, number][] =>
    m === 0 ? [[0, 1, 0]] : m > 0 ? [[m, Math.SQRT1_2, 0], [-m, Math.SQRT1_2, 0]] : [[-m, 0, -Math.SQRT1_2], [m, 0, Math.SQRT1_2]];
  let re = 0;
  for (const [v1, r1, i1] of terms(m1))
    for (const [v2, r2, i2] of terms(m2))
      for (const [v3, r3, i3] of terms(m3)) {
        if (v1 + v2 + v3 !== 0) continue;
        const pr = r1 * r2 - i1 * i2, pi = r1 * i2 + i1 * r2;
        re += pr * r3 - pi * i3;
      }
  return 2 * Math.PI * re;
}

const quadCache = new Map<string, GauntTable>();

/** Upper bound on table entries (memory: 20 bytes each). */
export const MAX_GAUNT_ENTRIES = 6e7;

/**
 * Every nonzero real Gaunt coefficient for l1 <= l1max, l2 <= l2max, l3 <= lmax (grouped by
 * l3, then l1; not in gauntCoefficients' order). The θ integral of three normalised Legendre functions is a
 * polynomial of degree <= l1+l2+l3 in cos θ (the sin θ powers pair up under the m rules), so
 * Gauss-Legendre with ceil((l1max+l2max+lmax+1)/2) nodes is exact; the φ integral is closed form.
 */
export function gauntTableQuadrature(l1max: number, l2max: number, lmax: number): GauntTable {
  const key = `${l1max},${l2max},${lmax}`;
  const hit = quadCache.get(key);
  if (hit) return hit;
  const Lm = Math.max(l1max, l2max, lmax), nL = shCount(Lm);
  const Q = Math.ceil((l1max + l2max + lmax + 1) / 2);
  const { x, w } = gaussLegendre(Q);
  // P[(l,|m|) * Q + q]: the normalised Legendre functions at the nodes
  const P = new Float64Array(nL * Q);
  for (let q = 0; q < Q; q++) {
    const p = legendreNormalised(Lm, Math.acos(x[q]));
    for (let l = 0; l <= Lm; l++) for (let m = 0; m <= l; m++) P[shIndex(l, m) * Q + q] = p[shIndex(l, m)];
  }
  const t = grow(1 << 16);
  let count = 0;
  // ∫ Φ_m1 Φ_m2 Φ_m3 dφ, memoised in a dense table (NaN = not yet computed)
  const D1 = 2 * Lm + 1, D2 = 4 * Lm + 1, phiTable = new Float64Array(D1 * D2 * D1).fill(NaN);
  const phiOf = (m1: number, m2: number, m3: number) => {
    const k = ((m1 + Lm) * D2 + m2 + 2 * Lm) * D1 + m3 + Lm;
    const v = phiTable[k];
    return v === v ? v : (phiTable[k] = azimuthIntegral(m1, m2, m3));
  };
  // the θ integral depends on |m| only: compute it once per (l1 a, l2 b, l3 c), then emit the sign patterns
  for (let l3 = 0; l3 <= lmax; l3++)
    for (let c = 0; c <= l3; c++)
      for (let l1 = 0; l1 <= l1max; l1++)
        for (let a = 0; a <= l1; a++) {
          const b0 = Math.abs(a - c), b1 = a + c;
          const r1 = shIndex(l1, a) * Q, r3 = shIndex(l3, c) * Q;
          for (let l2 = Math.abs(l1 - l3) + ((l1 + l3 + Math.abs(l1 - l3)) % 2); l2 <= Math.min(l2max, l1 + l3); l2 += 2)
            for (let b = b0; b <= Math.min(b1, l2); b += b1 > b0 ? b1 - b0 : 1) {
              const r2 = shIndex(l2, b) * Q;
              let th = 0;
              for (let q = 0; q < Q; q++) th += w[q] * P[r1 + q] * P[r2 + q] * P[r3 + q];
              for (let s1 = 1; s1 >= (a ? -1 : 1); s1 -= 2)
                for (let s3 = 1; s3 >= (c ? -1 : 1); s3 -= 2)
                  for (let s2 = 1; s2 >= (b ? -1 : 1); s2 -= 2) {
                    const m1 = s1 * a, m2 = s2 * b, m3 = s3 * c;
                    if ((s1 < 0 ? 1 : 0) + (s2 < 0 ? 1 : 0) + (s3 < 0 ? 1 : 0) === 1 || (s1 < 0 ? 1 : 0) + (s2 < 0 ? 1 : 0) + (s3 < 0 ? 1 : 0) === 3) continue;
                    const v = th * phiOf(m1, m2, m3);
                    if (Math.abs(v) <= 1e-14) continue;
                    if (count === t.value.length) Object.assign(t, grow(2 * count, t));
                    if (count >= MAX_GAUNT_ENTRIES) throw new Error(`gauntTableQuadrature: more than ${MAX_GAUNT_ENTRIES} entries`);
                    (t.i1[count] = shIndex(l1, m1)), (t.i2[count] = shIndex(l2, m2)), (t.i3[count] = shIndex(l3, m3)), (t.value[count++] = v);
                  }
            }
        }
  const out: GauntTable = { i1: t.i1.slice(0, count), i2: t.i2.slice(0, count), i3: t.i3.slice(0, count), value: t.value.slice(0, count) };
  quadCache.set(key, out);
  return out;
}

function grow(n: number, old?: GauntTable): GauntTable {
  const t: GauntTable = { i1: new Int32Array(n), i2: new Int32Array(n), i3: new Int32Array(n), value: new Float64Array(n) };
  if (old) t.i1.set(old.i1), t.i2.set(old.i2), t.i3.set(old.i3), t.value.set(old.value);
  return t;
}

/** The φ factor Φ_m as exponentials e^{ivφ}: [[v, re, im], ...]. */
function azimuthTerms(m: number): [number, number, number][] {
  const h = Math.SQRT1_2;
  if (m === 0) return [[0, 1, 0]];
  if (m > 0) return [[m, h, 0], [-m, h, 0]];
  return [[-m, 0, -h], [m, 0, h]];
}

/**
 * gaunt(a, b, lmax) by the Fourier route in O(L³): both expansions to 2-D Fourier coefficients
 * (sparse, O(L³)), their product by FFT convolution on a P x P torus (P >= 2(La+Lb)+1, a power of
 * two), then c_lm = 2π Σ_{u3,v3} y_lm[u3,v3] J[u3, -v3] with J[u3, v] = Σ_u H[u, v] I(u + u3)
 * (the θ-moments shared by every l: O(L³) instead of fourierToSH's O(L⁴)). Complex a and b allowed.
 */
export function gauntFourierFast(a: { re: ArrayLike<number>; im: ArrayLike<number> }, b: { re: ArrayLike<number>; im: ArrayLike<number> }, lmax: number): CVec {
  const La = Math.round(Math.sqrt(a.re.length)) - 1, Lb = Math.round(Math.sqrt(b.re.length)) - 1;
  const K = La + Lb;
  let P = 1;
  while (P < 2 * K + 1) P *= 2;
  const toGrid = (x: { re: ArrayLike<number>; im: ArrayLike<number> }, L: number) => {
    const re = new Float64Array(P * P), im = new Float64Array(P * P), T = legendreFourier(L), W = 2 * L + 1;
    for (let l = 0; l <= L; l++)
      for (let m = -l; m <= l; m++) {
        const cr = x.re[shIndex(l, m)], ci = x.im[shIndex(l, m)];
        if (cr === 0 && ci === 0) continue;
        const row = shIndex(l, Math.abs(m)) * W;
        for (const [v, fr, fi] of azimuthTerms(m)) {
          const zr = cr * fr - ci * fi, zi = cr * fi + ci * fr, col = (v + P) % P;
          for (let u = -l; u <= l; u++) {
            const pr = T.re[row + u + L], pi = T.im[row + u + L], k = ((u + P) % P) * P + col;
            re[k] += zr * pr - zi * pi;
            im[k] += zr * pi + zi * pr;
          }
        }
      }
    fft2(re, im, P, -1);
    return { re, im };
  };
  const A = toGrid(a, La), B = toGrid(b, Lb);
  for (let k = 0; k < P * P; k++) {
    const r = A.re[k] * B.re[k] - A.im[k] * B.im[k];
    A.im[k] = A.re[k] * B.im[k] + A.im[k] * B.re[k];
    A.re[k] = r;
  }
  fft2(A.re, A.im, P, 1);
  const s = 1 / (P * P);
  // J[u3, v] for |u3|, |v| <= lmax
  const M = 2 * lmax + 1, Jr = new Float64Array(M * M), Ji = new Float64Array(M * M);
  const moments = Array.from({ length: 2 * (K + lmax) + 1 }, (_, k) => sinMoment(k - K - lmax));
  for (let v = -Math.min(lmax, K); v <= Math.min(lmax, K); v++) {
    const col = (v + P) % P;
    for (let u3 = -lmax; u3 <= lmax; u3++) {
      let sr = 0, si = 0;
      for (let u = -K; u <= K; u++) {
        const [ir, ii] = moments[u + u3 + K + lmax];
        if (ir === 0 && ii === 0) continue;
        const k = ((u + P) % P) * P + col, hr = A.re[k] * s, hi = A.im[k] * s;
        sr += hr * ir - hi * ii;
        si += hr * ii + hi * ir;
      }
      Jr[(u3 + lmax) * M + v + lmax] = sr;
      Ji[(u3 + lmax) * M + v + lmax] = si;
    }
  }
  const T = legendreFourier(lmax), out = { re: new Float64Array(shCount(lmax)), im: new Float64Array(shCount(lmax)) };
  for (let l = 0; l <= lmax; l++)
    for (let m = -l; m <= l; m++) {
      const row = shIndex(l, Math.abs(m)) * M;
      let sr = 0, si = 0;
      for (const [v3, fr, fi] of azimuthTerms(m)) {
        if (Math.abs(v3) > K) continue;
        for (let u3 = -l; u3 <= l; u3++) {
          const yr = T.re[row + u3 + lmax] * fr - T.im[row + u3 + lmax] * fi, yi = T.re[row + u3 + lmax] * fi + T.im[row + u3 + lmax] * fr;
          const k = (u3 + lmax) * M - v3 + lmax, jr = Jr[k], ji = Ji[k];
          sr += yr * jr - yi * ji;
          si += yr * ji + yi * jr;
        }
      }
      out.re[shIndex(l, m)] = 2 * Math.PI * sr;
      out.im[shIndex(l, m)] = 2 * Math.PI * si;
    }
  return out;
}

/** 2-D FFT of a row-major P x P array: rows, then columns. */
function fft2(re: Float64Array, im: Float64Array, P: number, sign: -1 | 1): void {
  for (let r = 0; r < P; r++) fft(re, im, sign, r * P, 1, P);
  for (let c = 0; c < P; c++) fft(re, im, sign, c, P, P);
}

/** x = inverse DFT of X (1/L scaled), by the reference FFT (any L). */
export function inverseDFTFast(X: CVec): CVec {
  const L = X.re.length;
  const [re, im] = fftVec(Float64Array.from(X.re), Float64Array.from(X.im), 1);
  for (let k = 0; k < L; k++) (re[k] /= L), (im[k] /= L);
  return { re, im };
}

const nplrCache = new Map<string, NPLR>();

/**
 * dplrSetup with the normal-plus-low-rank decomposition (a dense Hermitian eigenproblem, the
 * O(N³) bulk of the route's set-up) memoised under `key` (e.g. "legs:64"): every kernel built on
 * the same HiPPO matrix shares it, as S4 layers do.
 */
export function dplrSetupCached(A: CMat, P: CMat, B: CVec, C: CVec, dt: number, L: number, key?: string): DPLR {
  let d = key ? nplrCache.get(key) : undefined;
  if (!d) (d = nplr(A, P)), key && nplrCache.set(key, d);
  return dplrSetup(A, P, B, C, dt, L, d);
}

/** ssm_kernel(A, B, C, dt, L, "bilinear") by S4's DPLR route (Cauchy sums, Woodbury), inverse FFT last. */
export function ssmKernelDPLRFast(A: CMat, P: CMat, B: CVec, C: CVec, dt: number, L: number, key?: string): CVec {
  return inverseDFTFast(dplrSpectrum(dplrSetupCached(A, P, B, C, dt, L, key), dt, L));
}
