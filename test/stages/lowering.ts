// Shared by the lowering tests: a lowered op's program, evaluated by the stage interpreter on
// random rows and along a middle axis, against the op's own reference meaning (src/ir/ops/*.ts),
// its shared inputs bound to the tensors their `source` paths name.
import { expect } from "vitest";
import {
  type CTensor, type LinOp, type Node, type NodeOf, type StageBuf, type StageProgram,
  boundSource, checkProgram, evalNodes, evalStages,
} from "../../src/ir/index.js";
import { SCHEDULES } from "../../src/passes/schedule/table.js";
import { planFft } from "../../src/passes/schedule/fft.js";
import { realPlan } from "../../src/passes/schedule/record.js";
import { type LoweredOp, lowerOp } from "../../src/passes/lower/ops.js";
import { asBuf, asTensor, axisLast, randomBuf, bufRelErr, rng } from "./helpers.js";

/** The cpu schedule's plans. */
export const planner = { fft: (n: number) => planFft(n, SCHEDULES.cpu.fft), real: (n: number) => realPlan(n, SCHEDULES.cpu), dct: (n: number, t: number) => planFft(SCHEDULES.cpu.dctFftSize(n, t), SCHEDULES.cpu.fft) };
export const TOL = 1e-12;
export type Params = Record<string, CTensor>;

/** The op's reference meaning applied to `batch` rows of x. */
export function reference(node: Node, x: StageBuf, batch: number, params: Params) {
  const A = evalNodes([node], { bindings: new Map(Object.entries(params)) }).get(node) as LinOp;
  return asBuf(A.apply(asTensor(x, [batch, A.cols])));
}

/** The program's shared inputs, each the value of the tensor its `source` names. */
function weightsOf(node: Node, p: StageProgram, params: Params): Record<string, StageBuf> {
  const env = { bindings: new Map(Object.entries(params)) };
  return Object.fromEntries(p.inputs.filter((b) => b.shared).map((b) => {
    const t = boundSource(node, b);
    return [b.name, asBuf(evalNodes([t], env).get(t) as CTensor)];
  }));
}

/** Lower `node`, run its program on `batch` random rows, compare with the reference; also along a middle axis. */
export function check(node: Node, seed: number, params: Params = {}, tol = TOL): StageProgram {
  const p = lowerOp(node as NodeOf<LoweredOp>, planner)!;
  expect(p).toBeDefined();
  expect(checkProgram(p)).toEqual([]);
  const r = rng(seed), batch = 3, inner = 2;
  const x = p.inputs[0], y = p.outputs[0], ws = weightsOf(node, p, params);
  // rows: run geometry outer = batch
  const xs = randomBuf(r, batch * x.len, x.dtype === "real");
  const got = evalStages(p, { x: xs, ...ws }, { outer: batch, inner: 1 }).y;
  expect(bufRelErr(got, reference(node, xs, batch, params))).toBeLessThan(tol);
  // a middle axis: [batch, len, inner], against moving the axis last, applying, moving it back
  const xm = randomBuf(r, batch * x.len * inner, x.dtype === "real");
  const gotm = evalStages(p, { x: xm, ...ws }, { outer: batch, inner }).y;
  const wantm = axisLast(reference(node, axisLast(xm, batch, x.len, inner), batch * inner, params), batch, y.len, inner, true);
  expect(bufRelErr(gotm, wantm)).toBeLessThan(tol);
  return p;
}

