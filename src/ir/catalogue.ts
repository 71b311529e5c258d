// The op catalogue: for every op, its invariant check and its reference meaning; and the table
// of DSL-callable constructors (dft, toeplitz, pad, ...) with their signatures and type rules.
// Families register their entries from src/ir/ops/*.ts; src/ir/index.ts loads them all.
import { aliasOf } from "./aliases.js";
import { fail } from "./errors.js";
import type { Node, NodeOf } from "./node.js";
import type { OpName } from "./ops.js";
import { didYouMean } from "./suggest.js";
import type { CMat, CTensor, RValue } from "./value.js";

/** What a DSL call argument evaluates to: a compile-time number, string or bool, or a graph node. */
export type CallArg = number | string | boolean | Node;

export interface ParamSpec {
  name: string;
  /** "scalar": a number or a tensor (the type rule checks it is a real scalar). */
  kind: "int" | "number" | "scalar" | "string" | "bool" | "tensor" | "operator";
  /** Present when the argument may be omitted. */
  default?: number | string | boolean;
  /** Allowed values of a string or int argument. */
  oneOf?: readonly (string | number)[];
  /** Collects all remaining positional arguments (kron(A, B, ...)). */
  variadic?: boolean;
  /** May be left out with no default: the build sees undefined (fftn(x) over all axes; irfft2's n). */
  optional?: boolean;
}

export interface Constructor {
  name: string;
  params: readonly ParamSpec[];
  doc: string;
  /** It takes per-channel operators (OperatorType.batch) as arguments; other constructors refuse them (E0502). */
  channels?: boolean;
  /** Type rule and node construction; throws LincError (with argIndex = parameter index) on bad input. */
  build(args: Record<string, any>): Node | number;
}

/** Values bound at evaluation time (inputs and params by name). */
export interface EvalEnv {
  bindings: Map<string, CTensor>;
  /** Sizes of symbolic dimensions, learned from the bound inputs. */
  dims?: Map<string, number>;
}

/** The reference meaning and invariant check of op K (src/ir/reference.ts collects them all). */
export interface OpDef<K extends OpName = OpName> {
  /** Invariant check, run by the verifier after every pass; returns a problem or undefined. */
  verify?(n: NodeOf<K>): string | undefined;
  /** Reference meaning of a tensor op. */
  tensor?(n: NodeOf<K>, src: RValue[], env: EvalEnv): CTensor;
  /** Reference meaning of a C-linear operator op: its dense matrix. */
  dense?(n: NodeOf<K>, src: RValue[]): CMat;
  /** Direct action on a batch, for ops that are not C-linear (irdft) or should not be materialised. */
  apply?(n: NodeOf<K>, src: RValue[], x: CTensor): CTensor;
}

/** A family's reference meanings, keyed by op: `{ dft: {...}, rdft: {...} } satisfies OpDefs`. */
export type OpDefs = { readonly [K in OpName]?: OpDef<K> };

const constructors = new Map<string, Constructor>();

export function defineConstructor(...cs: Constructor[]): void {
  for (const c of cs) constructors.set(c.name, c);
}
export const getConstructor = (name: string): Constructor | undefined => constructors.get(name);
export const constructorNames = (): string[] => [...constructors.keys()];

/** `; did you mean 'dft(n)'?` for a name that is no constructor: another library's name for one, or the nearest spellings. */
export function constructorHint(name: string): string {
  const a = aliasOf(name);
  if (a && constructors.has(a.name)) return `; did you mean '${a.call}'?`;
  return didYouMean(name, constructors.keys());
}

/** One argument of a call as written: optional keyword name and its value. */
export interface WrittenArg {
  name?: string;
  value: CallArg;
}

const kindOf = (v: CallArg): string =>
  typeof v === "number" ? "number" : typeof v === "string" ? "string" : typeof v === "boolean" ? "bool" : v.isOperator ? "operator" : "tensor";

/**
 * Match written arguments against a constructor's signature and build the node. Errors carry
 * argIndex = the index of the offending written argument (or undefined for the call itself).
 */
export function callConstructor(name: string, written: readonly WrittenArg[]): Node | number {
  const c = constructors.get(name);
  if (!c) return fail("E0104", `unknown operator or function '${name}'${constructorHint(name)}`);
  const values: Record<string, any> = {};
  const argIndexOf: Record<string, number> = {};
  const params = c.params;
  let p = 0;
  const sig = `${name}(${params.map((q) => (q.variadic ? `${q.name}...` : q.default !== undefined ? `${q.name}=` + JSON.stringify(q.default) : q.optional ? `${q.name}=` : q.name)).join(", ")})`;
  let sawKeyword = false;
  written.forEach((w, i) => {
    if (w.name === undefined) {
      if (sawKeyword) fail("E0002", `positional argument after a keyword argument in ${name}()`, i);
      const q = params[p];
      if (!q) fail("E0201", `${name}() takes at most ${params.length} argument${params.length === 1 ? "" : "s"}: ${sig}`, i);
      if (q.variadic) {
        (values[q.name] ??= []).push(w.value);
        argIndexOf[q.name] ??= i;
        check(q, w.value, i);
        return;
      }
      values[q.name] = w.value;
      argIndexOf[q.name] = i;
      check(q, w.value, i);
      p++;
    } else {
      sawKeyword = true;
      const q = params.find((x) => x.name === w.name);
      if (!q) fail("E0202", `${name}() has no argument '${w.name}'; expected ${sig}${didYouMean(w.name, params.map((x) => x.name))}`, i);
      if (q!.name in values) fail("E0203", `argument '${w.name}' of ${name}() given twice`, i);
      values[q!.name] = w.value;
      argIndexOf[q!.name] = i;
      check(q!, w.value, i);
    }
  });
  for (const q of params) {
    if (q.name in values) continue;
    if (q.default !== undefined) values[q.name] = q.default;
    else if (q.optional) values[q.name] = undefined;
    else if (q.variadic) fail("E0201", `${name}() needs at least one ${q.name}: ${sig}`);
    else fail("E0201", `${name}() is missing argument '${q.name}': ${sig}`);
  }
  try {
    return c.build(values);
  } catch (e: any) {
    // re-map a parameter index from the type rule to the written argument index
    if (e && e.code && typeof e.argIndex === "number") {
      const q = params[e.argIndex];
      if (q && argIndexOf[q.name] !== undefined) e = Object.assign(Object.create(Object.getPrototypeOf(e)), e, { argIndex: argIndexOf[q.name] });
      else e = Object.assign(Object.create(Object.getPrototypeOf(e)), e, { argIndex: undefined });
    }
    throw e;
  }

  function check(q: ParamSpec, v: CallArg, i: number): void {
    const k = kindOf(v);
    const ok =
      q.kind === k ||
      (q.kind === "int" && k === "number" && Number.isInteger(v)) ||
      (q.kind === "number" && k === "number") ||
      (q.kind === "scalar" && (k === "number" || k === "tensor"));
    if (q.kind === "int" && k === "number" && !Number.isInteger(v))
      fail("E0302", `argument '${q.name}' of ${name}() must be an integer, got ${v}`, i);
    if (!ok) fail("E0204", `argument '${q.name}' of ${name}() must be ${article(q.kind)}, got ${article(k)}`, i);
    if (k === "operator" && !c!.channels && (v as Node).type.kind === "operator") {
      const batch = ((v as Node).type as { batch?: readonly (number | string)[] }).batch;
      if (batch) fail("E0502", `${name}() does not take per-channel operators: argument '${q.name}' has channel axes [${batch.join(", ")}]`, i);
    }
    if (q.oneOf && !q.oneOf.includes(v as string | number))
      fail("E0205", `argument '${q.name}' of ${name}() must be one of ${q.oneOf.map((o) => JSON.stringify(o)).join(", ")}, got ${JSON.stringify(v)}${typeof v === "string" ? didYouMean(v, q.oneOf.map(String)) : ""}`, i);
  }
}

const article = (k: string): string => (k === "int" ? "an integer" : k === "operator" ? "an operator" : k === "scalar" ? "a number or a scalar tensor" : `a ${k}`);
