// The one node type of the IR and the one factory that builds it. The factory hash-conses:
// building the same op over the same sources with the same arguments returns the same object,
// so common-subexpression elimination is free and node identity is structural identity.
//
// `Node` is a union over the op registry (src/ir/ops.ts): testing `n.op === "dft"` (or a
// `switch (n.op)`) narrows `n.arg` to `OpArgs["dft"]`, so no reader casts an argument.
import type { OpArgs, OpName } from "./ops.js";
import { type Type, fullShapeStr, typeStr } from "./types.js";

export type ArgValue = number | string | boolean | null | undefined | readonly ArgValue[] | Float64Array | { readonly [k: string]: ArgValue };
export type Arg = { readonly [k: string]: ArgValue };

class NodeImpl<K extends OpName> {
  constructor(
    readonly id: number,
    readonly op: K,
    readonly type: Type,
    readonly src: readonly Node[],
    readonly arg: OpArgs[K],
    readonly key: string,
  ) {}
  get isOperator(): boolean {
    return this.type.kind === "operator";
  }
  toString(): string {
    return `%${this.id} = ${this.op}(${this.src.map((s) => "%" + s.id).join(", ")}) : ${typeStr(this.type)}`;
  }
}

/** A node of op K (of each op, for a union K): `arg` has that op's typed arguments. */
export type NodeOf<K extends OpName> = K extends OpName ? NodeImpl<K> : never;
/** Any node; narrowing on `op` narrows `arg`. */
export type Node = { [K in OpName]: NodeImpl<K> }[OpName];

/** Whether n is an `op` node (a type guard that narrows its arguments). */
export const isOp = <K extends OpName>(n: Node, op: K): n is NodeOf<K> => n.op === op;

/** The arguments of n, which must be an `op` node (an internal error otherwise). */
export function argOf<K extends OpName>(n: Node, op: K): OpArgs[K] {
  if (n.op !== op) throw new Error(`internal: expected a ${op} node, got ${n.op}`);
  return n.arg as OpArgs[K];
}

let nextId = 1;
/** Hash key -> the nodes with that key (more than one only if two different constants collide). */
const table = new Map<string, WeakRef<Node>[]>();
const reaper = new FinalizationRegistry<string>((key) => {
  const refs = table.get(key)?.filter((r) => r.deref() !== undefined);
  if (refs?.length) table.set(key, refs);
  else table.delete(key);
});

/** FNV-1a over the bytes of a large constant (a hash only: equal hashes are compared in full). */
function hashBytes(v: Float64Array): string {
  const b = new Uint32Array(v.buffer, v.byteOffset, v.length * 2);
  let h1 = 0x811c9dc5, h2 = 0x01000193;
  for (let i = 0; i < b.length; i++) {
    h1 = Math.imul(h1 ^ b[i], 16777619);
    h2 = Math.imul(h2 ^ b[i] ^ (i * 2654435761), 2246822519);
  }
  return (h1 >>> 0).toString(16) + (h2 >>> 0).toString(16);
}

const SMALL_ARRAY = 64;

function argKey(v: ArgValue): string {
  if (v instanceof Float64Array) return v.length <= SMALL_ARRAY ? `f64[${Array.from(v, bitsOf).join(",")}]` : `f64#${v.length}:${hashBytes(v)}`;
  if (Array.isArray(v)) return `[${v.map(argKey).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const o = v as { readonly [k: string]: ArgValue };
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${k}:${argKey(o[k])}`).join(",")}}`;
  }
  return typeof v === "number" ? bitsOf(v) : JSON.stringify(v);
}

/** A number's exact identity: -0 and 0 differ, every NaN is one value. */
const bitsOf = (x: number): string => (Object.is(x, -0) ? "-0" : String(x));

/** Whether two argument values are equal in full (the hash key may elide large arrays). */
function sameArg(a: ArgValue, b: ArgValue): boolean {
  if (a === b) return true;
  if (a instanceof Float64Array || b instanceof Float64Array) {
    if (!(a instanceof Float64Array && b instanceof Float64Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = a as readonly ArgValue[], y = b as readonly ArgValue[];
    return Array.isArray(a) && Array.isArray(b) && x.length === y.length && x.every((v, i) => sameArg(v, y[i]));
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const x = a as { readonly [k: string]: ArgValue }, y = b as { readonly [k: string]: ArgValue };
    const kx = Object.keys(x).filter((k) => x[k] !== undefined), ky = Object.keys(y).filter((k) => y[k] !== undefined);
    return kx.length === ky.length && kx.every((k) => sameArg(x[k], y[k]));
  }
  return typeof a === "number" && typeof b === "number" && Object.is(a, b);
}

/** Build (or find) the node `op(src; arg) : type`. */
export function mk<K extends OpName>(op: K, type: Type, src: readonly Node[], arg: OpArgs[K]): NodeOf<K> {
  const a = arg as unknown as Arg;
  const key = `${op}|${type.kind === "tensor" ? type.dtype + fullShapeStr(type.shape) : typeStr(type)}|${src.map((s) => s.id).join(",")}|${argKey(a)}`;
  const refs = table.get(key);
  for (const r of refs ?? []) {
    const hit = r.deref();
    // the key is exact except for large constants, which are compared in full here
    if (hit && sameArg(hit.arg as unknown as Arg, a)) return hit as unknown as NodeOf<K>;
  }
  const node = new NodeImpl<K>(nextId++, op, Object.freeze(type), Object.freeze([...src]), Object.freeze(arg) as OpArgs[K], key);
  const ref = new WeakRef(node as unknown as Node);
  if (refs) refs.push(ref);
  else table.set(key, [ref]);
  reaper.register(node, key);
  return node as NodeOf<K>;
}

/** The same op with new sources and arguments: for generic rewrites that keep a node's op. */
export const remake = (n: Node, src: readonly Node[], arg: Node["arg"] = n.arg): Node =>
  mk(n.op, n.type, src, arg as OpArgs[OpName]) as Node;

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

/** Same node with new sources (and optionally new arguments); keeps op and type. */
export const withSrc = (n: Node, src: readonly Node[], arg: Node["arg"] = n.arg): Node =>
  src.every((s, i) => s === n.src[i]) && src.length === n.src.length && arg === n.arg ? n : remake(n, src, arg);
