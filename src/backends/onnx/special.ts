// Special functions that onnxruntime has no double-precision kernel for (Erf, Atan: float only),
// built from ops it has in both precisions:
//   erf    linc's one erf routine (src/ir/math/erf.ts) evaluated from its own tables: the
//          interval's Taylor polynomial, its coefficients gathered per element, by Horner;
//   atan2  a float32 Atan and its quadrant fix-up on (b, a) scaled into [-1, 1] (no overflow in
//          the cast), then in float64 two Newton steps on sin(t) b - cos(t) a = 0, which
//          converge quadratically from float32's 1e-7 to rounding error.
import { ERF_GRID, ERF_SMALL, ERF_TAYLOR } from "../../ir/math/erf.js";
import type { GraphBuilder, Prec } from "./graph.js";

/** erf of the real tensor x, elementwise, in precision p. */
export function erfGraph(g: GraphBuilder, x: string, p: Prec): string {
  const k = (v: number) => g.scalar(v, p), op = (o: string, ...xs: string[]) => g.op1(o, xs);
  const horner = (cs: readonly string[], v: string) => cs.slice(0, -1).reduceRight((acc, c) => op("Add", op("Mul", acc, v), c), cs[cs.length - 1]);
  const a = op("Abs", x);
  const small = op("Mul", x, horner(ERF_SMALL.map(k), op("Mul", a, a)));
  const last = ERF_TAYLOR.length - 1, { first, step } = ERF_GRID;
  const fi = op("Clip", op("Floor", op("Div", op("Sub", a, k(first)), k(step))), k(0), k(last));
  const i = g.op1("Cast", [fi], { to: 7 }); // int64
  const d = op("Sub", a, op("Add", op("Mul", fi, k(step)), k(first + step / 2)));
  const coef = (j: number) => op("Gather", g.constant(p, [ERF_TAYLOR.length], ERF_TAYLOR.map((row) => row[j]), "erf_taylor"), i);
  const mid = horner(ERF_TAYLOR[0].map((_, j) => coef(j)), d);
  const sign = op("Sign", x);
  return op("Where", op("Less", a, k(first)), small, op("Where", op("Less", a, k(ERF_GRID.last)), op("Mul", sign, mid), sign));
}

/** atan2(a, b) elementwise (broadcasting), the angle of b + i a, in precision p. */
export function atan2Graph(g: GraphBuilder, a: string, b: string, p: Prec): string {
  const k = (v: number) => g.scalar(v, p), op = (o: string, ...xs: string[]) => g.op1(o, xs);
  const m = op("Max", op("Abs", a), op("Abs", b));
  const safe = op("Where", op("Equal", m, k(0)), k(1), m);
  const y = op("Div", a, safe), x = op("Div", b, safe);
  // the quotient's arctangent in float32 (onnxruntime's only Atan), the quadrant from the signs in p
  const q32 = op("Atan", op("Div", ...(p === "f32" ? [y, x] : [y, x].map((v) => g.op1("Cast", [v], { to: 1 }))) as [string, string]));
  const q = p === "f32" ? q32 : g.op1("Cast", [q32], { to: 11 });
  const pi = k(Math.PI), zero = k(0);
  const turned = op("Where", op("Less", x, zero), op("Where", op("Less", y, zero), op("Sub", q, pi), op("Add", q, pi)), q);
  let t = op("Where", op("Equal", x, zero), op("Mul", op("Sign", y), k(Math.PI / 2)), turned);
  if (p === "f32") return t;
  for (let s = 0; s < 2; s++) {
    const sin = op("Sin", t), cos = op("Cos", t);
    const f = op("Sub", op("Mul", sin, x), op("Mul", cos, y)), df = op("Add", op("Mul", cos, x), op("Mul", sin, y));
    t = op("Where", op("Equal", df, k(0)), t, op("Sub", t, op("Div", f, df)));
  }
  return t;
}
