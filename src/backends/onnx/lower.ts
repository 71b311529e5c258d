// Lowering a checked Program to an ONNX graph: inputs and outputs keep the spec's names (complex
// ones with a trailing [.., 2] axis), symbolic dims become dim_param, params become initializers
// (or graph inputs), and every IR node becomes real ONNX ops. Subgraphs with no run-time input
// (constants, bound params, state-space kernels) fold at compile time through the reference
// interpreter, so only the data path reaches the model.
import {
  type CMat, type CTensor, type DType, type EvalEnv, type HostArray, type Node, type OperatorType, type Program, type TensorType,
  LincError, evalNodes, hostToTensor, isComplex, isSingle, toposort,
} from "../../ir/index.js";
import { GraphBuilder, type Prec } from "./graph.js";
import { type Val, abs, addSub, conj, div, merge, mul, onnxShape, part, promote, toPrec } from "./complex.js";
import type { FftStrategy } from "./fft.js";
import { type Ctx, applyOp } from "./operators.js";
import { circEmbed, spectralProduct } from "./patterns.js";
import { ONNX_SPHERE_OPS, lowerSphereOp } from "./sphere.js";
import { padLast, sliceLast } from "./pieces.js";

export interface OnnxOptions {
  opset?: 17 | 20;
  fft?: FftStrategy;
  /** Params as graph inputs instead of initializers. */
  paramsAsInputs?: boolean;
  /** Values of params, stored as initializers (and folded where they meet constants). */
  params?: Record<string, HostArray>;
  /** "auto" (default): tiny known operators go dense; "always": structured lowering wherever a rule exists. */
  structured?: "auto" | "always";
}

const precOf = (d: DType): Prec => (isSingle(d) ? "f32" : "f64");
const ttype = (n: Node) => n.type as TensorType;
/** Tensor ops that need run-time data, never folded. */
const LEAF_RUNTIME = new Set(["input"]);

export function compileOnnx(program: Program, options: OnnxOptions = {}): Uint8Array {
  return lowerProgram(program, options).toModel({
    opset: options.opset ?? 17,
    doc: program.source,
    graphName: program.file.replace(/^.*[\\/]/, "").replace(/\.linc$/, "") || "linc",
    metadata: { "linc.file": program.file, "linc.fft": options.fft ?? "auto" },
  });
}

export function lowerProgram(program: Program, options: OnnxOptions = {}): GraphBuilder {
  const g = new GraphBuilder();
  const params = options.params ?? {};
  const asInputs = !!options.paramsAsInputs;
  // which nodes depend on run-time data (inputs, and params when they are graph inputs)
  const roots = program.outputs.map((o) => o.node);
  const order = toposort(roots);
  const runtime = new Set<Node>();
  for (const n of order)
    if (LEAF_RUNTIME.has(n.op) || (n.op === "param" && (asInputs || !(n.arg.name as string in params))) || n.src.some((s) => runtime.has(s))) runtime.add(n);
  const env: EvalEnv = { bindings: new Map(Object.entries(params).map(([k, v]) => [k, hostToTensor(v)])) };
  const known = new Map<Node, CTensor | CMat | undefined>();
  /** The compile-time value of a node with no run-time input, or undefined where the reference refuses it (too large). */
  const fold = (n: Node): CTensor | CMat | undefined => {
    if (runtime.has(n)) return undefined;
    if (!known.has(n)) {
      try {
        const v = evalNodes([n], env).get(n)!;
        known.set(n, "apply" in v ? v.dense() : v);
      } catch {
        known.set(n, undefined); // lowered into the graph instead: onnxruntime folds it when the session starts
      }
    }
    return known.get(n);
  };
  const vals = new Map<Node, Val>();

  // graph inputs: the spec's inputs, and params when they are not initializers
  for (const d of program.inputs) declare(d.name, d.node);
  for (const d of program.params) {
    if (runtime.has(d.node)) {
      if (!asInputs) throw new Error(`param '${d.name}' has no value: bind it (params) or compile with paramsAsInputs`);
      declare(d.name, d.node);
    } else if (isUsed(d.node)) {
      const h = params[d.name];
      const t = ttype(d.node);
      const data = isComplex(t.dtype) || t.dtype !== "i64" ? Array.from(h.data as Float64Array, Number) : Array.from(h.data as BigInt64Array);
      g.initializer(d.name, t.dtype === "i64" ? "i64" : precOf(t.dtype), isComplex(t.dtype) ? [...h.shape, 2] : h.shape, data as any);
      vals.set(d.node, { name: d.name, shape: [...h.shape], complex: isComplex(t.dtype), prec: precOf(t.dtype) });
    }
  }
  function isUsed(n: Node) {
    return order.includes(n);
  }
  function declare(name: string, n: Node) {
    const t = ttype(n);
    g.input(name, t.dtype === "i64" ? "i64" : precOf(t.dtype), isComplex(t.dtype) ? [...t.shape, 2] : [...t.shape]);
    vals.set(n, { name, shape: [...t.shape], complex: isComplex(t.dtype), prec: precOf(t.dtype) });
  }

  const ctx: Ctx = {
    g,
    opset: options.opset ?? 17,
    fft: options.fft ?? "auto",
    structured: options.structured ?? "auto",
    tensor: (n) => value(n),
    dense: (A) => fold(A) as CMat | undefined,
    known: (n) => fold(n) as CTensor | undefined,
  };

  function value(n: Node): Val {
    const hit = vals.get(n);
    if (hit) return hit;
    const c = runtime.has(n) ? undefined : (fold(n) as CTensor | undefined);
    let v = c ? constantVal(n, c) : lowerTensor(ctx, n, value);
    // an apply whose dtype is real while its operator is complex means the real part
    if (v.complex && !isComplex(ttype(n).dtype)) v = part(g, v, 0);
    vals.set(n, v);
    return v;
  }

  function constantVal(n: Node, c: CTensor): Val {
    const t = ttype(n);
    const cplx = isComplex(t.dtype);
    if (t.dtype === "i64") return { name: g.constant("i64", c.shape, Array.from(c.re, (v) => BigInt(Math.round(v))), "const"), shape: c.shape, complex: false, prec: "f64" };
    const data = cplx ? Float64Array.from({ length: 2 * c.re.length }, (_, i) => (i % 2 ? c.im[i >> 1] : c.re[i >> 1])) : c.re;
    return { name: g.constant(precOf(t.dtype), cplx ? [...c.shape, 2] : c.shape, data, "const"), shape: [...c.shape], complex: cplx, prec: precOf(t.dtype) };
  }

  for (const o of program.outputs) {
    const t = ttype(o.node);
    let v = value(o.node);
    v = toPrec(g, isComplex(t.dtype) ? promote(g, v) : v.complex ? part(g, v, 0) : v, precOf(t.dtype));
    g.reserve(o.name);
    g.nodes.push({ input: [v.name], output: [o.name], name: g.fresh(`out_${o.name}`), opType: "Identity", attribute: [] });
    g.output(o.name, t.dtype === "i64" ? "i64" : precOf(t.dtype), onnxShape({ ...v, shape: [...t.shape], complex: isComplex(t.dtype) }));
  }
  return g;
}

/** One run-time tensor node as ONNX ops. */
function lowerTensor(c: Ctx, n: Node, value: (n: Node) => Val): Val {
  const g = c.g;
  const t = ttype(n);
  const prec = precOf(t.dtype);
  const src = () => n.src.map(value);
  const same = (x: Val, op: string, attrs = {}) => ({ ...x, name: g.op1(op, [x.name], attrs) });
  const realOnly = (x: Val) => (x.complex ? part(g, x, 0) : x);
  switch (n.op) {
    case "apply": {
      const fused = spectralProduct(c, n, 0, ttype(n).shape.at(-1) as number, value);
      if (fused) return fused;
      const x = value(n.src[1]);
      return applyOp(c, n.src[0], toPrec(g, x, precOf(ttype(n.src[1]).dtype)));
    }
    case "add": case "sub": {
      const [a, b] = src().map((v) => toPrec(g, v, prec));
      return addSub(g, n.op === "add" ? "Add" : "Sub", a, b);
    }
    case "mul": { const [a, b] = src().map((v) => toPrec(g, v, prec)); return mul(g, a, b); }
    case "div": { const [a, b] = src().map((v) => toPrec(g, v, prec)); return div(g, a, b); }
    case "neg": return same(value(n.src[0]), "Neg");
    case "conj": return conj(g, value(n.src[0]));
    case "real": return part(g, value(n.src[0]), 0);
    case "imag": return part(g, value(n.src[0]), 1);
    case "abs": return abs(g, value(n.src[0]));
    case "relu": return same(realOnly(value(n.src[0])), "Relu");
    case "tanh": return same(realOnly(value(n.src[0])), "Tanh");
    case "sin": return same(realOnly(value(n.src[0])), "Sin");
    case "softshrink": {
      const l = n.arg.lambda as number;
      // relu(x - l) - relu(-x - l): exact in f64 (Shrink's float attributes would round lambda to
      // f32), and elementwise, so on the [..., 2] layout real and imaginary parts shrink apart
      const x = value(n.src[0]);
      const lam = g.scalar(l, x.prec);
      const pos = g.op1("Relu", [g.op1("Sub", [x.name, lam])]);
      const neg = g.op1("Relu", [g.op1("Sub", [g.op1("Neg", [x.name]), lam])]);
      return { ...x, name: g.op1("Sub", [pos, neg]) };
    }
    case "exp": {
      const x = value(n.src[0]);
      if (!x.complex) return same(x, "Exp");
      // e^(a+ib) = e^a (cos b + i sin b)
      const a = part(g, x, 0), b = part(g, x, 1);
      const ea = g.op1("Exp", [a.name]);
      const re = { ...a, name: g.op1("Mul", [ea, g.op1("Cos", [b.name])]) }, im = { ...a, name: g.op1("Mul", [ea, g.op1("Sin", [b.name])]) };
      return merge(g, re, im);
    }
    case "slice": {
      const fused = spectralProduct(c, n.src[0], n.arg.start as number, n.arg.stop as number, value);
      return fused ?? sliceLast(g, value(n.src[0]), n.arg.start as number, n.arg.stop as number);
    }
    case "circ_embed": return circEmbed(g, n, value(n.src[0]), value(n.src[1]), prec);
    case "materialize": {
      // A applied to the rows of I gives A^T; one transpose more gives the matrix
      const A = n.src[0], { cols, rows } = A.type as OperatorType;
      const eye = new Float64Array(cols * cols);
      for (let i = 0; i < cols; i++) eye[i * cols + i] = 1;
      const I: Val = { name: g.constant(prec, [cols, cols], eye, "eye"), shape: [cols, cols], complex: false, prec };
      const At = applyOp(c, A, I);
      return { ...At, name: g.op1("Transpose", [At.name], { perm: At.complex ? [1, 0, 2] : [1, 0] }), shape: [rows, cols] };
    }
    case "invperm": {
      // q[p[i]] = i: scatter 0..n-1 to the places p names (a permutation writes every entry once)
      const p = value(n.src[0]), len = t.shape[0] as number;
      const at = (v: number) => g.constant("i64", [], [BigInt(v)], "range");
      const iota = g.op1("Range", [at(0), at(len), at(1)]);
      const zeros = g.op1("Sub", [p.name, p.name]); // zeros_like(p), i64
      return { ...p, name: g.op1("ScatterElements", [zeros, p.name, iota], { axis: 0 }) };
    }
    case "minverse":
      throw new LincError("E0801", "a matrix inverse of run-time data has no ONNX lowering (bind the param at compile time so it folds)");
    case "pad": {
      const x = value(n.src[0]);
      return padLast(g, x, 0, (n.arg.n as number) - (x.shape[x.shape.length - 1] as number));
    }
    case "cast": {
      const x = toPrec(g, value(n.src[0]), prec);
      return isComplex(t.dtype) ? promote(g, x) : realOnly(x);
    }
    case "mtranspose": {
      const x = value(n.src[0]);
      const y = { ...x, name: g.op1("Transpose", [x.name], { perm: x.complex ? [1, 0, 2] : [1, 0] }), shape: [x.shape[1], x.shape[0]] };
      return n.arg.conj ? conj(g, y) : y;
    }
    default:
      if (ONNX_SPHERE_OPS.has(n.op)) return lowerSphereOp(g, n, src().map((v) => toPrec(g, v, prec)));
      throw new Error(`the ONNX backend cannot lower '${n.op}' on run-time data`);
  }
}
