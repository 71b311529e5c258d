// What every gpujs render sees: the builder it appends stages to, the plan it declares inputs,
// params and constants in, the device values of the nodes already rendered, the staging of the
// graph (src/ir staging: which nodes are known once per createKernel), and `apply`, which
// renders y = A x for an operator A through the op table (operators nest: compose, kron, ...).
import { type HostArray, type Node, type Stage as NodeStage, type TensorType, fail } from "../../ir/index.js";
import { type Builder, type Expr, type Plan, type Val, lit } from "./builder.js";

export interface Ctx {
  readonly b: Builder;
  readonly plan: Plan;
  /** Params bound at compile time (embedded as defaults; createKernel may override them). */
  readonly bound: Record<string, HostArray>;
  /** The node's stage: const and param nodes are computed once per createKernel. */
  stage(n: Node): NodeStage;
  /** Device value of a tensor node already rendered. */
  value(n: Node): Val;
  /** y = A x for every row of x. */
  apply(A: Node, x: Val): Val;
}

/** Rows (product of all but the last axis) and row length of a tensor. */
export interface Layout {
  readonly rows: Expr;
  readonly n: number;
}

export const shapeOf = (n: Node) => (n.type as TensorType).shape;
export const dtypeOf = (n: Node) => (n.type as TensorType).dtype;

/** The layout of a tensor node: symbolic dimensions only in the rows. */
export function layout(n: Node): Layout {
  const sh = shapeOf(n);
  if (sh.length === 0) return { rows: lit(1), n: 1 };
  const last = sh[sh.length - 1];
  if (typeof last !== "number") return fail("E0801", `the gpujs backend needs a concrete last axis, '${last}' is symbolic`);
  const rows: Expr = { k: 1, dims: [] };
  for (const d of sh.slice(0, -1)) typeof d === "number" ? (rows.k *= d) : rows.dims.push(d);
  return { rows, n: last };
}
