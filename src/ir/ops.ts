// The op registry: the one list of IR ops. For every op, its typed arguments (OpArgs), its
// kind (a tensor or a linear operator), its stage (removed by the lowering passes, or a kernel
// op that survives lowering and every backend renders) and a one-line doc. Every other list of
// ops derives from this file: the kernel op set (KERNEL_OPS), what the lowering must remove
// (SOURCE_OPS), the docs' tables; backends are `Record<KernelOp, ...>` tables that tsc checks for
// completeness. Structural inverses and transposes are the table next to it (structural.ts).
import type { Block2Mode } from "./math/block2.js";
import type { HippoKind } from "./math/hippo.js";
import type { Discretisation } from "./math/ssmkernel.js";
import type { DType } from "./types.js";
import type { StageProgram } from "./stages.js";

export type { Block2Mode, HippoKind, Discretisation };
export type Norm = "backward" | "ortho" | "forward";
export type EmbedKind = "toeplitz" | "hankel";
export type ConvMode = "full" | "same" | "valid";

/**
 * A complex FFT plan, chosen by the planner (src/passes/schedule) from the target's schedule
 * and recorded on the lowered graph; backends render it and never re-plan.
 *   direct     one codelet / one dense DFT stage of size n
 *   mixed      Stockham passes (cpu, gpujs) or MatMul stages (onnx) of these radices, in order
 *   rader      n prime: a cyclic convolution of length n - 1 by FFTs planned as `inner`
 *   bluestein  chirp-z: a linear convolution through FFTs of size m planned as `inner`
 */
export type FftPlan =
  | { readonly algo: "direct"; readonly n: number }
  | { readonly algo: "mixed"; readonly n: number; readonly radices: readonly number[] }
  | { readonly algo: "rader"; readonly n: number; readonly inner: FftPlan }
  | { readonly algo: "bluestein"; readonly n: number; readonly m: number; readonly inner: FftPlan };

/** How a real transform (rdft, irdft, dct) runs: through a complex FFT of n/2 (half) or n (full) points. */
export type RealFftPlan = {
  readonly via: "half" | "full";
  readonly fft: FftPlan;
};

type Empty = Record<never, never>;
/** The stage program the `lower` pass records on the ops a target renders from stages. */
type Staged = { readonly stages?: StageProgram };
type Lmax = { readonly lmax: number };
type SsmArgs = { readonly dt: number; readonly L: number; readonly method: Discretisation };

/**
 * The typed arguments of every op. `plan` fields are filled in by the planner pass; `stages`
 * fields by the `lower` pass, on the targets whose schedule renders that op from stages.
 */
export interface OpArgs {
  // ---- tensors: declarations and literals
  input: { readonly name: string };
  param: { readonly name: string };
  /** Literal data, interleaved (re, im) when complex. */
  const: { readonly data: Float64Array | readonly number[] };
  /** A tensor of the node's shape filled with one value (zeros, ones). */
  fill: { readonly value: number };
  // ---- tensors: an operator applied along an axis; elementwise maths (numpy broadcasting)
  /** `axis` (0 <= axis < rank - 1) only when not the last axis, so `A @ x` prints and hashes as it always did. */
  apply: { readonly axis?: number };
  add: Empty; sub: Empty; mul: Empty; div: Empty;
  neg: Empty; conj: Empty; real: Empty; imag: Empty; abs: Empty;
  relu: Empty; tanh: Empty; sin: Empty; exp: Empty;
  cos: Empty; sigmoid: Empty; gelu: Empty; angle: Empty; atan2: Empty;
  softshrink: { readonly lambda: number };
  // ---- tensors: reduction and layout along any axis (axes normalised: 0 <= axis < rank)
  /** Sum over one axis, which the result drops (numpy's keepdims=False). */
  sum: { readonly axis: number };
  /** The same elements, row-major, in the node's shape (numpy.reshape). */
  reshape: Empty;
  /** y.shape[i] = x.shape[axes[i]] (numpy.transpose(x, axes)). */
  permute: { readonly axes: readonly number[] };
  /** The sources one after another along `axis` (numpy.concatenate). */
  concat: { readonly axis: number };
  /** x[..., start:stop, ...] along `axis`, not the last (the last axis is `slice`). */
  narrow: { readonly axis: number; readonly start: number; readonly stop: number };
  /** `before` zeros, x, `after` zeros along `axis` (numpy.pad on one axis); the last axis padded at its end alone is `pad`. */
  pad_axis: { readonly axis: number; readonly before: number; readonly after: number };
  /** Y[..., o, k] = sum over i of X[..., i, k] W[i, o, k] for X [..., I, modes], W [I, O, modes] (mode axes broadcast). */
  modemix: Empty;
  // ---- tensors: layout on the last axis, dtype
  slice: { readonly start: number; readonly stop: number };
  pad: { readonly n: number };
  cast: { readonly dtype: DType };
  /** First column of the N-circulant embedding of toeplitz(c, r) (or of a Hankel matrix). */
  circ_embed: { readonly N: number; readonly kind: EmbedKind };
  mtranspose: { readonly conj: boolean };
  materialize: Empty;
  minverse: Empty;
  /** Per-frequency Cayley transform of a [c, c, n] stack: (I + H_k)^-1 (I - H_k) for each k. */
  mcayley: Empty;
  /** g[i, o, t] = h[o, i, t'] (conjugated if conj) with t' = (-t) mod n if reverse, else t. */
  chan_transpose: { readonly conj: boolean; readonly reverse: boolean };
  invperm: Empty;
  /** Twiddles of inv, .T or .H of butterfly(w): each 2x2 block of w [L, n/2, 2, 2] inverted, transposed or conjugate-transposed, factor axis reversed. */
  block2: { readonly mode: Block2Mode };
  // ---- tensors: sphere and state-space families, and their kernel-level lowerings
  gaunt: Lmax;
  sh_eval: Empty;
  cg_path: { readonly l1: number; readonly l2: number; readonly l3: number };
  hippo_A: { readonly kind: HippoKind; readonly n: number };
  hippo_B: { readonly kind: HippoKind; readonly n: number };
  ssm_kernel: SsmArgs;
  /** Sources lam, B, C, dt (dt a real scalar tensor: a literal becomes a const). */
  s4d_kernel: { readonly L: number };
  /** Sources lam, P, B, C, dt (dt a real scalar tensor: a literal becomes a const). */
  dplr_kernel: { readonly L: number };
  /** The spectrum K̂ (complex [L]) of dplr_kernel at the L-th roots of unity; same sources. */
  dplr_spectrum: { readonly L: number };
  gaunt_direct: Lmax;
  gaunt_fourier: Lmax;
  sh_matrix: Lmax;
  ssm_powers: SsmArgs;
  ssm_dplr: { readonly dt: number; readonly L: number; readonly kind: HippoKind };
  ssm_basis: SsmArgs;
  // ---- operators: Fourier family
  /** `plan`: the complex FFT; `real`: how the target transforms real rows (a half-size FFT, say). */
  /** `realStages`: the program of the real-row path (`real`: the first n/2 + 1 bins of real rows, scaled, unconjugated). */
  dft: { readonly n: number; readonly norm: Norm; readonly inverse: boolean; readonly plan?: FftPlan; readonly real?: RealFftPlan; readonly stages?: StageProgram; readonly realStages?: StageProgram };
  rdft: { readonly n: number; readonly norm: Norm; readonly plan?: RealFftPlan; readonly stages?: StageProgram };
  irdft: { readonly n: number; readonly norm: Norm; readonly plan?: RealFftPlan; readonly stages?: StageProgram };
  /** `fftStages`: the program of the complex FFT its plan runs (unscaled), on targets rendering FFTs from stages but not the DCT itself. */
  dct: { readonly n: number; readonly type: number; readonly norm: Norm; readonly inverse: boolean; readonly plan?: RealFftPlan; readonly stages?: StageProgram; readonly fftStages?: StageProgram };
  dst: { readonly n: number; readonly type: number; readonly norm: Norm; readonly inverse: boolean; readonly stages?: StageProgram };
  wht: { readonly n: number; readonly norm: Norm; readonly stages?: StageProgram };
  // ---- operators: structure
  eye: { readonly n: number } & Staged;
  diag: Staged;
  perm: Staged;
  bitrev: { readonly n: number } & Staged;
  stride: { readonly m: number; readonly n: number } & Staged;
  /** y[i] = x[i + offset] where in range, else 0. */
  window: { readonly rows: number; readonly cols: number; readonly offset: number } & Staged;
  reverse: { readonly n: number } & Staged;
  dense: Staged;
  lowrank: Staged;
  kron: Staged;
  blockdiag: Staged;
  // ---- operators: Toeplitz family (kept direct only where the planner finds them small)
  toeplitz: Empty;
  circulant: Empty;
  hankel: Empty;
  conv: { readonly n: number; readonly mode: ConvMode };
  /** Multi-channel circular convolution from a [c_out, c_in, n] filter (channel-major rows). */
  block_circulant: Empty;
  /** Block matrix of diagonals: block (o, i) is diag(D[o, i, :]) for D [c_out, c_in, n]. */
  diagblocks: Staged;
  // ---- operators: fast factors
  butterfly: { readonly increasing: boolean; readonly stages?: StageProgram };
  butterfly_dft: { readonly n: number };
  monarch: Staged;
  // ---- operators: algebra
  compose: Empty;
  opsum: Empty;
  scale: { readonly re: number; readonly im: number };
  transpose: Empty;
  adjoint: Empty;
  inv: Empty;
  cayley: Empty;
}

export type OpName = keyof OpArgs;

export interface OpInfo {
  /** A tensor value, or a linear operator (never materialised unless a backend chooses to). */
  readonly kind: "tensor" | "operator";
  /**
   * "source": the lowering passes replace it (a backend never sees it); "kernel": it may
   * survive lowering, and every backend's table says how it renders it (or why it cannot).
   */
  readonly stage: "source" | "kernel";
  readonly doc: string;
}

const T = (doc: string) => ({ kind: "tensor", stage: "kernel", doc }) as const;
const Tsource = (doc: string) => ({ kind: "tensor", stage: "source", doc }) as const;
const O = (doc: string) => ({ kind: "operator", stage: "kernel", doc }) as const;
const Osource = (doc: string) => ({ kind: "operator", stage: "source", doc }) as const;

export const OPS = {
  input: T("a run-time input"),
  param: T("a weight, bound from a .npy file at compile or run time"),
  const: T("a literal tensor"),
  fill: T("a tensor filled with one value"),
  apply: T("operator A applied along an axis of x (the last unless `axis` says otherwise)"),
  add: T("a + b"), sub: T("a - b"), mul: T("a * b"), div: T("a / b"),
  neg: T("-x"), conj: T("complex conjugate"), real: T("real part"), imag: T("imaginary part"), abs: T("modulus"),
  relu: T("max(x, 0)"), tanh: T("tanh"), sin: T("sin"), exp: T("exp (complex too)"),
  cos: T("cos"), sigmoid: T("logistic sigmoid 1 / (1 + e^-x)"), gelu: T("GELU x (1 + erf(x / sqrt 2)) / 2 (torch's default, exact erf)"),
  angle: T("argument atan2(Im z, Re z) (numpy.angle)"), atan2: T("atan2(a, b) elementwise, numpy.arctan2 (broadcasting)"),
  sum: T("sum over an axis (numpy.sum, keepdims=False)"),
  reshape: T("row-major reshape (numpy.reshape)"),
  permute: T("axes permuted (numpy.transpose)"),
  concat: T("concatenation along an axis (numpy.concatenate)"),
  narrow: T("x[start:stop] along an axis other than the last"),
  pad_axis: T("zero padding before and after along an axis (numpy.pad on one axis)"),
  modemix: T("per-mode channel mixing Y[..., o, k] = sum_i X[..., i, k] W[i, o, k] (FNO's einsum('bixy,ioxy->boxy'); mode axes broadcast)"),
  softshrink: T("soft thresholding (real and imaginary parts apart)"),
  slice: T("x[start:stop] on the last axis"),
  pad: T("zero padding of the last axis to length n"),
  cast: T("dtype conversion"),
  circ_embed: T("first column of a circulant embedding of a Toeplitz or Hankel matrix"),
  mtranspose: T("transpose (or conjugate transpose) of the matrices on the last two axes"),
  materialize: T("the dense matrix of an operator, as a tensor"),
  minverse: T("inverse of the small square matrices on the last two axes"),
  chan_transpose: T("swap the two channel axes of [c_out, c_in, n] (optionally conjugate, reverse time mod n)"),
  mcayley: T("per-frequency Cayley transform (I + H[:, :, k])^-1 (I - H[:, :, k]) of a [c, c, n] tensor"),
  invperm: T("inverse permutation of an i64 index vector"),
  block2: T("butterfly twiddles [L, n/2, 2, 2] with each 2x2 block inverted, transposed or conjugate-transposed (mode), factor order reversed"),
  gaunt: Tsource("Gaunt tensor product of SH coefficient vectors"),
  sh_eval: Tsource("an SH expansion evaluated at points"),
  cg_path: T("one Clebsch-Gordan path in the real SH basis (folds to constants)"),
  hippo_A: T("HiPPO state matrix (folds to a constant)"),
  hippo_B: T("HiPPO input vector (folds to a constant)"),
  ssm_kernel: Tsource("SSM convolution kernel K[k] = C Ā^k B̄"),
  s4d_kernel: T("S4D diagonal ZOH kernel"),
  dplr_kernel: Tsource("S4 DPLR kernel from (Λ, P, B, C̃, dt): Cauchy sums + Woodbury at the roots of unity, inverse DFT"),
  dplr_spectrum: T("S4 DPLR generating function at the L-th roots of unity (Cauchy sums + Woodbury), complex [L]"),
  gaunt_direct: T("Gaunt product by the sparse coefficient sum"),
  gaunt_fourier: T("Gaunt product by the 2-D Fourier route"),
  sh_matrix: T("SH matrix Y[k, i] = Y_i(theta[k], phi[k])"),
  ssm_powers: T("SSM kernel by the recurrence (folds to a constant; run-time data: cpu, wasm, onnx)"),
  ssm_dplr: T("SSM kernel by S4's Cauchy + Woodbury route (folds to a constant)"),
  ssm_basis: T("W[k, i] = (Ā^k B̄)_i (folds to a constant)"),
  dft: O("discrete Fourier transform (numpy.fft)"),
  rdft: O("real-input DFT, n//2+1 bins (numpy.fft.rfft)"),
  irdft: O("inverse of rdft (numpy.fft.irfft)"),
  dct: O("discrete cosine transform types 1-4 (scipy.fft.dct)"),
  dst: Osource("discrete sine transform types 1-4 (scipy.fft.dst), lowered through the DCT or the DFT"),
  wht: O("Walsh-Hadamard transform, Sylvester order"),
  eye: O("identity"),
  diag: O("diagonal"),
  perm: O("permutation y[i] = x[p[i]]"),
  bitrev: O("bit-reversal permutation"),
  stride: O("stride permutation"),
  window: O("a zero-extended window y[i] = x[i + offset]"),
  reverse: O("reversal y[i] = x[n - 1 - i]"),
  dense: O("explicit matrix"),
  lowrank: O("U V^T"),
  kron: O("Kronecker product (numpy.kron)"),
  blockdiag: O("block-diagonal operator"),
  toeplitz: O("Toeplitz matrix (scipy.linalg.toeplitz)"),
  circulant: O("circulant matrix"),
  hankel: O("Hankel matrix (scipy.linalg.hankel)"),
  conv: O("convolution (numpy.convolve)"),
  block_circulant: Osource("multi-channel circular convolution, blocks circulant(h[o, i, :])"),
  diagblocks: O("block matrix whose (o, i) block is diag(D[o, i, :])"),
  butterfly: O("product of butterfly factors (torch-butterfly layout)"),
  butterfly_dft: Osource("the DFT as bit reversal and radix-2 butterflies"),
  monarch: O("Monarch matrix"),
  compose: O("A after B"),
  opsum: O("A + B"),
  scale: O("s A"),
  transpose: Osource("A^T"),
  adjoint: Osource("A^H"),
  inv: Osource("A^-1"),
  cayley: Osource("Cayley transform (I - A)(I + A)^-1"),
} as const satisfies { readonly [K in OpName]: OpInfo };

type Registry = typeof OPS;
export type TensorOp = { [K in OpName]: Registry[K]["kind"] extends "tensor" ? K : never }[OpName];
export type OperatorOp = Exclude<OpName, TensorOp>;
/** The kernel op set: what may survive lowering, and what every backend table covers. */
export type KernelOp = { [K in OpName]: Registry[K]["stage"] extends "kernel" ? K : never }[OpName];
export type SourceOp = Exclude<OpName, KernelOp>;

const names = Object.keys(OPS) as OpName[];
export const ALL_OPS: readonly OpName[] = names;
export const TENSOR_OPS = names.filter((k): k is TensorOp => OPS[k].kind === "tensor");
export const OPERATOR_OPS = names.filter((k): k is OperatorOp => OPS[k].kind === "operator");
export const KERNEL_OPS = names.filter((k): k is KernelOp => OPS[k].stage === "kernel");
/** Ops a backend never sees: the lowering passes replace them all. */
export const SOURCE_OPS = names.filter((k): k is SourceOp => OPS[k].stage === "source");
export const isKernelOp = (op: OpName): op is KernelOp => OPS[op].stage === "kernel";
export const isOpName = (s: string): s is OpName => Object.hasOwn(OPS, s);
