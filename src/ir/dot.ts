// Graphviz DOT rendering of the IR: one box per node labelled with its op and type (and a
// summary of its arguments); inputs, params, constants, operators and outputs are told apart
// by shape and colour so the dataflow of a spec can be read at a glance.
import type { Node } from "./node.js";
import { toposort } from "./node.js";
import { argStr, programRoots } from "./printer.js";
import type { Program } from "./program.js";
import { typeStr } from "./types.js";

/** How each kind of node is drawn. */
const STYLE = {
  input: 'shape=invhouse, style=filled, fillcolor="#cfe3ff"',
  param: 'shape=cylinder, style=filled, fillcolor="#fff0b3"',
  constant: 'shape=note, style=filled, fillcolor="#eeeeee"',
  operator: 'shape=box, style="rounded,filled", fillcolor="#e6dcf7"',
  tensor: 'shape=ellipse, style=filled, fillcolor="#ffffff"',
  output: 'shape=house, style="filled,bold", fillcolor="#c9f0c9"',
} as const;

function styleOf(n: Node): string {
  if (n.op === "input") return STYLE.input;
  if (n.op === "param") return STYLE.param;
  if (n.op === "const" || n.op === "fill") return STYLE.constant;
  return n.isOperator ? STYLE.operator : STYLE.tensor;
}

/** A DOT string literal (labels use \n for line breaks, so only quotes and backslashes need care). */
const quote = (s: string): string => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

const MAX_LABEL = 60;
const clip = (s: string): string => (s.length > MAX_LABEL ? s.slice(0, MAX_LABEL - 1) + "…" : s);

function label(n: Node): string {
  if (n.op === "input" || n.op === "param") return `${n.op} ${String(n.arg.name)}\n${typeStr(n.type)}`;
  const args = argStr(n.arg);
  return [n.op, typeStr(n.type), args ? clip(args) : ""].filter(Boolean).join("\n");
}

export interface DotOptions {
  /** Graph title (e.g. the spec file name). */
  title?: string;
  /** Named outputs: drawn as extra nodes with an edge from the node computing them. */
  outputs?: readonly { name: string; node: Node }[];
}

/** DOT for the graph under `roots`. */
export function nodesToDot(roots: readonly Node[], opts: DotOptions = {}): string {
  const lines = [
    "digraph linc {",
    "  rankdir=TB;",
    '  node [fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=8, color="#555555"];',
  ];
  if (opts.title) lines.push(`  label=${quote(opts.title)}; labelloc=t; fontname="Helvetica";`);
  const order = toposort([...roots, ...(opts.outputs ?? []).map((o) => o.node)]);
  for (const n of order) lines.push(`  n${n.id} [label=${quote(label(n))}, ${styleOf(n)}];`);
  for (const n of order)
    n.src.forEach((s, i) => {
      // operand order matters (apply(A, x), compose(A, B), sub, div): number the edges then
      const attrs = n.src.length > 1 ? ` [label="${i}"]` : "";
      lines.push(`  n${s.id} -> n${n.id}${attrs};`);
    });
  (opts.outputs ?? []).forEach((o, i) => {
    lines.push(`  out${i} [label=${quote(`output ${o.name}\n${typeStr(o.node.type)}`)}, ${STYLE.output}];`);
    lines.push(`  n${o.node.id} -> out${i};`);
  });
  lines.push("}");
  return lines.join("\n") + "\n";
}

/** DOT for a whole program: declarations, the graph, and one node per output. */
export const programToDot = (p: Program): string => nodesToDot(programRoots(p), { title: p.file, outputs: p.outputs });
