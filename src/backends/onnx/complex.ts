// Values of a lowered graph and the complex arithmetic on them. A complex tensor of logical
// shape [..., n] is an ONNX real tensor [..., n, 2] (re, im), the DFT op's layout; every complex
// operation is lowered to real ONNX ops here. Shapes keep symbolic leading dims: reshapes copy
// leading axes with Reshape's 0 ("keep this dim"), so batch sizes stay run-time values.
import type { GraphBuilder, OnnxDim, Prec } from "./graph.js";

export interface Val {
  name: string;
  /** Logical shape: without the trailing 2 of a complex value. */
  shape: OnnxDim[];
  complex: boolean;
  prec: Prec;
}

export const rankOf = (v: Val): number => v.shape.length + (v.complex ? 1 : 0);
export const lastOf = (v: Val): number => v.shape[v.shape.length - 1] as number;
/** The ONNX shape of a value (logical shape plus the trailing 2 when complex). */
export const onnxShape = (v: Val): OnnxDim[] => (v.complex ? [...v.shape, 2] : [...v.shape]);
const like = (v: Val, name: string, shape: OnnxDim[] = v.shape, complex = v.complex): Val => ({ name, shape, complex, prec: v.prec });

/** Replace the last `k` logical axes by `dims`, keeping leading axes (Reshape 0 = copy). */
export function reshapeLast(g: GraphBuilder, v: Val, k: number, dims: number[]): Val {
  const lead = v.shape.length - k;
  const target = [...Array(lead).fill(0), ...dims, ...(v.complex ? [2] : [])];
  return like(v, g.op1("Reshape", [v.name, g.i64(target)]), [...v.shape.slice(0, lead), ...dims]);
}

/** Permute the last `perm.length` logical axes (the complex axis stays last). */
export function permuteLast(g: GraphBuilder, v: Val, perm: number[]): Val {
  const lead = v.shape.length - perm.length;
  const full = [...Array.from({ length: lead }, (_, i) => i), ...perm.map((p) => lead + p), ...(v.complex ? [v.shape.length] : [])];
  const shape = [...v.shape.slice(0, lead), ...perm.map((p) => v.shape[lead + p])];
  return like(v, g.op1("Transpose", [v.name], { perm: full }), shape);
}

export const swapLast2 = (g: GraphBuilder, v: Val): Val => permuteLast(g, v, [1, 0]);

/** Cast to another precision (no-op when it already has it). */
export function toPrec(g: GraphBuilder, v: Val, prec: Prec): Val {
  if (v.prec === prec) return v;
  return { ...v, prec, name: g.op1("Cast", [v.name], { to: prec === "f32" ? 1 : 11 }) };
}

/** Real -> complex with zero imaginary part. */
export function promote(g: GraphBuilder, v: Val): Val {
  if (v.complex) return v;
  const r = v.shape.length;
  const u = g.op1("Unsqueeze", [v.name, g.i64([-1])]);
  const pads = [...Array(r + 1).fill(0), ...Array(r).fill(0), 1];
  return like(v, g.op1("Pad", [u, g.i64(pads)]), v.shape, true);
}

/** The real or imaginary part of a complex value (a real value is its own real part). */
export function part(g: GraphBuilder, v: Val, which: 0 | 1): Val {
  if (!v.complex) return which === 0 ? v : like(v, g.op1("Mul", [v.name, g.scalar(0, v.prec)]));
  return like(v, g.op1("Gather", [v.name, g.constant("i64", [], [BigInt(which)], "idx")], { axis: -1 }), v.shape, false);
}

/** Put a real and an imaginary part together. */
export function merge(g: GraphBuilder, re: Val, im: Val): Val {
  const a = g.op1("Unsqueeze", [re.name, g.i64([-1])]);
  const b = g.op1("Unsqueeze", [im.name, g.i64([-1])]);
  return like(re, g.op1("Concat", [a, b], { axis: -1 }), re.shape, true);
}

export function conj(g: GraphBuilder, v: Val): Val {
  if (!v.complex) return v;
  return like(v, g.op1("Mul", [v.name, g.constant(v.prec, [2], [1, -1], "conj")]));
}

/** (re, im) -> (-im, re) scaled: the value times i·s, as a gather of the pair and a sign. */
function swapPair(g: GraphBuilder, v: Val): string {
  return g.op1("Gather", [v.name, g.i64([1, 0], "swap")], { axis: -1 });
}

/** Broadcast shape of two logical shapes (numpy rules; symbolic dims pass through). */
export function broadcastShape(a: OnnxDim[], b: OnnxDim[]): OnnxDim[] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    return x === 1 ? y : x;
  });
}

/** A real value lined up against a complex one: add a trailing axis of 1. */
const lift = (g: GraphBuilder, v: Val): string => g.op1("Unsqueeze", [v.name, g.i64([-1])]);

/** Elementwise a ⊙ b with broadcasting over real or complex operands. */
export function mul(g: GraphBuilder, a: Val, b: Val): Val {
  const shape = broadcastShape(a.shape, b.shape);
  if (!a.complex && !b.complex) return like(a, g.op1("Mul", [a.name, b.name]), shape, false);
  if (!b.complex) return like(a, g.op1("Mul", [a.name, lift(g, b)]), shape, true);
  if (!a.complex) return like(b, g.op1("Mul", [lift(g, a), b.name]), shape, true);
  // (ar + i ai)(br + i bi) = a·br + swap(a)·(-bi, bi)
  const br = lift(g, part(g, b, 0)), bi = lift(g, part(g, b, 1));
  const t1 = g.op1("Mul", [a.name, br]);
  const sbi = g.op1("Mul", [bi, g.constant(a.prec, [2], [-1, 1], "sign")]);
  const t2 = g.op1("Mul", [swapPair(g, a), sbi]);
  return like(a, g.op1("Add", [t1, t2]), shape, true);
}

/**
 * a ⊙ t for a constant complex table t of logical shape `dims` (broadcast against a's last
 * axes): two premultiplied tables (re, re) and (-im, im), so it costs one gather, two Muls and an Add.
 */
export function mulConst(g: GraphBuilder, a: Val, dims: number[], re: Float64Array, im: Float64Array, hint = "tw"): Val {
  const m = re.length;
  const rr = new Float64Array(2 * m), ii = new Float64Array(2 * m);
  for (let k = 0; k < m; k++) (rr[2 * k] = rr[2 * k + 1] = re[k]), (ii[2 * k] = -im[k]), (ii[2 * k + 1] = im[k]);
  const cr = g.constant(a.prec, [...dims, 2], rr, `${hint}_re`), ci = g.constant(a.prec, [...dims, 2], ii, `${hint}_im`);
  const c = promote(g, a);
  const t1 = g.op1("Mul", [c.name, cr]);
  const t2 = g.op1("Mul", [swapPair(g, c), ci]);
  return like(c, g.op1("Add", [t1, t2]), c.shape, true);
}

/** a + b or a - b, promoting a real operand to complex when the other is complex. */
export function addSub(g: GraphBuilder, op: "Add" | "Sub", a: Val, b: Val): Val {
  const cplx = a.complex || b.complex;
  const x = cplx ? promote(g, a) : a, y = cplx ? promote(g, b) : b;
  return like(x, g.op1(op, [x.name, y.name]), broadcastShape(a.shape, b.shape), cplx);
}

/**
 * a / b as the reference divides (src/ir/ops/tensor.ts, numpy's answers): a real divisor, or one
 * whose imaginary part is exactly 0, divides each part (x / 0 is ±inf or NaN, as IEEE says);
 * otherwise Smith's algorithm, scaling by the larger of |br|, |bi| so that nothing overflows
 * needlessly. (a·conj(b) / |b|² gave NaN for every division by 0 and overflowed |b|² above 1e154.)
 */
export function div(g: GraphBuilder, a: Val, b: Val): Val {
  const shape = broadcastShape(a.shape, b.shape);
  if (!b.complex) {
    const bn = a.complex ? lift(g, b) : b.name;
    return like(a, g.op1("Div", [a.name, bn]), shape, a.complex);
  }
  const op = (o: string, ...x: string[]) => g.op1(o, x);
  const zero0 = g.scalar(0, b.prec);
  const ar = part(g, a, 0).name, ai = a.complex ? part(g, a, 1).name : zero0;
  const br = part(g, b, 0).name, bi = part(g, b, 1).name;
  const zero = op("Equal", bi, zero0);
  const big = op("GreaterOrEqual", op("Abs", br), op("Abs", bi));
  const r = op("Where", big, op("Div", bi, br), op("Div", br, bi));
  const d = op("Where", big, op("Add", br, op("Mul", bi, r)), op("Add", op("Mul", br, r), bi));
  const re = op("Where", zero, op("Div", ar, br), op("Where", big, op("Div", op("Add", ar, op("Mul", ai, r)), d), op("Div", op("Add", op("Mul", ar, r), ai), d)));
  const im = op("Where", zero, op("Div", ai, br), op("Where", big, op("Div", op("Sub", ai, op("Mul", ar, r)), d), op("Div", op("Sub", op("Mul", ai, r), ar), d)));
  return merge(g, like(b, re, shape, false), like(b, im, shape, false));
}

/** |b|² of a complex value, as a real value. */
export function abs2(g: GraphBuilder, b: Val): Val {
  if (!b.complex) return like(b, g.op1("Mul", [b.name, b.name]));
  const sq = g.op1("Mul", [b.name, b.name]);
  return like(b, g.op1("ReduceSum", [sq, g.i64([-1])], { keepdims: 0 }), b.shape, false);
}

export function abs(g: GraphBuilder, v: Val): Val {
  if (!v.complex) return like(v, g.op1("Abs", [v.name]));
  return like(v, g.op1("Sqrt", [abs2(g, v).name]), v.shape, false);
}

/** Multiply by a real or complex scalar (no node when it is 1). */
export function scaleBy(g: GraphBuilder, v: Val, re: number, im = 0): Val {
  if (im === 0) return re === 1 ? v : like(v, g.op1("Mul", [v.name, g.scalar(re, v.prec)]));
  return mulConst(g, v, [1], Float64Array.of(re), Float64Array.of(im), "s");
}
