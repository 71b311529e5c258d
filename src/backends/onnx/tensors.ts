// The table of kernel tensor ops: how each renders on run-time data as ONNX ops (compile-time
// values never get here: they fold to initializers first, see lower.ts). Ops that are only ever
// evaluated at compile time (the state-space and HiPPO constructions, SH matrices, small matrix
// inverses) say so, and what to bind so that they fold.
import { type DType, type Node, type OperatorType, isComplex, isSingle } from "../../ir/index.js";
import { unsupported } from "../backend.js";
import type { Prec } from "./graph.js";
import { type Val, abs, addSub, conj, div, merge, mul, part, permuteLast, promote, toPrec } from "./complex.js";
import { type Ctx, type TensorTable, rejected, tensorType } from "./ctx.js";
import { applyOp } from "./operators.js";
import { block2 } from "./block2.js";
import { mcayleyGraph } from "./cayley.js";
import { circEmbed, spectralProduct } from "./patterns.js";
import { lowerSphereOp } from "./sphere.js";
import { gatherLast, padLast, sliceLast } from "./pieces.js";
import { s4dKernelGraph } from "./ssm.js";
import { dplrSpectrumGraph } from "./dplr.js";
import { ssmPowersGraph } from "./ssmpowers.js";
import { layoutOp } from "./layout.js";
import { modemixGraph } from "./mix.js";
import { atan2Graph, erfGraph } from "./special.js";

export const precOf = (d: DType): Prec => (isSingle(d) ? "f32" : "f64");
const precOfNode = (n: Node) => precOf(tensorType(n).dtype);
const srcs = (c: Ctx, n: Node) => n.src.map((s) => toPrec(c.g, c.tensor(s), precOfNode(n)));
const realOnly = (c: Ctx, x: Val) => (x.complex ? part(c.g, x, 0) : x);
const unary = (op: string, real = false) => (c: Ctx, n: Node): Val => {
  const x = c.tensor(n.src[0]), v = real ? realOnly(c, x) : x;
  return { ...v, name: c.g.op1(op, [v.name]) };
};
/** A value only ever known at compile time, as an initializer. */
function folded(c: Ctx, n: Node, why: string): Val {
  const v = c.known(n);
  if (!v) throw rejected(n.op, why);
  return c.constant(n, v);
}
const COMPILE_TIME_ONLY = "evaluated at compile time only: bind its inputs as params of concrete shape so it folds (a param with a symbolic dimension stays a run-time value, bound or not)";

export const TENSORS: TensorTable = {
  input: (c, n) => c.declared(n.arg.name),
  param: (c, n) => c.declared(n.arg.name),
  const: (c, n) => folded(c, n, "a literal the reference interpreter could not evaluate"),
  fill: (c, n) => folded(c, n, "a fill of a run-time (symbolic) shape"),
  apply: (c, n) => {
    const fused = spectralProduct(c, n, 0, tensorType(n).shape.at(-1) as number, c.tensor);
    return fused ?? applyOp(c, n.src[0], toPrec(c.g, c.tensor(n.src[1]), precOfNode(n.src[1])));
  },
  add: (c, n) => addSub(c.g, "Add", ...(srcs(c, n) as [Val, Val])),
  sub: (c, n) => addSub(c.g, "Sub", ...(srcs(c, n) as [Val, Val])),
  mul: (c, n) => mul(c.g, ...(srcs(c, n) as [Val, Val])),
  div: (c, n) => div(c.g, ...(srcs(c, n) as [Val, Val])),
  neg: unary("Neg"),
  conj: (c, n) => conj(c.g, c.tensor(n.src[0])),
  real: (c, n) => part(c.g, c.tensor(n.src[0]), 0),
  imag: (c, n) => part(c.g, c.tensor(n.src[0]), 1),
  abs: (c, n) => abs(c.g, c.tensor(n.src[0])),
  relu: (c, n) => {
    // Relu(-0) is -0 in onnxruntime; Abs makes it +0 (numpy.maximum(-0., 0.)), as on every other
    // backend, and changes nothing else (Relu's results are >= 0 or NaN)
    const v = unary("Relu", true)(c, n);
    return { ...v, name: c.g.op1("Abs", [v.name]) };
  },
  tanh: unary("Tanh", true),
  sin: unary("Sin", true),
  cos: unary("Cos", true),
  sigmoid: (c, n) => {
    // 1 / (1 + e^-x), as the reference (onnxruntime's float64 Sigmoid gives 0 for sigmoid(-40) = 4e-18)
    const x = realOnly(c, c.tensor(n.src[0])), g = c.g, one = g.scalar(1, x.prec);
    return { ...x, name: g.op1("Div", [one, g.op1("Add", [one, g.op1("Exp", [g.op1("Neg", [x.name])])])]) };
  },
  gelu: (c, n) => {
    // torch's formula, x * 0.5 * (1 + erf(x / sqrt 2)), with linc's erf (special.ts)
    const x = realOnly(c, c.tensor(n.src[0])), g = c.g, k = (v: number) => g.scalar(v, x.prec);
    const e = erfGraph(g, g.op1("Mul", [x.name, k(Math.SQRT1_2)]), x.prec);
    return { ...x, name: g.op1("Mul", [g.op1("Mul", [x.name, k(0.5)]), g.op1("Add", [k(1), e])]) };
  },
  angle: (c, n) => {
    const z = c.tensor(n.src[0]), g = c.g;
    if (!z.complex) {
      // atan2(+0, x): pi for x < 0 and x = -0 (1 / x < 0), else 0; NaN stays NaN
      const k = (v: number) => g.scalar(v, z.prec);
      const neg = g.op1("Or", [g.op1("Less", [z.name, k(0)]), g.op1("Less", [g.op1("Div", [k(1), z.name]), k(0)])]);
      return { ...z, name: g.op1("Where", [g.op1("IsNaN", [z.name]), z.name, g.op1("Where", [neg, k(Math.PI), k(0)])]) };
    }
    const re = part(g, z, 0), im = part(g, z, 1);
    return { ...re, name: atan2Graph(g, im.name, re.name, re.prec) };
  },
  atan2: (c, n) => {
    const [a, b] = srcs(c, n).map((v) => realOnly(c, v));
    return { ...a, name: atan2Graph(c.g, a.name, b.name, a.prec), shape: [...tensorType(n).shape] };
  },
  sum: layoutOp, reshape: layoutOp, permute: layoutOp, concat: layoutOp, narrow: layoutOp, pad_axis: layoutOp,
  modemix: modemixGraph,
  softshrink: (c, n) => {
    // relu(x - l) - relu(-x - l): exact in f64 (Shrink's float attributes would round lambda to
    // f32), and elementwise, so on the [..., 2] layout real and imaginary parts shrink apart
    const x = c.tensor(n.src[0]), g = c.g, lam = g.scalar(n.arg.lambda, x.prec);
    const pos = g.op1("Relu", [g.op1("Sub", [x.name, lam])]);
    const neg = g.op1("Relu", [g.op1("Sub", [g.op1("Neg", [x.name]), lam])]);
    return { ...x, name: g.op1("Sub", [pos, neg]) };
  },
  exp: (c, n) => {
    const x = c.tensor(n.src[0]), g = c.g;
    if (!x.complex) return { ...x, name: g.op1("Exp", [x.name]) };
    // e^(a+ib) = e^a (cos b + i sin b)
    const a = part(g, x, 0), b = part(g, x, 1), ea = g.op1("Exp", [a.name]);
    return merge(g, { ...a, name: g.op1("Mul", [ea, g.op1("Cos", [b.name])]) }, { ...a, name: g.op1("Mul", [ea, g.op1("Sin", [b.name])]) });
  },
  slice: (c, n) => {
    const { start, stop } = n.arg;
    return spectralProduct(c, n.src[0], start, stop, c.tensor) ?? sliceLast(c.g, c.tensor(n.src[0]), start, stop);
  },
  pad: (c, n) => {
    const x = c.tensor(n.src[0]);
    return padLast(c.g, x, 0, n.arg.n - (x.shape[x.shape.length - 1] as number));
  },
  cast: (c, n) => {
    const x = toPrec(c.g, c.tensor(n.src[0]), precOfNode(n));
    return isComplex(tensorType(n).dtype) ? promote(c.g, x) : realOnly(c, x);
  },
  circ_embed: (c, n) => circEmbed(c.g, n, c.tensor(n.src[0]), c.tensor(n.src[1]), precOfNode(n)),
  mtranspose: (c, n) => {
    // the last two axes swapped (leading axes are a batch of matrices)
    const y = permuteLast(c.g, c.tensor(n.src[0]), [1, 0]);
    return n.arg.conj ? conj(c.g, y) : y;
  },
  materialize: (c, n) => {
    // A applied to the rows of I gives A^T; one transpose more gives the matrix
    const A = n.src[0], { cols, rows } = A.type as OperatorType, prec = precOfNode(n);
    const eye = new Float64Array(cols * cols);
    for (let i = 0; i < cols; i++) eye[i * cols + i] = 1;
    const At = applyOp(c, A, { name: c.g.constant(prec, [cols, cols], eye, "eye"), shape: [cols, cols], complex: false, prec });
    return { ...At, name: c.g.op1("Transpose", [At.name], { perm: At.complex ? [1, 0, 2] : [1, 0] }), shape: [rows, cols] };
  },
  chan_transpose: (c, n) => {
    // swap the channel axes, then reverse time mod n and conjugate where asked
    const x = c.tensor(n.src[0]), [co, ci, m] = x.shape as number[];
    const t: Val = { ...x, name: c.g.op1("Transpose", [x.name], { perm: x.complex ? [1, 0, 2, 3] : [1, 0, 2] }), shape: [ci, co, m] };
    const r = n.arg.reverse ? gatherLast(c.g, t, Array.from({ length: m }, (_, k) => (m - k) % m)) : t;
    return n.arg.conj ? conj(c.g, r) : r;
  },
  mcayley: (c, n) => mcayleyGraph(c.g, toPrec(c.g, c.tensor(n.src[0]), precOfNode(n))),
  minverse: unsupported("a matrix inverse of run-time data: bind its param at compile time so it folds"),
  block2: (c, n) => block2(c.g, c.tensor(n.src[0]), n.arg.mode),
  invperm: (c, n) => {
    // q[p[i]] = i: scatter 0..n-1 to the places p names (a permutation writes every entry once)
    const p = c.tensor(n.src[0]), len = tensorType(n).shape[0] as number, g = c.g;
    const at = (v: number) => g.constant("i64", [], [BigInt(v)], "range");
    const iota = g.op1("Range", [at(0), at(len), at(1)]);
    const zeros = g.op1("Sub", [p.name, p.name]); // zeros_like(p), i64
    return { ...p, name: g.op1("ScatterElements", [zeros, p.name, iota], { axis: 0 }) };
  },
  cg_path: unsupported(COMPILE_TIME_ONLY),
  hippo_A: unsupported(COMPILE_TIME_ONLY),
  hippo_B: unsupported(COMPILE_TIME_ONLY),
  s4d_kernel: (c, n) => s4dKernelGraph(c.g, n, n.src.map((s) => toPrec(c.g, c.tensor(s), precOfNode(n))), precOfNode(n)),
  dplr_spectrum: (c, n) => dplrSpectrumGraph(c.g, n, n.src.map((s) => toPrec(c.g, c.tensor(s), precOfNode(n))), precOfNode(n)),
  // float64 inside the graph whatever the output precision (an f32 solve and powers lost 5e-4 at N = 64), cast once at the end
  ssm_powers: (c, n) => toPrec(c.g, ssmPowersGraph(c.g, n, n.src.map((s) => toPrec(c.g, c.tensor(s), "f64")), "f64"), precOfNode(n)),
  ssm_dplr: unsupported(COMPILE_TIME_ONLY),
  ssm_basis: unsupported(COMPILE_TIME_ONLY),
  sh_matrix: unsupported("evaluated at compile time only: bind its angles as params so it folds"),
  gaunt_direct: (c, n) => lowerSphereOp(c.g, n, srcs(c, n)),
  gaunt_fourier: (c, n) => lowerSphereOp(c.g, n, srcs(c, n)),
};
