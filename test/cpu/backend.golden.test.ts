// Every golden case of the linear-operator families through DSL -> (lowering) -> cpu backend,
// in float64 at the case's tolerance and as float32 variants at 1e-5 relative error.
import { describe, expect, it } from "vitest";
import { runCpu } from "../../src/backends/cpu/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { bindingsOf, loadGolden, relErr } from "../support/golden.js";
import { lowered, toSingle, toSingleHost } from "./support.js";

const FAMILIES = ["dft", "dct", "dst", "wht", "structure", "algebra", "butterfly", "toeplitz", "cayley"];
const cases = loadGolden(FAMILIES);

describe("golden cases on the cpu backend", () => {
  it("has cases to run", () => expect(cases.length).toBeGreaterThan(50));
  for (const c of cases) {
    const p = lowered(parseProgram(c.source, `${c.name}.linc`));
    it.runIf(p !== undefined)(`f64 ${c.family}/${c.name}`, async () => {
      const out = await runCpu(p!, bindingsOf(c));
      for (const [name, want] of Object.entries(c.outputs)) {
        expect(out[name].dtype).toBe(want.dtype);
        expect(out[name].shape).toEqual(want.shape);
        expect(relErr(out[name].data as Float64Array, want.data)).toBeLessThanOrEqual(c.tol);
      }
    });
    const q = lowered(parseProgram(toSingle(c.source), `${c.name}.f32.linc`));
    it.runIf(q !== undefined)(`f32 ${c.family}/${c.name}`, async () => {
      const b = Object.fromEntries(Object.entries(bindingsOf(c)).map(([k, v]) => [k, toSingleHost(v)]));
      const out = await runCpu(q!, b);
      for (const [name, want] of Object.entries(c.outputs)) {
        expect(out[name].data).toBeInstanceOf(Float32Array);
        expect(relErr(out[name].data as Float32Array, want.data)).toBeLessThanOrEqual(1e-5);
      }
    });
  }
});
