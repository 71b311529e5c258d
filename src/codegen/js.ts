// The JavaScript unparser of a codelet DAG (dag.ts): straight-line SSA text, one `const` per
// arithmetic node, loads named as the caller declared them, constants as exact literals.
// Used by the cpu backend's FFT passes and, through `exprOf`, by GPU.js kernel texts (whose
// JavaScript subset reads the same text).

import { type Node, nameOf, schedule, valueOf } from "./dag.js";

/** A number as a JS literal that round-trips exactly (a decimal point even when integral). */
export function lit(x: number): string {
  if (Object.is(x, -0)) return "0";
  const s = String(x);
  return s.includes("e") || s.includes(".") || s.includes("I") || s.includes("N") ? s : s + ".0";
}

export interface JsCodelet {
  /** `const tK = …;` for every arithmetic node the roots need (indented). */
  readonly lines: string[];
  /** The expression of a root (or of any node the lines bound), e.g. `t3 - t7` or `-t5`. */
  expr(n: Node): string;
}

/**
 * Binds the nodes that `roots` depend on, except that a root's own operation and an operand
 * used by it alone stay in the root's expression, for the caller to store
 * (`y[o] = t3 * w1r - t7 * w1i;`): the twiddle products are not all live at once before the
 * stores, as hand-written codelets have it. `literal` spells constants.
 */
export function jsCodelet(roots: readonly Node[], opts: { prefix?: string; indent?: string; literal?: (x: number) => string } = {}): JsCodelet {
  const { prefix = "t", indent = "  ", literal = lit } = opts;
  const order = schedule(roots), isRoot = new Set(roots);
  const users = new Map<Node, Node[]>();
  for (const n of order) for (const s of n.src) users.set(s, [...(users.get(s) ?? []), n]);
  const inRoot = (n: Node) => !isRoot.has(n) && users.get(n)?.length === 1 && isRoot.has(users.get(n)![0]);
  const names = new Map<Node, string>();
  const lines: string[] = [];
  const operand = (n: Node, parent: Node): string => {
    if (n.op === "neg") return `(-${operand(n.src[0], n)})`;
    const name = names.get(n) ?? (n.op === "load" ? nameOf(n) : n.op === "const" ? literal(valueOf(n)) : null);
    if (name !== null) return name;
    return n.op === "mul" && parent.op !== "mul" ? inline(n) : `(${inline(n)})`;
  };
  const inline = (n: Node): string => {
    const [a, b] = n.src;
    switch (n.op) {
      case "add": return `${operand(a, n)} + ${operand(b, n)}`;
      case "sub": return `${operand(a, n)} - ${operand(b, n)}`;
      case "mul": return `${operand(b, n)} * ${operand(a, n)}`; // constants come first in the DAG, last in the text
      case "neg": return `-${operand(a, n)}`;
      default: return operand(n, n);
    }
  };
  let count = 0;
  for (const n of order) {
    if (n.op === "load" || n.op === "const" || n.op === "neg" || !users.has(n) || inRoot(n)) continue;
    const name = `${prefix}${count++}`;
    lines.push(`${indent}const ${name} = ${inline(n)};`);
    names.set(n, name);
  }
  return { lines, expr: (n) => names.get(n) ?? inline(n) };
}
