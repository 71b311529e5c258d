// dplr_kernel's meaning: S4's kernel from its trained DPLR parameters (Λ, P, B, C̃), bilinear
// discretisation with step dt (S4 paper, Algorithm 1), rank 1:
//   K̂(ω_j) = 2/(1+ω_j) · [k_cb − k_cP k_Pb / (1 + k_PP)],  ω_j = e^{−2πij/L},
//   k_xy = Σ_n x_n y_n / (g_j − λ_n),  g_j = (2/dt)(1−ω_j)/(1+ω_j),  with x ∈ {C̃, P̄}, y ∈ {B, P},
//   K̂ = (dt/2) Σ_n C̃_n B_n at ω_j = −1 (even L, the exact limit),
//   K[k] = Re (1/L) Σ_j K̂(ω_j) e^{2πijk/L}.
// This is dplrSpectrum (src/ir/math/dplr.ts) on the given parameters (Q = P, b = B, c = C̃), so the
// folded ssm_dplr route and this op share one formula. A node where g_j equals some λ_n (only when
// Re λ_n = 0, as g_j is imaginary) has no value here: E0603.
import { type CMat, cmat, matmul, transposeMat } from "../value.js";
import { fail } from "../errors.js";
import { type DPLR, type NPLR, dplrSpectrum, hippoRankCorrection, nplr } from "./dplr.js";
import { inverseDFTFast } from "./fastroutes.js";
import { hippo } from "./hippo.js";
import { identity, lincomb } from "./linalg.js";
import { type CVec, discretise } from "./ssmkernel.js";

/**
 * Longest kernel the cpu and onnx renderings of dplr_kernel take: their inverse DFT is O(L²) (onnx:
 * two [L, L] constant matrices). Longer kernels are refused there (E0801); the reference has no such
 * limit (an FFT).
 */
export const DPLR_KERNEL_MAX_L = 4096;

export function dplrKernel(lam: CVec, P: CVec, B: CVec, C: CVec, dt: number, L: number): Float64Array {
  const n = lam.re.length, Q = cmat(n, 1);
  Q.re.set(P.re);
  Q.im.set(P.im);
  const d: DPLR = {
    lambda: lam,
    Q,
    b: B,
    c: C,
    dense: () => fail("E0603", "dplr_kernel: g(ω) meets an eigenvalue λ_n (Re λ_n = 0); the Cauchy sums have a pole"),
  };
  return inverseDFTFast(dplrSpectrum(d, dt, L)).re;
}

const legsCache = new Map<number, NPLR>();

/**
 * dplr_kernel's constant parameters for ssm_kernel(hippo_A("legs", N), B, C, dt, L) (bilinear):
 * lam, P (= V* P_hippo) and the matrices that map run-time B, C to dplr_kernel's B, C:
 *   b = Vh B (Vh = V*),   c = Ct C (Ct = ((I − Ā^L) V)ᵀ, so c as a row is C (I − Ā^L) V).
 * Ā^L by repeated squaring, O(N³ log L).
 */
export function legsDplrParams(N: number, dt: number, L: number): { lam: CVec; P: CVec; Vh: CMat; Ct: CMat } {
  const { A } = hippo("legs", N);
  const Am: CMat = { rows: N, cols: N, re: A, im: new Float64Array(N * N) };
  let d = legsCache.get(N);
  if (!d) legsCache.set(N, (d = nplr(Am, hippoRankCorrection("legs", N))));
  const { Ab } = discretise(Am, { re: new Float64Array(N), im: new Float64Array(N) }, dt, "bilinear");
  let power = identity(N), base = Ab;
  for (let e = L; e > 0; e = Math.floor(e / 2)) {
    if (e % 2) power = matmul(power, base);
    if (e > 1) base = matmul(base, base);
  }
  const M = lincomb([[1, d.V], [-1, matmul(power, d.V)]]);
  return { lam: d.lambda, P: { re: d.Q.re, im: d.Q.im }, Vh: transposeMat(d.V, true), Ct: transposeMat(M, false) };
}
