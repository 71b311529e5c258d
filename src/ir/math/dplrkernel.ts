// dplr_kernel's meaning: S4's kernel from its trained DPLR parameters (Λ, P, B, C̃), bilinear
// discretisation with step dt (S4 paper, Algorithm 1), rank 1:
//   K̂(ω_j) = 2/(1+ω_j) · [k_cb − k_cP k_Pb / (1 + k_PP)],  ω_j = e^{−2πij/L},
//   k_xy = Σ_n x_n y_n / (g_j − λ_n),  g_j = (2/dt)(1−ω_j)/(1+ω_j),  with x ∈ {C̃, P̄}, y ∈ {B, P},
//   K̂ = (dt/2) Σ_n C̃_n B_n at ω_j = −1 (even L, the exact limit),
//   K[k] = Re (1/L) Σ_j K̂(ω_j) e^{2πijk/L}.
// This is dplrSpectrum (src/ir/math/dplr.ts) on the given parameters (Q = P, b = B, c = C̃), so the
// folded ssm_dplr route and this op share one formula. A node where g_j equals some λ_n (only when
// Re λ_n = 0, as g_j is imaginary) has no value here: E0603.
import { cmat } from "../value.js";
import { fail } from "../errors.js";
import { type DPLR, dplrSpectrum, inverseDFT } from "./dplr.js";
import type { CVec } from "./ssmkernel.js";

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
  return inverseDFT(dplrSpectrum(d, dt, L)).re;
}
