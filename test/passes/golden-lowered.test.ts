// Every golden case through the full pass pipeline (for each target, with params bound at
// compile time and without): the lowered graph, evaluated by the reference interpreter, must
// still match the golden outputs.
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { getConstructor } from "../../src/ir/index.js";
import { KERNEL_OPERATOR_OPS, lowerForBackend } from "../../src/passes/index.js";
import { toposort } from "../../src/ir/index.js";
import { bindingsOf, loadGolden, relErr, toHost } from "../support/golden.js";

const cases = loadGolden().filter((c) => getConstructor(c.family === "sphere" ? "gaunt" : c.family === "ssm" ? "ssm_kernel" : "dft"));
const REMOVED = ["transpose", "adjoint", "inv", "butterfly_dft"];

describe("golden cases after lowering", () => {
  for (const target of ["reference", "cpu"] as const)
    for (const bind of [false, true])
      for (const c of cases)
        it(`${target}${bind ? "+params" : ""}: ${c.family}/${c.name}`, () => {
          const p = parseProgram(c.source, `${c.name}.linc`);
          const params = bind ? Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, toHost(v)])) : undefined;
          const lowered = lowerForBackend(p, { target, params });
          for (const n of toposort(lowered.outputs.map((o) => o.node))) {
            expect(REMOVED).not.toContain(n.op);
            if (n.type.kind === "operator") expect(KERNEL_OPERATOR_OPS as readonly string[]).toContain(n.op);
          }
          const out = evaluate(lowered, bindingsOf(c));
          for (const [name, want] of Object.entries(c.outputs)) {
            expect(out[name].shape).toEqual(want.shape);
            expect(relErr(out[name].data as Float64Array, want.data)).toBeLessThanOrEqual(Math.max(c.tol, 1e-10));
          }
        });
});
