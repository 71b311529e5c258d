// Rewrite rules as data, and the engine that applies a rule set to a graph until nothing
// matches. A rule is {name, doc, match, guard?, rewrite}: `match` names the root op(s) it
// looks at, `guard` says whether it applies, `rewrite` returns the replacement (with the same
// type as the node it replaces, which the engine checks).
import { type Node, type NodeOf, type OpName, type Type, typeStr, withSrc } from "../ir/index.js";
import type { Schedule } from "./schedule/table.js";

export interface RewriteCtx {
  /** Names of params whose values are known at compile time. */
  boundParams: ReadonlySet<string>;
  /** The target's schedule: every per-target choice a rule makes comes from it. */
  schedule: Schedule;
  /** Rules that fired, in order (for `linc explain`). */
  fired: Map<string, number>;
}

export interface Rule<K extends OpName = OpName> {
  name: string;
  /** One line saying what it does, e.g. `dft(n) @ idft(n) -> I(n)`. */
  doc: string;
  match: K | readonly K[];
  guard?(n: NodeOf<K>, ctx: RewriteCtx): boolean;
  /** The replacement, or undefined when the rule turns out not to apply. */
  rewrite(n: NodeOf<K>, ctx: RewriteCtx): Node | undefined;
}

/** A rule whose guard and rewrite see the matched op's typed arguments. */
export const rule = <K extends OpName>(r: Rule<K>): Rule => r as unknown as Rule;

/** Same value type: tensors agree on dtype and shape; operators on rows, cols and domains. */
export function sameType(a: Type, b: Type): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "tensor" && b.kind === "tensor")
    return a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
  if (a.kind === "operator" && b.kind === "operator")
    return a.rows === b.rows && a.cols === b.cols && !!a.realInput === !!b.realInput && !!a.realOutput === !!b.realOutput;
  return false;
}

const MAX_STEPS = 100_000;

/** Rewrite the graph under `roots` bottom-up to a fixed point of `rules`. */
export function applyRules(roots: readonly Node[], rules: readonly Rule[], ctx: RewriteCtx): Node[] {
  const byOp = new Map<OpName, Rule[]>();
  for (const r of rules) for (const op of typeof r.match === "string" ? [r.match] : r.match) byOp.set(op, [...(byOp.get(op) ?? []), r]);
  const memo = new Map<Node, Node>();
  let steps = 0;

  const visit = (n: Node): Node => {
    const hit = memo.get(n);
    if (hit) return hit;
    let m = withSrc(n, n.src.map(visit));
    for (let changed = true; changed; ) {
      changed = false;
      for (const rule of byOp.get(m.op) ?? []) {
        if (rule.guard && !rule.guard(m, ctx)) continue;
        const r = rule.rewrite(m, ctx);
        if (!r || r === m) continue;
        if (!sameType(r.type, m.type))
          throw new Error(`internal: rule ${rule.name} changed the type ${typeStr(m.type)} -> ${typeStr(r.type)}`);
        if (++steps > MAX_STEPS) throw new Error(`internal: rewriting did not terminate (last rule ${rule.name})`);
        ctx.fired.set(rule.name, (ctx.fired.get(rule.name) ?? 0) + 1);
        m = visit(r);
        changed = true;
        break;
      }
    }
    memo.set(n, m);
    memo.set(m, m);
    return m;
  };
  return roots.map(visit);
}
