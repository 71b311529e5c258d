// The one walk of the gpujs backend: a lowered Program in, a Plan (slots, tables, stages) out.
// Every tensor becomes a device value of rows x n complex float32 numbers; each op's entry in
// the op table (table.ts) appends the kernels that compute it, operators nesting through
// ctx.apply. A stage whose arguments are all known once per kernel (params, constants: src/ir
// staging) joins the param phase, run once in createKernel (a filter's spectrum, a structured
// matrix); the rest run per call. Symbolic dimensions may appear anywhere but in the last axis
// (the batch rows).
import { type HostArray, type KernelOp, type Node, type NodeOf, type OperatorType, type Program, fail, isKernelOp, staging, toposort } from "../../ir/index.js";
import { checkSupported, isUnsupported } from "../backend.js";
import { Builder, type Plan, type Val } from "./builder.js";
import { type Ctx, dtypeOf, layout, shapeOf } from "./context.js";
import { type AnyRender, GPUJS_OPS } from "./table.js";

export { hostComplex } from "./tensors.js";

const isKernelNode = (n: Node): n is NodeOf<KernelOp> => isKernelOp(n.op);

/** The table entry of a node's op (checkSupported has run: every op in the graph has one). */
function entry(n: Node): { r: AnyRender; k: NodeOf<KernelOp> } {
  const r = isKernelNode(n) ? GPUJS_OPS[n.op] : undefined;
  if (!isKernelNode(n) || r === undefined || isUnsupported(r)) throw new Error(`internal: op '${n.op}' reached the gpujs walk unchecked`);
  return { r, k: n };
}

/** y = A x: the operator's entry, applied to rows of x. */
function applyOperator(ctx: Ctx, A: Node, x: Val): Val {
  const { cols } = A.type as OperatorType;
  if (x.n !== cols) throw new Error(`internal: ${A.op} with ${cols} columns applied to rows of ${x.n}`);
  const { r, k } = entry(A);
  if (!("apply" in r)) throw new Error(`internal: '${A.op}' is not an operator`);
  return r.apply(ctx, k, x);
}

export function buildPlan(program: Program, bound: Record<string, HostArray> = {}): Plan {
  const roots = program.outputs.map((o) => o.node);
  const order = toposort(roots);
  checkSupported("gpujs", GPUJS_OPS, order);
  // compile-time bindings are defaults createKernel may override, so no param counts as bound here
  const stages = staging(roots);
  const b = new Builder();
  const values = new Map<Node, Val>();
  const plan: Plan = { nslots: 0, tables: b.tables, stages: b.stages, inputs: [], params: [], outputs: [], consts: [] };
  const ctx: Ctx = {
    b,
    plan,
    bound,
    stage: (n) => stages.get(n) ?? fail("E0801", `internal: no stage for ${n}`),
    value: (n) => values.get(n) ?? fail("E0801", `internal: value of ${n} used before it was computed`),
    apply: (A, x) => applyOperator(ctx, A, x),
  };
  for (const n of order) {
    if (n.type.kind === "operator") continue;
    const { r, k } = entry(n);
    if (!("tensor" in r)) throw new Error(`internal: '${n.op}' is not a tensor op`);
    const L = layout(n);
    const v = r.tensor(ctx, k, L);
    values.set(n, { slot: v.slot, ...L });
  }
  plan.outputs = program.outputs.map((o) => ({ name: o.name, slot: ctx.value(o.node).slot, dtype: dtypeOf(o.node), shape: [...shapeOf(o.node)] }));
  plan.nslots = b.slotPhase.length;
  return plan;
}
