// Small helpers shared by the op families: argument checks that raise catalogue errors, and
// access to the float64 values of sources during reference evaluation.
import { fail } from "../errors.js";
import type { Node } from "../node.js";
import { type TensorType, isComplex, isPow2, typeStr } from "../types.js";
import { type CMat, type CTensor, type LinOp, type RValue, cmat } from "../value.js";

/** Operators may not exceed this many rows or columns (refused before anything is allocated). */
export const sizeLimits = { maxOperatorSide: 1 << 26 };

export function checkSize(n: number, what: string, argIndex?: number): number {
  if (!Number.isInteger(n)) fail("E0302", `${what} must be an integer, got ${n}`, argIndex);
  if (n <= 0) fail("E0302", `${what} must be positive, got ${n}`, argIndex);
  if (n > sizeLimits.maxOperatorSide) fail("E0304", `${what} = ${n} is above the limit of ${sizeLimits.maxOperatorSide}`, argIndex);
  return n;
}

export function checkPow2(n: number, what: string, argIndex?: number): number {
  checkSize(n, what, argIndex);
  if (!isPow2(n)) fail("E0303", `${what} must be a power of two, got ${n}`, argIndex);
  return n;
}

/** A tensor argument of the given rank whose dims are all concrete; returns the dims. */
export function concreteTensor(x: Node, rank: number, what: string, argIndex: number): number[] {
  const t = x.type as TensorType;
  if (t.dtype === "i64") fail("E0403", `${what} must hold float data, got index data ${typeStr(t)}`, argIndex);
  if (t.shape.length !== rank) fail("E0301", `${what} must have ${rank} ax${rank === 1 ? "is" : "es"}, got ${typeStr(t)}`, argIndex);
  for (const d of t.shape) if (typeof d !== "number") fail("E0305", `${what} needs concrete dimensions, got ${typeStr(t)}`, argIndex);
  return t.shape as number[];
}

export const tensorIsComplex = (x: Node): boolean => isComplex((x.type as TensorType).dtype);

/** Float64 value of a tensor source during evaluation. */
export const T = (v: RValue): CTensor => v as CTensor;
export const L = (v: RValue): LinOp => v as LinOp;

/** Build a dense matrix from an entry function returning [re, im]. */
export function matFrom(rows: number, cols: number, f: (i: number, j: number) => readonly [number, number] | number): CMat {
  const m = cmat(rows, cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const v = f(i, j);
      if (typeof v === "number") m.re[i * cols + j] = v;
      else (m.re[i * cols + j] = v[0]), (m.im[i * cols + j] = v[1]);
    }
  return m;
}

/** exp(i * theta) as [cos, sin]; angle reduced exactly via integer arithmetic by the caller. */

export const NORMS = ["backward", "ortho", "forward"] as const;
