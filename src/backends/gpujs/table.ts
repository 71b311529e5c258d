// The gpujs backend's op table: for every kernel op (src/ir/ops.ts), how it renders — a tensor
// op computes its device value, an operator applies itself to rows of one — or why it cannot.
// tsc checks that the table covers every kernel op; plan.ts walks the graph through it, and
// `checkSupported` turns an unsupported entry into E0801 before any stage is built.
import type { KernelOp, NodeOf, TensorOp } from "../../ir/index.js";
import { type OpTable, type Unsupported, unsupported } from "../backend.js";
import type { Val } from "./builder.js";
import type { Ctx, Layout } from "./context.js";
import * as K from "./kernels.js";
import * as O from "./operators.js";
import { gauntDirect, gauntFourier, shMatrix } from "./sphere.js";
import { dplrSpectrum, s4dKernel } from "./ssm.js";
import * as T from "./tensors.js";
import { layoutOp } from "./layout.js";
import { modemix } from "./mix.js";

/** A tensor op: its device value, rows x n as the layout says. */
export interface TensorRender<K extends KernelOp> {
  // method syntax on purpose: a table entry for one op is then usable where any node is passed
  // (the dispatcher looks the entry up by n.op, so the node always has the entry's op)
  tensor(ctx: Ctx, n: NodeOf<K>, L: Layout): Val;
}
/** An operator: y = A x for every row of x. */
export interface OperatorRender<K extends KernelOp> {
  apply(ctx: Ctx, A: NodeOf<K>, x: Val): Val;
}
export type Render<K extends KernelOp> = K extends TensorOp ? TensorRender<K> : OperatorRender<K>;
/** The dispatcher's view of an entry: it takes any kernel node (of the entry's op, by lookup). */
export type AnyRender = TensorRender<KernelOp> | OperatorRender<KernelOp>;

/** Per op, its rendering; as an OpTable (src/backends/backend.ts) for checkSupported and coverage. */
export type GpujsTable = { readonly [K in KernelOp]: Render<K> | Unsupported };

const FOLDS = "evaluated at compile time only: bind its inputs as params of concrete shape so it folds (a param with a symbolic dimension stays a run-time value, bound or not)";

export const GPUJS_TABLE: GpujsTable = {
  // ---- tensors: declarations and literals
  input: { tensor: T.input },
  param: { tensor: T.param },
  const: { tensor: T.constant },
  fill: { tensor: (ctx, n, L) => ctx.b.kernel(K.fill(n.arg.value), [], L.rows, L.n) },
  // ---- tensors: operator application, elementwise maths
  apply: { tensor: T.apply },
  add: { tensor: T.pointwise }, sub: { tensor: T.pointwise }, mul: { tensor: T.pointwise }, div: { tensor: T.pointwise },
  neg: { tensor: T.pointwise }, conj: { tensor: T.pointwise }, real: { tensor: T.pointwise }, imag: { tensor: T.pointwise },
  abs: { tensor: T.pointwise }, relu: { tensor: T.pointwise }, tanh: { tensor: T.pointwise }, sin: { tensor: T.pointwise },
  exp: { tensor: T.pointwise }, softshrink: { tensor: T.pointwise },
  cos: { tensor: T.pointwise }, sigmoid: { tensor: T.pointwise }, gelu: { tensor: T.pointwise }, angle: { tensor: T.pointwise }, atan2: { tensor: T.pointwise },
  // ---- tensors: reductions and layout along any axis
  sum: { tensor: layoutOp }, reshape: { tensor: layoutOp }, permute: { tensor: layoutOp }, concat: { tensor: layoutOp }, narrow: { tensor: layoutOp },
  pad_axis: { tensor: layoutOp }, modemix: { tensor: modemix },
  // ---- tensors: layout, dtype, small matrix work
  slice: { tensor: T.slicePad },
  pad: { tensor: T.slicePad },
  cast: { tensor: T.cast },
  circ_embed: { tensor: T.circEmbed },
  mtranspose: { tensor: T.mtranspose },
  materialize: { tensor: T.materialize },
  minverse: { tensor: T.minverse },
  chan_transpose: { tensor: T.chanTranspose },
  mcayley: { tensor: T.mcayley },
  invperm: { tensor: T.invperm },
  block2: { tensor: T.block2 },
  // ---- tensors: sphere and state-space families
  gaunt_direct: { tensor: gauntDirect },
  gaunt_fourier: { tensor: gauntFourier },
  sh_matrix: { tensor: shMatrix },
  s4d_kernel: { tensor: s4dKernel },
  dplr_spectrum: { tensor: dplrSpectrum },
  cg_path: unsupported(FOLDS),
  hippo_A: unsupported(FOLDS),
  hippo_B: unsupported(FOLDS),
  ssm_powers: unsupported("ssm_kernel of run-time data (a dense solve, then the powers) is rendered by cpu, wasm and onnx, not gpujs: bind A, B and C as params so it folds"),
  ssm_dplr: unsupported(FOLDS),
  ssm_basis: unsupported(FOLDS),
  // ---- operators: Fourier family, structure (stage programs recorded by the lower pass: the gpujs schedule's stageOps)
  dft: { apply: O.stagedOp },
  rdft: { apply: O.stagedOp },
  irdft: { apply: O.stagedOp },
  dct: { apply: O.stagedOp },
  wht: { apply: O.stagedOp },
  eye: { apply: (_ctx, _A, x) => x },
  diag: { apply: O.stagedOp },
  perm: { apply: O.staged(O.permOp) },
  bitrev: { apply: O.stagedOp },
  stride: { apply: O.stagedOp },
  window: { apply: O.stagedOp },
  reverse: { apply: O.stagedOp },
  dense: { apply: O.stagedOp },
  lowrank: { apply: O.stagedOp },
  kron: { apply: O.staged(O.kronOp) },
  blockdiag: { apply: O.staged(O.blockdiagOp) },
  diagblocks: { apply: O.stagedOp },
  // ---- operators: Toeplitz family (the planner keeps only small ones direct)
  toeplitz: { apply: O.structuredOp },
  circulant: { apply: O.structuredOp },
  hankel: { apply: O.structuredOp },
  conv: { apply: O.structuredOp },
  // ---- operators: fast factors, algebra
  butterfly: { apply: O.stagedOp },
  monarch: { apply: O.stagedOp },
  compose: { apply: O.composeOp },
  opsum: { apply: O.opsumOp },
  scale: { apply: O.scaleOp },
};

/** The table as the shared OpTable shape (checkSupported, coverageOf). */
export const GPUJS_OPS: OpTable<AnyRender> = GPUJS_TABLE;
