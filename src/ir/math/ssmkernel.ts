// Reference SSM convolution kernels. A continuous system x' = A x + B u, y = C x is discretised
// with step dt and unrolled into K[k] = C Ā^k B̄ (k < L), so that y = K * u (causal convolution).
//   bilinear: Ā = (I - dt/2 A)^{-1} (I + dt/2 A),  B̄ = (I - dt/2 A)^{-1} dt B
//   zoh:      Ā = exp(dt A),  B̄ = ∫_0^dt exp(A s) ds B — read off the exponential of the augmented
//             matrix [[A, B], [0, 0]] dt, whose top-right block is exactly that integral, so a
//             singular A needs no A^{-1}.
// Everything is complex float64; real systems just carry zero imaginary planes.
import { type CMat, cmat } from "../value.js";
import { expm, identity, lincomb, matVec, solve } from "./linalg.js";

export type Discretisation = "bilinear" | "zoh";
export interface CVec {
  re: Float64Array;
  im: Float64Array;
}

/** (Ā, B̄) of the discretised system. */
export function discretise(A: CMat, B: CVec, dt: number, method: Discretisation): { Ab: CMat; Bb: CVec } {
  const n = A.rows;
  if (method === "bilinear") {
    const I = identity(n);
    const M = lincomb([[1, I], [-dt / 2, A]]);
    const Ab = solve(M, lincomb([[1, I], [dt / 2, A]]));
    const rhs = cmat(n, 1);
    for (let i = 0; i < n; i++) (rhs.re[i] = dt * B.re[i]), (rhs.im[i] = dt * B.im[i]);
    const Bb = solve(M, rhs);
    return { Ab, Bb: { re: Bb.re, im: Bb.im } };
  }
  const m = n + 1;
  const aug = cmat(m, m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) (aug.re[i * m + j] = dt * A.re[i * n + j]), (aug.im[i * m + j] = dt * A.im[i * n + j]);
    aug.re[i * m + n] = dt * B.re[i];
    aug.im[i * m + n] = dt * B.im[i];
  }
  const E = expm(aug);
  const Ab = cmat(n, n), Bb = { re: new Float64Array(n), im: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) (Ab.re[i * n + j] = E.re[i * m + j]), (Ab.im[i * n + j] = E.im[i * m + j]);
    Bb.re[i] = E.re[i * m + n];
    Bb.im[i] = E.im[i * m + n];
  }
  return { Ab, Bb };
}

/** K[k] = C Ā^k B̄ for k < L (C is not conjugated), by running the recurrence x_{k+1} = Ā x_k. */
export function ssmKernel(A: CMat, B: CVec, C: CVec, dt: number, L: number, method: Discretisation): CVec {
  const { Ab, Bb } = discretise(A, B, dt, method);
  const K = { re: new Float64Array(L), im: new Float64Array(L) };
  let xr = Bb.re, xi = Bb.im;
  for (let k = 0; k < L; k++) {
    let sr = 0, si = 0;
    for (let i = 0; i < xr.length; i++) (sr += C.re[i] * xr[i] - C.im[i] * xi[i]), (si += C.re[i] * xi[i] + C.im[i] * xr[i]);
    K.re[k] = sr;
    K.im[k] = si;
    if (k + 1 < L) [xr, xi] = matVec(Ab, xr, xi);
  }
  return K;
}

/** (e^z - 1) as [re, im], without cancellation for small |z|. */
export function expm1C(x: number, y: number): [number, number] {
  const s = Math.sin(y / 2);
  return [Math.expm1(x) * Math.cos(y) - 2 * s * s, Math.exp(x) * Math.sin(y)];
}

/**
 * S4D's ZOH kernel of a diagonal system: K[l] = 2 Re Σ_n C_n B_n (exp(dt λ_n) - 1)/λ_n exp(l dt λ_n).
 * (λ = 0 takes the limit dt.) Returns the real kernel.
 */
export function s4dKernel(lam: CVec, B: CVec, C: CVec, dt: number, L: number): Float64Array {
  const K = new Float64Array(L);
  for (let n = 0; n < lam.re.length; n++) {
    const lr = lam.re[n], li = lam.im[n];
    let wr: number, wi: number; // (e^{dt λ} - 1)/λ
    if (lr === 0 && li === 0) (wr = dt), (wi = 0);
    else {
      const [er, ei] = expm1C(dt * lr, dt * li), d = lr * lr + li * li;
      wr = (er * lr + ei * li) / d;
      wi = (ei * lr - er * li) / d;
    }
    const cbr = C.re[n] * B.re[n] - C.im[n] * B.im[n], cbi = C.re[n] * B.im[n] + C.im[n] * B.re[n];
    const gr = cbr * wr - cbi * wi, gi = cbr * wi + cbi * wr;
    for (let l = 0; l < L; l++) {
      const mag = Math.exp(l * dt * lr), ang = l * dt * li;
      K[l] += 2 * mag * (gr * Math.cos(ang) - gi * Math.sin(ang));
    }
  }
  return K;
}
