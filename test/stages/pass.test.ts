// The `lower` pass in the pipeline: after `schedule`; on the reference target every covered op
// of every golden case carries a stage program that computes what the op means; on the
// targets whose schedules render no op from stages it changes nothing at all.
import { describe, expect, it } from "vitest";
import { parseProgram } from "../../src/dsl/index.js";
import { type CTensor, type LinOp, type Node, type OperatorType, type StageProgram, type TensorType, evalNodes, evalStages, hostToTensor, mk, operatorType, toposort } from "../../src/ir/index.js";
import { PASS_NAMES, SCHEDULES, LOWERED_OPS, runPipeline, verifyGraph } from "../../src/passes/index.js";
import { bindingsOf, loadGolden, toHost } from "../support/golden.js";
import { allBackends, compiledBackends } from "../support/backends.js";
import { asBuf, asTensor, randomBuf, bufRelErr, rng } from "./helpers.js";

const cases = loadGolden();
const programOf = (n: Node): StageProgram | undefined => ("stages" in n.arg ? n.arg.stages : undefined);

describe("the lower pass", () => {
  it("runs last, after schedule", () => expect(PASS_NAMES.slice(-2)).toEqual(["schedule", "lower"]));

  it("records the ops a target's schedule lists, each a lowered op; the reference lists them all", () => {
    for (const t of allBackends()) for (const op of SCHEDULES[t].stageOps) expect(LOWERED_OPS).toContain(op);
    expect([...SCHEDULES.reference.stageOps].sort()).toEqual([...LOWERED_OPS].sort());
  });

  const unstaged = compiledBackends().filter((t) => SCHEDULES[t].stageOps.length === 0);
  for (const target of unstaged)
    it(`leaves the ${target} target's lowered graphs as they were, node for node (its schedule lists no stage op)`, () => {
      for (const c of cases) {
        const p = parseProgram(c.source, `${c.name}.linc`);
        const before = runPipeline(p, { target }, "schedule").program.outputs.map((o) => o.node);
        const after = runPipeline(p, { target }).program.outputs.map((o) => o.node);
        expect(after.every((n, i) => n === before[i])).toBe(true);
      }
    });

  it("records on the reference target, for every golden case, programs that compute what their ops mean", () => {
    const r = rng(18), seen = new Set<string>();
    for (const c of cases) {
      const p = parseProgram(c.source, `${c.name}.linc`);
      const env = { bindings: new Map(Object.entries(bindingsOf(c)).map(([k, v]) => [k, hostToTensor(v)])) };
      const lowered = runPipeline(p, { target: "reference", params: Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, toHost(v)])) }).program;
      const roots = lowered.outputs.map((o) => o.node);
      for (const n of toposort(roots)) {
        expect(programOf(n) !== undefined).toBe((LOWERED_OPS as readonly string[]).includes(n.op));
        const prog = programOf(n);
        if (!prog) continue;
        seen.add(n.op);
        const A = evalNodes([n], env).get(n) as LinOp, t = n.type as OperatorType;
        const x = randomBuf(r, 2 * t.cols, prog.inputs[0].dtype === "real");
        const w = n.op === "butterfly" ? (evalNodes([n.src[0]], env).get(n.src[0]) as CTensor) : undefined;
        const got = evalStages(prog, { x, ...(w ? { w: asBuf(w) } : {}) }, { outer: 2, inner: 1 }).y;
        expect(bufRelErr(got, asBuf(A.apply(asTensor(x, [2, t.cols]))))).toBeLessThan(1e-12);
      }
    }
    // the golden cases hold every covered op
    expect([...seen].sort()).toEqual([...LOWERED_OPS].sort());
  });

  it("verifies the programs it records: an unsound one is an internal error", () => {
    const good = runPipeline(parseProgram("input x: c128[8]\noutput y = dft(8) @ x", "t.linc"), { target: "reference" }).program.outputs[0].node;
    const dft = good.src[0];
    if (dft.op !== "dft" || !dft.arg.stages) throw new Error("expected a lowered dft");
    const broken = { ...dft.arg.stages, stages: dft.arg.stages.stages.slice(1) };
    const bad = mk("apply", good.type as TensorType, [mk("dft", operatorType(8, 8, true), [], { ...dft.arg, stages: broken }), good.src[1]], {});
    expect(() => verifyGraph([bad], "lower")).toThrow(/verifier failed after pass 'lower'.*stage program/);
  });
});
