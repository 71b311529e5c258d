// The cost of constant folding, estimated before anything is evaluated: folding runs the
// reference interpreter at compile time, and some of its routes are superlinear (an SSM's
// discretisation is O(N³); a dense matrix of an operator without a direct action is rows x cols),
// so a small spec could otherwise ask for minutes of work and gigabytes (issue 24 #9). The
// estimate is in the cost model's units (about one per flop, eight per multiply-add of the SSM
// routes as in rules/ssm.ts `ssmCosts`); the memory held is counted in elements. Folding above
// the budget is refused with E0604 naming what is too costly and how to raise the budget.
import { type Node, type NodeOf, type OperatorType, type TensorOp, type TensorType, LincError, getOpDef, optionError, numel, toposort } from "../ir/index.js";
import { operatorFlops } from "./schedule/cost.js";
import { ssmCosts } from "./rules/ssm.js";

/** The default folding budget: about 2^32 flops (a few seconds of work); `foldBudget` / `--fold-budget` raise it. */
export const DEFAULT_FOLD_BUDGET = 2 ** 32;
/** Elements held by folding's values per unit of budget: 2^26 elements (0.5-1 GiB) at the default budget, the tensor limit. */
export const FOLD_ELEMENTS_PER_BUDGET = 1 / 64;

const elems = (n: Node): number => (n.type.kind === "tensor" ? (numel((n.type as TensorType).shape.map((d) => (typeof d === "number" ? d : 1))) ?? 0) : 0);
const side = (n: Node, axis: number): number => {
  const d = (n.type as TensorType).shape[axis];
  return typeof d === "number" ? d : 1;
};

/** Work to apply an operator to one vector on the reference interpreter: its direct action, else its dense matrix. */
function applyWork(A: Node): number {
  const { rows, cols, complex } = A.type as OperatorType;
  return getOpDef(A.op).apply ? Math.max(operatorFlops(A), rows + cols) : 2 * (complex ? 4 : 1) * rows * cols;
}

type Work<K extends TensorOp> = (n: NodeOf<K>) => number;
const linear = elems;
const ssm = (n: NodeOf<"ssm_kernel" | "ssm_powers" | "ssm_dplr" | "ssm_basis">): number => {
  const { naive, dplr } = ssmCosts(side(n.src[0], 0), n.arg.L);
  return n.op === "ssm_dplr" ? dplr : naive;
};

/** Work of evaluating each tensor op once (its sources already evaluated); tsc checks every op has one. */
const WORK: { [K in TensorOp]: Work<K> } = {
  input: linear, param: linear, const: linear, fill: linear,
  apply: (n) => (elems(n) / Math.max(1, (n.type as TensorType).shape.length ? side(n, (n.type as TensorType).shape.length - 1) : 1)) * applyWork(n.src[0]),
  add: linear, sub: linear, mul: linear, div: linear, neg: linear, conj: linear, real: linear, imag: linear, abs: linear,
  relu: linear, tanh: linear, sin: linear, exp: linear, softshrink: linear,
  cos: linear, sigmoid: linear, gelu: linear, angle: linear, atan2: linear,
  sum: (n) => elems(n.src[0]), reshape: linear, permute: linear, concat: linear, narrow: linear, pad_axis: linear,
  // one multiply-add per output element and input channel
  modemix: (n) => elems(n) * side(n.src[1], 0),
  slice: linear, pad: linear, cast: linear, circ_embed: linear, mtranspose: linear, chan_transpose: linear, invperm: linear, block2: linear,
  // the dense matrix: one application per column
  materialize: (n) => (n.src[0].type as OperatorType).cols * applyWork(n.src[0]),
  // a batch of m x m inverses on the last two axes (a Monarch matrix's blocks): batch · m³
  minverse: (n) => { const m = side(n, (n.type as TensorType).shape.length - 1); return 8 * (elems(n) / Math.max(1, m * m)) * m ** 3; },
  mcayley: (n) => 8 * side(n, 0) ** 3 * side(n, 2),
  // (their own E0602 limits bound the coefficient tables)
  gaunt: linear, sh_eval: linear, cg_path: linear, gaunt_direct: linear, gaunt_fourier: linear, sh_matrix: linear,
  hippo_A: linear, hippo_B: linear,
  ssm_kernel: ssm, ssm_powers: ssm, ssm_dplr: ssm, ssm_basis: ssm,
  s4d_kernel: (n) => 8 * n.arg.L * elems(n.src[0]),
  // Cauchy sums and Woodbury, rank r of P: (r + 1)² per state and frequency (rules/ssm.ts ssmCosts)
  dplr_kernel: (n) => 65 * n.arg.L * elems(n.src[0]) * (side(n.src[1], 1) + 1) ** 2,
  dplr_spectrum: (n) => 65 * n.arg.L * elems(n.src[0]) * (side(n.src[1], 1) + 1) ** 2,
};

export interface FoldCost {
  /** Estimated work (about flops). */
  work: number;
  /** Elements of all values held at once (folding keeps every value until it is done). */
  elements: number;
  /** The single costliest node, for the message. */
  worst?: Node;
}

/** The estimated cost of evaluating `targets` (and everything they depend on) on the reference interpreter. */
export function foldCost(targets: readonly Node[]): FoldCost {
  let work = 0, elements = 0, worstWork = -1;
  let worst: Node | undefined;
  for (const n of toposort(targets)) {
    let w: number;
    if (n.type.kind === "tensor") {
      w = (WORK[n.op as TensorOp] as Work<TensorOp>)(n as NodeOf<TensorOp>);
      elements += elems(n) * ((n.type as TensorType).dtype.startsWith("c") ? 2 : 1);
    } else {
      // an operator without a direct action is evaluated through its dense matrix
      const { rows, cols } = n.type as OperatorType;
      w = getOpDef(n.op).apply ? 0 : rows * cols;
      elements += getOpDef(n.op).apply ? 0 : 2 * rows * cols;
    }
    work += w;
    if (w > worstWork) (worstWork = w), (worst = n);
  }
  return { work, elements, worst };
}

const sci = (x: number): string => (x < 1e6 ? String(Math.round(x)) : x.toExponential(2).replace("e+", "e"));

/** Refuse folding whose estimated cost is above `budget` (E0604), before anything is evaluated. */
export function checkFoldCost(targets: readonly Node[], budget = DEFAULT_FOLD_BUDGET): void {
  if (!(budget > 0)) throw new LincError("E0205", `the folding budget must be a positive number, got ${budget}`);
  const { work, elements, worst } = foldCost(targets);
  const maxElements = budget * FOLD_ELEMENTS_PER_BUDGET;
  if (work <= budget && elements <= maxElements) return;
  const what = worst ? ` (the costliest: ${worst.op}${worst.type.kind === "tensor" ? ` of ${sci(elems(worst))} elements` : ""})` : "";
  const over = work > budget ? `about ${sci(work)} operations, above the budget of ${sci(budget)}` : `${sci(elements)} elements held at once, above the ${sci(maxElements)} the budget of ${sci(budget)} allows`;
  throw optionError("E0604", `constant folding would take ${over}${what}; raise it with {foldBudget} or bind fewer params at compile time`);
}
