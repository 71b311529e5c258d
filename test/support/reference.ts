// Evaluation of a program on the reference interpreter with its output node rebuilt as another
// op: how the route tests compare a lowering (gaunt_direct, ssm_dplr, ...) with the meaning of
// the op it replaces.
import { evaluate } from "../../src/backends/reference/index.js";
import { type HostArray, type Node, type Program, mk, withOutputs } from "../../src/ir/index.js";

/** The program's first output computed with its root node rebuilt as `op` (same sources, arg). */
export function evalAs(p: Program, op: string, bindings: Record<string, HostArray>, arg?: Record<string, unknown>): Float64Array {
  const n = p.outputs[0].node;
  const m = mk(op as Node["op"], n.type, n.src, (arg ?? n.arg) as Node["arg"]);
  return evaluate(withOutputs(p, [m]), bindings)[p.outputs[0].name].data as Float64Array;
}
