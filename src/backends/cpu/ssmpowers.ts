// ssm_powers on run-time data (ssm_kernel whose A, B or C is an unbound param or an input;
// bound ones fold away): one module-level function, the reference's route (src/ir/math/
// ssmkernel.ts) in float64 whatever the output precision:
//   bilinear: [Ā | B̄] = (I - dt/2 A)^-1 [I + dt/2 A | dt B], by the reference's pivoted solve
//             (luSolve, src/ir/math/solve.ts, pasted into the module's runtime library);
//   zoh:      Ā, B̄ the blocks of exp(dt [[A, B], [0, 0]]), by the reference's matrix exponential
//             (expmPade, src/ir/math/expm.ts: [13/13] Padé, scaling and squaring);
// then K[k] = C Ā^k B̄ by the recurrence x <- Ā x. Sources arrive interleaved complex; K is
// written real (the real part) or interleaved complex, as the output's kind. A singular system
// is not trapped (the reference refuses it, E0501): IEEE infinities / NaNs, as on onnx.
import type { NodeOf, TensorType } from "../../ir/index.js";
import { type Gen, type Ref, type Stage, width } from "./gen.js";

/** The module-level function (complex matrices interleaved, row-major). */
export const SSM_POWERS_SOURCE = String.raw`function ssmPowers(A, B, C, N, L, dt, zoh, K, off, w) {
  const Ab = new Float64Array(2 * N * N), x0 = new Float64Array(2 * N);
  const m = N + 1, X = new Float64Array(2 * N * m); // bilinear: [I + dt/2 A | dt B]; zoh: dt [[A, B], [0, 0]]
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const p = 2 * (i * m + j), ar = A[2 * (i * N + j)], ai = A[2 * (i * N + j) + 1];
      if (zoh) (X[p] = dt * ar), (X[p + 1] = dt * ai);
      else (X[p] = (i === j ? 1 : 0) + (dt / 2) * ar), (X[p + 1] = (dt / 2) * ai), (Ab[2 * (i * N + j)] = (i === j ? 1 : 0) - (dt / 2) * ar), (Ab[2 * (i * N + j) + 1] = -(dt / 2) * ai);
    }
    (X[2 * (i * m + N)] = dt * B[2 * i]), (X[2 * (i * m + N) + 1] = dt * B[2 * i + 1]);
  }
  let E;
  if (zoh) {
    const aug = new Float64Array(2 * m * m);
    aug.set(X);
    E = expmPade(aug, m);
  } else {
    luSolve(Ab, X, N, m);
    E = X;
  }
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) (Ab[2 * (i * N + j)] = E[2 * (i * m + j)]), (Ab[2 * (i * N + j) + 1] = E[2 * (i * m + j) + 1]);
    (x0[2 * i] = E[2 * (i * m + N)]), (x0[2 * i + 1] = E[2 * (i * m + N) + 1]);
  }
  let x = x0, nx = new Float64Array(2 * N);
  for (let k = 0; k < L; k++) {
    let sr = 0, si = 0;
    for (let i = 0; i < N; i++) (sr += C[2 * i] * x[2 * i] - C[2 * i + 1] * x[2 * i + 1]), (si += C[2 * i] * x[2 * i + 1] + C[2 * i + 1] * x[2 * i]);
    K[(off + k) * w] = sr;
    if (w === 2) K[(off + k) * w + 1] = si;
    if (k + 1 === L) break;
    for (let i = 0; i < N; i++) {
      let tr = 0, ti = 0;
      for (let j = 0; j < N; j++) {
        const ar = Ab[2 * (i * N + j)], ai = Ab[2 * (i * N + j) + 1];
        (tr += ar * x[2 * j] - ai * x[2 * j + 1]), (ti += ar * x[2 * j + 1] + ai * x[2 * j]);
      }
      (nx[2 * i] = tr), (nx[2 * i + 1] = ti);
    }
    [x, nx] = [nx, x];
  }
}`;

export function emitSsmPowers(gen: Gen, stage: Stage, n: NodeOf<"ssm_powers">, [A, B, C]: string[], y: Ref): void {
  const N = (n.src[0].type as TensorType).shape[0] as number, { L, dt, method } = n.arg;
  gen.lib.use("luSolve"), gen.lib.use("expmPade"); // the runtime library's (src/backends/shared/linalg.ts), called by name
  const fn = gen.table("ssmPowers", `(${SSM_POWERS_SOURCE})`);
  gen.line(stage, `${fn}(${A}, ${B}, ${C}, ${N}, ${L}, ${dt}, ${method === "zoh"}, ${y.name}, ${y.off}, ${width(y.kind)});`);
}
