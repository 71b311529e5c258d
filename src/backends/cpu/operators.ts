// Applying a kernel-set operator to a batch of rows: `applyOp(A, x, B, y)` emits code that
// writes y[b, :] = A x[b, :] for B contiguous rows. Structure is kept, never materialised:
// compose chains through scratch, kron applies each factor along its own axis, blockdiag
// works on column windows, lowrank is two skinny products, monarch two block products with
// the stride permutations between them.
import { type Node, type OperatorType, type TensorType, fail } from "../../ir/index.js";
import { fftScale } from "../../ir/ops/fourier.js";
import { emitDct } from "./dct.js";
import { type Expr, type Gen, type Kind, type Ref, type Stage, joinKind, mulE, width } from "./gen.js";
import type { Prec } from "./lib/index.js";

export interface Ctx {
  gen: Gen;
  stage: Stage;
  prec: Prec;
  /** The value of tensor `n` in this kernel's precision with the given kind (converted once). */
  table(n: Node, kind: Kind): string;
  /** Transpose of 2-D tensor `n` ([r, c] -> [c, r]) in this precision and kind. */
  transposed(n: Node, kind: Kind): string;
  /** Dense matrix [rows, cols] of a small toeplitz/circulant/hankel/conv operator. */
  structMatrix(A: Node, kind: Kind): string;
  /** Int32 index table of an i64 permutation vector. */
  permTable(n: Node): string;
}

const opType = (A: Node) => A.type as OperatorType;
const tensorKind = (n: Node): Kind => ((n.type as TensorType).dtype.startsWith("c") ? "C" : "R");
const dimsOf = (n: Node) => (n.type as TensorType).shape as number[];

/** Kind of A x for x of kind k. */
export function outKind(A: Node, k: Kind): Kind {
  switch (A.op) {
    case "compose":
      return outKind(A.src[0], outKind(A.src[1], k));
    case "opsum":
      return joinKind(outKind(A.src[0], k), outKind(A.src[1], k));
    case "scale":
      return A.arg.im !== 0 ? "C" : outKind(A.src[0], k);
    case "rdft":
      return "C";
  }
  const t = opType(A);
  if (t.realOutput) return "R";
  return t.complex ? "C" : k;
}

const ref = (name: string, kind: Kind, prec: Prec, off: Expr = 0): Ref => ({ name, off, kind, prec });
const scratch = (ctx: Ctx, kind: Kind, count: Expr): Ref => ref(ctx.gen.acquire(ctx.stage, ctx.prec, mulE(count, width(kind))), kind, ctx.prec);
const call = (ctx: Ctx, fn: string, ...args: (Expr | boolean)[]) => ctx.gen.line(ctx.stage, `${ctx.gen.lib.use(fn, ctx.prec)}(${args.join(", ")});`);

/** x as complex data (promoted into scratch when real); `count` elements. */
function toC(ctx: Ctx, x: Ref, count: Expr): Ref {
  if (x.kind === "C") return x;
  const c = scratch(ctx, "C", count);
  call(ctx, "r2c", x.name, x.off, c.name, 0, count);
  return c;
}

/** y = A x where y may be complex while A x is real (then promoted). */
export function applyInto(ctx: Ctx, A: Node, x: Ref, B: Expr, y: Ref): void {
  const k = outKind(A, x.kind);
  if (k === y.kind) return applyOp(ctx, A, x, B, y);
  const rows = opType(A).rows;
  if (k === "C") {
    // a real-typed apply of a complex operator: the real part (the passes guarantee it is exact)
    const t = scratch(ctx, "C", mulE(B, rows));
    applyOp(ctx, A, x, B, t);
    return call(ctx, "c2r", t.name, 0, y.name, y.off, mulE(B, rows));
  }
  const t = scratch(ctx, "R", mulE(B, rows));
  applyOp(ctx, A, x, B, t);
  call(ctx, "r2c", t.name, 0, y.name, y.off, mulE(B, rows));
}

export function applyOp(ctx: Ctx, A: Node, x: Ref, B: Expr, y: Ref): void {
  const { rows, cols } = opType(A);
  const w = width(x.kind);
  const g = ctx.gen;
  const a = A.arg as Record<string, any>;
  switch (A.op) {
    case "eye":
      return call(ctx, "copy", x.name, x.off, y.name, y.off, mulE(B, cols, w));
    case "dft": {
      const scale = fftScale(a.norm, a.n, !!a.inverse);
      if (x.kind === "R") return call(ctx, "rfull", g.fft("rfft", a.n, ctx.prec, scale), x.name, x.off, y.name, y.off, a.n, B, !!a.inverse);
      return g.line(ctx.stage, `${g.fft(a.inverse ? "ifft" : "fft", a.n, ctx.prec, scale)}(${x.name}, ${x.off}, ${y.name}, ${y.off}, ${B});`);
    }
    case "rdft":
      if (x.kind === "C") fail("E0402", "rdft needs real input");
      return g.line(ctx.stage, `${g.fft("rfft", a.n, ctx.prec, fftScale(a.norm, a.n, false))}(${x.name}, ${x.off}, ${y.name}, ${y.off}, ${B});`);
    case "irdft": {
      const xc = toC(ctx, x, mulE(B, cols));
      return g.line(ctx.stage, `${g.fft("irfft", a.n, ctx.prec, fftScale(a.norm, a.n, true))}(${xc.name}, ${xc.off}, ${y.name}, ${y.off}, ${B});`);
    }
    case "dct":
      return emitDct(ctx, A, x, B, y);
    case "wht":
      return call(ctx, "wht", x.name, x.off, y.name, y.off, a.n, B, w, fftScale(a.norm, a.n, false));
    case "diag": {
      if (tensorKind(A.src[0]) === "R") return call(ctx, "diag_r", ctx.table(A.src[0], "R"), x.name, x.off, y.name, y.off, cols, B, w);
      const xc = toC(ctx, x, mulE(B, cols));
      return call(ctx, "diag_c", ctx.table(A.src[0], "C"), xc.name, xc.off, y.name, y.off, cols, B);
    }
    case "perm":
      return call(ctx, "gather", x.name, x.off, y.name, y.off, ctx.permTable(A.src[0]), cols, B, w);
    case "bitrev":
      return call(ctx, "gather", x.name, x.off, y.name, y.off, g.table(`bitrev:${cols}`, `${g.lib.use("bitrevTable")}(${cols})`), cols, B, w);
    case "stride":
      return call(ctx, "gather", x.name, x.off, y.name, y.off, g.table(`stride:${a.m}:${a.n}`, `${g.lib.use("strideTable")}(${a.m}, ${a.n})`), cols, B, w);
    case "reverse":
      return call(ctx, "gather", x.name, x.off, y.name, y.off, g.table(`reverse:${cols}`, `${g.lib.use("revTable")}(${cols})`), cols, B, w);
    case "toeplitz":
    case "circulant":
    case "hankel":
    case "conv": {
      // kept direct by the planner because they are small: one dense product
      if (outKind(A, "R") === "R") return call(ctx, "bmm_r", ctx.structMatrix(A, "R"), 1, rows, cols, x.name, x.off, y.name, y.off, B, w);
      const xc = toC(ctx, x, mulE(B, cols));
      return call(ctx, "bmm_c", ctx.structMatrix(A, "C"), 1, rows, cols, xc.name, xc.off, y.name, y.off, B, 1);
    }
    case "window":
      return call(ctx, "window", x.name, x.off, cols, y.name, y.off, rows, a.offset, B, w);
    case "dense":
      return blockProduct(ctx, A.src[0], 1, rows, cols, x, B, y, 1);
    case "lowrank": {
      const [U, V] = A.src;
      const r = dimsOf(U)[1];
      const t = scratch(ctx, tensorKind(V) === "C" ? "C" : x.kind, mulE(B, r));
      blockProductT(ctx, V, r, cols, x, B, t);
      return blockProduct(ctx, U, 1, rows, r, t, B, y, 1);
    }
    case "butterfly": {
      const W = A.src[0];
      if (tensorKind(W) === "R") return call(ctx, "bfly_r", ctx.table(W, "R"), x.name, x.off, y.name, y.off, cols, B, w, !!a.increasing);
      const xc = toC(ctx, x, mulE(B, cols));
      return call(ctx, "bfly_c", ctx.table(W, "C"), xc.name, xc.off, y.name, y.off, cols, B, !!a.increasing);
    }
    case "monarch":
      return monarch(ctx, A, x, B, y);
    case "kron":
      return kron(ctx, A, x, B, y);
    case "blockdiag":
      return blockdiag(ctx, A, x, B, y);
    case "compose": {
      const [P, Q] = A.src;
      const k = outKind(Q, x.kind);
      const t = scratch(ctx, k, mulE(B, opType(Q).rows));
      applyOp(ctx, Q, x, B, t);
      return applyInto(ctx, P, t, B, y);
    }
    case "opsum": {
      applyInto(ctx, A.src[0], x, B, y);
      const t = scratch(ctx, y.kind, mulE(B, rows));
      applyInto(ctx, A.src[1], x, B, t);
      return call(ctx, "acc", y.name, y.off, t.name, 0, mulE(B, rows, width(y.kind)));
    }
    case "scale": {
      applyInto(ctx, A.src[0], x, B, y);
      if (a.im === 0) return call(ctx, "scal", y.name, y.off, mulE(B, rows, width(y.kind)), a.re);
      return call(ctx, "cscal", y.name, y.off, mulE(B, rows), a.re, a.im);
    }
  }
  return fail("E0801", `operator '${A.op}' must be lowered first: the cpu backend runs the kernel op set only`);
}

/**
 * y = BD(W) x with W [nb, out, inn] (dense: nb = 1), applied along an axis with `after`
 * elements behind it. Real weights on complex data read each complex element as two reals.
 */
function blockProduct(ctx: Ctx, W: Node, nb: number, out: number, inn: number, x: Ref, B: Expr, y: Ref, after: Expr): void {
  if (tensorKind(W) === "R") return call(ctx, "bmm_r", ctx.table(W, "R"), nb, out, inn, x.name, x.off, y.name, y.off, B, mulE(after, width(x.kind)));
  const xc = toC(ctx, x, mulE(B, nb, inn, after));
  call(ctx, "bmm_c", ctx.table(W, "C"), nb, out, inn, xc.name, xc.off, y.name, y.off, B, after);
}

/** t = V^T x for V [n, r] (the first factor of lowrank). */
function blockProductT(ctx: Ctx, V: Node, r: number, n: number, x: Ref, B: Expr, t: Ref): void {
  if (tensorKind(V) === "R") return call(ctx, "bmm_r", ctx.transposed(V, "R"), 1, r, n, x.name, x.off, t.name, t.off, B, width(x.kind));
  const xc = toC(ctx, x, mulE(B, n));
  call(ctx, "bmm_c", ctx.transposed(V, "C"), 1, r, n, xc.name, xc.off, t.name, t.off, B, 1);
}

/** Monarch (version-2 reference): BD(w1), stride (r, l) -> (l, r), BD(w2), stride (l, s) -> (s, l). */
function monarch(ctx: Ctx, A: Node, x: Ref, B: Expr, y: Ref): void {
  const [w1, w2] = A.src;
  const [k, q, p] = dimsOf(w1), [l, s, r] = dimsOf(w2);
  const K = y.kind, w = width(K);
  const t1 = scratch(ctx, K, mulE(B, k * q));
  blockProduct(ctx, w1, k, q, p, x, B, t1, 1);
  const t2 = scratch(ctx, K, mulE(B, l * r));
  call(ctx, "tr", t1.name, 0, t2.name, 0, r, l, B, w);
  const t3 = scratch(ctx, K, mulE(B, l * s));
  blockProduct(ctx, w2, l, s, r, t2, B, t3, 1);
  call(ctx, "tr", t3.name, 0, y.name, y.off, l, s, B, w);
}

/** (A1 ⊗ ... ⊗ Am) x: view each row as [c1, ..., cm] and apply each factor along its axis. */
function kron(ctx: Ctx, A: Node, x: Ref, B: Expr, y: Ref): void {
  const facs = A.src;
  const dims = facs.map((f) => opType(f).cols);
  let cur = x;
  facs.forEach((f, j) => {
    const { rows, cols } = opType(f);
    const before = dims.slice(0, j).reduce((p, d) => p * d, 1);
    const after = dims.slice(j + 1).reduce((p, d) => p * d, 1);
    const k = outKind(f, cur.kind);
    const dst = j === facs.length - 1 ? y : scratch(ctx, k, mulE(B, before * rows * after));
    const Bj = mulE(B, before);
    if (after === 1) applyInto(ctx, f, cur, Bj, dst);
    else if (f.op === "dense") blockProduct(ctx, f.src[0], 1, rows, cols, cur, Bj, dst, after);
    else {
      // bring the axis last, apply along rows, put it back
      const t1 = scratch(ctx, cur.kind, mulE(Bj, cols * after));
      call(ctx, "tr", cur.name, cur.off, t1.name, 0, cols, after, Bj, width(cur.kind));
      const t2 = scratch(ctx, k, mulE(Bj, after * rows));
      applyOp(ctx, f, t1, mulE(Bj, after), t2);
      call(ctx, "tr", t2.name, 0, dst.name, dst.off, after, rows, Bj, width(k));
    }
    dims[j] = rows;
    cur = dst;
  });
}

/** blockdiag(A1, ..., Am): each block reads its column window and writes its row window. */
function blockdiag(ctx: Ctx, A: Node, x: Ref, B: Expr, y: Ref): void {
  const { rows, cols } = opType(A);
  let r0 = 0, c0 = 0;
  for (const blk of A.src) {
    const t = opType(blk);
    const xs = scratch(ctx, x.kind, mulE(B, t.cols));
    call(ctx, "window", x.name, x.off, cols, xs.name, 0, t.cols, c0, B, width(x.kind));
    const ys = scratch(ctx, y.kind, mulE(B, t.rows));
    applyInto(ctx, blk, xs, B, ys);
    call(ctx, "place", ys.name, 0, t.rows, y.name, y.off, rows, r0, B, width(y.kind));
    r0 += t.rows;
    c0 += t.cols;
  }
}
