// Test harness shared by the sphere and ssm tests: golden arrays <-> float64 tensors, and a
// tiny evaluator that runs the catalogue's reference meanings (OpDef.tensor) over a graph built
// with callConstructor, so these families are checked without the DSL or the interpreter.
import { readFileSync } from "node:fs";
import { type CallArg, type WrittenArg, callConstructor } from "../../src/ir/catalogue.js";
import { getOpDef } from "../../src/ir/reference.js";
import { declare } from "../../src/ir/build.js";
import { type Node, toposort } from "../../src/ir/node.js";
import type { DType } from "../../src/ir/types.js";
import type { CTensor } from "../../src/ir/value.js";
import "../../src/ir/ops/sphere.js";
import "../../src/ir/ops/ssm.js";
import { type GoldenArray, type GoldenCase, loadGolden as loadAll } from "../support/golden.js";

export type { GoldenArray, GoldenCase };

export const loadGolden = (family: string): GoldenCase[] => loadAll([family]);

export function toTensor(g: GoldenArray): CTensor {
  const n = g.shape.reduce((a, b) => a * b, 1);
  const re = new Float64Array(n), im = new Float64Array(n);
  const cplx = g.dtype === "c64" || g.dtype === "c128";
  for (let i = 0; i < n; i++) {
    re[i] = cplx ? g.data[2 * i] : g.data[i];
    im[i] = cplx ? g.data[2 * i + 1] : 0;
  }
  return { shape: [...g.shape], re, im };
}

export const tensor = (shape: number[], re: ArrayLike<number>, im?: ArrayLike<number>): CTensor => ({
  shape,
  re: Float64Array.from(re),
  im: im ? Float64Array.from(im) : new Float64Array(re.length),
});

/** callConstructor with positional values and keyword values. */
export function call(name: string, positional: CallArg[], keywords: Record<string, CallArg> = {}): Node {
  const written: WrittenArg[] = [...positional.map((value) => ({ value })), ...Object.entries(keywords).map(([name, value]) => ({ name, value }))];
  return callConstructor(name, written) as Node;
}

/** A param node whose value is bound to `t` in the returned bindings. */
export function bind(bindings: Map<string, CTensor>, name: string, t: CTensor, dtype: DType = "f64"): Node {
  bindings.set(name, t);
  return declare("param", name, dtype, t.shape);
}

/** Evaluate `root` with the reference meanings of the catalogue; inputs/params come from `bindings`. */
export function evaluate(root: Node, bindings: Map<string, CTensor>): CTensor {
  const values = new Map<Node, CTensor>();
  for (const n of toposort([root])) {
    if (n.op === "input" || n.op === "param") {
      const v = bindings.get(n.arg.name as string);
      if (!v) throw new Error(`unbound ${n.arg.name}`);
      values.set(n, v);
      continue;
    }
    const def = getOpDef(n.op);
    const problem = def.verify?.(n);
    if (problem) throw new Error(`verify ${n.op}: ${problem}`);
    values.set(n, def.tensor!(n, n.src.map((s) => values.get(s)!), { bindings }));
  }
  return values.get(root)!;
}

/** max |x - y| over real and imaginary parts. */
export function maxAbsDiff(x: CTensor | { re: ArrayLike<number>; im?: ArrayLike<number> }, y: CTensor | { re: ArrayLike<number>; im?: ArrayLike<number> }): number {
  let m = 0;
  if (x.re.length !== y.re.length) return Infinity;
  for (let i = 0; i < x.re.length; i++) {
    m = Math.max(m, Math.abs(x.re[i] - y.re[i]));
    m = Math.max(m, Math.abs((x.im?.[i] ?? 0) - (y.im?.[i] ?? 0)));
  }
  return m;
}

export const randomArray = (r: () => number, n: number): Float64Array => Float64Array.from({ length: n }, r);
