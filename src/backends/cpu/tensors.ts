// The cpu backend's tensor kernel ops, one entry each (tsc checks that none is missing): how a
// node writes its value into the buffer the walk gives it (`emit`), or, for the leaves, what
// its value is (`value`: inputs and params are arrays handed in, consts and fills are made on
// first use). Ops the cpu cannot render have an Unsupported entry saying why.
import {
  type HostArray, type KernelOp, type Node, type NodeOf, type OperatorType, type TensorOp, fail, isComplex, own,
} from "../../ir/index.js";
import { type Unsupported, unsupported } from "../backend.js";
import { dataLiteral } from "./data.js";
import { type Operand, emitElementwise } from "./elementwise.js";
import { type Gen, type Ref, type Stage, ctorOf, kindOf, mulE, precOf, tensorTypeOf, width } from "./gen.js";
import type { Prec } from "./lib/index.js";
import { type Ctx, applyInto } from "./operators.js";
import { type LayoutOp, emitLayout } from "./layout.js";
import { emitModemix } from "./mix.js";
import { emitSphereOp } from "./sphere.js";
import { emitDplrSpectrum, emitS4dKernel } from "./ssm.js";
import { emitSsmPowers } from "./ssmpowers.js";

export type KernelTensorOp = KernelOp & TensorOp;

/** What the walk offers the table's entries. */
export interface Walk {
  readonly gen: Gen;
  /** Params bound at compile time (their data become createKernel's defaults). */
  readonly bound: Readonly<Record<string, HostArray>>;
  /** Where n's code goes: "param" (once per createKernel) or "run" (per call). */
  stageOf(n: Node): Stage;
  /** The value of a tensor node emitted earlier (consts and fills are made on first use). */
  value(n: Node): Ref;
  /** A buffer for n's value, from the buffer plan. */
  place(n: Node, stage: Stage): Ref;
  /** Operands converted into precision `prec`, by code in `stage`. */
  ctx(stage: Stage, prec: Prec): Ctx;
  /** The array variable of an input. */
  input(n: NodeOf<"input">): Ref;
}

/** The node being emitted: its stage, and conversions into its output's precision. */
export interface Env {
  readonly walk: Walk;
  readonly gen: Gen;
  readonly stage: Stage;
  readonly ctx: Ctx;
}

// Method types, so that an entry may take its own op's node and still be called through the
// table's common type (method parameters are bivariant).
type EmitFn<K extends KernelTensorOp> = { emit(n: NodeOf<K>, y: Ref, e: Env): void }["emit"];
type ValueFn<K extends KernelTensorOp> = { value(n: NodeOf<K>, w: Walk): Ref }["value"];

export type TensorRule<K extends KernelTensorOp> =
  /** Writes y; `inPlace`: reads element i before writing element i, so y may be a dying operand's buffer. */
  | { readonly emit: EmitFn<K>; readonly inPlace?: true }
  /** A leaf whose value is its own array; `lazy`: made on first use. */
  | { readonly value: ValueFn<K>; readonly lazy?: true };

const shapeOf = (n: Node) => tensorTypeOf(n).shape;
const concrete = (n: Node) => shapeOf(n) as number[];
const numelOf = (n: Node): number => concrete(n).reduce((a, b) => a * b, 1);
/** Rows of the last axis of n (a dimension expression). */
const rowsOf = (gen: Gen, n: Node) => mulE(...shapeOf(n).slice(0, -1).map((d) => gen.dim(d)));
/** The value of s in y's precision and kind (converted once when they differ). */
const operand = (e: Env, s: Node, y: Ref): string => {
  const v = e.walk.value(s);
  return v.prec === y.prec && v.kind === y.kind ? v.name : e.ctx.table(s, y.kind);
};
/** A call of runtime function f (its identifier from gen.lib.use: the library keeps first-use order). */
const call = (e: Env, f: string, ...args: (string | number | boolean)[]) => e.gen.line(e.stage, `${f}(${args.join(", ")});`);
/** One call per matrix of a batch (`o` the matrix index), or the call alone for one matrix. */
const perMatrix = (e: Env, count: number, body: (o: string) => string) =>
  e.gen.line(e.stage, count === 1 ? `${body("0")};` : `for (let o = 0; o < ${count}; o++) ${body("o")};`);

function param(n: NodeOf<"param">, w: Walk): Ref {
  const t = tensorTypeOf(n), pname = n.arg.name, gen = w.gen;
  if (w.stageOf(n) === "run") fail("E0801", `param '${pname}' has a symbolic dimension: the cpu backend needs params of concrete shape (declare it as an input)`);
  const name = gen.fresh("v");
  const h = own(w.bound, pname);
  const dflt = h ? gen.table(`param:${n.id}`, dataLiteral(gen, h.data, t.dtype)) : "undefined";
  const len = mulE(gen.numel(t.shape), width(kindOf(t)));
  gen.paramLines.push(`const ${name} = ${gen.lib.use("takeArray")}(P, ${JSON.stringify(pname)}, "param", ${ctorOf(t)}, ${len}, ${dflt});`);
  return { name, off: 0, kind: kindOf(t), prec: precOf(t) };
}

function fill(n: NodeOf<"fill">, w: Walk): Ref {
  const stage = w.stageOf(n), v = w.place(n, stage);
  const line = v.kind === "C" ? `${w.gen.lib.use("fillc", v.prec)}(${v.name}, ${n.arg.value});` : `${v.name}.fill(${n.arg.value});`;
  (stage === "param" ? w.gen.paramLines : w.gen.allocLines).push(line);
  return v;
}

/** Elementwise ops: one specialised loop nest; fills and scalar consts fold into the code as literals. */
function pointwise(n: Node, y: Ref, e: Env, lambda: number): void {
  const operands: Operand[] = n.src.map((s) => {
    const shape = shapeOf(s).map((d) => e.gen.dim(d));
    if (s.op === "fill") return { lit: { re: s.arg.value, im: 0 }, shape };
    if (s.op === "const" && numelOf(s) === 1) return { lit: { re: Number(s.arg.data[0]), im: isComplex(tensorTypeOf(s).dtype) ? Number(s.arg.data[1]) : 0 }, shape };
    return { ref: e.walk.value(s), shape };
  });
  emitElementwise(e.gen, e.stage, n.op, lambda, operands, y, shapeOf(n).map((d) => e.gen.dim(d)));
}
const POINTWISE = { emit: (n: Node, y: Ref, e: Env) => pointwise(n, y, e, 0), inPlace: true } as const;

/** slice and pad: a window of the last axis starting at `off`. */
function window(n: Node, y: Ref, e: Env, off: number): void {
  const [xn] = n.src;
  const cols = shapeOf(xn).at(-1) as number, rows = shapeOf(n).at(-1) as number;
  const x = operand(e, xn, y);
  call(e, e.gen.lib.use("window", y.prec), x, 0, cols, y.name, 0, rows, off, rowsOf(e.gen, xn), width(y.kind));
}

/** The operator applied to the identity's rows gives its columns; transpose them into place. */
function materialize(n: NodeOf<"materialize">, y: Ref, e: Env): void {
  const [A] = n.src;
  const { rows, cols } = A.type as OperatorType;
  const eye = e.gen.acquire(e.stage, y.prec, cols * cols);
  call(e, e.gen.lib.use("eyeRows"), eye, cols, 1);
  const cs = e.gen.acquire(e.stage, y.prec, cols * rows * width(y.kind));
  applyInto(e.ctx, A, { name: eye, off: 0, kind: "R", prec: y.prec }, cols, { name: cs, off: 0, kind: y.kind, prec: y.prec });
  call(e, e.gen.lib.use("transpose2"), cs, cols, rows, width(y.kind), false, y.name);
}

const LAYOUT = { emit: (n: NodeOf<LayoutOp>, y: Ref, e: Env) => emitLayout(e.gen, e.stage, n, n.src.map((s) => operand(e, s, y)), y) } as const;
const sphere = { emit: (n: Node, y: Ref, e: Env) => emitSphereOp(e.gen, e.stage, n, n.src.map((s) => operand(e, s, y)), y) } as const;
const FOLDS = unsupported("evaluated at compile time only: bind its inputs as params of concrete shape so it folds (a param with a symbolic dimension stays a run-time value, bound or not)");

export const TENSORS: { readonly [K in KernelTensorOp]: TensorRule<K> | Unsupported } = {
  input: { value: (n, w) => w.input(n) },
  param: { value: param },
  const: { value: (n, w) => ({ name: w.gen.table(`const:${n.id}`, dataLiteral(w.gen, n.arg.data, tensorTypeOf(n).dtype)), off: 0, kind: kindOf(tensorTypeOf(n)), prec: precOf(tensorTypeOf(n)) }), lazy: true },
  fill: { value: fill, lazy: true },
  apply: {
    emit: (n, y, e) => {
      const [A, xn] = n.src;
      const x = e.walk.value(xn);
      // an operator on data of another precision (never from the DSL) sees a converted copy
      const xr = x.prec === y.prec ? x : { ...x, name: e.ctx.table(xn, x.kind), prec: y.prec };
      applyInto(e.ctx, A, xr, rowsOf(e.gen, xn), y);
    },
  },
  add: POINTWISE, sub: POINTWISE, mul: POINTWISE, div: POINTWISE,
  neg: POINTWISE, conj: POINTWISE, real: POINTWISE, imag: POINTWISE, abs: POINTWISE,
  relu: POINTWISE, tanh: POINTWISE, sin: POINTWISE, exp: POINTWISE, cast: POINTWISE,
  cos: POINTWISE, sigmoid: POINTWISE, gelu: POINTWISE, angle: POINTWISE, atan2: POINTWISE,
  sum: LAYOUT, reshape: LAYOUT, permute: LAYOUT, concat: LAYOUT, narrow: LAYOUT, pad_axis: LAYOUT,
  modemix: { emit: (n, y, e) => emitModemix(e.gen, e.stage, n, n.src.map((s) => operand(e, s, y)), y) },
  softshrink: { emit: (n, y, e) => pointwise(n, y, e, n.arg.lambda), inPlace: true },
  slice: { emit: (n, y, e) => window(n, y, e, n.arg.start) },
  pad: { emit: (n, y, e) => window(n, y, e, 0) },
  circ_embed: {
    emit: (n, y, e) => {
      const [c, r] = n.src;
      call(e, e.gen.lib.use("circEmbed"), e.ctx.table(c, y.kind), numelOf(c), e.ctx.table(r, y.kind), numelOf(r), n.arg.N, n.arg.kind === "hankel", width(y.kind), y.name);
    },
  },
  mtranspose: {
    // one transpose per matrix on the last two axes (leading axes are a batch of them)
    emit: (n, y, e) => {
      const [W] = n.src, [r, c] = concrete(W).slice(-2), m = r * c * width(y.kind), f = e.gen.lib.use("transpose2"), x = e.ctx.table(W, y.kind);
      perMatrix(e, numelOf(W) / (r * c), (o) => `${f}(${x}.subarray(${o} * ${m}), ${r}, ${c}, ${width(y.kind)}, ${n.arg.conj}, ${y.name}.subarray(${o} * ${m}))`);
    },
  },
  materialize: { emit: materialize },
  minverse: {
    emit: (n, y, e) => {
      const W = n.src[0], m = concrete(W).at(-1) as number, f = e.gen.lib.use("minverse"), x = e.ctx.table(W, y.kind), mm = m * m * width(y.kind);
      perMatrix(e, numelOf(W) / (m * m), (o) => `${f}(${x}.subarray(${o} * ${mm}), ${m}, ${width(y.kind)}, ${y.name}.subarray(${o} * ${mm}))`);
    },
  },
  block2: {
    emit: (n, y, e) => {
      const [L, h] = concrete(n.src[0]);
      call(e, e.gen.lib.use("block2"), e.ctx.table(n.src[0], y.kind), L, h, width(y.kind), JSON.stringify(n.arg.mode), y.name);
    },
  },
  chan_transpose: {
    emit: (n, y, e) => {
      const [co, ci, m] = concrete(n.src[0]);
      call(e, e.gen.lib.use("chanTranspose"), e.ctx.table(n.src[0], y.kind), co, ci, m, width(y.kind), n.arg.conj, n.arg.reverse, y.name);
    },
  },
  mcayley: {
    emit: (n, y, e) => {
      const s = concrete(n.src[0]);
      call(e, e.gen.lib.use("mcayley"), e.ctx.table(n.src[0], "C"), s.length === 3 ? s[0] : 1, s[s.length - 1], y.name);
    },
  },
  // index data stays in its own array (i64 param, or integers in a float buffer): read as is;
  // the checked index table of p, inverted: q[p[i]] = i
  invperm: { emit: (n, y, e) => call(e, e.gen.lib.use("invertTable"), `${e.gen.lib.use("permTable")}(${e.walk.value(n.src[0]).name}, ${numelOf(n)})`, y.name) },
  gaunt_direct: sphere,
  gaunt_fourier: sphere,
  sh_matrix: sphere,
  cg_path: FOLDS,
  hippo_A: FOLDS,
  hippo_B: FOLDS,
  s4d_kernel: { emit: (n, y, e) => emitS4dKernel(e.gen, e.stage, n, n.src.slice(0, 3).map((s) => e.ctx.table(s, "C")), e.ctx.table(n.src[3], "R"), y) },
  dplr_spectrum: { emit: (n, y, e) => emitDplrSpectrum(e.gen, e.stage, n, n.src.slice(0, 4).map((s) => e.ctx.table(s, "C")), e.ctx.table(n.src[4], "R"), y) },
  ssm_powers: { emit: (n, y, e) => emitSsmPowers(e.gen, e.stage, n, n.src.map((s) => e.ctx.table(s, "C")), y) },
  ssm_dplr: FOLDS,
  ssm_basis: FOLDS,
};

export const isKernelTensor = (n: Node): n is NodeOf<KernelTensorOp> => Object.hasOwn(TENSORS, n.op);
