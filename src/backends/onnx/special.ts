// Special functions that onnxruntime has no double-precision kernel for (Erf, Atan: float only),
// built from ops it has in both precisions:
//   erf    linc's one erf routine (src/ir/math/erf.ts) evaluated from its own tables: the
//          interval's Taylor polynomial, its coefficients gathered per element, by Horner;
//   atan2  a float32 Atan and its quadrant fix-up on (b, a) scaled into [-1, 1] (no overflow in
//          the cast; infinities as their limits), then in float64 two Newton steps on
//          sin(t) b - cos(t) a = 0, which converge quadratically from float32's 1e-7 to rounding error.
import { ERF_GRID, ERF_SMALL, ERF_TAYLOR } from "../../ir/math/erf.js";
import type { GraphBuilder, Prec } from "./graph.js";

/** erf of the real tensor x, elementwise, in precision p. */
export function erfGraph(g: GraphBuilder, x: string, p: Prec): string {
  const k = (v: number) => g.scalar(v, p), op = (o: string, ...xs: string[]) => g.op1(o, xs);
  const horner = (cs: readonly string[], v: string) => cs.slice(0, -1).reduceRight((acc, c) => op("Add", op("Mul", acc, v), c), cs[cs.length - 1]);
  const a = op("Abs", x);
  const small = op("Mul", x, horner(ERF_SMALL.map(k), op("Mul", a, a)));
  const last = ERF_TAYLOR.length - 1, { first, step } = ERF_GRID;
  // the interval index of |x| (NaN and |x| >= 6 read interval 0: their results come from the Where below; a NaN index would crash Gather)
  const inRange = op("Where", op("Less", a, k(ERF_GRID.last)), a, k(first));
  const fi = op("Clip", op("Floor", op("Div", op("Sub", inRange, k(first)), k(step))), k(0), k(last));
  const i = g.op1("Cast", [fi], { to: 7 }); // int64
  const d = op("Sub", a, op("Add", op("Mul", fi, k(step)), k(first + step / 2)));
  const coef = (j: number) => op("Gather", g.constant(p, [ERF_TAYLOR.length], ERF_TAYLOR.map((row) => row[j]), "erf_taylor"), i);
  const mid = horner(ERF_TAYLOR[0].map((_, j) => coef(j)), d);
  const sign = op("Sign", x);
  return op("Where", op("Less", a, k(first)), small, op("Where", op("Less", a, k(ERF_GRID.last)), op("Mul", sign, mid), sign));
}

/** atan2(a, b) elementwise (broadcasting), the angle of b + i a, in precision p; IEEE's (and numpy's) answers at zeros of either sign and at infinities. */
export function atan2Graph(g: GraphBuilder, a: string, b: string, p: Prec): string {
  const k = (v: number) => g.scalar(v, p), op = (o: string, ...xs: string[]) => g.op1(o, xs);
  // infinite parts become +-1 and finite ones (signed) zeros beside them: the limiting angle
  const inf = op("IsInf", op("Max", op("Abs", a), op("Abs", b)));
  const [a1, b1] = [a, b].map((v) => op("Where", inf, op("Where", op("IsInf", v), op("Sign", v), op("Mul", v, k(0))), v));
  const m = op("Max", op("Abs", a1), op("Abs", b1));
  const safe = op("Where", op("Equal", m, k(0)), k(1), m);
  const y = op("Div", a1, safe), x = op("Div", b1, safe);
  // the quotient's arctangent in float32 (onnxruntime's only Atan), the quadrant from the signs (-0 counts as negative: 1 / -0 < 0)
  const q32 = op("Atan", op("Div", ...(p === "f32" ? [y, x] : [y, x].map((v) => g.op1("Cast", [v], { to: 1 }))) as [string, string]));
  const q = p === "f32" ? q32 : g.op1("Cast", [q32], { to: 11 });
  // signs from the arguments themselves (onnxruntime's Where drops the sign of a selected -0)
  const zero = k(0), negative = (v: string) => op("Or", op("Less", v, zero), op("Less", op("Div", k(1), v), zero));
  const negX = negative(b), negY = negative(a);
  const pi = (s: string, v: number) => op("Where", s, k(-v), k(v));
  const turned = op("Where", negX, op("Where", negY, op("Sub", q, k(Math.PI)), op("Add", q, k(Math.PI))), q);
  const onAxis = op("Where", op("Equal", y, zero), op("Where", negX, pi(negY, Math.PI), y), pi(negY, Math.PI / 2));
  let t = op("Where", op("Equal", x, zero), onAxis, turned);
  // onnxruntime's Where turns a selected -0 into +0: a zero angle takes the sign of y again, by a product
  const signed = (v: string) => op("Mul", op("Abs", v), op("Where", op("Equal", v, zero), pi(negY, 1), op("Sign", v)));
  if (p === "f32") return signed(t);
  for (let s = 0; s < 2; s++) {
    const sin = op("Sin", t), cos = op("Cos", t);
    const f = op("Sub", op("Mul", sin, x), op("Mul", cos, y)), df = op("Add", op("Mul", cos, x), op("Mul", sin, y));
    t = op("Where", op("Equal", df, k(0)), t, op("Sub", t, op("Div", f, df)));
  }
  return signed(t);
}
