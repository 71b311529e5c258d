// ssm_kernel(A, B, C, dt, L) with a run-time A, bilinear (ssm-powers-runtime.test.ts has the rest:
// zero-order hold, complex systems, f32, limits): lowered to ssm_powers, which onnx renders as a
// graph (src/backends/onnx/ssmpowers.ts) and cpu/wasm as one function (src/backends/cpu/ssmpowers.ts).
// Checked against the reference's recurrence at larger N and L and, for a HiPPO-LegS matrix passed
// as a run-time param, against the folded kernel of the same system (1e-9).
import { describe, expect, it } from "vitest";
import { runCpu } from "../../src/backends/cpu/index.js";
import { runOnnx } from "../../src/backends/onnx/index.js";
import { loadBinaryen } from "../../src/backends/wasm/binaryen.js";
import { runWasm } from "../../src/backends/wasm/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, toposort } from "../../src/ir/index.js";
import { hippo } from "../../src/ir/math/hippo.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { relErr } from "../support/golden.js";
import { uniformArray } from "../support/random.js";

const data = (h: HostArray) => h.data as Float64Array;
const f64 = (v: Float64Array, shape: number[]): HostArray => ({ dtype: "f64", shape, data: v });

describe("ssm_kernel with a run-time A on onnx (params as inputs), cpu and wasm: larger systems and HiPPO-LegS", () => {
  for (const [N, L, cType] of [[6, 100, "f64"], [16, 256, "c128"], [5, 1, "f64"]] as const)
    it(`N = ${N}, L = ${L}, C ${cType}: equals the reference`, async () => {
      const p = parseProgram(`param A: f64[${N}, ${N}]\nparam B: f64[${N}]\nparam C: ${cType}[${N}]\noutput k = ssm_kernel(A, B, C, 0.1, ${L})`, "a.linc");
      // a random stable-ish A whose first pivot is not on the diagonal's largest entry
      const A = uniformArray(N * N, 3 + N).map((x, i) => (i % (N + 1) === 0 ? -1 - Math.abs(x) : 2 * x));
      const C = cType === "f64" ? f64(uniformArray(N, 7), [N]) : ({ dtype: "c128", shape: [N], data: uniformArray(2 * N, 8) } as HostArray);
      const b = { A: f64(A, [N, N]), B: f64(uniformArray(N, 5), [N]), C };
      const low = lowerForBackend(p, { target: "onnx" });
      expect(toposort(low.outputs.map((o) => o.node)).some((n) => n.op === "ssm_powers")).toBe(true);
      const want = data(evaluate(p, b).k), got = data((await runOnnx(low, b, { paramsAsInputs: true })).k);
      expect(Math.max(...want.map(Math.abs))).toBeGreaterThan(1e-3);
      expect(relErr(got, want), "onnx").toBeLessThan(1e-11);
      expect(relErr(data((await runCpu(lowerForBackend(p, { target: "cpu" }), b)).k), want), "cpu").toBeLessThan(1e-11);
      await loadBinaryen();
      expect(relErr(data((await runWasm(lowerForBackend(p, { target: "wasm" }), b)).k), want), "wasm").toBeLessThan(1e-11);
    });

  it("needs the row swap: I − dt/2 A with a zero first pivot (A[0, 0] = 2/dt)", async () => {
    const N = 4, L = 8, dt = 0.1;
    const p = parseProgram(`param A: f64[${N}, ${N}]\nparam B: f64[${N}]\nparam C: f64[${N}]\noutput k = ssm_kernel(A, B, C, ${dt}, ${L})`, "piv.linc");
    const A = uniformArray(N * N, 17);
    A[0] = 2 / dt;
    const b = { A: f64(A, [N, N]), B: f64(uniformArray(N, 19), [N]), C: f64(uniformArray(N, 23), [N]) };
    const want = data(evaluate(p, b).k), got = data((await runOnnx(lowerForBackend(p, { target: "onnx" }), b, { paramsAsInputs: true })).k);
    expect(want.every(Number.isFinite)).toBe(true);
    expect(relErr(got, want), "onnx").toBeLessThan(1e-11);
    expect(relErr(data((await runCpu(lowerForBackend(p, { target: "cpu" }), b)).k), want), "cpu").toBeLessThan(1e-11);
  });

  it("a HiPPO-LegS A given at run time equals the folded ssm_kernel(hippo_A(\"legs\", 32), ...) to 1e-9", async () => {
    const N = 32, L = 512, dt = 0.01, B = uniformArray(N, 11), C = uniformArray(N, 13);
    const folded = parseProgram(`param B: f64[${N}]\nparam C: f64[${N}]\noutput k = ssm_kernel(hippo_A("legs", ${N}), B, C, ${dt}, ${L})`, "f.linc");
    const fb = { B: f64(B, [N]), C: f64(C, [N]) };
    const want = data((await runCpu(lowerForBackend(folded, { target: "cpu", params: fb }), fb)).k);
    const p = parseProgram(`param A: f64[${N}, ${N}]\nparam B: f64[${N}]\nparam C: f64[${N}]\noutput k = ssm_kernel(A, B, C, ${dt}, ${L})`, "a.linc");
    const rb = { ...fb, A: f64(hippo("legs", N).A, [N, N]) };
    expect(relErr(data((await runOnnx(lowerForBackend(p, { target: "onnx" }), rb, { paramsAsInputs: true })).k), want), "onnx").toBeLessThan(1e-9);
    expect(relErr(data((await runCpu(lowerForBackend(p, { target: "cpu" }), rb)).k), want), "cpu").toBeLessThan(1e-9);
  });
});
