// s4d_kernel on run-time data (lam, B, C unbound params or inputs; bound ones fold away): one
// module-level function, the reference's formula (src/ir/math/ssmkernel.ts s4dKernel):
//   K[l] = 2 Re Σ_n C_n B_n (e^{dt λ_n} - 1)/λ_n · e^{l dt λ_n}   ((e^{dtλ} - 1)/λ = dt at λ = 0)
// with e^z - 1 formed without cancellation (Math.expm1), accumulated in float64 whatever the
// output precision. The sources arrive interleaved complex in the output's precision.
import { type NodeOf, type TensorType, fail, math } from "../../ir/index.js";
import type { Gen, Ref, Stage } from "./gen.js";

export function emitS4dKernel(gen: Gen, stage: Stage, n: NodeOf<"s4d_kernel">, [lam, B, C]: string[], y: Ref): void {
  const N = (n.src[0].type as TensorType).shape[0] as number, { L, dt } = n.arg, fn = gen.fresh("S4D");
  gen.top.push(`function ${fn}(lam, B, C, K) {
  const N = ${N}, L = ${L}, dt = ${dt};
  const acc = new Float64Array(L);
  for (let n = 0; n < N; n++) {
    const lr = lam[2 * n], li = lam[2 * n + 1], x = dt * lr, yy = dt * li, hs = Math.sin(yy / 2);
    const er = Math.expm1(x) * Math.cos(yy) - 2 * hs * hs, ei = Math.exp(x) * Math.sin(yy), d = lr * lr + li * li;
    const wr = d > 0 ? (er * lr + ei * li) / d : dt, wi = d > 0 ? (ei * lr - er * li) / d : 0;
    const br = B[2 * n], bi = B[2 * n + 1], cr = C[2 * n], ci = C[2 * n + 1];
    const cbr = cr * br - ci * bi, cbi = cr * bi + ci * br, gr = cbr * wr - cbi * wi, gi = cbr * wi + cbi * wr;
    for (let l = 0; l < L; l++) {
      const mag = Math.exp(l * x), ang = l * yy;
      acc[l] += 2 * mag * (gr * Math.cos(ang) - gi * Math.sin(ang));
    }
  }
  for (let l = 0; l < L; l++) K[l] = acc[l];
}`);
  gen.line(stage, `${fn}(${lam}, ${B}, ${C}, ${y.name});`);
}

// dplr_kernel on run-time data (lam, P, B, C unbound params or inputs): one module-level function,
// the reference's formula (src/ir/math/dplrkernel.ts, dplrSpectrum): at each root of unity
// ω_j = e^{-2πij/L}, g = (2/dt)(1-ω)/(1+ω), the Cauchy sums k_xy = Σ_n x_n y_n / (g - λ_n) of
// C B, C P, P̄ B, P̄ P, the Woodbury correction K̂ = 2/(1+ω) (k_CB - k_CP k_PB / (1 + k_PP))
// ((dt/2) Σ C B at ω = -1), then K[k] = Re (1/L) Σ_j K̂_j e^{2πijk/L} (naive, O(L²), one cos/sin
// table). f64 throughout; sources interleaved complex.
export function emitDplrKernel(gen: Gen, stage: Stage, n: NodeOf<"dplr_kernel">, [lam, P, B, C]: string[], y: Ref): void {
  const N = (n.src[0].type as TensorType).shape[0] as number, { L, dt } = n.arg, fn = gen.fresh("DPLR");
  if (L > math.DPLR_KERNEL_MAX_L) fail("E0801", `dplr_kernel of length ${L} is not supported by the cpu backend (its inverse DFT is O(L²); at most ${math.DPLR_KERNEL_MAX_L}): bind lam, P, B, C so it folds`);
  gen.top.push(`function ${fn}(lam, P, B, C, K) {
  const N = ${N}, L = ${L}, dt = ${dt};
  const num = new Float64Array(8 * N); // C B, C P, conj(P) B, conj(P) P per state
  for (let n = 0; n < N; n++) {
    const br = B[2 * n], bi = B[2 * n + 1], cr = C[2 * n], ci = C[2 * n + 1], pr = P[2 * n], pi = -P[2 * n + 1];
    num[8 * n] = cr * br - ci * bi, num[8 * n + 1] = cr * bi + ci * br;
    num[8 * n + 2] = cr * pr + ci * pi, num[8 * n + 3] = ci * pr - cr * pi;
    num[8 * n + 4] = pr * br - pi * bi, num[8 * n + 5] = pr * bi + pi * br;
    num[8 * n + 6] = pr * pr + pi * pi, num[8 * n + 7] = 0;
  }
  const Xr = new Float64Array(L), Xi = new Float64Array(L), k = new Float64Array(8);
  for (let j = 0; j < L; j++) {
    if (2 * j === L) {
      let sr = 0, si = 0;
      for (let n = 0; n < N; n++) sr += num[8 * n], si += num[8 * n + 1];
      Xr[j] = (dt / 2) * sr, Xi[j] = (dt / 2) * si;
      continue;
    }
    const wr = Math.cos((2 * Math.PI * j) / L), wi = -Math.sin((2 * Math.PI * j) / L), den = (1 + wr) * (1 + wr) + wi * wi;
    const ar = 2 * (1 - wr) / dt, ai = -2 * wi / dt;
    const gr = (ar * (1 + wr) + ai * wi) / den, gi = (ai * (1 + wr) - ar * wi) / den;
    const sr = (2 * (1 + wr)) / den, si = (-2 * wi) / den;
    k.fill(0);
    for (let n = 0; n < N; n++) {
      const er = gr - lam[2 * n], ei = gi - lam[2 * n + 1], m = er * er + ei * ei, dr = er / m, di = -ei / m;
      for (let q = 0; q < 8; q += 2) {
        const xr = num[8 * n + q], xi = num[8 * n + q + 1];
        k[q] += xr * dr - xi * di, k[q + 1] += xr * di + xi * dr;
      }
    }
    // k_CB - k_CP k_PB / (1 + k_PP)
    const tr = k[2] * k[4] - k[3] * k[5], ti = k[2] * k[5] + k[3] * k[4], mr = 1 + k[6], mi = k[7], mm = mr * mr + mi * mi;
    const vr = k[0] - (tr * mr + ti * mi) / mm, vi = k[1] - (ti * mr - tr * mi) / mm;
    Xr[j] = sr * vr - si * vi, Xi[j] = sr * vi + si * vr;
  }
  const cs = new Float64Array(L), sn = new Float64Array(L);
  for (let j = 0; j < L; j++) cs[j] = Math.cos((2 * Math.PI * j) / L), sn[j] = Math.sin((2 * Math.PI * j) / L);
  for (let t = 0; t < L; t++) {
    let acc = 0;
    for (let j = 0; j < L; j++) {
      const a = (j * t) % L;
      acc += Xr[j] * cs[a] - Xi[j] * sn[a];
    }
    K[t] = acc / L;
  }
}`);
  gen.line(stage, `${fn}(${lam}, ${P}, ${B}, ${C}, ${y.name});`);
}
