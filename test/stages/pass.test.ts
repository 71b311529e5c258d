// The `lower` pass in the pipeline: after `schedule`; on the reference target every covered op
// of every golden case carries a stage program that computes what the op means; on the
// targets whose schedules render no op from stages it changes nothing at all.
import { describe, expect, it } from "vitest";
import { parseProgram } from "../../src/dsl/index.js";
import { type CTensor, type LinOp, type Node, type OperatorType, type StageProgram, type TensorType, boundSource, evalNodes, isKernelOp, evalStages, hostToTensor, mk, operatorType, toposort } from "../../src/ir/index.js";
import { PASS_NAMES, SCHEDULES, LOWERED_OPS, PART_OPS, runPipeline, verifyGraph } from "../../src/passes/index.js";
import { bindingsOf, loadGolden, toHost } from "../support/golden.js";
import { allBackends, compiledBackends } from "../support/backends.js";
import { asBuf, asTensor, randomBuf, bufRelErr, rng } from "./helpers.js";

const cases = loadGolden();
const programOf = (n: Node): StageProgram | undefined => ("stages" in n.arg ? n.arg.stages : undefined);
const isCovered = (op: string) => (LOWERED_OPS as readonly string[]).includes(op);
/** Whether the lowering covers n: a covered op (a perm by a constant), and for kron and blockdiag every factor or block covered, or a part (compose, scale, opsum) of covered parts. */
const covered = (n: Node): boolean =>
  isCovered(n.op) && (n.op !== "perm" || n.src[0].op === "const") && ((n.op !== "kron" && n.op !== "blockdiag") || n.src.every(within));
const within = (A: Node): boolean => A.type.kind !== "operator" || covered(A) || ((PART_OPS as readonly string[]).includes(A.op) && A.src.every(within));

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
        expect(programOf(n) !== undefined).toBe(covered(n));
        const prog = programOf(n);
        if (!prog) continue;
        seen.add(n.op);
        const A = evalNodes([n], env).get(n) as LinOp, t = n.type as OperatorType;
        const x = randomBuf(r, 2 * t.cols, prog.inputs[0].dtype === "real");
        const ws = prog.inputs.filter((b) => b.shared).map((b) => [b.name, asBuf(evalNodes([boundSource(n, b)], env).get(boundSource(n, b)) as CTensor)]);
        const got = evalStages(prog, { x, ...Object.fromEntries(ws) }, { outer: 2, inner: 1 }).y;
        expect(bufRelErr(got, asBuf(A.apply(asTensor(x, [2, t.cols]))))).toBeLessThan(1e-12);
      }
    }
    // the golden cases hold every covered kernel op (dst is a source op: rules/algebra.ts rewrites it through the dct)
    expect([...seen].sort()).toEqual(LOWERED_OPS.filter((op) => isKernelOp(op)).sort());
  });

  it("verifies the programs it records: an unsound one is an internal error", () => {
    const good = runPipeline(parseProgram("input x: c128[8]\noutput y = dft(8) @ x", "t.linc"), { target: "reference" }).program.outputs[0].node;
    const dft = good.src[0];
    if (dft.op !== "dft" || !dft.arg.stages) throw new Error("expected a lowered dft");
    const broken = { ...dft.arg.stages, stages: dft.arg.stages.stages.slice(1) };
    const bad = mk("apply", good.type as TensorType, [mk("dft", operatorType(8, 8, true), [], { ...dft.arg, stages: broken }), good.src[1]], {});
    expect(() => verifyGraph([bad], "lower")).toThrow(/verifier failed after pass 'lower'.*stage program/);
  });

  it("verifies that a recorded program's weights name tensors of their length", () => {
    const good = runPipeline(parseProgram("param W: f64[3, 2]\ninput x: c128[2 * 2]\noutput y = kron(I(2), dense(W)) @ x", "t.linc"), { target: "reference" }).program.outputs[0].node;
    const kron = good.src[0];
    if (kron.op !== "kron" || !kron.arg.stages) throw new Error("expected a lowered kron");
    expect(() => verifyGraph([good], "lower")).not.toThrow();
    for (const source of [[0, 0], [1], [1, 0, 0], [3, 0]]) {
      const stages = { ...kron.arg.stages, inputs: kron.arg.stages.inputs.map((b) => (b.shared ? { ...b, source } : b)) };
      const bad = mk("apply", good.type as TensorType, [mk("kron", kron.type, kron.src, { stages }), good.src[1]], {});
      expect(() => verifyGraph([bad], "lower")).toThrow(/weights '1\.W' \(6 entries\) are not a tensor of that size/);
    }
  });
});
