// Staging analysis: when each value of a graph can be computed. The one answer to "is this
// known at compile time?" for the passes (constant folding, SSM routes, static operands) and
// the backends (a kernel's param stage, run once per createKernel, and its run stage).
//   const  depends on constants and on params whose values are bound at compile time: folds
//   param  depends on params not bound at compile time (and constants): once per kernel
//   run    depends on a run-time input, or has a symbolic (run-time) dimension
import { type Node, toposort } from "./node.js";

export type Stage = "const" | "param" | "run";
const RANK: Record<Stage, number> = { const: 0, param: 1, run: 2 };

/** The stage of every node under `roots`; `bound` names the params known at compile time. */
export function staging(roots: readonly Node[], bound: ReadonlySet<string> = new Set()): Map<Node, Stage> {
  const stages = new Map<Node, Stage>();
  for (const n of toposort(roots)) {
    let s: Stage = n.op === "input" ? "run" : n.op === "param" && !bound.has(n.arg.name) ? "param" : "const";
    for (const x of n.src) if (RANK[stages.get(x)!] > RANK[s]) s = stages.get(x)!;
    if (n.type.kind === "tensor" && n.type.shape.some((d) => typeof d !== "number")) s = "run";
    stages.set(n, s);
  }
  return stages;
}

const memo = new WeakMap<ReadonlySet<string>, WeakMap<Node, Stage>>();

/** The stage of one node (memoised per `bound` set: for rules that ask node by node). */
export function stageOf(n: Node, bound: ReadonlySet<string>): Stage {
  let m = memo.get(bound);
  if (!m) memo.set(bound, (m = new WeakMap()));
  const hit = m.get(n);
  if (hit) return hit;
  for (const [k, v] of staging([n], bound)) if (!m.has(k)) m.set(k, v);
  return m.get(n)!;
}
