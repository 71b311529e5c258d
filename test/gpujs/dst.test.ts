// DST and IDST of types 1-4 on the gpujs backend: the `dst` op is lowered (src/passes
// rules/algebra.ts) to the DCT with reversals and sign flips (types 2-4) or to a DFT of the odd
// extension (type 1), so this checks that route end to end in GPU.js 'cpu' mode against the
// dense meaning of the op (src/ir dstMatrix, itself checked against scipy.fft.dst), applied in
// float64: max |y - Y| <= 1e-5 * max(1, max |Y|) in float32.
import { describe, expect, it } from "vitest";
import { runGpujs } from "../../src/backends/gpujs/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type CMat, dstMatrix, invertMat } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { relErr } from "../support/golden.js";
import { uniform } from "../support/random.js";

const TOL = 1e-5;
const BATCH = 3;

/** Y = M x for each row of x (M real: DSTs are). */
function applyRows(M: CMat, x: Float32Array, n: number): number[] {
  const y: number[] = [];
  for (let r = 0; r < x.length / n; r++)
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += M.re[k * n + j] * x[r * n + j];
      y.push(s);
    }
  return y;
}

describe("gpujs DST / IDST types 1-4 against dstMatrix", () => {
  for (const n of [1, 2, 5, 8, 17])
    for (const type of [1, 2, 3, 4])
      for (const norm of ["backward", "ortho", "forward"] as const)
        for (const inverse of [false, true]) {
          const name = `${inverse ? "idst" : "dst"}(${n}, type=${type}, norm="${norm}")`;
          it(name, async () => {
            const r = uniform(1000 * n + 100 * type + 10 * "bof".indexOf(norm[0]) + (inverse ? 1 : 0));
            const data = Float32Array.from({ length: BATCH * n }, r);
            const p = lowerForBackend(parseProgram(`input x: f32[batch, ${n}]\noutput y = ${name} @ x\n`, "dst.linc"), { target: "gpujs" });
            const y = (await runGpujs(p, { x: { dtype: "f32", shape: [BATCH, n], data } }, { mode: "cpu" })).y;
            expect(y.shape).toEqual([BATCH, n]);
            const M = dstMatrix(n, type, norm);
            const want = applyRows(inverse ? invertMat(M) : M, data, n);
            expect(relErr(y.data as Float32Array, want)).toBeLessThanOrEqual(TOL);
          });
        }
});
