// Constant folding: every tensor that depends only on constants and on params whose values are
// known at compile time is evaluated once, by the reference meanings, and replaced by a
// constant (e.g. the spectrum of a fixed filter). Cheap fills stay symbolic.
import {
  type CTensor, type HostArray, type Node, type TensorType, evalNodes, hostToTensor, isComplex, mk, numel, rebuild, remake, staging, toposort,
} from "../ir/index.js";
import { checkFoldCost } from "./foldcost.js";

/** Constants larger than this (elements) are not materialised by folding. */
export const FOLD_LIMIT = 1 << 22;

/** Fold every static tensor; refused (E0604) before evaluating anything when the estimated work is above `budget` (foldcost.ts). */
export function foldConstants(roots: readonly Node[], params: Record<string, HostArray>, budget?: number): Node[] {
  const order = toposort(roots);
  const stages = staging(roots, new Set(Object.keys(params)));
  const isStatic = new Map<Node, boolean>(order.map((n) => [n, stages.get(n) === "const"]));
  const users = new Map<Node, Node[]>();
  for (const n of order) for (const s of n.src) users.set(s, [...(users.get(s) ?? []), n]);
  const worth = (n: Node) => {
    if (n.type.kind !== "tensor" || !isStatic.get(n) || n.op === "const" || n.op === "fill") return false;
    const size = numel(n.type.shape);
    return size !== undefined && size <= FOLD_LIMIT;
  };
  // fold the maximal static tensors: those used by a non-static node, or roots
  const rootSet = new Set(roots);
  const targets = order.filter((n) => worth(n) && (rootSet.has(n) || (users.get(n) ?? []).some((u) => !isStatic.get(u) || u.type.kind === "operator")));
  if (!targets.length) return [...roots];
  checkFoldCost(targets, budget);
  const env = { bindings: new Map(Object.entries(params).map(([k, v]) => [k, hostToTensor(v)] as [string, CTensor])), dims: new Map() };
  const values = evalNodes(targets, env);
  const replace = new Map<Node, Node>();
  for (const n of targets) replace.set(n, constOf(n, values.get(n) as CTensor));
  return rebuild(roots, (n, src) => replace.get(n) ?? (src.every((s, i) => s === n.src[i]) ? n : remake(n, src)));
}

/** A const node holding a float64 value (interleaved when complex). */
export function constOf(n: Node, v: CTensor): Node {
  const t = n.type as TensorType;
  const c = isComplex(t.dtype);
  const data = new Float64Array(v.re.length * (c ? 2 : 1));
  for (let i = 0; i < v.re.length; i++) {
    if (c) (data[2 * i] = v.re[i]), (data[2 * i + 1] = v.im[i]);
    else data[i] = v.re[i];
  }
  return mk("const", t, [], { data });
}
