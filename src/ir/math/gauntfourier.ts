// The Gaunt product by the Fourier route of the Gaunt Tensor Product paper (Luo, Chen, Zhang,
// ICLR 2024): every real SH is a finite 2-D Fourier series in (θ, φ),
//
//   Y_lm(θ, φ) = Σ_{|u| <= l} p^{l|m|}_u e^{iuθ} · Φ_m(φ),   Φ_m ∈ {1, √2 cos mφ, √2 sin |m|φ},
//
// so f_a = Σ a_lm Y_lm has coefficients F_a[u, v] (|u|, |v| <= L), the pointwise product f_a f_b
// is the 2-D convolution F_a * F_b, and projecting back onto Y_l3m3 uses
//   ∫_0^{2π} e^{i(v+v')φ} dφ = 2π δ_{v+v'},   ∫_0^π e^{ikθ} sin θ dθ = I(k)
// with I(k) = 2/(1-k²) for even k, ±iπ/2 for k = ±1, else 0. These pure functions are the
// reference for a fast lowering (FFT convolution); the convolution here is the naive one.
import { legendreNormalised, shCount, shIndex } from "./sh.js";
import { cis } from "./trig.js";

/** A 2-D Fourier series with |u|, |v| <= K, stored at (u+K)(2K+1) + (v+K). */
export interface Fourier2D {
  K: number;
  re: Float64Array;
  im: Float64Array;
}

const legendreCache = new Map<number, { re: Float64Array; im: Float64Array }>();

/**
 * θ-Fourier coefficients of P̄_l^m(θ) for 0 <= m <= l <= L: entry [shIndex(l, m) * (2L+1) + u + L].
 * P̄_l^m (with sin^m θ) is a trigonometric polynomial of degree l, so a DFT of 2L+1 samples is exact.
 */
export function legendreFourier(L: number): { re: Float64Array; im: Float64Array } {
  const hit = legendreCache.get(L);
  if (hit) return hit;
  const M = 2 * L + 1, n = shCount(L);
  const samples = Array.from({ length: M }, (_, j) => legendreNormalised(L, (2 * Math.PI * j) / M));
  const re = new Float64Array(n * M), im = new Float64Array(n * M);
  for (let l = 0; l <= L; l++)
    for (let m = 0; m <= l; m++) {
      const row = shIndex(l, m) * M;
      for (let u = -l; u <= l; u++) {
        let sr = 0, si = 0;
        for (let j = 0; j < M; j++) {
          const [c, s] = cis(-u * j, M), g = samples[j][shIndex(l, m)];
          sr += g * c;
          si += g * s;
        }
        re[row + u + L] = sr / M;
        im[row + u + L] = si / M;
      }
    }
  const out = { re, im };
  legendreCache.set(L, out);
  return out;
}

/** The φ factor Φ_m as its two exponentials: [[v, re, im], ...]. */
function azimuthFourier(m: number): [number, number, number][] {
  const h = Math.SQRT1_2;
  if (m === 0) return [[0, 1, 0]];
  if (m > 0) return [[m, h, 0], [-m, h, 0]]; // √2 cos mφ = (e^{imφ} + e^{-imφ})/√2
  return [[-m, 0, -h], [m, 0, h]]; // √2 sin |m|φ = (e^{i|m|φ} - e^{-i|m|φ})/(i√2)
}

/** F[u, v] of f = Σ a_lm Y_lm for real coefficients a of degree L. */
export function shToFourier(a: ArrayLike<number>, L: number): Fourier2D {
  const W = 2 * L + 1, P = legendreFourier(L);
  const F: Fourier2D = { K: L, re: new Float64Array(W * W), im: new Float64Array(W * W) };
  for (let l = 0; l <= L; l++)
    for (let m = -l; m <= l; m++) {
      const c = a[shIndex(l, m)];
      if (c === 0) continue;
      const row = shIndex(l, Math.abs(m)) * W;
      for (const [v, fr, fi] of azimuthFourier(m))
        for (let u = -l; u <= l; u++) {
          const pr = P.re[row + u + L], pi = P.im[row + u + L], k = (u + L) * W + v + L;
          F.re[k] += c * (pr * fr - pi * fi);
          F.im[k] += c * (pr * fi + pi * fr);
        }
    }
  return F;
}

/** The 2-D convolution F * G: the Fourier series of the pointwise product. */
export function convolveFourier(F: Fourier2D, G: Fourier2D): Fourier2D {
  const K = F.K + G.K, W = 2 * K + 1, wf = 2 * F.K + 1, wg = 2 * G.K + 1;
  const H: Fourier2D = { K, re: new Float64Array(W * W), im: new Float64Array(W * W) };
  for (let i = 0; i < wf * wf; i++) {
    const ar = F.re[i], ai = F.im[i];
    if (ar === 0 && ai === 0) continue;
    const u1 = Math.floor(i / wf), v1 = i % wf;
    for (let j = 0; j < wg * wg; j++) {
      const br = G.re[j], bi = G.im[j];
      const k = (u1 + Math.floor(j / wg)) * W + v1 + (j % wg);
      H.re[k] += ar * br - ai * bi;
      H.im[k] += ar * bi + ai * br;
    }
  }
  return H;
}

/** ∫_0^π e^{ikθ} sin θ dθ as [re, im]. */
export function sinMoment(k: number): [number, number] {
  if (k % 2 === 0) return [2 / (1 - k * k), 0];
  if (k === 1) return [0, Math.PI / 2];
  if (k === -1) return [0, -Math.PI / 2];
  return [0, 0];
}

/** c_lm = ∫ f Y_lm dΩ for l <= lmax, where f has Fourier series F (real part: f is real). */
export function fourierToSH(F: Fourier2D, lmax: number): Float64Array {
  const K = F.K, W = 2 * K + 1, M = 2 * lmax + 1, P = legendreFourier(lmax);
  const c = new Float64Array(shCount(lmax));
  for (let l = 0; l <= lmax; l++)
    for (let m = -l; m <= l; m++) {
      const row = shIndex(l, Math.abs(m)) * M;
      let s = 0;
      for (const [v3, fr, fi] of azimuthFourier(m)) {
        const v = -v3; // the φ integral pairs v with -v3
        if (Math.abs(v) > K) continue;
        for (let u3 = -l; u3 <= l; u3++) {
          // y = p_u3 Φ-coefficient, times 2π, times I(u + u3), summed over u
          const yr = P.re[row + u3 + lmax] * fr - P.im[row + u3 + lmax] * fi;
          const yi = P.re[row + u3 + lmax] * fi + P.im[row + u3 + lmax] * fr;
          for (let u = -K; u <= K; u++) {
            const [ir, ii] = sinMoment(u + u3);
            if (ir === 0 && ii === 0) continue;
            const k = (u + K) * W + v + K, gr = F.re[k], gi = F.im[k];
            const tr = yr * ir - yi * ii, ti = yr * ii + yi * ir;
            s += 2 * Math.PI * (gr * tr - gi * ti);
          }
        }
      }
      c[shIndex(l, m)] = s;
    }
  return c;
}

/** gaunt(a, b, lmax) by the Fourier route: project (F_a * F_b) back onto the SH of degree <= lmax. */
export function gauntFourier(a: ArrayLike<number>, b: ArrayLike<number>, lmax: number): Float64Array {
  const La = Math.round(Math.sqrt(a.length)) - 1, Lb = Math.round(Math.sqrt(b.length)) - 1;
  return fourierToSH(convolveFourier(shToFourier(a, La), shToFourier(b, Lb)), lmax);
}
