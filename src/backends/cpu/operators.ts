// Applying a kernel operator to a batch of rows: `applyOp(A, x, B, y)` emits code that writes
// y[b, :] = A x[b, :] for B contiguous rows, by the operator's entry in OPERATORS (one per
// operator kernel op, checked by tsc). The ops the `lower` pass gave a stage program (the
// schedule's stageOps: the Fourier family, the DCT, dense, Monarch, kron, blockdiag, the
// structural ops) run its kernel (stages.ts); compose chains through scratch, a kron or
// blockdiag of ops without a program applies each factor along its own axis or each block on
// its column window, small Toeplitz-like operators are one dense product.
import { type KernelOp, type Node, type NodeOf, type OperatorOp, type OperatorType, type RealFftPlan, type StageProgram, type TensorType, boundSource, fail, fftScale } from "../../ir/index.js";
import { type Unsupported, isUnsupported } from "../backend.js";
import { type Expr, type Gen, type Kind, type Ref, type Stage, addE, joinKind, mulE, width } from "./gen.js";
import { realRowsProblem } from "./stages.js";
import { emitDct } from "./dct.js";
import type { Prec } from "./lib/index.js";

export interface Ctx {
  gen: Gen;
  stage: Stage;
  prec: Prec;
  /** The value of tensor `n` in this kernel's precision with the given kind (converted once). */
  table(n: Node, kind: Kind): string;
  /** Dense matrix [rows, cols] of a small toeplitz/circulant/hankel/conv operator. */
  structMatrix(A: Node, kind: Kind): string;
  /** Int32 index table of an i64 permutation vector. */
  permTable(n: Node): string;
  /** The stage computing tensor `n`: "param" for values fixed when the kernel is made. */
  stageOf(n: Node): Stage;
}

const opType = (A: Node) => A.type as OperatorType;
const tensorKind = (n: Node): Kind => ((n.type as TensorType).dtype.startsWith("c") ? "C" : "R");

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

/** y = A x with y.kind = outKind(A, x.kind): the operator's entry in the table. */
export function applyOp(ctx: Ctx, A: Node, x: Ref, B: Expr, y: Ref): void {
  // checkSupported has refused every op without a rendering before any code was generated
  if (!isKernelOperator(A)) throw new Error(`internal: '${A.op}' reached the cpu emitter as an operator`);
  const rule: ApplyFn<KernelOperatorOp> | Unsupported = OPERATORS[A.op];
  if (isUnsupported(rule)) throw new Error(`internal: operator '${A.op}' reached the cpu emitter without a rendering`);
  rule(ctx, A, x, B, y);
}

/** The operator kernel ops: everything `A @ x` can be after lowering. */
export type KernelOperatorOp = KernelOp & OperatorOp;
/**
 * How the cpu renders y[b, :] = A x[b, :] for B rows of x (y.kind is outKind(A, x.kind)).
 * Written as a method's type so that a table entry may take its own op's node (`NodeOf<"dft">`)
 * and still be called through the table's common type (method parameters are bivariant).
 */
type ApplyFn<K extends KernelOperatorOp> = { apply(ctx: Ctx, A: NodeOf<K>, x: Ref, B: Expr, y: Ref): void }["apply"];

const isKernelOperator = (A: Node): A is NodeOf<KernelOperatorOp> => Object.hasOwn(OPERATORS, A.op);

/** The plan the schedule pass recorded on a Fourier node (absent only when the graph was not lowered for the cpu: never a reason to plan here). */
function planOf<P>(A: Node & { arg: { n: number; plan?: P } }): P {
  return A.arg.plan ?? fail("E0801", `${A.op}(${A.arg.n}) carries no FFT plan: the cpu backend renders graphs lowered for it (lowerForBackend(program, { target: "cpu" }))`);
}

/** The recorded plan of a dft applied to real rows. */
function realPlanOf(A: NodeOf<"dft">): RealFftPlan {
  return A.arg.real ?? fail("E0801", `dft(${A.arg.n}) carries no FFT plan: the cpu backend renders graphs lowered for it (lowerForBackend(program, { target: "cpu" }))`);
}

/** The stage program the `lower` pass recorded on a node (absent only when the graph was not lowered for the cpu). */
export function stagesOf(A: Node, program: StageProgram | undefined): StageProgram {
  return program ?? fail("E0801", `${A.op} carries no stage program: the cpu backend renders graphs lowered for it (lowerForBackend(program, { target: "cpu" }))`);
}

/**
 * y = A x by the stage program the `lower` pass recorded on A, its weights the tensors bound to
 * the program's shared inputs. Real rows of a program on complex vectors: as real rows where every
 * stage keeps real data real (realRowsProblem: block products by real weights, data movement);
 * else, for a real operator (real rows in and out: the DCT), two rows as the real and imaginary
 * parts of one complex row (the program is complex-linear), so a batch costs half its rows' runs;
 * else promoted to complex.
 */
function staged(ctx: Ctx, A: Node, p: StageProgram, x: Ref, B: Expr, y: Ref): void {
  const g = ctx.gen, px = p.inputs.find((b) => !b.shared)!, py = p.outputs[0];
  const W = p.inputs.filter((b) => b.shared).map((b) => ctx.table(boundSource(A, b), b.dtype === "complex" ? "C" : "R"));
  const run = (F: string, xs: Ref, ys: Ref, rows: Expr) => g.line(ctx.stage, `${F}(${[...W, xs.name, xs.off, ys.name, ys.off, rows].join(", ")});`);
  if (px.dtype === "real" && x.kind === "C") fail("E0402", `${A.op} needs real input`);
  if (px.dtype === "real" || x.kind === "C") return run(g.stageKernel(A, p, ctx.prec), x, y, B);
  if (!realRowsProblem(p)) return run(g.stageKernel(A, p, ctx.prec, "real"), x, y, B);
  if (y.kind === "R" && py.dtype === "complex") {
    const pairs = g.acquire(ctx.stage, ctx.prec, addE(mulE(B, px.len), px.len)), out = g.acquire(ctx.stage, ctx.prec, addE(mulE(B, py.len), py.len));
    g.line(ctx.stage, `${g.lib.use("pairIn", ctx.prec)}(${x.name}, ${x.off}, ${pairs}, ${px.len}, ${B});`);
    run(g.stageKernel(A, p, ctx.prec), ref(pairs, "C", ctx.prec), ref(out, "C", ctx.prec), `(${B} + 1) >> 1`);
    g.line(ctx.stage, `${g.lib.use("pairOut", ctx.prec)}(${out}, ${y.name}, ${y.off}, ${py.len}, ${B});`);
    g.release(pairs);
    return g.release(out);
  }
  run(g.stageKernel(A, p, ctx.prec), toC(ctx, x, mulE(B, px.len)), y, B);
}

const gatherBy = (ctx: Ctx, table: string, x: Ref, y: Ref, cols: number, B: Expr) => call(ctx, "gather", x.name, x.off, y.name, y.off, table, cols, B, width(x.kind));

/**
 * The hooks' kernel for a butterfly (a backend built on this one: KernelHooks), if they render one: emits its call and returns true.
 * Weights fixed when the kernel is made (the param stage) are loaded into it once.
 */
function hookButterfly(ctx: Ctx, A: NodeOf<"butterfly">, x: Ref, B: Expr, y: Ref, w: 1 | 2, kind: Kind): boolean {
  const W = A.src[0], T = ctx.table(W, kind), fixed = ctx.stageOf(W) === "param";
  const F = ctx.gen.butterfly(opType(A).cols, w, ctx.prec, A.arg.increasing, kind === "C", fixed ? T : undefined, A.arg.stages);
  if (F) ctx.gen.line(ctx.stage, `${F}(${fixed ? "null" : T}, ${x.name}, ${x.off}, ${y.name}, ${y.off}, ${B});`);
  return F !== undefined;
}

/** Toeplitz-like operators the planner kept direct because they are small: one dense product. */
const direct: ApplyFn<"toeplitz" | "circulant" | "hankel" | "conv"> = (ctx, A, x, B, y) => {
  const { rows, cols } = opType(A);
  if (outKind(A, "R") === "R") return call(ctx, "bmm_r", ctx.structMatrix(A, "R"), 1, rows, cols, x.name, x.off, y.name, y.off, B, width(x.kind));
  const xc = toC(ctx, x, mulE(B, cols));
  call(ctx, "bmm_c", ctx.structMatrix(A, "C"), 1, rows, cols, xc.name, xc.off, y.name, y.off, B, 1);
};

/** The ops the cpu schedule renders from their stage programs always have one (stagesOf fails else). */
function fromStages(ctx: Ctx, A: Node & { readonly arg: { readonly stages?: StageProgram } }, x: Ref, B: Expr, y: Ref): void {
  staged(ctx, A, stagesOf(A, A.arg.stages), x, B, y);
}

export const OPERATORS: { readonly [K in KernelOperatorOp]: ApplyFn<K> | Unsupported } = {
  eye: fromStages,
  dft: (ctx, A, x, B, y) => {
    const { n, norm, inverse } = A.arg;
    const scale = fftScale(norm, n, inverse);
    // real rows: the target's real FFT into the first n/2 + 1 bins, the rest by Hermitian symmetry
    if (x.kind === "R") return call(ctx, "rfull", ctx.gen.realFft("rfft", realPlanOf(A), ctx.prec, scale, stagesOf(A, A.arg.realStages)), x.name, x.off, y.name, y.off, n, B, inverse);
    const F = ctx.gen.fft(planOf(A), inverse, ctx.prec, scale, stagesOf(A, A.arg.stages));
    ctx.gen.line(ctx.stage, `${F}(${x.name}, ${x.off}, ${y.name}, ${y.off}, ${B});`);
  },
  rdft: (ctx, A, x, B, y) => {
    if (x.kind === "C") fail("E0402", "rdft needs real input");
    const F = ctx.gen.realFft("rfft", planOf(A), ctx.prec, fftScale(A.arg.norm, A.arg.n, false), stagesOf(A, A.arg.stages));
    ctx.gen.line(ctx.stage, `${F}(${x.name}, ${x.off}, ${y.name}, ${y.off}, ${B});`);
  },
  irdft: (ctx, A, x, B, y) => {
    const xc = toC(ctx, x, mulE(B, opType(A).cols));
    const F = ctx.gen.realFft("irfft", planOf(A), ctx.prec, fftScale(A.arg.norm, A.arg.n, true), stagesOf(A, A.arg.stages));
    ctx.gen.line(ctx.stage, `${F}(${xc.name}, ${xc.off}, ${y.name}, ${y.off}, ${B});`);
  },
  // a DCT the schedule does not render from its program: the runtime DCT kernels round its FFT program
  dct: (ctx, A, x, B, y) => (A.arg.stages ? staged(ctx, A, A.arg.stages, x, B, y) : emitDct(ctx, A, planOf(A), x, B, y)),
  wht: (ctx, A, x, B, y) => {
    const { n, norm } = A.arg, w = x.kind === "C" ? 2 : 1, scale = fftScale(norm, n, false);
    const F = ctx.gen.wht(n, w, ctx.prec, scale, stagesOf(A, A.arg.stages));
    ctx.gen.line(ctx.stage, `${F}(${x.name}, ${x.off}, ${y.name}, ${y.off}, ${B});`);
  },
  diag: fromStages,
  diagblocks: fromStages,
  // a constant permutation has its program; a run-time index vector, its table built when it is known
  perm: (ctx, A, x, B, y) => (A.arg.stages ? staged(ctx, A, A.arg.stages, x, B, y) : gatherBy(ctx, ctx.permTable(A.src[0]), x, y, opType(A).cols, B)),
  bitrev: fromStages,
  stride: fromStages,
  reverse: fromStages,
  toeplitz: direct,
  circulant: direct,
  hankel: direct,
  conv: direct,
  window: fromStages,
  dense: fromStages,
  lowrank: fromStages,
  butterfly: (ctx, A, x, B, y) => {
    const W = A.src[0], cols = opType(A).cols, wk = tensorKind(W);
    if (wk === "R" && x.kind === "R") {
      // real weights on real rows: the program on real rows
      if (hookButterfly(ctx, A, x, B, y, 1, "R")) return;
      return staged(ctx, A, stagesOf(A, A.arg.stages), x, B, y);
    }
    const xc = toC(ctx, x, mulE(B, cols));
    if (hookButterfly(ctx, A, xc, B, y, 2, wk)) return;
    const F = ctx.gen.butterflyStages(stagesOf(A, A.arg.stages), ctx.prec, A.arg.increasing);
    ctx.gen.line(ctx.stage, `${F}(${ctx.table(W, wk)}, ${xc.name}, ${xc.off}, ${y.name}, ${y.off}, ${B});`);
  },
  monarch: fromStages,
  // a kron or blockdiag of ops the lowering covers has its program; of others, each factor or block by its own entry
  kron: (ctx, A, x, B, y) => (A.arg.stages ? staged(ctx, A, A.arg.stages, x, B, y) : kron(ctx, A, x, B, y)),
  blockdiag: (ctx, A, x, B, y) => (A.arg.stages ? staged(ctx, A, A.arg.stages, x, B, y) : blockdiag(ctx, A, x, B, y)),
  compose: (ctx, A, x, B, y) => {
    const [P, Q] = A.src;
    const t = scratch(ctx, outKind(Q, x.kind), mulE(B, opType(Q).rows));
    applyOp(ctx, Q, x, B, t);
    applyInto(ctx, P, t, B, y);
  },
  opsum: (ctx, A, x, B, y) => {
    const rows = opType(A).rows;
    applyInto(ctx, A.src[0], x, B, y);
    const t = scratch(ctx, y.kind, mulE(B, rows));
    applyInto(ctx, A.src[1], x, B, t);
    call(ctx, "acc", y.name, y.off, t.name, 0, mulE(B, rows, width(y.kind)));
  },
  scale: (ctx, A, x, B, y) => {
    const rows = opType(A).rows, { re, im } = A.arg;
    applyInto(ctx, A.src[0], x, B, y);
    if (im === 0) return call(ctx, "scal", y.name, y.off, mulE(B, rows, width(y.kind)), re);
    call(ctx, "cscal", y.name, y.off, mulE(B, rows), re, im);
  },
};

/**
 * (A1 ⊗ ... ⊗ Am) x: view each row as [c1, ..., cm] and apply each factor along its axis. The
 * scratch of one factor is released once the next has read it, so m factors use O(n) scratch
 * (ping-pong), not a temporary per factor (20 factors of dft(2) on 8 MB took 529 MB).
 */
function kron(ctx: Ctx, A: Node, x: Ref, B: Expr, y: Ref): void {
  const facs = A.src;
  const dims = facs.map((f) => opType(f).cols);
  let cur = x;
  facs.forEach((f, j) => {
    const mine: string[] = [];
    const temp = (kind: Kind, count: number): Ref => {
      const r = scratch(ctx, kind, mulE(B, count)); // (sizes as B * a number, so equal sizes reuse one array)
      mine.push(r.name);
      return r;
    };
    const { rows, cols } = opType(f);
    const before = dims.slice(0, j).reduce((p, d) => p * d, 1);
    const after = dims.slice(j + 1).reduce((p, d) => p * d, 1);
    const k = outKind(f, cur.kind);
    const dst = j === facs.length - 1 ? y : temp(k, before * rows * after);
    const Bj = mulE(B, before);
    if (after === 1) applyInto(ctx, f, cur, Bj, dst);
    else {
      // bring the axis last, apply along rows, put it back
      const t1 = temp(cur.kind, before * cols * after);
      call(ctx, "tr", cur.name, cur.off, t1.name, 0, cols, after, Bj, width(cur.kind));
      const t2 = temp(k, before * after * rows);
      applyOp(ctx, f, t1, mulE(Bj, after), t2);
      call(ctx, "tr", t2.name, 0, dst.name, dst.off, after, rows, Bj, width(k));
    }
    dims[j] = rows;
    // this factor's input (when it was the previous factor's scratch) and its own temporaries are read
    if (j > 0) ctx.gen.release(cur.name);
    for (const t of mine) if (t !== dst.name) ctx.gen.release(t);
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
