// Text form of the IR, one line per node in topological order:
//   %4 = apply(%2, %3) : f32[batch, 4096]   # n=8, norm="ortho"
// Nodes are numbered locally (0, 1, 2, ... in print order) so the text of a graph does not
// depend on how many nodes were built before it; that keeps dumps diffable across passes.
import type { ArgValue, Arg, Node } from "./node.js";
import { toposort } from "./node.js";
import type { Program } from "./program.js";
import { typeStr } from "./types.js";

const MAX_ITEMS = 6;

/** A short, one-line rendering of an argument value (long arrays are elided). */
export function argValueStr(v: ArgValue): string {
  if (v instanceof Float64Array || Array.isArray(v)) {
    const items = Array.from(v as ArrayLike<ArgValue>);
    const shown = items.slice(0, MAX_ITEMS).map((x) => argValueStr(x));
    return `[${shown.join(", ")}${items.length > MAX_ITEMS ? `, … (${items.length})` : ""}]`;
  }
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (typeof v === "string") return JSON.stringify(v);
  if (v !== null && typeof v === "object") return `{${argStr(v as Arg)}}`;
  return String(v);
}

/** `k=v, k=v` for a node's arg, keys in a stable order. */
export const argStr = (arg: Node["arg"] | Arg): string => {
  const a: Arg = arg;
  return Object.keys(a)
    .filter((k) => a[k] !== undefined)
    .sort()
    .map((k) => `${k}=${argValueStr(a[k])}`)
    .join(", ");
};

export interface PrintOptions {
  /** Number nodes by their global factory id instead of locally. */
  globalIds?: boolean;
  /** Names to annotate nodes with (e.g. the outputs they are). */
  names?: Map<Node, string[]>;
}

/** Print the graph under `roots`, sources before users. */
export function printNodes(roots: readonly Node[], opts: PrintOptions = {}): string {
  const order = toposort(roots);
  const local = new Map(order.map((n, i) => [n, i]));
  const id = (n: Node) => `%${opts.globalIds ? n.id : local.get(n)}`;
  return order
    .map((n) => {
      const head = `${id(n)} = ${n.op}(${n.src.map(id).join(", ")}) : ${typeStr(n.type)}`;
      const notes = [argStr(n.arg), ...(opts.names?.get(n) ?? []).map((s) => `-> ${s}`)].filter(Boolean);
      return notes.length ? `${head}   # ${notes.join("  ")}` : head;
    })
    .join("\n");
}

/** Roots of a program's graph: declarations first (so they print first, even unused), then outputs. */
export const programRoots = (p: Program): Node[] => [...p.inputs, ...p.params, ...p.outputs].map((d) => d.node);

/** Print a program: its graph, then which node each output is. */
export function printProgram(p: Program, opts: PrintOptions = {}): string {
  const roots = programRoots(p);
  const names = new Map<Node, string[]>();
  for (const o of p.outputs) names.set(o.node, [...(names.get(o.node) ?? []), `output ${o.name}`]);
  const order = toposort(roots);
  const local = new Map(order.map((n, i) => [n, i]));
  const body = printNodes(roots, { ...opts, names });
  const outs = p.outputs.map((o) => `output ${o.name} = %${opts.globalIds ? o.node.id : local.get(o.node)}`);
  return [`# ${p.file}`, body, ...outs].filter((s) => s !== "").join("\n") + "\n";
}
