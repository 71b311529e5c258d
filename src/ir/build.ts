// Builders for the algebra the DSL writes with symbols: `@`, `+ - * /`, unary minus, `.T`,
// `.H`, slicing, declarations. Each checks its type rule and builds nodes through `mk`.
import { applyChannels, channelBroadcast, transposeChannels } from "./channels.js";
import { fail } from "./errors.js";
import type { CallArg } from "./catalogue.js";
import { mk, type Node } from "./node.js";
import {
  type DType, type Dim, type OperatorType, type Shape, type TensorType,
  isComplex, operatorType, promote, shapeStr, tensorType, toComplex, toReal, typeStr,
} from "./types.js";

export type Value = CallArg;

export const tensorOf = (n: Node): TensorType => n.type as TensorType;
export const operatorOf = (n: Node): OperatorType => n.type as OperatorType;
export const isNode = (v: Value): v is Node => typeof v === "object";
export const isOperator = (v: Value): v is Node => isNode(v) && v.isOperator;
export const isTensor = (v: Value): v is Node => isNode(v) && !v.isOperator;

export const describe = (v: Value): string =>
  typeof v === "number" ? `the number ${v}` : typeof v === "string" ? `the string "${v}"` : typeof v === "boolean" ? `${v}` : `${v.isOperator ? "an operator" : "a tensor"} ${typeStr(v.type)}`;

export function declare(kind: "input" | "param", name: string, dtype: DType, shape: Shape): Node {
  return mk(kind, tensorType(dtype, shape), [], { name });
}

/** A scalar constant; `like` picks its precision so that `2 * x` keeps x's dtype (numpy's weak scalars). */
export function scalar(v: number, like?: DType): Node {
  const dtype = like ? toReal(like) : "f64";
  return mk("const", tensorType(dtype, []), [], { data: [v] });
}

export function fill(value: number, shape: Shape, dtype: DType = "f64"): Node {
  return mk("fill", tensorType(dtype, shape), [], { value });
}

/** Requires a float tensor (not index data). */
export function requireFloat(x: Node, what: string, argIndex?: number): TensorType {
  const t = tensorOf(x);
  if (t.dtype === "i64") fail("E0403", `${what} needs float data, got index data ${typeStr(t)}`, argIndex);
  return t;
}

/** The concrete length of the last axis, or an error naming what needed it. */
export function lastDim(x: Node, what: string, argIndex?: number): number {
  const t = tensorOf(x);
  if (t.shape.length === 0) fail("E0301", `${what} needs at least one axis, got a scalar`, argIndex);
  const d = t.shape[t.shape.length - 1];
  if (typeof d !== "number") fail("E0305", `${what} needs a concrete last axis, got symbolic '${d}'`, argIndex);
  return d as number;
}

/** `A @ x` (apply along the last axis) or `A @ B` (composition). */
export function at(a: Value, b: Value): Node {
  if (!isOperator(a)) return fail("E0503", `left side of @ must be an operator, got ${describe(a)}`);
  if (isOperator(b)) return compose(a, b);
  if (!isTensor(b)) return fail("E0204", `right side of @ must be a tensor or an operator, got ${describe(b)}`);
  return apply(a, b);
}

/**
 * A applied along axis `axis` of x (normalised, 0 <= axis < rank; the last axis by default, as
 * `A @ x`): x's shape with that axis replaced by A's rows; the node records the axis only when
 * it is not the last. `argIndex`: the call argument x is (along()), for the errors' positions.
 */
export function apply(A: Node, x: Node, axis?: number, argIndex?: number): Node {
  const op = operatorOf(A);
  const t = requireFloat(x, "an operator", argIndex);
  if (t.shape.length === 0) fail("E0301", `cannot apply an operator to a scalar`, argIndex);
  const last = t.shape.length - 1, k = axis ?? last;
  const where = k === last ? "the last axis" : `axis ${k}`;
  const n = t.shape[k];
  if (typeof n !== "number") fail("E0305", `cannot apply an operator with ${op.cols} columns to an axis of symbolic length '${n}'`, argIndex);
  if (n !== op.cols) fail("E0301", `shape mismatch: operator has ${op.cols} columns but ${where} of the operand has length ${n} (operand ${typeStr(t)})`, argIndex);
  if (op.realInput && isComplex(t.dtype)) fail("E0402", `this operator takes real input, got ${typeStr(t)}`, argIndex);
  if (op.batch) {
    if (k !== last) fail("E0502", `a per-channel operator applies along the last axis (its channel axes align with the axes before it); move the axis last with permute first`, argIndex);
    return applyChannels(A, x);
  }
  const dtype = op.realOutput ? toReal(t.dtype) : op.complex || isComplex(t.dtype) ? toComplex(t.dtype) : t.dtype;
  return mk("apply", tensorType(dtype, t.shape.map((d, i) => (i === k ? op.rows : d))), [A, x], k === last ? {} : { axis: k });
}

/** The axis an apply node acts along (normalised; the last when its arg has none). */
export const applyAxis = (n: Node & { op: "apply" }): number => n.arg.axis ?? tensorOf(n.src[1]).shape.length - 1;

export function compose(A: Node, B: Node): Node {
  const a = operatorOf(A), b = operatorOf(B);
  if (a.cols !== b.rows) fail("E0301", `shape mismatch: cannot compose ${a.rows}x${a.cols} with ${b.rows}x${b.cols} (inner sizes ${a.cols} and ${b.rows} differ)`);
  if (a.realInput && b.complex && !b.realOutput) fail("E0402", `this operator takes real input, but the operator before it produces complex values`);
  const batch = a.batch || b.batch ? channelBroadcast(a.batch ?? [], b.batch ?? [], "a composition of per-channel operators") : undefined;
  return mk("compose", operatorType(a.rows, b.cols, a.complex || b.complex, { realInput: b.realInput, realOutput: a.realOutput, batch }), [A, B], {});
}

/** The operator type of A, refusing rdft/irdft-like operators (E0502), which have no transpose, sum or inverse. */
export function requireLinear(A: Node, what: string): OperatorType {
  const a = operatorOf(A);
  if (a.realInput || a.realOutput) fail("E0502", `${what} is not defined for rdft/irdft-like operators (they are not complex-linear)`);
  return a;
}

export function opsum(A: Node, B: Node): Node {
  const a = requireLinear(A, "a sum of operators"), b = requireLinear(B, "a sum of operators");
  if (a.rows !== b.rows || a.cols !== b.cols) fail("E0301", `shape mismatch: cannot add a ${a.rows}x${a.cols} operator to a ${b.rows}x${b.cols} one`);
  const batch = a.batch || b.batch ? channelBroadcast(a.batch ?? [], b.batch ?? [], "a sum of per-channel operators") : undefined;
  return mk("opsum", operatorType(a.rows, a.cols, a.complex || b.complex, { batch }), [A, B], {});
}

export function scale(s: number, A: Node): Node {
  const a = operatorOf(A);
  if (s === 1) return A;
  return mk("scale", operatorType(a.rows, a.cols, a.complex, { realInput: a.realInput, realOutput: a.realOutput, batch: a.batch }), [A], { re: s, im: 0 });
}

export function transpose(A: Value, conj: boolean): Node {
  if (!isOperator(A)) return fail("E0503", `.${conj ? "H" : "T"} needs an operator, got ${describe(A)}`);
  const a = requireLinear(A, conj ? ".H" : ".T");
  if (a.batch) return transposeChannels(A, conj);
  return mk(conj ? "adjoint" : "transpose", operatorType(a.cols, a.rows, a.complex), [A], {});
}

/** numpy broadcasting of two shapes; symbolic dims broadcast only against themselves or 1. */
export function broadcast(a: Shape, b: Shape): Dim[] {
  const n = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x === y || y === 1) out.push(x);
    else if (x === 1) out.push(y);
    else fail("E0301", `shape mismatch: cannot broadcast ${shapeStr(a)} with ${shapeStr(b)}`);
  }
  return out;
}

const BIN_OPS = { "+": "add", "-": "sub", "*": "mul", "/": "div" } as const;

/** `a + b`, `a - b`, `a * b`, `a / b` over numbers, tensors and operators. */
export function binary(sym: "+" | "-" | "*" | "/", a: Value, b: Value): Value {
  if (typeof a === "number" && typeof b === "number") {
    const r = sym === "+" ? a + b : sym === "-" ? a - b : sym === "*" ? a * b : a / b;
    if (!Number.isFinite(r)) fail("E0601", `constant expression ${a} ${sym} ${b} is not finite`);
    return r;
  }
  if (isOperator(a) || isOperator(b)) return operatorBinary(sym, a, b);
  if (!isTensor(a) && typeof a !== "number") fail("E0204", `cannot use ${describe(a)} in arithmetic`);
  if (!isTensor(b) && typeof b !== "number") fail("E0204", `cannot use ${describe(b)} in arithmetic`);
  const ta = isTensor(a) ? requireFloat(a, `'${sym}'`) : undefined;
  const tb = isTensor(b) ? requireFloat(b, `'${sym}'`) : undefined;
  const x = typeof a === "number" ? scalar(a, tb!.dtype) : (a as unknown as Node);
  const y = typeof b === "number" ? scalar(b, ta!.dtype) : (b as unknown as Node);
  const tx = tensorOf(x), ty = tensorOf(y);
  return mk(BIN_OPS[sym], tensorType(promote(tx.dtype, ty.dtype), broadcast(tx.shape, ty.shape)), [x, y], {});
}

function operatorBinary(sym: "+" | "-" | "*" | "/", a: Value, b: Value): Node {
  if (sym === "*" && typeof a === "number" && isOperator(b)) return scale(a, b);
  if (sym === "*" && typeof b === "number" && isOperator(a)) return scale(b, a);
  if (sym === "/" && typeof b === "number" && isOperator(a)) {
    if (b === 0) fail("E0601", "division of an operator by zero");
    return scale(1 / b, a);
  }
  if ((sym === "+" || sym === "-") && isOperator(a) && isOperator(b)) return opsum(a, sym === "-" ? scale(-1, b) : b);
  if (sym === "*" && isOperator(a) && isOperator(b)) return fail("E0502", "'*' between two operators is not defined; use '@' to compose them");
  return fail("E0502", `'${sym}' between ${describe(a)} and ${describe(b)} is not defined`);
}

export function negate(a: Value): Value {
  if (typeof a === "number") return -a;
  if (isOperator(a)) return scale(-1, a);
  if (isTensor(a)) {
    const t = requireFloat(a, "unary '-'");
    return mk("neg", t, [a], {});
  }
  return fail("E0204", `cannot negate ${describe(a)}`);
}

/** `x[a:b]` on the last axis (negative indices count from the end, as in Python). */
export function slice(x: Value, start: number | undefined, stop: number | undefined): Node {
  if (!isTensor(x)) return fail("E0502", `slicing needs a tensor, got ${describe(x)}`);
  const t = tensorOf(x);
  const n = lastDim(x, "slicing");
  const norm = (v: number) => (v < 0 ? v + n : v);
  const s = start === undefined ? 0 : norm(start), e = stop === undefined ? n : norm(stop);
  if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > n || s >= e)
    fail("E0306", `slice [${start ?? ""}:${stop ?? ""}] is empty or out of range for an axis of length ${n}`);
  return mk("slice", tensorType(t.dtype, [...t.shape.slice(0, -1), e - s]), [x], { start: s, stop: e });
}
