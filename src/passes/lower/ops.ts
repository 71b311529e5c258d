// Kernel ops to stage programs: each covered op's program over one vector, reading input x (and
// an operator's weights w, shared by the batch) and writing output y. Complex buffers unless
// the op's type says the vector is real (rdft's input, irdft's output); a real operand of a
// complex program is read as complex. The FFT plans are the ones the `schedule` pass recorded
// (the planner's own where none is: the reference target records none).
import { type FftPlan, type NodeOf, type OperatorType, type RealFftPlan, type StageProgram, type TensorType, butterflyStride, fftScale, isComplex, log2i, realLength } from "../../ir/index.js";
import { ProgramBuilder } from "./program.js";
import { fft, irfft, rfft } from "./fft.js";

/** The kernel ops the lowering covers (a target's schedule says which of them it renders from stages). */
export type LoweredOp = "dft" | "rdft" | "irdft" | "wht" | "butterfly";

/** Where a lowering finds the plans of transforms the schedule did not record. */
export interface Planner {
  fft(n: number): FftPlan;
  real(n: number): RealFftPlan;
}

type Lowering<K extends LoweredOp> = (node: NodeOf<K>, plans: Planner) => StageProgram;

/** y *= s (nothing when s = 1). */
const scaled = (b: ProgramBuilder, y: string, n: number, s: number) => {
  if (s !== 1) b.stage("scale", [y], y, n, { s });
};

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
  irfft(b, plan, x, y);
  scaled(b, y, n, s);
  return b.build();
}

export const LOWERINGS: { readonly [K in LoweredOp]: Lowering<K> } = {
  // y = s · DFT_n^{±} x
  dft: (node, plans) => fftProgram(node.arg.plan ?? plans.fft(node.arg.n), node.arg.inverse, fftScale(node.arg.norm, node.arg.n, node.arg.inverse)),
  // y = s · (DFT_n x)[0 .. n/2] for real x
  rdft: (node, plans) => rfftProgram(node.arg.plan ?? plans.real(node.arg.n), fftScale(node.arg.norm, node.arg.n, false)),
  // y = s · IDFT_n (Hermitian completion of X), real
  irdft: (node, plans) => irfftProgram(node.arg.plan ?? plans.real(node.arg.n), fftScale(node.arg.norm, node.arg.n, true)),
  // H_n = Π_s (I ⊗ H_2 ⊗ I_s), s = 1, 2, ..., n/2 (any order: the factors commute)
  wht: (node) => {
    const { n, norm } = node.arg, b = new ProgramBuilder();
    const x = b.input("x", n, "complex"), y = b.output("y", n, "complex");
    if (n === 1) b.stage("window", [x], y, 1, { m: 1, offset: 0 });
    for (let s = 1, src = x; s < n; s *= 2, src = y) b.stage("wht_pass", [src], y, n, { s });
    scaled(b, y, n, fftScale(norm, n, false));
    return b.build();
  },
  // B = F_{L-1} ⋯ F_0, factor idx at stride 2^idx (increasing) or 2^(L-1-idx)
  butterfly: (node) => {
    const n = (node.type as OperatorType).cols, L = log2i(n), wt = node.src[0].type as TensorType, b = new ProgramBuilder();
    const x = b.input("x", n, "complex"), w = b.input("w", L * (n / 2) * 4, isComplex(wt.dtype) ? "complex" : "real", true), y = b.output("y", n, "complex");
    for (let idx = 0, src = x; idx < L; idx++, src = y) b.stage("butterfly_pass", [src, w], y, n, { s: butterflyStride(idx, L, node.arg.increasing), factor: idx });
    return b.build();
  },
};

export const LOWERED_OPS = Object.keys(LOWERINGS) as LoweredOp[];
export const isLowered = (op: string): op is LoweredOp => (LOWERED_OPS as readonly string[]).includes(op);

/** The stage program of a covered kernel op. */
export function lowerOp<K extends LoweredOp>(node: NodeOf<K>, plans: Planner): StageProgram {
  return (LOWERINGS[node.op as K] as Lowering<K>)(node, plans);
}
