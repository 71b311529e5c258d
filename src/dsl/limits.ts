// Size limits the front end enforces before anything is allocated: every tensor with concrete
// dims, and every operator side (rows, cols), may hold at most `maxElements` elements. Operators
// are limited per side, not by rows*cols, so large structured operators (an FFT of 2^20) are fine.
import type { Constructor, WrittenArg } from "../ir/catalogue.js";
import { isOperator, isTensor, operatorOf, tensorOf, type Value } from "../ir/build.js";
import { typeStr } from "../ir/types.js";
import { sizeLimits } from "../ir/ops/common.js";

export interface ParseOptions {
  /** Largest tensor (elements) or operator side accepted; default 2^26. */
  maxElements?: number;
}

/** The defaults of ParseOptions: the IR's own size limit (one value for the front end and the constructors). */
export const parseOptions: Required<ParseOptions> = { maxElements: sizeLimits.maxOperatorSide };

/** Concrete part of a shape's size (symbolic dims count as 1: they are bound at run time). */
function concreteSize(shape: readonly (number | string)[]): number {
  let p = 1;
  for (const d of shape) if (typeof d === "number") p *= d;
  return p;
}

/** Why a value is over the limit, or undefined when it fits. */
export function oversize(v: Value, max: number): string | undefined {
  if (isOperator(v)) {
    const t = operatorOf(v);
    const side = Math.max(t.rows, t.cols);
    if (side > max) return `operator ${t.rows}x${t.cols} has a side of ${side}, above the limit of ${max}`;
  } else if (isTensor(v)) {
    const t = tensorOf(v);
    const n = concreteSize(t.shape);
    if (n > max) return `tensor ${typeStr(t)} has ${n} elements, above the limit of ${max}`;
  }
  return undefined;
}

/**
 * Integer arguments (sizes such as dft's n) above the limit, found from the signature before the
 * constructor runs, so nothing of that size is ever built. Returns the written argument's index.
 */
export function oversizeArgument(c: Constructor, written: readonly WrittenArg[], max: number): { index: number; why: string } | undefined {
  const variadic = c.params.findIndex((p) => p.variadic);
  let positional = 0;
  for (let i = 0; i < written.length; i++) {
    const w = written[i];
    const at = w.name === undefined ? positional++ : -1;
    const spec = w.name !== undefined ? c.params.find((p) => p.name === w.name) : variadic >= 0 && at >= variadic ? c.params[variadic] : c.params[at];
    if (!spec || spec.kind !== "int" || typeof w.value !== "number") continue;
    if (Math.abs(w.value) > max) return { index: i, why: `${spec.name}=${w.value} is above the limit of ${max}` };
  }
  return undefined;
}
