// dst / idst type 1 above n = 2896 on every backend's lowered route (issue 24, the external
// audit): the type-1 lowering builds the odd extension from windows with negative offsets, which
// the reference could only apply as dense matrices, so the lowered reference refused n >= 2896
// (E0602) although spec/operators.md promises any n. The window op now has a gather meaning.
// Expected values: scipy.fft (test/golden/local/gen_dst.py, cases *_n4096).
import { describe, expect, it } from "vitest";
import { BACKEND_NAMES, getBackend } from "../../src/backends/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { Target } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { bindingsOf, loadGolden, relErr } from "../support/golden.js";

/** Relative to the largest output: float64 backends at the golden tolerance, gpujs in float32. */
const TOL: Record<Target, number | undefined> = { reference: undefined, cpu: undefined, wasm: undefined, onnx: undefined, gpujs: 1e-4 };

describe("dst type 1 at n = 4096 against scipy, every backend's lowered route", { timeout: 600_000 }, () => {
  const cases = loadGolden(["dst"]).filter((c) => c.name.endsWith("_n4096"));
  it("the golden file holds the cases", () => expect(cases.map((c) => c.name).sort()).toEqual(["dst1_n4096", "idst1_n4096"]));
  for (const c of cases)
    it(c.name, async () => {
      const program = parseProgram(c.source, `${c.name}.linc`);
      for (const name of BACKEND_NAMES) {
        const got = (await (await getBackend(name)).run(lowerForBackend(program, { target: name }), bindingsOf(c))).y;
        expect(relErr(got.data as Float64Array, c.outputs.y.data), name).toBeLessThan(TOL[name] ?? c.tol);
      }
    });
});
