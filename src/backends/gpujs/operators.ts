// How the gpujs backend applies each kernel operator to rows of a device value: y = A x for
// every row of x, with the structure kept. The ops the lower pass records a stage program on
// (the gpujs schedule's stageOps: the Fourier family, DCT, WHT, butterfly, dense, Monarch, kron,
// blockdiag, ...) render it (stages.ts); the rest are here: compose chains, opsum adds, a small
// Toeplitz-like operator is one product with its matrix, a run-time perm a gather, and a kron or
// blockdiag of an op the lowering does not cover applies each factor along its own axis (moved
// last by a transpose gather) or each block on its column window. The op table (table.ts) maps
// each operator op to one of these.
import { type KernelOp, type Node, type NodeOf, type OpArgs, type OperatorType, boundSource, convWindow, fail } from "../../ir/index.js";
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

/** y = W x, W [out, inn]. */
const product = (ctx: Ctx, W: Val, out: number, x: Val): Val => ctx.b.kernel(K.matmul(out, x.n), [s(W), s(x)], x.rows, out);

/** The kernel ops whose arguments may carry a stage program (recorded by the `lower` pass when the gpujs schedule lists them). */
export type StagedOp = { [K in KernelOp]: "stages" extends keyof OpArgs[K] ? K : never }[KernelOp];

/**
 * An op rendered from its recorded stage program (stages.ts): the program's batched input is x,
 * its shared inputs (weights) the tensors their source paths name, nested operators' included.
 */
export function stagedOp(ctx: Ctx, A: NodeOf<StagedOp>, x: Val): Val {
  const p = A.arg.stages ?? fail("E0801", `${A.op} has no recorded stage program: the gpujs backend runs graphs lowered for it (lowerForBackend(program, { target: "gpujs" }))`);
  const inputs = Object.fromEntries(p.inputs.map((d) => [d.name, d.shared ? ctx.value(boundSource(A as Node, d)) : x]));
  const [y] = p.outputs;
  return { slot: renderStages(ctx.b, p, inputs, x.rows)[y.name], rows: x.rows, n: y.len };
}

/** An op rendered from its stage program where the lowering recorded one, else by `kernel` (a run-time perm, a kron or blockdiag of an op the lowering does not cover). */
export const staged = <K extends StagedOp>(kernel: (ctx: Ctx, A: NodeOf<K>, x: Val) => Val) => (ctx: Ctx, A: NodeOf<K>, x: Val): Val =>
  A.arg.stages ? stagedOp(ctx, A, x) : kernel(ctx, A, x);

// ---- run-time permutations

export function permOp(ctx: Ctx, A: NodeOf<"perm">, x: Val): Val {
  const p = ctx.value(A.src[0]);
  // index data given to the kernel is checked to be a permutation before it reaches the gather (E0603)
  for (const d of [...ctx.plan.inputs, ...ctx.plan.params]) if (d.slot === p.slot) d.perm = true;
  return ctx.b.kernel(K.gather(x.n, x.n, true), [s(x), s(p)], x.rows, x.n);
}

// ---- explicit and structured matrices

/** toeplitz / circulant / hankel / conv, kept direct by the planner because they are small: build the matrix, one product. */
export function structuredOp(ctx: Ctx, A: NodeOf<"toeplitz" | "circulant" | "hankel" | "conv">, x: Val): Val {
  const { rows, cols } = opType(A);
  const c = ctx.value(A.src[0]);
  const r = A.src.length > 1 ? ctx.value(A.src[1]) : c;
  const lc = dims(A.src[0]).reduce((p, d) => p * d, 1);
  const off = A.op === "conv" ? convWindow(A.arg.n, lc, A.arg.mode).offset : 0;
  const M = ctx.b.kernel(K.structMatrix(A.op, rows, cols, lc, off), [s(c), s(r)], lit(1), rows * cols);
  return product(ctx, M, rows, x);
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
    const xs = ctx.b.kernel(K.window(x.n, t.cols, c0), [s(x)], x.rows, t.cols);
    const ys = ctx.apply(blk, xs);
    acc = acc ? ctx.b.kernel(K.concat(acc.n, ys.n), [s(acc), s(ys)], x.rows, acc.n + ys.n) : ys;
    c0 += t.cols;
  }
  return acc ?? fail("E0801", "blockdiag of no blocks");
}
