// Kernel ops to stage programs. Each covered op lowers to a body: the dtypes of its vector in and
// out, and the stages from one buffer to another, written for one vector. `lowerOp` wraps a body
// in a program reading input x (and an operator's weights, shared by the batch) and writing
// output y; kron and blockdiag run their factors' and blocks' bodies along an axis of their own
// vector (ProgramBuilder.along). Complex buffers unless the op's type says the vector is real
// (rdft's input, irdft's output); a real operand of a complex program is read as complex. The FFT
// plans are the ones the `schedule` pass recorded (the planner's own where none is: the
// reference target records none).
import {
  type FftPlan, type Node, type NodeOf, type OperatorType, type RealFftPlan, type StageDType, type StageProgram, type TensorType,
  bitrevIndex, butterflyStride, fftScale, isComplex, log2i, math, realLength,
} from "../../ir/index.js";
import { ProgramBuilder, complexTable, indexTable } from "./program.js";
import { fft, irfft, rfft, scaled } from "./fft.js";
import { dct, dctFftSizes, dst } from "./dct.js";

/** The kernel ops the lowering covers (a target's schedule says which of them it renders from stages). */
export type LoweredOp =
  | "dft" | "rdft" | "irdft" | "dct" | "dst" | "wht" | "butterfly" | "dense" | "monarch" | "kron" | "blockdiag"
  | "eye" | "diag" | "perm" | "bitrev" | "stride" | "window" | "reverse" | "lowrank" | "diagblocks";

/** Where a lowering finds the plans of transforms the schedule did not record. */
export interface Planner {
  fft(n: number): FftPlan;
  real(n: number): RealFftPlan;
  /** The FFT a forward DCT of this type runs (the schedule's dctFftSize). */
  dct(n: number, type: number): FftPlan;
}

/** What an op lowers to: its vector's dtypes in and out, and the stages from x to y (distinct, y fresh). */
export interface Body {
  readonly x: StageDType;
  readonly y: StageDType;
  emit(b: ProgramBuilder, x: string, y: string): void;
}

/** An op's body; undefined where it is not covered (a kron or blockdiag of an op that is not). */
type Lowering<K extends LoweredOp | PartOp> = (node: NodeOf<K>, plans: Planner) => Body | undefined;

const complex = (emit: Body["emit"]): Body => ({ x: "complex", y: "complex", emit });
const shape = (n: Node) => (n.type as TensorType).shape as number[];
const dtypeOf = (n: Node): StageDType => (isComplex((n.type as TensorType).dtype) ? "complex" : "real");
const opType = (n: Node) => n.type as OperatorType;


/** y = s · DFT_n^{±} x (x, y complex) by a recorded plan. */
export function fftProgram(plan: FftPlan, inverse: boolean, s: number): StageProgram {
  const n = plan.n, b = new ProgramBuilder();
  const x = b.input("x", n, "complex"), y = b.output("y", n, "complex");
  fft(b, plan, inverse ? 1 : -1, x, y);
  scaled(b, y, n, s);
  return b.build();
}

/** y = s · (DFT_n x)[0 .. n/2] for real x, by a recorded real plan. */
export function rfftProgram(plan: RealFftPlan, s: number): StageProgram {
  const n = realLength(plan), b = new ProgramBuilder(), bins = Math.floor(n / 2) + 1;
  const x = b.input("x", n, "real"), y = b.output("y", bins, "complex");
  rfft(b, plan, x, y);
  scaled(b, y, bins, s);
  return b.build();
}

/** y = s · Σ_k X_k e^{2πijk/n} over the Hermitian completion of the n/2 + 1 bins X, real. */
export function irfftProgram(plan: RealFftPlan, s: number): StageProgram {
  const n = realLength(plan), b = new ProgramBuilder();
  const x = b.input("x", Math.floor(n / 2) + 1, "complex"), y = b.output("y", n, "real");
  irfft(b, plan, x, y, s);
  return b.build();
}

/**
 * The FFT a forward DCT of this type runs: the recorded plan, else the planner's (the schedule's
 * dctFftSize); where that size is not one the lowering runs that type with (gpujs records n for
 * every type, and renders the DCT densely), the planner's plan of the lowering's first size.
 */
function dctPlan(plans: Planner, n: number, type: number, recorded?: FftPlan): FftPlan {
  const sizes = dctFftSizes(n, type);
  if (recorded && sizes.includes(recorded.n)) return recorded;
  const p = plans.dct(n, type);
  return sizes.includes(p.n) ? p : plans.fft(sizes[0]);
}

export const LOWERINGS: { readonly [K in LoweredOp]: Lowering<K> } = {
  // y = s · DFT_n^{±} x
  dft: (node, plans) => complex((b, x, y) => {
    const { n, norm, inverse } = node.arg;
    fft(b, node.arg.plan ?? plans.fft(n), inverse ? 1 : -1, x, y);
    scaled(b, y, n, fftScale(norm, n, inverse));
  }),
  // y = s · (DFT_n x)[0 .. n/2] for real x
  rdft: (node, plans) => ({
    x: "real", y: "complex",
    emit: (b, x, y) => {
      const { n, norm } = node.arg;
      rfft(b, node.arg.plan ?? plans.real(n), x, y);
      scaled(b, y, Math.floor(n / 2) + 1, fftScale(norm, n, false));
    },
  }),
  // y = s · IDFT_n (Hermitian completion of X), real
  irdft: (node, plans) => ({
    x: "complex", y: "real",
    emit: (b, x, y) => {
      const { n, norm } = node.arg;
      irfft(b, node.arg.plan ?? plans.real(n), x, y, fftScale(norm, n, true));
    },
  }),
  // scipy.fft.dct / idct through one complex FFT (dct.ts)
  dct: (node, plans) => complex((b, x, y) => {
    const { n, type, norm, inverse } = node.arg;
    dct(b, n, type, norm, inverse, dctPlan(plans, n, math.dctForward(type, norm, inverse).type, node.arg.plan?.fft), x, y);
  }),
  // scipy.fft.dst / idst: reversal, sign flips and the DCT, or the DFT of the odd extension (dct.ts)
  dst: (node, plans) => complex((b, x, y) => {
    const { n, type, norm, inverse } = node.arg;
    dst(b, n, type, norm, inverse, { dct: (forward) => dctPlan(plans, n, forward), fft: plans.fft }, x, y);
  }),
  // H_n = Π_s (I ⊗ H_2 ⊗ I_s), s = 1, 2, ..., n/2 (any order: the factors commute)
  wht: (node) => complex((b, x, y) => {
    const { n, norm } = node.arg;
    if (n === 1) b.stage("window", [x], y, 1, { m: 1, offset: 0 });
    for (let s = 1, src = x; s < n; s *= 2, src = y) b.stage("wht_pass", [src], y, n, { s });
    scaled(b, y, n, fftScale(norm, n, false));
  }),
  // B = F_{L-1} ⋯ F_0, factor idx at stride 2^idx (increasing) or 2^(L-1-idx)
  butterfly: (node) => complex((b, x, y) => {
    const n = opType(node).cols, L = log2i(n);
    const w = b.weight("w", [0], L * (n / 2) * 4, dtypeOf(node.src[0]));
    for (let idx = 0, src = x; idx < L; idx++, src = y) b.stage("butterfly_pass", [src, w], y, n, { s: butterflyStride(idx, L, node.arg.increasing), factor: idx });
  }),
  // y = W x: one block
  dense: (node) => complex((b, x, y) => {
    const [rows, cols] = shape(node.src[0]);
    b.stage("matmul", [x, b.weight("W", [0], rows * cols, dtypeOf(node.src[0]))], y, cols, { blocks: 1, rows, cols });
  }),
  // M = S(l, s) BD(w2) S(r, l) BD(w1), w1 [k, q, p], w2 [l, s, r] (the Monarch paper's reference code)
  monarch: (node) => complex((b, x, y) => {
    const [k, q, p] = shape(node.src[0]), [l, s, r] = shape(node.src[1]);
    const w1 = b.weight("w1", [0], k * q * p, dtypeOf(node.src[0])), w2 = b.weight("w2", [1], l * s * r, dtypeOf(node.src[1]));
    const u = b.temp(k * q), v = b.temp(k * q), z = b.temp(l * s);
    b.stage("matmul", [x, w1], u, k * p, { blocks: k, rows: q, cols: p });
    b.stage("transpose", [u], v, k * q, { a: r, b: l });
    b.stage("matmul", [v, w2], z, l * r, { blocks: l, rows: s, cols: r });
    b.stage("transpose", [z], y, l * s, { a: l, b: s });
  }),
  // y = U (V^T x), U [m, r], V [n, r]: V read transposed by its strides
  lowrank: (node) => complex((b, x, y) => {
    const [m, r] = shape(node.src[0]), [n] = shape(node.src[1]), t = b.temp(r);
    b.stage("matmul", [x, b.weight("V", [1], n * r, dtypeOf(node.src[1]))], t, n, { blocks: 1, rows: r, cols: n, strides: [0, 1, r] });
    b.stage("matmul", [t, b.weight("U", [0], m * r, dtypeOf(node.src[0]))], y, r, { blocks: 1, rows: m, cols: r });
  }),
  // y[o, k] = Σ_i D[o, i, k] x[i, k], D [c_out, c_in, n]: x as [n, c_in], one c_out x c_in block per k
  diagblocks: (node) => complex((b, x, y) => {
    const [co, ci, n] = shape(node.src[0]), u = b.temp(ci * n), v = b.temp(co * n);
    b.stage("transpose", [x], u, ci * n, { a: ci, b: n });
    b.stage("matmul", [u, b.weight("D", [0], co * ci * n, dtypeOf(node.src[0]))], v, ci * n, { blocks: n, rows: co, cols: ci, strides: [1, ci * n, n] });
    b.stage("transpose", [v], y, co * n, { a: n, b: co });
  }),
  // y = x
  eye: (node) => complex((b, x, y) => b.stage("window", [x], y, node.arg.n, { m: node.arg.n, offset: 0 })),
  // y_k = v_k x_k: n blocks of 1 x 1
  diag: (node) => complex((b, x, y) => {
    const n = opType(node).cols;
    b.stage("matmul", [x, b.weight("v", [0], n, dtypeOf(node.src[0]))], y, n, { blocks: n, rows: 1, cols: 1 });
  }),
  // y_i = x_{p_i}, for a constant p (a run-time index vector has no table)
  perm: (node) => {
    const p = node.src[0];
    if (p.op !== "const") return undefined;
    const n = opType(node).cols, data = p.arg.data;
    return complex((b, x, y) => b.stage("gather", [x], y, n, { index: b.data(`perm n=${n}`, indexTable(n, (i) => data[i])), m: n, conj: false }));
  },
  // y_i = x_{bitrev(i)}
  bitrev: (node) => complex((b, x, y) => {
    const n = node.arg.n;
    b.stage("gather", [x], y, n, { index: b.table(`bitrev n=${n}`, () => indexTable(n, (i) => bitrevIndex(i, log2i(n)))), m: n, conj: false });
  }),
  // x as [m, n], transposed
  stride: (node) => complex((b, x, y) => b.stage("transpose", [x], y, node.arg.m * node.arg.n, { a: node.arg.m, b: node.arg.n })),
  // y_i = x_{i + offset} in range, else 0
  window: (node) => complex((b, x, y) => b.stage("window", [x], y, node.arg.cols, { m: node.arg.rows, offset: node.arg.offset })),
  // y_i = x_{n-1-i}
  reverse: (node) => complex((b, x, y) => {
    const n = node.arg.n;
    b.stage("gather", [x], y, n, { index: b.table(`reversal n=${n}`, () => indexTable(n, (i) => n - 1 - i)), m: n, conj: false });
  }),
  // (A_0 ⊗ ⋯ ⊗ A_{f-1}) x: x as [c_0, .., c_{f-1}], each factor along its axis (the reference's
  // order), identities skipped
  kron: (node, plans) => {
    const t = opType(node), factors = node.src.map((A, i) => ({ A, i, body: A.op === "eye" ? undefined : bodyOf(A, plans) }));
    if (factors.some((f) => f.A.op !== "eye" && !f.body)) return undefined;
    return {
      x: dtype(t.realInput), y: dtype(t.realOutput),
      emit: (b, x, y) => {
        const dims = node.src.map((A) => opType(A).cols), steps = factors.filter((f) => f.body);
        let cur = x, at = dtype(t.realInput);
        steps.forEach(({ A, i, body }, s) => {
          const into = s === steps.length - 1 && body!.y === dtype(t.realOutput); // the last factor writes y itself
          cur = b.along(product(dims.slice(0, i)), product(dims.slice(i + 1)), i, () => {
            const to = into ? y : b.temp(opType(A).rows, body!.y);
            body!.emit(b, convert(b, cur, at, body!.x, opType(A).cols), to);
            return to;
          });
          (dims[i] = opType(A).rows), (at = body!.y);
        });
        if (cur !== y) copy(b, cur, at, y, dtype(t.realOutput), t.rows);
      },
    };
  },
  // diag(B_0, .., B_{f-1}): each run of equal blocks on its window of x, placed at its rows of y
  blockdiag: (node, plans) => {
    const runs: { A: Node; source: number; count: number; col: number; row: number }[] = [];
    let col = 0, row = 0;
    node.src.forEach((A, source) => {
      const last = runs[runs.length - 1];
      if (last?.A === A) last.count++;
      else runs.push({ A, source, count: 1, col, row });
      (col += opType(A).cols), (row += opType(A).rows);
    });
    const bodies = runs.map((u) => (u.A.op === "eye" ? undefined : bodyOf(u.A, plans)));
    if (runs.some((u, k) => u.A.op !== "eye" && !bodies[k])) return undefined;
    return complex((b, x, y) => {
      const t = opType(node);
      runs.forEach((u, k) => {
        const { rows, cols } = opType(u.A), body = bodies[k];
        // one run of blocks: the body along x itself
        if (runs.length === 1 && body)
          return b.along(u.count, 1, u.source, () => (body.y === "complex" ? body.emit(b, convert(b, x, "complex", body.x, cols), y) : copy(b, run(b, body, x, "complex", rows, cols), body.y, y, "complex", rows)));
        const from = b.temp(u.count * cols);
        b.stage("window", [x], from, t.cols, { m: u.count * cols, offset: u.col });
        const to = body ? b.along(u.count, 1, u.source, () => convert(b, run(b, body, from, "complex", rows, cols), body.y, "complex", rows)) : from;
        b.stage("place", [to], y, u.count * rows, { index: b.table(`rows ${u.row} .. ${u.row + u.count * rows - 1} of ${t.rows}`, () => indexTable(u.count * rows, (i) => u.row + i)), m: t.rows });
      });
    });
  },
};

/**
 * Ops that lower only as parts of a kron or blockdiag, where their parts must run in one program
 * (the graph applies them one by one everywhere else, each covered op with its own program).
 */
export type PartOp = "compose" | "scale" | "opsum";

export const PARTS: { readonly [K in PartOp]: Lowering<K> } = {
  // A @ B: B, then A
  compose: (node, plans) => {
    const [A, B] = node.src, [bA, bB] = [bodyOf(A, plans), bodyOf(B, plans)];
    if (!bA || !bB) return undefined;
    return {
      x: bB.x, y: bA.y,
      emit: (b, x, y) => {
        const t = b.along(1, 1, 1, () => run(b, bB, x, bB.x, opType(B).rows, opType(B).cols));
        b.along(1, 1, 0, () => bA.emit(b, convert(b, t, bB.y, bA.x, opType(A).cols), y));
      },
    };
  },
  // (re + i im) A
  scale: (node, plans) => {
    const A = node.src[0], body = bodyOf(A, plans), { re, im } = node.arg;
    if (!body) return undefined;
    return {
      x: body.x, y: im === 0 ? body.y : "complex",
      emit: (b, x, y) => {
        const n = opType(A).rows, t = b.along(1, 1, 0, () => run(b, body, x, body.x, n, opType(A).cols));
        if (im === 0) return b.stage("scale", [t], y, n, { s: re });
        b.stage("mul", [convert(b, t, body.y, "complex", n)], y, n, { table: b.table(`(${re}, ${im}) x ${n}`, () => complexTable(n, () => [re, im])), conj: false });
      },
    };
  },
  // A x + B x
  opsum: (node, plans) => {
    const [bA, bB] = [bodyOf(node.src[0], plans), bodyOf(node.src[1], plans)];
    if (!bA || !bB) return undefined;
    const x: StageDType = bA.x === bB.x ? bA.x : "complex", y: StageDType = bA.y === bB.y ? bA.y : "complex";
    return {
      x, y,
      emit: (b, xs, ys) => {
        const { rows, cols } = opType(node);
        const part = (i: number, body: Body) => convert(b, b.along(1, 1, i, () => run(b, body, xs, x, rows, cols)), body.y, y, rows);
        b.stage("add", [part(0, bA), part(1, bB)], ys, rows, {});
      },
    };
  },
};

const dtype = (real: boolean | undefined): StageDType => (real ? "real" : "complex");
const product = (xs: number[]) => xs.reduce((a, c) => a * c, 1);

/** A body from x (cols entries of dtype `at`) into a fresh temporary (rows), returned. */
function run(b: ProgramBuilder, body: Body, x: string, at: StageDType, rows: number, cols: number): string {
  const to = b.temp(rows, body.y);
  body.emit(b, convert(b, x, at, body.x, cols), to);
  return to;
}

/** x (len, dtype from) as a buffer of dtype `to`: itself, or cast into a temporary. */
function convert(b: ProgramBuilder, x: string, from: StageDType, to: StageDType, len: number): string {
  if (from === to) return x;
  const t = b.temp(len, to);
  b.stage("cast", [x], t, len, { to });
  return t;
}

/** y = x (len entries), cast where the dtypes differ. */
function copy(b: ProgramBuilder, x: string, from: StageDType, y: string, to: StageDType, len: number): void {
  if (from !== to) b.stage("cast", [x], y, len, { to });
  else b.stage("window", [x], y, len, { m: len, offset: 0 });
}

export const LOWERED_OPS = Object.keys(LOWERINGS) as LoweredOp[];
export const isLowered = (op: string): op is LoweredOp => (LOWERED_OPS as readonly string[]).includes(op);

export const PART_OPS = Object.keys(PARTS) as PartOp[];
const isPart = (op: string): op is PartOp => (PART_OPS as readonly string[]).includes(op);

/** The body of a covered op or part (undefined for any other op, or one whose parts are not covered). */
function bodyOf(node: Node, plans: Planner): Body | undefined {
  if (isLowered(node.op)) return (LOWERINGS[node.op] as Lowering<LoweredOp>)(node as NodeOf<LoweredOp>, plans);
  return isPart(node.op) ? (PARTS[node.op] as Lowering<PartOp>)(node as NodeOf<PartOp>, plans) : undefined;
}

/** The stage program of a covered kernel op: x (and its weights) to y; undefined where a part of it is not covered. */
export function lowerOp<K extends LoweredOp>(node: NodeOf<K>, plans: Planner): StageProgram | undefined {
  const body = bodyOf(node, plans);
  if (!body) return undefined;
  const t = opType(node), b = new ProgramBuilder();
  const x = b.input("x", t.cols, body.x), y = b.output("y", t.rows, body.y);
  body.emit(b, x, y);
  return b.build();
}
