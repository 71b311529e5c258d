// dplr_kernel's meaning: S4's kernel from its trained DPLR parameters (Λ, P, B, C̃), bilinear
// discretisation with step dt (S4 paper, Algorithm 1), rank 1 written out:
//   K̂(ω_j) = 2/(1+ω_j) · [k_cb − k_cP k_Pb / (1 + k_PP)],  ω_j = e^{−2πij/L},
//   k_xy = Σ_n x_n y_n / (g_j − λ_n),  g_j = (2/dt)(1−ω_j)/(1+ω_j),  with x ∈ {C̃, P̄}, y ∈ {B, P},
//   K̂ = (dt/2) Σ_n C̃_n B_n at ω_j = −1 (even L, the exact limit),
//   K[k] = Re (1/L) Σ_j K̂(ω_j) e^{2πijk/L}.
// Rank r: P is [N, r], k_cP (1 x r), k_Pb (r x 1), k_PP (r x r) and the correction
// k_cP (I + k_PP)^{-1} k_Pb. This is dplrSpectrum (src/ir/math/dplr.ts) on the given parameters
// (Q = P, b = B, c = C̃), so the folded ssm_dplr route and this op share one formula. A node where
// g_j equals some λ_n (only when Re λ_n = 0, as g_j is imaginary) has no value here: E0603.
import { type CMat, cmat, matmul, transposeMat } from "../value.js";
import { fail } from "../errors.js";
import { type DPLR, type NPLR, dplrSpectrum, hippoRankCorrection, nplr } from "./dplr.js";
import { inverseDFTFast } from "./fastroutes.js";
import { hippo } from "./hippo.js";
import { identity, lincomb } from "./linalg.js";
import { type CVec, discretise } from "./ssmkernel.js";

/**
 * dplr_spectrum's meaning: K̂(ω_j), j < L, for P of rank r (P [N, r] row-major, r = 1 for a vector):
 * the Woodbury correction is an r x r solve per frequency (dplrSpectrum).
 */
export function dplrKernelSpectrum(lam: CVec, P: CVec, r: number, B: CVec, C: CVec, dt: number, L: number): CVec {
  const n = lam.re.length, Q = cmat(n, r);
  Q.re.set(P.re);
  Q.im.set(P.im);
  const d: DPLR = {
    lambda: lam,
    Q,
    b: B,
    c: C,
    dense: () => fail("E0603", "dplr_kernel: g(ω) meets an eigenvalue λ_n (Re λ_n = 0); the Cauchy sums have a pole"),
  };
  return dplrSpectrum(d, dt, L);
}

/** dplr_kernel's meaning: the real part of the inverse DFT (an FFT) of dplrKernelSpectrum. */
export function dplrKernel(lam: CVec, P: CVec, r: number, B: CVec, C: CVec, dt: number, L: number): Float64Array {
  return inverseDFTFast(dplrKernelSpectrum(lam, P, r, B, C, dt, L)).re;
}

const nplrCache = new Map<string, NPLR>();

/**
 * dplr_kernel's constant parameters for ssm_kernel(hippo_A(kind, N), B, C, dt, L) (bilinear; kind
 * "legs", rank 1, or "legt", rank 2): lam, P (= V* P_hippo, N x r, row-major) and the matrices that
 * map run-time B, C to dplr_kernel's B, C:
 *   b = Vh B (Vh = V*),   c = Ct C (Ct = ((I − Ā^L) V)ᵀ, so c as a row is C (I − Ā^L) V).
 * Ā^L by repeated squaring, O(N³ log L).
 */
export function hippoDplrParams(kind: "legs" | "legt", N: number, dt: number, L: number): { lam: CVec; P: CMat; Vh: CMat; Ct: CMat } {
  const { A } = hippo(kind, N);
  const Am: CMat = { rows: N, cols: N, re: A, im: new Float64Array(N * N) };
  let d = nplrCache.get(`${kind}:${N}`);
  if (!d) nplrCache.set(`${kind}:${N}`, (d = nplr(Am, hippoRankCorrection(kind, N))));
  const { Ab } = discretise(Am, { re: new Float64Array(N), im: new Float64Array(N) }, dt, "bilinear");
  let power = identity(N), base = Ab;
  for (let e = L; e > 0; e = Math.floor(e / 2)) {
    if (e % 2) power = matmul(power, base);
    if (e > 1) base = matmul(base, base);
  }
  const M = lincomb([[1, d.V], [-1, matmul(power, d.V)]]);
  return { lam: d.lambda, P: d.Q, Vh: transposeMat(d.V, true), Ct: transposeMat(M, false) };
}
