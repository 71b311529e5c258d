// The dplr_kernel golden cases (test/golden/local/dplr.json, gen_dplr.py: numpy's dense
// recurrence of the same system, not the Cauchy/Woodbury formula) on every backend with all
// params unbound, so the spectrum runs at run time: cpu, wasm (the cpu loop), onnx (params as graph
// inputs) at the case's f64 tolerance; gpujs (float32, GPU.js cpu mode) at 1e-4 for the rank-1
// cases, and its E0801 for the others. Ranks 1, 2, 3; dt literal, a param [], an input [1], exp(log_dt).
import { beforeAll, describe, expect, it } from "vitest";
import { runCpu } from "../../src/backends/cpu/index.js";
import { runGpujs } from "../../src/backends/gpujs/index.js";
import { runOnnx } from "../../src/backends/onnx/index.js";
import { loadBinaryen } from "../../src/backends/wasm/binaryen.js";
import { runWasm } from "../../src/backends/wasm/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type Target, toposort } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { bindingsOf, loadGolden, relErr } from "../support/golden.js";

const cases = loadGolden(["dplr"]);
beforeAll(loadBinaryen);

describe("dplr_kernel golden cases with run-time parameters", () => {
  it("has the cases of ranks 1, 2 and 3", () => expect(cases.map((c) => c.name)).toEqual(expect.arrayContaining([expect.stringContaining("rank1"), expect.stringContaining("rank2"), expect.stringContaining("rank3")])));
  for (const c of cases) {
    const low = (target: Target) => {
      const p = lowerForBackend(parseProgram(c.source, `${c.name}.linc`), { target });
      expect(toposort(p.outputs.map((o) => o.node)).some((n) => n.op === "dplr_spectrum"), `${target}: the spectrum runs at run time`).toBe(true);
      return p;
    };
    const want = c.outputs.k.data;
    it(`cpu, wasm, onnx: ${c.name}`, async () => {
      const b = bindingsOf(c);
      expect(relErr((await runCpu(low("cpu"), b)).k.data as Float64Array, want), "cpu").toBeLessThanOrEqual(c.tol);
      expect(relErr((await runWasm(low("wasm"), b)).k.data as Float64Array, want), "wasm").toBeLessThanOrEqual(c.tol);
      expect(relErr((await runOnnx(low("onnx"), b, { paramsAsInputs: true })).k.data as Float64Array, want), "onnx").toBeLessThanOrEqual(c.tol);
    });
    const rank1 = !/P: c128\[\d+, \d+\]/.test(c.source);
    it(`gpujs: ${c.name}${rank1 ? "" : " (refused: rank > 1)"}`, async () => {
      const run = runGpujs(low("gpujs"), bindingsOf(c), { mode: "cpu" });
      if (!rank1) return void (await expect(run).rejects.toThrow(/rank-\d correction/));
      expect(relErr((await run).k.data as Float32Array, want)).toBeLessThanOrEqual(1e-4);
    });
  }
});
