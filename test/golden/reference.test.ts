// Every golden case through DSL -> IR -> reference interpreter, at the case's tolerance.
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { getConstructor } from "../../src/ir/index.js";
import { bindingsOf, loadGolden, relErr } from "../support/golden.js";

const cases = loadGolden();

describe("golden cases on the reference interpreter", () => {
  for (const c of cases) {
    const needs = c.family === "sphere" ? "gaunt" : c.family === "ssm" ? "ssm_kernel" : undefined;
    it.runIf(!needs || getConstructor(needs))(`${c.family}/${c.name}`, () => {
      const p = parseProgram(c.source, `${c.name}.linc`);
      const out = evaluate(p, bindingsOf(c));
      for (const [name, want] of Object.entries(c.outputs)) {
        expect(out[name].dtype).toBe(want.dtype);
        expect(out[name].shape).toEqual(want.shape);
        expect(relErr(out[name].data as Float64Array, want.data)).toBeLessThanOrEqual(c.tol);
      }
    });
  }
});
