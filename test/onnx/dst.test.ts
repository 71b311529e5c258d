// DST and IDST types 1-4 in every norm, lowered for onnx (the passes rewrite them through the DCT
// or the DFT; the backend never sees `dst`) and run in onnxruntime: dst against the dense meaning
// (src/ir dstMatrix, checked against scipy), idst as its inverse (dst of the result gives the input
// back), and both against the reference interpreter on the unlowered program. f64 to 1e-10 and
// f32 to 1e-5 relative, at n in {1, 2, 5, 8, 17} and at n = 100 (staged plans, not one MatMul).
import { describe, expect, it } from "vitest";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, dstMatrix, evaluate } from "../../src/ir/index.js";
import { runOnnx } from "../../src/backends/onnx/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { uniformArray } from "../support/random.js";
import { peakRelErr } from "../support/compare.js";

const BATCH = 3;
const NORMS = ["backward", "ortho", "forward"] as const;

const rows = (seed: number, n: number): Float64Array => uniformArray(BATCH * n, seed);

/** D x row by row, D = dstMatrix(n, type, norm) (real). */
function applyDst(D: { re: Float64Array }, x: ArrayLike<number>, n: number): Float64Array {
  const y = new Float64Array(BATCH * n);
  for (let b = 0; b < BATCH; b++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) y[b * n + k] += D.re[k * n + j] * Number(x[b * n + j]);
  return y;
}

describe("onnx dst / idst (lowered through the dct and the dft)", () => {
  for (const n of [1, 2, 5, 8, 17, 100])
    for (const dtype of ["f64", "f32"] as const)
      it(`n=${n} ${dtype}: types 1-4, norms backward/ortho/forward`, async () => {
        const tol = dtype === "f64" ? 1e-10 : 1e-5;
        const x0 = rows(n * 31 + 7, n), xd = dtype === "f32" ? Float32Array.from(x0) : x0;
        const x: HostArray = { dtype, shape: [BATCH, n], data: xd };
        for (const type of [1, 2, 3, 4])
          for (const norm of NORMS) {
            const args = `${n}, type=${type}, norm="${norm}"`;
            const p = parseProgram(`input x: ${dtype}[batch, ${n}]\noutput y = dst(${args}) @ x\noutput z = idst(${args}) @ x\n`, "dst.linc");
            const low = lowerForBackend(p, { target: "onnx" });
            const got = await runOnnx(low, { x });
            const D = dstMatrix(n, type, norm), label = `type ${type} ${norm}`;
            expect(peakRelErr(got.y.data as Float64Array, applyDst(D, xd, n)), `dst ${label}`).toBeLessThan(tol);
            expect(peakRelErr(applyDst(D, got.z.data as Float64Array, n), Float64Array.from(xd)), `dst(idst x) ${label}`).toBeLessThan(tol);
            const ref = evaluate(p, { x });
            expect(peakRelErr(got.z.data as Float64Array, Float64Array.from(ref.z.data as Float64Array)), `idst ${label} vs reference`).toBeLessThan(tol);
          }
      });
});
