// s4d_kernel on run-time data (lam, B, C, dt unbound params or inputs; bound ones fold away): one
// module-level function, the reference's formula (src/ir/math/ssmkernel.ts s4dKernel):
//   K[l] = 2 Re Σ_n C_n B_n (e^{dt λ_n} - 1)/λ_n · e^{l dt λ_n}   ((e^{dtλ} - 1)/λ = dt at λ = 0)
// with e^z - 1 formed without cancellation (Math.expm1), accumulated in float64 whatever the
// output precision. The sources arrive interleaved complex in the output's precision.
import type { NodeOf, TensorType } from "../../ir/index.js";
import type { Gen, Ref, Stage } from "./gen.js";

export function emitS4dKernel(gen: Gen, stage: Stage, n: NodeOf<"s4d_kernel">, [lam, B, C]: string[], dt: string, y: Ref): void {
  const N = (n.src[0].type as TensorType).shape[0] as number, { L } = n.arg, fn = gen.fresh("S4D");
  gen.top.push(`function ${fn}(lam, B, C, dt, K) {
  const N = ${N}, L = ${L};
  if (!(dt > 0 && dt < Infinity)) throw new RangeError("s4d_kernel: step dt must be a positive finite number, got " + dt);
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
  gen.line(stage, `${fn}(${lam}, ${B}, ${C}, ${dt}[0], ${y.name});`);
}

// dplr_spectrum on run-time data (lam, P, B, C, dt unbound params or inputs): the reference's own
// function (src/ir/math/dplrspectrum.ts, pasted into the module's runtime library: Cauchy sums and
// the Woodbury correction, its r x r solve the one pivoted elimination), rank r (P [N, r]), float64
// throughout; sources interleaved complex, dt real; the output interleaved complex. At a node
// where g meets an eigenvalue it runs on (IEEE), where the reference refuses (E0603).
// dplr_kernel is this followed by the planned inverse FFT.
export function emitDplrSpectrum(gen: Gen, stage: Stage, n: NodeOf<"dplr_spectrum">, [lam, P, B, C]: string[], dt: string, y: Ref): void {
  const { L } = n.arg, pt = n.src[1].type as TensorType, r = pt.shape.length === 2 ? (pt.shape[1] as number) : 1;
  const spectrum = gen.lib.use("dplrSpectrum"), fn = gen.fresh("DPLR");
  gen.top.push(`function ${fn}(lam, P, B, C, dt, X) {
  if (!(dt > 0 && dt < Infinity)) throw new RangeError("dplr_kernel: step dt must be a positive finite number, got " + dt);
  ${spectrum}(lam, P, ${r}, B, C, dt, ${L}, X, null);
}`);
  gen.line(stage, `${fn}(${lam}, ${P}, ${B}, ${C}, ${dt}[0], ${y.name});`);
}
