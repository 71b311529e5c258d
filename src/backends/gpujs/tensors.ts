// How the gpujs backend computes each kernel tensor op (besides the sphere and ssm families,
// sphere.ts and ssm.ts): declarations (inputs and params get slots the runtime uploads into,
// constants a table), fills, operator applications, layout ops (slice, pad, circulant
// embedding, transpose, channel transpose, materialize) and elementwise maths with numpy
// broadcasting. Small index and matrix work (minverse, invperm, the per-frequency Cayley solve
// mcayley) are float64 host steps. The op table (table.ts) maps each tensor op to one of these.
import { type HostArray, type Node, type NodeOf, type OperatorType, fail, isComplex, own } from "../../ir/index.js";
import { type Val, lit } from "./builder.js";
import { type Ctx, type Layout, dtypeOf, shapeOf } from "./context.js";
import { type Operand, elementwise } from "./elementwise.js";
import * as K from "./kernels.js";
import { realPartOf, transposeRows } from "./operators.js";

const info = (n: Node) => ({ dtype: dtypeOf(n), shape: [...shapeOf(n)] });

/** A host array as complex interleaved numbers (real parts only for real dtypes). */
export function hostComplex(h: HostArray): Float64Array {
  if (isComplex(h.dtype)) return Float64Array.from(h.data as ArrayLike<number>);
  const out = new Float64Array(2 * h.data.length);
  for (let i = 0; i < h.data.length; i++) out[2 * i] = Number(h.data[i]);
  return out;
}

export function input(ctx: Ctx, n: NodeOf<"input">, L: Layout): Val {
  const slot = ctx.b.slot(1);
  ctx.plan.inputs.push({ name: n.arg.name, slot, ...info(n) });
  return { slot, ...L };
}

/** A param: uploaded by createKernel (a compile-time binding is embedded as its default). */
export function param(ctx: Ctx, n: NodeOf<"param">, L: Layout): Val {
  if (L.rows.dims.length) fail("E0801", `param '${n.arg.name}' has a symbolic dimension: the gpujs backend needs params of concrete shape`);
  const slot = ctx.b.slot(0);
  const h = own(ctx.bound, n.arg.name);
  const t = h ? ctx.b.table(`param:${n.id}`, () => hostComplex(h)) : undefined;
  ctx.plan.params.push({ name: n.arg.name, slot, ...info(n), bound: t && "t" in t ? t.t : undefined });
  return { slot, ...L };
}

export function constant(ctx: Ctx, n: NodeOf<"const">, L: Layout): Val {
  const slot = ctx.b.slot(0);
  const d = n.arg.data;
  const t = ctx.b.table(`const:${n.id}`, () => (isComplex(dtypeOf(n)) ? d : Array.from(d, (v) => [v, 0]).flat()));
  if (!("t" in t)) throw new Error("internal: a constant table without an index");
  ctx.plan.consts.push({ slot, table: t.t });
  return { slot, ...L };
}

/** An operator applied along the last axis; a complex operator on real data keeps the real part. */
export function apply(ctx: Ctx, n: NodeOf<"apply">): Val {
  const [A, xn] = n.src;
  const y = ctx.apply(A, ctx.value(xn));
  const t = A.type as OperatorType;
  return !isComplex(dtypeOf(n)) && t.complex && !t.realOutput ? realPartOf(ctx, y) : y;
}

export function cast(ctx: Ctx, n: NodeOf<"cast">): Val {
  const x = ctx.value(n.src[0]);
  return !isComplex(dtypeOf(n)) && isComplex(dtypeOf(n.src[0])) ? realPartOf(ctx, x) : x;
}

export function slicePad(ctx: Ctx, n: NodeOf<"slice" | "pad">, L: Layout): Val {
  const x = ctx.value(n.src[0]);
  const off = n.op === "slice" ? n.arg.start : 0;
  return ctx.b.kernel(K.window(x.n, L.n, off), [{ s: x.slot }], x.rows, L.n);
}

export function circEmbed(ctx: Ctx, n: NodeOf<"circ_embed">): Val {
  const [c, r] = n.src.map((s) => ctx.value(s));
  const { N, kind } = n.arg;
  return ctx.b.kernel(K.circEmbed(c.n, r.n, N, kind === "hankel"), [{ s: c.slot }, { s: r.slot }], lit(1), N);
}

/** Each matrix on the last two axes transposed (leading axes are a batch of them): one gather. */
export function mtranspose(ctx: Ctx, n: NodeOf<"mtranspose">): Val {
  const W = n.src[0], sh = shapeOf(W) as number[];
  const [r, c] = sh.slice(-2), len = sh.reduce((a, b) => a * b, 1), rc = r * c;
  const conj = n.arg.conj ? 1 : 0;
  const src = (o: number) => o - (o % rc) + ((o % rc) % r) * c + Math.floor((o % rc) / r);
  const t = ctx.b.table(`mT:${len}:${r}:${c}:${conj}`, () => Array.from({ length: len }, (_, o) => 2 * src(o) + conj));
  return ctx.b.kernel(K.gather(len, len, false), [{ s: ctx.value(W).slot }, t], lit(1), len);
}

/** The operator applied to the identity's rows gives its columns; transposed into place. */
export function materialize(ctx: Ctx, n: NodeOf<"materialize">): Val {
  const A = n.src[0];
  const { rows, cols } = A.type as OperatorType;
  const eye = ctx.b.kernel(K.eyeRows(cols), [], lit(cols), cols);
  const colsOfA = ctx.apply(A, eye);
  return transposeRows(ctx, { slot: colsOfA.slot, rows: lit(1), n: rows * cols }, cols, rows);
}

/** Each square matrix on the last two axes inverted on the host in float64 (leading axes are a batch of them). */
export function minverse(ctx: Ctx, n: NodeOf<"minverse">): Val {
  const sh = shapeOf(n.src[0]) as number[], m = sh[sh.length - 1];
  return ctx.b.host("minverse", [ctx.value(n.src[0])], sh.reduce((a, b) => a * b, 1) / m, m, m);
}

/** Butterfly twiddles [L, h, 2, 2] turned block by block on the host (once, in the param phase, when w is a param). */
export function block2(ctx: Ctx, n: NodeOf<"block2">): Val {
  const [L, h] = shapeOf(n.src[0]) as number[];
  return ctx.b.host(`block2:${n.arg.mode}`, [ctx.value(n.src[0])], L * h * 2, 2, L);
}

/** The per-frequency Cayley solve of H ([c, c, n] or [n]) on the host in float64 (once, in the param phase, when H comes from params). */
export function mcayley(ctx: Ctx, n: NodeOf<"mcayley">, L: Layout): Val {
  const sh = shapeOf(n.src[0]) as number[], c = sh.length === 3 ? sh[0] : 1;
  return ctx.b.host("mcayley", [ctx.value(n.src[0])], c * c, L.n, c);
}

/** g[i, o, t] = h[o, i, t'] (t' = (-t) mod n when reversed, conjugated when asked): one gather by a table. */
export function chanTranspose(ctx: Ctx, n: NodeOf<"chan_transpose">): Val {
  const [co, ci, m] = shapeOf(n.src[0]) as number[], { conj, reverse } = n.arg, len = co * ci * m;
  const t = ctx.b.table(`chanT:${co}:${ci}:${m}:${+conj}:${+reverse}`, () => {
    const idx = new Float64Array(len);
    for (let o = 0; o < co; o++)
      for (let i = 0; i < ci; i++)
        for (let s = 0; s < m; s++) idx[(i * co + o) * m + s] = 2 * ((o * ci + i) * m + (reverse ? (m - s) % m : s)) + (conj ? 1 : 0);
    return idx;
  });
  return ctx.b.kernel(K.gather(len, len, false), [{ s: ctx.value(n.src[0]).slot }, t], lit(1), len);
}

/** An index vector inverted on the host (once, in the param phase, when p is a param). */
export const invperm = (ctx: Ctx, n: NodeOf<"invperm">, L: Layout): Val => ctx.b.host("invperm", [ctx.value(n.src[0])], 1, L.n);

export type ElementwiseOp = "add" | "sub" | "mul" | "div" | "neg" | "conj" | "real" | "imag" | "abs" | "relu" | "tanh" | "sin" | "exp" | "softshrink" | "cos" | "sigmoid" | "gelu" | "angle" | "atan2";

/** Elementwise maths: fills and one-element constants inline as literals, the rest broadcast. */
export function pointwise(ctx: Ctx, n: NodeOf<ElementwiseOp>, L: Layout): Val {
  const args: { s: number }[] = [];
  const operands: Operand[] = n.src.map((s) => {
    if (s.op === "fill") return { lit: [s.arg.value, 0] };
    if (s.op === "const" && shapeOf(s).every((d) => d === 1)) return { lit: [Number(s.arg.data[0]), isComplex(dtypeOf(s)) ? Number(s.arg.data[1]) : 0] };
    args.push({ s: ctx.value(s).slot });
    return { shape: shapeOf(s), real: !isComplex(dtypeOf(s)) };
  });
  const { src } = elementwise(n.op, n.op === "softshrink" ? n.arg.lambda : 0, operands, shapeOf(n));
  return ctx.b.kernel(src, args, L.rows, L.n);
}
