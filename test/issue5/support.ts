// Shared helpers of the issue-5 tests: random bindings for a program's inputs and params, and
// evaluation of a program with its output nodes replaced by another lowering.
import { evaluate } from "../../src/backends/reference/index.js";
import { type HostArray, type Node, type Program, type TensorType, isComplex, mk, withOutputs } from "../../src/ir/index.js";
import { rng } from "../support/random.js";

/** Normal random values for every input and param (symbolic dims = 3). */
export function randomBindings(p: Program, seed: number, overrides: Record<string, HostArray> = {}): Record<string, HostArray> {
  const r = rng(seed);
  const out: Record<string, HostArray> = {};
  for (const d of [...p.inputs, ...p.params]) {
    if (d.name in overrides) continue;
    const t = d.node.type as TensorType;
    const shape = t.shape.map((s) => (typeof s === "number" ? s : 3));
    const len = shape.reduce((a, b) => a * b, 1) * (isComplex(t.dtype) ? 2 : 1);
    out[d.name] = { dtype: t.dtype, shape, data: Float64Array.from({ length: len }, () => r.normal()) };
  }
  return { ...out, ...overrides };
}

/** The program's first output computed with its root node rebuilt as `op` (same sources, arg). */
export function evalAs(p: Program, op: string, bindings: Record<string, HostArray>, arg?: Record<string, unknown>): Float64Array {
  const n = p.outputs[0].node;
  const m = mk(op as Node["op"], n.type, n.src, (arg ?? n.arg) as Node["arg"]);
  return evaluate(withOutputs(p, [m]), bindings)[p.outputs[0].name].data as Float64Array;
}

/** max |x - y| / max(1, max |y|). */
export function relDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let d = 0, s = 1;
  for (let i = 0; i < y.length; i++) (d = Math.max(d, Math.abs(x[i] - y[i]))), (s = Math.max(s, Math.abs(y[i])));
  return x.length === y.length ? d / s : Infinity;
}
