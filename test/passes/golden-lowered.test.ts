// Every golden case through the full pass pipeline (for each backend's target, with params bound at
// compile time and without): the lowered graph, evaluated by the reference interpreter, must
// still match the golden outputs.
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { KERNEL_OPS, SOURCE_OPS, toposort } from "../../src/ir/index.js";
import { allBackends } from "../support/backends.js";
import { bindingsOf, loadGolden, relErr, toHost } from "../support/golden.js";

const cases = loadGolden();
const REMOVED: readonly string[] = SOURCE_OPS;
// what lowering for a compiling backend leaves of the sphere / state-space families: no
// high-level op, and nothing that depends only on (bound) params
const HIGH_LEVEL = SOURCE_OPS;
const PARAM_ONLY = ["ssm_powers", "ssm_dplr", "ssm_basis", "sh_matrix", "hippo_A", "hippo_B"];

describe("golden cases after lowering", () => {
  it("found every golden case (121 shared, and of our own 110 dst (two at n = 4096, type 1), 4 inv(butterfly), 7 cayley, 4 dplr, 6 ssm_runtime, 44 tensor, 43 axes, 25 channels and 31 mix)", () => expect(cases.length).toBe(395));
  for (const target of allBackends())
    for (const bind of [false, true])
      for (const c of cases)
        it(`${target}${bind ? "+params" : ""}: ${c.family}/${c.name}`, () => {
          const p = parseProgram(c.source, `${c.name}.linc`);
          const params = bind ? Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, toHost(v)])) : undefined;
          const lowered = lowerForBackend(p, { target, params });
          const nodes = toposort(lowered.outputs.map((o) => o.node));
          for (const n of nodes) {
            expect(REMOVED).not.toContain(n.op);
            expect(KERNEL_OPS as readonly string[]).toContain(n.op);
          }
          if (target !== "reference") {
            const ops = nodes.map((n) => n.op);
            for (const op of HIGH_LEVEL) expect(ops).not.toContain(op);
            if (bind || Object.keys(c.params).length === 0) for (const op of PARAM_ONLY) expect(ops).not.toContain(op);
          }
          const out = evaluate(lowered, bindingsOf(c));
          for (const [name, want] of Object.entries(c.outputs)) {
            expect(out[name].shape).toEqual(want.shape);
            expect(relErr(out[name].data as Float64Array, want.data)).toBeLessThanOrEqual(Math.max(c.tol, 1e-10));
          }
        });
});
