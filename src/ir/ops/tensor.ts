// Tensor ops: declarations and literals, applying an operator, elementwise arithmetic with
// broadcasting, slicing of the last axis (padding: layout.ts), and the pointwise functions of
// frequency-domain layers (conj real imag abs relu tanh sin cos exp sigmoid gelu angle atan2
// softshrink). Reductions and layout along any axis are layout.ts.
import { type EvalEnv, type OpDefs, defineConstructor } from "../catalogue.js";
import { resolveShape } from "../bind.js";
import { applyAxis, binary, broadcast, fill, requireFloat, tensorOf } from "../build.js";
import { fail } from "../errors.js";
import { erf } from "../math/erf.js";
import { mk, type Node } from "../node.js";
import { type DType, type TensorType, isComplex, promote, tensorType, toComplex, toReal, typeStr } from "../types.js";
import { type CTensor, type LinOp, type RValue, ctensor, numelOf } from "../value.js";
import { L, T, checkSize } from "./common.js";

const shapeOf = (n: Node) => (n.type as TensorType).shape;

/** Broadcast elementwise op of two tensors (numpy rules). */
function broadcastBinary(a: CTensor, b: CTensor, f: (ar: number, ai: number, br: number, bi: number) => [number, number]): CTensor {
  const rank = Math.max(a.shape.length, b.shape.length);
  const sa = [...Array(rank - a.shape.length).fill(1), ...a.shape], sb = [...Array(rank - b.shape.length).fill(1), ...b.shape];
  const shape = sa.map((d, i) => (d === 1 ? sb[i] : d));
  const out = ctensor(shape);
  const idx = new Array(rank).fill(0);
  for (let o = 0; o < out.re.length; o++) {
    let ia = 0, ib = 0;
    for (let k = 0; k < rank; k++) {
      ia = ia * sa[k] + (sa[k] === 1 ? 0 : idx[k]);
      ib = ib * sb[k] + (sb[k] === 1 ? 0 : idx[k]);
    }
    const [r, i] = f(a.re[ia], a.im[ia], b.re[ib], b.im[ib]);
    out.re[o] = r;
    out.im[o] = i;
    for (let k = rank - 1; k >= 0; k--) {
      if (++idx[k] < shape[k]) break;
      idx[k] = 0;
    }
  }
  return out;
}

/**
 * y = A applied to every line of x along `axis`, element (o, k, i) at (o·n + k)·inner + i: the
 * lines are gathered into rows, A applied to them, and the results written back strided.
 */
function applyAlong(A: LinOp, x: CTensor, axis: number): CTensor {
  if (axis === x.shape.length - 1) return A.apply(x);
  const outer = numelOf(x.shape.slice(0, axis)), n = x.shape[axis], inner = numelOf(x.shape.slice(axis + 1));
  const rows = ctensor([outer, inner, n]);
  for (let o = 0; o < outer; o++)
    for (let k = 0; k < n; k++)
      for (let i = 0; i < inner; i++) {
        const s = (o * n + k) * inner + i, d = (o * inner + i) * n + k;
        rows.re[d] = x.re[s];
        rows.im[d] = x.im[s];
      }
  const r = A.apply(rows), m = A.rows;
  const y = ctensor(x.shape.map((d, i) => (i === axis ? m : d)));
  for (let o = 0; o < outer; o++)
    for (let k = 0; k < m; k++)
      for (let i = 0; i < inner; i++) {
        const d = (o * m + k) * inner + i, s = (o * inner + i) * m + k;
        y.re[d] = r.re[s];
        y.im[d] = r.im[s];
      }
  return y;
}

function map(x: CTensor, f: (re: number, im: number) => [number, number]): CTensor {
  const y = ctensor([...x.shape]);
  for (let i = 0; i < x.re.length; i++) [y.re[i], y.im[i]] = f(x.re[i], x.im[i]);
  return y;
}

/** The last-axis window [start, start+len) of x, zero where x has no data. */
function window(x: CTensor, start: number, len: number): CTensor {
  const n = x.shape[x.shape.length - 1], batch = x.re.length / n;
  const y = ctensor([...x.shape.slice(0, -1), len]);
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < len; i++) {
      const j = i + start;
      if (j >= 0 && j < n) (y.re[b * len + i] = x.re[b * n + j]), (y.im[b * len + i] = x.im[b * n + j]);
    }
  return y;
}

// ---- constructors -------------------------------------------------------------------------

const shapeCtor = (name: string, value: number) => ({
  name,
  doc: `tensor of ${value === 0 ? "zeros" : "ones"} with the given dimensions (f64)`,
  params: [{ name: "dims", kind: "int" as const, variadic: true }],
  build: (a: { dims: number[] }) => fill(value, a.dims.map((d, i) => checkSize(d, "dimension", i)), "f64"),
});

type PointwiseOp = "conj" | "real" | "imag" | "abs" | "relu" | "tanh" | "sin" | "exp" | "cos" | "sigmoid" | "gelu" | "angle";
type PointwiseRule = { real?: boolean; out?: (d: DType) => DType };
const POINTWISE: Record<PointwiseOp, PointwiseRule> = {
  conj: {},
  real: { out: toReal },
  imag: { out: toReal },
  abs: { out: toReal },
  relu: { real: true },
  tanh: { real: true },
  sin: { real: true },
  exp: {},
  cos: { real: true },
  sigmoid: { real: true },
  gelu: { real: true },
  angle: { out: toReal },
};

const pointwiseCtor = (name: PointwiseOp, rule: PointwiseRule) => ({
  name,
  doc: `elementwise ${name}`,
  params: [{ name: "x", kind: "tensor" as const }],
  build: (a: { x: Node }) => {
    const t = requireFloat(a.x, `${name}()`, 0);
    if (rule.real && isComplex(t.dtype)) fail("E0402", `${name}() needs real data, got ${typeStr(t)}`, 0);
    return mk(name, tensorType(rule.out ? rule.out(t.dtype) : t.dtype, t.shape), [a.x], {});
  },
});

defineConstructor(
  shapeCtor("zeros", 0),
  shapeCtor("ones", 1),
  ...(Object.keys(POINTWISE) as PointwiseOp[]).map((k) => pointwiseCtor(k, POINTWISE[k])),
  {
    name: "softshrink",
    doc: "soft thresholding: sign(x) * max(|x| - lambda, 0); of the real and imaginary parts separately for complex x",
    params: [{ name: "x", kind: "tensor" }, { name: "lambda", kind: "number", default: 0.5 }],
    build: (a) => {
      // on complex data it shrinks the real and imaginary parts separately (as AFNO does)
      const t = requireFloat(a.x, "softshrink()", 0);
      if (a.lambda < 0) fail("E0603", `softshrink's lambda must be >= 0, got ${a.lambda}`, 1);
      return mk("softshrink", t, [a.x], { lambda: a.lambda });
    },
  },
  {
    name: "atan2",
    doc: "elementwise atan2(a, b), the angle of b + i a in (-pi, pi] (numpy.arctan2), with broadcasting",
    params: [{ name: "a", kind: "tensor" }, { name: "b", kind: "tensor" }],
    build: (a) => {
      const ts = [a.a, a.b].map((x: Node, i) => {
        const t = requireFloat(x, "atan2()", i);
        if (isComplex(t.dtype)) fail("E0402", `atan2() needs real data, got ${typeStr(t)}`, i);
        return t;
      });
      return mk("atan2", tensorType(promote(ts[0].dtype, ts[1].dtype), broadcast(ts[0].shape, ts[1].shape)), [a.a, a.b], {});
    },
  },
  {
    name: "complex",
    doc: "re + i im: of two numbers the complex scalar (a c128 tensor of shape []); of real tensors (and numbers, weak) the complex tensor of their precision, broadcast (torch.complex)",
    params: [{ name: "re", kind: "scalar" }, { name: "im", kind: "scalar", default: 0 }],
    build: (a) => {
      const re = a.re as Node | number, im = a.im as Node | number;
      if (typeof re === "number" && typeof im === "number") return mk("const", tensorType("c128", []), [], { data: [re, im] });
      const dtypes = ([re, im] as const).flatMap((x, i) => {
        if (typeof x === "number") return [];
        const t = requireFloat(x, "complex()", i);
        if (isComplex(t.dtype)) fail("E0402", `complex() takes real parts, got ${typeStr(t)}`, i);
        return [t.dtype];
      });
      const precision = dtypes.reduce(promote);
      // the imaginary unit at the parts' precision, so complex(x32, y32) is c64 as torch.complex makes it
      const unit = mk("const", tensorType(toComplex(precision), []), [], { data: [0, 1] });
      return binary("+", re, binary("*", unit, im)) as Node;
    },
  },
);

// ---- reference meanings -------------------------------------------------------------------

/**
 * Complex product, IEEE real arithmetic wherever an operand is real: an operand whose imaginary
 * part is zero contributes no cross terms, so real * real is the IEEE product (no NaN from
 * inf * 0, no lost sign of zero) and real * complex scales both parts. The backends emit the same
 * operations for operands they know to be real.
 */
function mul(ar: number, ai: number, br: number, bi: number): [number, number] {
  if (ai === 0) return [ar * br, ar * bi];
  if (bi === 0) return [ar * br, ai * br];
  return [ar * br - ai * bi, ar * bi + ai * br];
}

/**
 * Complex quotient. A divisor with zero imaginary part divides each part (IEEE: x / 0 is
 * +-inf or NaN, x / 1e200 underflows only where the quotient does; (1 + 0i) / 0 is inf + NaN i
 * as in numpy, and a real-typed result drops its imaginary part). Otherwise Smith's algorithm,
 * which scales by the larger of |br|, |bi| so no intermediate overflows needlessly. The cpu and
 * gpujs backends emit exactly these operations (../../backends/shared/pointwise.ts).
 */
function div(ar: number, ai: number, br: number, bi: number): [number, number] {
  if (bi === 0) return [ar / br, ai / br];
  if (Math.abs(br) >= Math.abs(bi)) {
    const r = bi / br, d = br + bi * r;
    return [(ar + ai * r) / d, (ai - ar * r) / d];
  }
  const r = br / bi, d = br * r + bi;
  return [(ar * r + ai) / d, (ai * r - ar) / d];
}

const bin = (f: (ar: number, ai: number, br: number, bi: number) => [number, number]) => (_n: Node, s: RValue[]) => broadcastBinary(T(s[0]), T(s[1]), f);
const pw = (f: (re: number, im: number) => [number, number]) => (_n: Node, s: RValue[]) => map(T(s[0]), f);

const bound = (what: "input" | "param") => ({
  tensor: (n: Node & { arg: { name: string } }, _s: RValue[], env: EvalEnv) => {
    const v = env.bindings.get(n.arg.name);
    if (!v) return fail("E0704", `no value bound for ${what} '${n.arg.name}'`);
    return v;
  },
});

export const tensorOps = {
  input: bound("input"),
  param: bound("param"),
  const: {
    verify: (n) => {
      const d = n.arg.data, t = tensorOf(n);
      const count = numelOf(t.shape as number[]) * (isComplex(t.dtype) ? 2 : 1);
      return d.length === count ? undefined : `const holds ${d.length} numbers, type needs ${count}`;
    },
    tensor: (n) => {
      const t = tensorOf(n), d = n.arg.data, c = isComplex(t.dtype);
      const x = ctensor(t.shape as number[]);
      for (let i = 0; i < x.re.length; i++) (x.re[i] = c ? d[2 * i] : d[i]), (x.im[i] = c ? d[2 * i + 1] : 0);
      return x;
    },
  },
  fill: {
    tensor: (n, _s, env) => {
      const x = ctensor(resolveShape(shapeOf(n), env.dims));
      x.re.fill(n.arg.value);
      return x;
    },
  },
  apply: {
    verify: (n) => {
      const x = tensorOf(n.src[1]), k = applyAxis(n), A = n.src[0].type;
      if (A.kind !== "operator") return "apply needs an operator";
      if (n.arg.axis !== undefined && !(Number.isInteger(k) && k >= 0 && k < x.shape.length - 1)) return `axis ${k} is not a non-last axis of ${typeStr(x)}`;
      if (x.shape[k] !== A.cols) return `operator has ${A.cols} columns, operand axis ${k} has ${x.shape[k]}`;
      return tensorOf(n).shape[k] === A.rows ? undefined : `result axis ${k} is not the operator's ${A.rows} rows`;
    },
    tensor: (n, [a, x]) => applyAlong(L(a), T(x), applyAxis(n)),
  },
  add: { tensor: bin((ar, ai, br, bi) => [ar + br, ai + bi]) },
  sub: { tensor: bin((ar, ai, br, bi) => [ar - br, ai - bi]) },
  mul: { tensor: bin(mul) },
  div: { tensor: bin(div) },
  neg: { tensor: pw((r, i) => [-r, -i]) },
  conj: { tensor: pw((r, i) => [r, -i]) },
  real: { tensor: pw((r) => [r, 0]) },
  imag: { tensor: pw((_r, i) => [i, 0]) },
  abs: { tensor: pw((r, i) => [Math.hypot(r, i), 0]) },
  relu: { tensor: pw((r) => [Math.max(r, 0), 0]) },
  tanh: { tensor: pw((r) => [Math.tanh(r), 0]) },
  sin: { tensor: pw((r) => [Math.sin(r), 0]) },
  exp: { tensor: pw((r, i) => [Math.exp(r) * Math.cos(i), Math.exp(r) * Math.sin(i)]) },
  cos: { tensor: pw((r) => [Math.cos(r), 0]) },
  sigmoid: { tensor: pw((r) => [1 / (1 + Math.exp(-r)), 0]) },
  // torch's formula and order of operations (x * 0.5 * (1 + erf(x / sqrt 2)))
  gelu: { tensor: pw((r) => [r * 0.5 * (1 + erf(r * Math.SQRT1_2)), 0]) },
  angle: { tensor: pw((r, i) => [Math.atan2(i, r), 0]) },
  atan2: { tensor: bin((ar, _ai, br) => [Math.atan2(ar, br), 0]) },
  softshrink: {
    tensor: (n, [x]) => {
      const l = n.arg.lambda;
      // NaN stays NaN (PyTorch's and numpy's answer; NaN > l and NaN < -l are both false)
      const shrink = (v: number) => (v > l ? v - l : v < -l ? v + l : Number.isNaN(v) ? v : 0);
      return map(T(x), (r, i) => [shrink(r), shrink(i)]);
    },
  },
  slice: { tensor: (n, [x]) => window(T(x), n.arg.start, n.arg.stop - n.arg.start) },
  pad: { tensor: (n, [x]) => window(T(x), 0, n.arg.n) },
  cast: { tensor: (n, [x]) => (isComplex(tensorOf(n).dtype) ? T(x) : map(T(x), (r) => [r, 0])) },
} satisfies OpDefs;

