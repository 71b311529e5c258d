// The golden cases of the pointwise, reduction and layout ops (test/golden/local/tensor.json,
// gen_tensor.py: numpy/scipy) through DSL -> lowerForBackend -> every backend of the registry:
// the float64 backends at the case's tolerance, gpujs (float32 on the device) at 1e-4 relative to
// the largest output.
import { beforeAll, describe, expect, it } from "vitest";
import { getBackend } from "../../src/backends/index.js";
import { loadBinaryen } from "../../src/backends/wasm/binaryen.js";
import { parseProgram } from "../../src/dsl/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { allBackends } from "../support/backends.js";
import { bindingsOf, loadGolden, relErr } from "../support/golden.js";

const cases = loadGolden(["tensor"]);
const GPUJS_TOL = 1e-4;
/** Cases a backend cannot run, with the reason (shown as a skipped test). */
const NOT_ON: Record<string, Partial<Record<string, string>>> = {
  erf_via_gelu_small: { gpujs: "float64 only: its smallest arguments (1e-300) are 0 in float32" },
};
beforeAll(loadBinaryen);

describe("tensor golden cases on every backend", () => {
  it("has the cases of every new op", () => {
    const sources = cases.map((c) => c.source).join("\n");
    for (const f of ["cos", "sigmoid", "gelu", "angle", "atan2", "sum", "mean", "reshape", "permute", "concat", "slice"]) expect(sources).toContain(`${f}(`);
  });
  for (const target of allBackends())
    for (const c of cases) {
      const why = NOT_ON[c.name]?.[target];
      if (why) it.skip(`${target}: ${c.name} (not run: ${why})`, () => {});
      else it(`${target}: ${c.name}`, async () => {
        const p = lowerForBackend(parseProgram(c.source, `${c.name}.linc`), { target });
        const out = await (await getBackend(target)).run(p, bindingsOf(c));
        for (const [name, want] of Object.entries(c.outputs)) {
          expect(out[name].dtype).toBe(want.dtype);
          expect(out[name].shape).toEqual(want.shape);
          expect(relErr(out[name].data as Float64Array, want.data)).toBeLessThanOrEqual(target === "gpujs" ? Math.max(GPUJS_TOL, c.tol) : c.tol);
        }
      });
    }
});
