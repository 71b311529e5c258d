// How the gpujs backend applies each kernel operator to rows of a device value: y = A x for
// every row of x, with the structure kept. compose chains, opsum adds, kron applies each factor
// along its own axis (moved last by a transpose gather), blockdiag works on column windows,
// lowrank is two skinny products, monarch two block products with the stride permutations
// between them; the Fourier operators, wht and butterfly render their recorded stage programs.
// The op table (table.ts) maps each operator op to one of these.
import { type KernelOp, type Node, type NodeOf, type OpArgs, type OperatorType, bitrevIndex, convWindow, fail } from "../../ir/index.js";
import { type Val, lit, mulX } from "./builder.js";
import { type Ctx, shapeOf } from "./context.js";
import { elementwise } from "./elementwise.js";
import * as K from "./kernels.js";
import { renderStages } from "./stages.js";

const opType = (A: Node) => A.type as OperatorType;
const dims = (n: Node) => shapeOf(n) as number[];
const s = (v: Val) => ({ s: v.slot });

/** A gather by a compile-time index code table (see kernels.gather). */
function gatherBy(ctx: Ctx, x: Val, outN: number, key: string, code: (i: number) => number): Val {
  const t = ctx.b.table(key, () => Array.from({ length: outN }, (_, i) => code(i)));
  return ctx.b.kernel(K.gather(x.n, outN, false), [s(x), t], x.rows, outN);
}

/** View rows of length a*b as [a, b] row-major and transpose each to [b, a]. */
export function transposeRows(ctx: Ctx, x: Val, a: number, b: number): Val {
  if (a === 1 || b === 1) return x;
  // y[j*a + i] = x[i*b + j]
  return gatherBy(ctx, x, a * b, `tr:${a}:${b}`, (o) => 2 * ((o % a) * b + Math.floor(o / a)));
}

/** Elementwise op over same-shape values (or with a complex literal). */
function pointwise(ctx: Ctx, op: string, x: Val, y?: Val, c?: [number, number]): Val {
  const shape = [1, x.n];
  const operands = [{ shape }, ...(y ? [{ shape }] : c ? [{ lit: c }] : [])];
  const { src } = elementwise(op, 0, operands, shape);
  return ctx.b.kernel(src, y ? [s(x), s(y)] : [s(x)], x.rows, x.n);
}

export const realPartOf = (ctx: Ctx, x: Val): Val => pointwise(ctx, "real", x);

/** y = BD(W) x, W [nb, out, inn] (or transposed [inn, out] when wT). */
function blockProduct(ctx: Ctx, W: Val, nb: number, out: number, inn: number, x: Val, wT = false): Val {
  if (x.n !== nb * inn) throw new Error(`internal: block product of ${nb}x${inn} columns on rows of ${x.n}`);
  return ctx.b.kernel(K.blockMatmul(nb, out, inn, wT), [s(W), s(x)], x.rows, nb * out);
}

/** The kernel ops whose arguments may carry a stage program (recorded by the `lower` pass when the gpujs schedule lists them). */
export type StagedOp = { [K in KernelOp]: "stages" extends keyof OpArgs[K] ? K : never }[KernelOp];

/**
 * An op rendered from its recorded stage program (stages.ts): the program's batched input is x,
 * its shared inputs the operator's own sources in order (butterfly's weights); one output.
 */
export function stagedOp(ctx: Ctx, A: NodeOf<StagedOp>, x: Val): Val {
  const p = A.arg.stages ?? fail("E0801", `${A.op} has no recorded stage program: the gpujs backend runs graphs lowered for it (lowerForBackend(program, { target: "gpujs" }))`);
  const shared = A.src.map((s) => ctx.value(s));
  const inputs = Object.fromEntries(p.inputs.map((d) => [d.name, d.shared ? shared.shift()! : x]));
  const [y] = p.outputs;
  return { slot: renderStages(ctx.b, p, inputs, x.rows)[y.name], rows: x.rows, n: y.len };
}

// ---- permutations, windows, diagonals

export const diagOp = (ctx: Ctx, A: NodeOf<"diag">, x: Val): Val =>
  ctx.b.kernel(K.winmul(x.n, x.n, 0, true, false), [s(x), s(ctx.value(A.src[0]))], x.rows, x.n);
/** diagblocks(D), D [co, ci, n]: one complex co x ci product per frequency t. */
export function diagblocksOp(ctx: Ctx, A: NodeOf<"diagblocks">, x: Val): Val {
  const [co, ci, n] = shapeOf(A.src[0]) as number[];
  return ctx.b.kernel(K.diagBlocks(co, ci, n), [s(ctx.value(A.src[0])), s(x)], x.rows, co * n);
}
export function permOp(ctx: Ctx, A: NodeOf<"perm">, x: Val): Val {
  const p = ctx.value(A.src[0]);
  // index data given to the kernel is checked to be a permutation before it reaches the gather (E0603)
  for (const d of [...ctx.plan.inputs, ...ctx.plan.params]) if (d.slot === p.slot) d.perm = true;
  return ctx.b.kernel(K.gather(x.n, x.n, true), [s(x), s(p)], x.rows, x.n);
}
export const bitrevOp = (ctx: Ctx, A: NodeOf<"bitrev">, x: Val): Val =>
  gatherBy(ctx, x, A.arg.n, `bitrev:${A.arg.n}`, (i) => 2 * bitrevIndex(i, Math.round(Math.log2(A.arg.n))));
export const reverseOp = (ctx: Ctx, A: NodeOf<"reverse">, x: Val): Val =>
  gatherBy(ctx, x, A.arg.n, `rev:${A.arg.n}`, (i) => 2 * (A.arg.n - 1 - i));
export const windowOp = (ctx: Ctx, A: NodeOf<"window">, x: Val): Val =>
  ctx.b.kernel(K.winmul(x.n, A.arg.rows, A.arg.offset, false, false), [s(x)], x.rows, A.arg.rows);

// ---- explicit and structured matrices

export const denseOp = (ctx: Ctx, A: NodeOf<"dense">, x: Val): Val => blockProduct(ctx, ctx.value(A.src[0]), 1, opType(A).rows, x.n, x);

export function lowrankOp(ctx: Ctx, A: NodeOf<"lowrank">, x: Val): Val {
  const [U, V] = A.src;
  const r = dims(U)[1];
  const t = blockProduct(ctx, ctx.value(V), 1, r, x.n, x, true);
  return blockProduct(ctx, ctx.value(U), 1, opType(A).rows, r, t);
}

/** toeplitz / circulant / hankel / conv, kept direct by the planner because they are small: build the matrix, one product. */
export function structuredOp(ctx: Ctx, A: NodeOf<"toeplitz" | "circulant" | "hankel" | "conv">, x: Val): Val {
  const { rows, cols } = opType(A);
  const c = ctx.value(A.src[0]);
  const r = A.src.length > 1 ? ctx.value(A.src[1]) : c;
  const lc = dims(A.src[0]).reduce((p, d) => p * d, 1);
  const off = A.op === "conv" ? convWindow(A.arg.n, lc, A.arg.mode).offset : 0;
  const M = ctx.b.kernel(K.structMatrix(A.op, rows, cols, lc, off), [s(c), s(r)], lit(1), rows * cols);
  return blockProduct(ctx, M, 1, rows, cols, x);
}

/** Monarch, version-2 reference: BD(w1), view (k q) as (r, l) -> (l, r), BD(w2), (l, s) -> (s, l). */
export function monarchOp(ctx: Ctx, A: NodeOf<"monarch">, x: Val): Val {
  const [w1, w2] = A.src;
  const [k, q, p] = dims(w1), [l, st, r] = dims(w2);
  const t1 = blockProduct(ctx, ctx.value(w1), k, q, p, x);
  const t2 = transposeRows(ctx, t1, r, l);
  const t3 = blockProduct(ctx, ctx.value(w2), l, st, r, t2);
  return transposeRows(ctx, t3, l, st);
}

// ---- algebra

export const composeOp = (ctx: Ctx, A: NodeOf<"compose">, x: Val): Val => ctx.apply(A.src[0], ctx.apply(A.src[1], x));
export const opsumOp = (ctx: Ctx, A: NodeOf<"opsum">, x: Val): Val => pointwise(ctx, "add", ctx.apply(A.src[0], x), ctx.apply(A.src[1], x));
export const scaleOp = (ctx: Ctx, A: NodeOf<"scale">, x: Val): Val => pointwise(ctx, "mul", ctx.apply(A.src[0], x), undefined, [A.arg.re, A.arg.im]);

/** Rows of a value regrouped: rows * n elements as rows' rows of length n'. */
const regroup = (x: Val, n: number): Val => ({ slot: x.slot, rows: mulX(x.rows, x.n / n), n });

/** (A1 ⊗ ... ⊗ Am) x: each row viewed as [c1, ..., cm]; factor j applied along axis j. */
export function kronOp(ctx: Ctx, A: NodeOf<"kron">, x: Val): Val {
  const sizes = A.src.map((f) => opType(f).cols);
  let cur = x;
  A.src.forEach((f, j) => {
    const { rows, cols } = opType(f);
    const after = sizes.slice(j + 1).reduce((p, d) => p * d, 1);
    // rows of [cols, after] -> [after, cols], apply along the last axis, back to [rows, after]
    const t1 = after === 1 ? regroup(cur, cols) : regroup(transposeRows(ctx, regroup(cur, cols * after), cols, after), cols);
    const t2 = ctx.apply(f, t1);
    cur = after === 1 ? t2 : transposeRows(ctx, regroup(t2, after * rows), after, rows);
    sizes[j] = rows;
  });
  return { slot: cur.slot, rows: x.rows, n: opType(A).rows };
}

/** blockdiag(A1, ..., Am): each block reads its column window; the results are concatenated. */
export function blockdiagOp(ctx: Ctx, A: NodeOf<"blockdiag">, x: Val): Val {
  let acc: Val | undefined;
  let c0 = 0;
  for (const blk of A.src) {
    const t = opType(blk);
    const xs = ctx.b.kernel(K.winmul(x.n, t.cols, c0, false, false), [s(x)], x.rows, t.cols);
    const ys = ctx.apply(blk, xs);
    acc = acc ? ctx.b.kernel(K.concat(acc.n, ys.n), [s(acc), s(ys)], x.rows, acc.n + ys.n) : ys;
    c0 += t.cols;
  }
  return acc ?? fail("E0801", "blockdiag of no blocks");
}
