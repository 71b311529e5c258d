// Operators applied, never materialised where the structure avoids it: the table of kernel
// operator ops saying how `A @ x` (along the last axis) becomes ONNX ops. Tiny operators whose
// matrix is known at compile time become one dense MatMul (below DENSE_OPERATOR elements a MatMul
// beats a chain of reshapes); everything else follows its structure. Transposes, adjoints and
// inverses never reach here: the lowering passes rewrote them into these ops.
import { type Node, bitrevIndex, isKernelOp, log2i, OPS } from "../../ir/index.js";
import { isUnsupported } from "../backend.js";
import { type Val, addSub, mul, permuteLast, promote, reshapeLast, scaleBy, toPrec } from "./complex.js";
import { type Ctx, type KernelOperatorOp, type OperatorRule, type OperatorTable, opType, rejected } from "./ctx.js";
import { applyMat, applyTensorMat } from "./matmul.js";
import { einsumC, gatherLast, padLast, sliceLast } from "./pieces.js";
import { TOEPLITZ_OPERATORS } from "./toeplitz.js";
import { applyStages } from "./stageapply.js";

/** Operators with at most this many matrix entries and a compile-time matrix go dense (auto mode). */
export const DENSE_OPERATOR = 4096;

/** y = A x along the last axis of x. */
export function applyOp(c: Ctx, A: Node, x: Val): Val {
  const { rows, cols, realOutput } = opType(A);
  // irdft-like operators are only R-linear: their action is not a complex matrix
  if (c.structured === "auto" && !realOutput && rows * cols <= DENSE_OPERATOR && A.op !== "eye") {
    const m = c.dense(A);
    if (m) return applyMat(c.g, x, m, A.op);
  }
  if (!isKernelOp(A.op) || OPS[A.op].kind !== "operator") throw rejected(A.op, "not a kernel operator op (lower the program first)");
  const rule = OPERATORS[A.op as KernelOperatorOp];
  if (isUnsupported(rule)) throw rejected(A.op, rule.unsupported);
  // the rule is the one for A's own op; tsc cannot correlate the table's key with A's type
  return (rule as OperatorRule<KernelOperatorOp>)(c, A as never, x);
}

export const OPERATORS: OperatorTable = {
  eye: (_c, _A, x) => x,
  scale: (c, A, x) => scaleBy(c.g, applyOp(c, A.src[0], x), A.arg.re, A.arg.im),
  compose: (c, A, x) => applyOp(c, A.src[0], applyOp(c, A.src[1], x)),
  opsum: (c, A, x) => addSub(c.g, "Add", applyOp(c, A.src[0], x), applyOp(c, A.src[1], x)),
  // the Fourier and fast-factor ops: their stage programs (the lower pass's, from the recorded plans)
  dft: applyStages,
  rdft: (c, A, x) => applyStages(c, A, x),
  irdft: applyStages,
  dct: applyStages,
  wht: applyStages,
  diag: (c, A, x) => mul(c.g, x, toPrec(c.g, c.tensor(A.src[0]), x.prec)),
  diagblocks: (c, A, x) => {
    // y[.., o, k] = sum_i D[o, i, k] x[.., i, k]: one complex einsum over the channel axis
    const D = toPrec(c.g, c.tensor(A.src[0]), x.prec), [co, ci, n] = D.shape as number[];
    const y = einsumC(c.g, "...ik,oik->...ok", reshapeLast(c.g, x, 1, [ci, n]), D, [...x.shape.slice(0, -1), co, n]);
    return reshapeLast(c.g, y, 2, [co * n]);
  },
  perm: (c, A, x) => ({ ...x, name: c.g.op1("Gather", [x.name, c.tensor(A.src[0]).name], { axis: x.shape.length - 1 }) }),
  bitrev: (c, A, x) => gatherLast(c.g, x, Array.from({ length: A.arg.n }, (_, i) => bitrevIndex(i, log2i(A.arg.n)))),
  reverse: (c, A, x) => gatherLast(c.g, x, Array.from({ length: A.arg.n }, (_, i) => A.arg.n - 1 - i)),
  stride: (c, A, x) => {
    const { m, n } = A.arg;
    return reshapeLast(c.g, permuteLast(c.g, reshapeLast(c.g, x, 1, [m, n]), [1, 0]), 2, [m * n]);
  },
  window: (c, A, x) => {
    const { rows, cols, offset } = A.arg;
    const lo = Math.max(0, offset), hi = Math.min(cols, offset + rows);
    if (hi <= lo) return scaleBy(c.g, padLast(c.g, sliceLast(c.g, x, 0, 1), 0, rows - 1), 0);
    return padLast(c.g, sliceLast(c.g, x, lo, hi), lo - offset, rows - (hi - offset));
  },
  dense: (c, A, x) => applyTensorMat(c.g, x, toPrec(c.g, c.tensor(A.src[0]), x.prec), opType(A).rows, opType(A).cols),
  lowrank: (c, A, x) => {
    const U = toPrec(c.g, c.tensor(A.src[0]), x.prec), V = toPrec(c.g, c.tensor(A.src[1]), x.prec);
    const r = U.shape[1] as number;
    const Vt: Val = { ...V, name: c.g.op1("Transpose", [V.name], { perm: V.complex ? [1, 0, 2] : [1, 0] }), shape: [r, opType(A).cols] };
    return applyTensorMat(c.g, applyTensorMat(c.g, x, Vt, r, opType(A).cols), U, opType(A).rows, r);
  },
  kron: (c, A, x) => kronApply(c, A.src.map((B) => (v: Val) => applyOp(c, B, v)), A.src.map((B) => opType(B).cols), A.src.map((B) => opType(B).rows), x),
  blockdiag: (c, A, x) => {
    let c0 = 0;
    const parts = A.src.map((B) => {
      const y = applyOp(c, B, sliceLast(c.g, x, c0, c0 + opType(B).cols));
      c0 += opType(B).cols;
      return y;
    });
    const cplx = parts.some((p) => p.complex);
    const ps = parts.map((p) => (cplx ? promote(c.g, p) : p));
    const axis = ps[0].shape.length - 1;
    return { ...ps[0], name: c.g.op1("Concat", ps.map((p) => p.name), { axis }), shape: [...ps[0].shape.slice(0, -1), opType(A).rows] };
  },
  ...TOEPLITZ_OPERATORS,
  butterfly: applyStages,
  monarch: applyStages,
};

/** (A1 ⊗ … ⊗ Ak) x: view the last axis as [c1, …, ck] and apply each factor along its own axis. */
function kronApply(c: Ctx, apply: ((v: Val) => Val)[], cols: number[], rows: number[], x: Val): Val {
  const k = apply.length;
  let dims = [...cols];
  let v = reshapeLast(c.g, x, 1, dims);
  for (let a = k - 1; a >= 0; a--) {
    // bring axis a last, apply, put it back
    const perm = [...dims.keys()].filter((i) => i !== a).concat([a]);
    const back = perm.map((_, i) => perm.indexOf(i));
    const moved = a === k - 1 ? v : permuteLast(c.g, v, perm);
    const y = apply[a](moved);
    dims = dims.map((d, i) => (i === a ? rows[a] : d));
    v = a === k - 1 ? y : permuteLast(c.g, y, back);
  }
  return reshapeLast(c.g, v, k, [rows.reduce((p, q) => p * q, 1)]);
}
