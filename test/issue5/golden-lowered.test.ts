// Issue 5: the sphere and ssm golden cases through the whole pass pipeline (targets cpu and onnx,
// params bound at compile time and not), evaluated by the reference interpreter: equal to the
// golden outputs. Also checks which lowering each case ends up with.
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { toposort } from "../../src/ir/index.js";
import { lowerForBackend, runPipeline } from "../../src/passes/index.js";
import { bindingsOf, loadGolden, relErr, toHost } from "../support/golden.js";

const cases = loadGolden(["sphere", "ssm"]);
const HIGH_LEVEL = ["gaunt", "sh_eval", "ssm_kernel"];

describe("issue 5: golden sphere/ssm cases after lowering", () => {
  it("found the golden files", () => expect(cases.length).toBe(15));
  for (const target of ["cpu", "onnx"] as const)
    for (const bind of [false, true])
      for (const c of cases)
        it(`${target}${bind ? "+params" : ""}: ${c.family}/${c.name}`, () => {
          const p = parseProgram(c.source, `${c.name}.linc`);
          const params = bind ? Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, toHost(v)])) : undefined;
          const lowered = lowerForBackend(p, { target, params });
          const ops = toposort(lowered.outputs.map((o) => o.node)).map((n) => n.op);
          for (const op of HIGH_LEVEL) expect(ops).not.toContain(op);
          if (bind || Object.keys(c.params).length === 0) {
            // everything that depends only on params folded: no ssm op survives
            for (const op of ["ssm_powers", "ssm_dplr", "ssm_basis", "sh_matrix", "hippo_A", "hippo_B"]) expect(ops).not.toContain(op);
          }
          const out = evaluate(lowered, bindingsOf(c));
          for (const [name, want] of Object.entries(c.outputs)) {
            expect(out[name].shape).toEqual(want.shape);
            expect(relErr(out[name].data as Float64Array, want.data)).toBeLessThanOrEqual(Math.max(c.tol, 1e-10));
          }
        });

  it("unbound C makes ssm_kernel a matrix-vector product with a folded basis", () => {
    const c = cases.find((x) => x.name === "ssm_kernel_legs_bilinear")!;
    const { program, log } = runPipeline(parseProgram(c.source, "k.linc"), { target: "cpu" });
    expect(log.find((l) => l.name === "lower-structure")!.fired.map(([k]) => k)).toContain("ssm-kernel-basis");
    const ops = toposort(program.outputs.map((o) => o.node)).map((n) => n.op);
    expect(ops).toContain("dense");
    expect(ops).not.toContain("ssm_basis");
  });

  it("sh_eval with bound angles becomes dense(const) @ a", () => {
    const c = cases.find((x) => x.name === "sh_eval_3")!;
    const params = Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, toHost(v)]));
    const { program, log } = runPipeline(parseProgram(c.source, "s.linc"), { target: "onnx", params });
    expect(log.find((l) => l.name === "lower-structure")!.fired.map(([k]) => k)).toContain("sh-eval-matrix");
    const ops = toposort(program.outputs.map((o) => o.node)).map((n) => n.op);
    expect(ops).toEqual(expect.arrayContaining(["const", "dense", "apply"]));
    expect(ops).not.toContain("sh_matrix");
  });
});
