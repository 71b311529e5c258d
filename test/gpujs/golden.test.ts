// Every golden case of the linear-operator families through DSL -> lowerForBackend("gpujs")
// -> GPU.js kernels in Node (GPU.js 'cpu' mode; a spread of them in 'webasm' mode too), held
// to float32 accuracy: max |got - want| <= 1e-4 * max(1, max |want|) for each output.
import { describe, expect, it } from "vitest";
import { runGpujs } from "../../src/backends/gpujs/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { bindingsOf, loadGolden, relErr } from "../support/golden.js";

const FAMILIES = ["dft", "dct", "wht", "structure", "algebra", "butterfly", "toeplitz"];
const TOL = 1e-4;
const cases = loadGolden(FAMILIES);

describe("golden cases on the gpujs backend", () => {
  it("has cases to run", () => expect(cases.length).toBeGreaterThan(50));
  cases.forEach((c, i) => {
    const modes = i % 5 === 0 ? (["cpu", "webasm"] as const) : (["cpu"] as const);
    for (const mode of modes)
      it(`${mode} ${c.family}/${c.name}`, async () => {
        const p = lowerForBackend(parseProgram(c.source, `${c.name}.linc`), { target: "gpujs" });
        const out = await runGpujs(p, bindingsOf(c), { mode });
        for (const [name, want] of Object.entries(c.outputs)) {
          expect(out[name].dtype).toBe(want.dtype);
          expect(out[name].shape).toEqual(want.shape);
          expect(relErr(out[name].data as Float64Array, want.data)).toBeLessThanOrEqual(TOL);
        }
      });
  });
});
