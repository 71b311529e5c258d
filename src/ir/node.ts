// The one node type of the IR and the one factory that builds it. The factory hash-conses:
// building the same op over the same sources with the same argument returns the same object,
// so common-subexpression elimination is free and node identity is structural identity.
import type { OpName } from "./ops.js";
import { type Type, typeStr } from "./types.js";

export type ArgValue = number | string | boolean | null | readonly ArgValue[] | Float64Array | { readonly [k: string]: ArgValue };
export type Arg = { readonly [k: string]: ArgValue };

export class Node {
  constructor(
    readonly id: number,
    readonly op: OpName,
    readonly type: Type,
    readonly src: readonly Node[],
    readonly arg: Arg,
    readonly key: string,
  ) {}
  get isOperator(): boolean {
    return this.type.kind === "operator";
  }
  toString(): string {
    return `%${this.id} = ${this.op}(${this.src.map((s) => "%" + s.id).join(", ")}) : ${typeStr(this.type)}`;
  }
}

let nextId = 1;
const table = new Map<string, WeakRef<Node>>();
const reaper = new FinalizationRegistry<string>((key) => {
  const ref = table.get(key);
  if (ref && ref.deref() === undefined) table.delete(key);
});

/** FNV-1a over the bytes of a large constant (hash-consing key; exact compare is not needed for correctness of equal keys in practice). */
function hashBytes(v: Float64Array): string {
  const b = new Uint32Array(v.buffer, v.byteOffset, v.length * 2);
  let h1 = 0x811c9dc5, h2 = 0x01000193;
  for (let i = 0; i < b.length; i++) {
    h1 = Math.imul(h1 ^ b[i], 16777619);
    h2 = Math.imul(h2 ^ b[i] ^ (i * 2654435761), 2246822519);
  }
  return (h1 >>> 0).toString(16) + (h2 >>> 0).toString(16);
}

function argKey(v: ArgValue): string {
  if (v instanceof Float64Array) return v.length <= 64 ? `f64[${Array.from(v).join(",")}]` : `f64#${v.length}:${hashBytes(v)}`;
  if (Array.isArray(v)) return `[${v.map(argKey).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const o = v as { [k: string]: ArgValue };
    return `{${Object.keys(o).sort().map((k) => `${k}:${argKey(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** Build (or find) the node `op(src; arg) : type`. */
export function mk(op: OpName, type: Type, src: readonly Node[] = [], arg: Arg = {}): Node {
  const key = `${op}|${typeStr(type)}|${type.kind === "tensor" ? "" : ""}${src.map((s) => s.id).join(",")}|${argKey(arg)}`;
  const hit = table.get(key)?.deref();
  if (hit) return hit;
  const node = new Node(nextId++, op, Object.freeze(type), Object.freeze([...src]), Object.freeze(arg), key);
  table.set(key, new WeakRef(node));
  reaper.register(node, key);
  return node;
}

/** All nodes reachable from `roots`, sources before users (topological order). */
export function toposort(roots: readonly Node[]): Node[] {
  const seen = new Set<Node>();
  const order: Node[] = [];
  const stack: [Node, number][] = roots.map((r) => [r, 0]);
  stack.reverse();
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [n, i] = top;
    if (seen.has(n)) {
      stack.pop();
      continue;
    }
    if (i < n.src.length) {
      top[1]++;
      const s = n.src[i];
      if (!seen.has(s)) stack.push([s, 0]);
    } else {
      stack.pop();
      seen.add(n);
      order.push(n);
    }
  }
  return order;
}

/** Rebuild the graph under `roots` bottom-up, replacing each node by `f(node, newSrc)`. */
export function rebuild(roots: readonly Node[], f: (n: Node, src: readonly Node[]) => Node): Node[] {
  const memo = new Map<Node, Node>();
  for (const n of toposort(roots)) {
    const src = n.src.map((s) => memo.get(s)!);
    memo.set(n, f(n, src));
  }
  return roots.map((r) => memo.get(r)!);
}

/** Same node with new sources (and optionally a new arg); keeps op and type. */
export const withSrc = (n: Node, src: readonly Node[], arg: Arg = n.arg): Node =>
  src.every((s, i) => s === n.src[i]) && src.length === n.src.length && arg === n.arg ? n : mk(n.op, n.type, src, arg);
