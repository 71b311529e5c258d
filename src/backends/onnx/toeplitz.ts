// The Toeplitz family the schedule kept direct (small: src/passes/schedule/table.ts keepDirect;
// larger ones were embedded in circulants and sent through the FFT by the lowering passes). A
// matrix known at compile time is one dense MatMul of the folded matrix; on run-time vectors the
// small matrix is built with one Gather over the concatenated vectors (and a zero), then applied.
import { type Node, convWindow } from "../../ir/index.js";
import { type Val, promote, toPrec } from "./complex.js";
import { type Ctx, type OperatorTable, opType, tensorType } from "./ctx.js";
import { applyMat, applyTensorMat } from "./matmul.js";
import { concatLast } from "./pieces.js";

type ToeplitzOp = "toeplitz" | "circulant" | "hankel" | "conv";

/** y = M x for M[i, j] = v[idx(i, j)], v the concatenation of A's source vectors and a zero (at index len(v)). */
function gathered(c: Ctx, A: Node, x: Val, idx: (i: number, j: number, lens: number[]) => number): Val {
  const known = c.dense(A);
  const { rows, cols } = opType(A);
  if (known) return applyMat(c.g, x, known, A.op);
  const vs = A.src.map((s) => toPrec(c.g, c.tensor(s), x.prec));
  const cplx = vs.some((v) => v.complex);
  const parts = vs.map((v) => (cplx ? promote(c.g, v) : v));
  const zero: Val = { name: c.g.constant(x.prec, cplx ? [1, 2] : [1], cplx ? [0, 0] : [0], "zero"), shape: [1], complex: cplx, prec: x.prec };
  const v = concatLast(c.g, [...parts, zero]);
  const lens = vs.map((u) => u.shape[0] as number), at = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) at[i * cols + j] = idx(i, j, lens);
  const M: Val = { ...v, name: c.g.op1("Gather", [v.name, c.g.constant("i64", [rows, cols], at.map(BigInt), "entries")], { axis: 0 }), shape: [rows, cols] };
  return applyTensorMat(c.g, x, M, rows, cols);
}

export const TOEPLITZ_OPERATORS: Pick<OperatorTable, ToeplitzOp> = {
  // T[i, j] = c[i - j] below the diagonal, r[j - i] above (r[0] unused)
  toeplitz: (c, A, x) => gathered(c, A, x, (i, j, [m]) => (i >= j ? i - j : m + j - i)),
  // C[i, j] = c[(i - j) mod n]
  circulant: (c, A, x) => gathered(c, A, x, (i, j, [n]) => (((i - j) % n) + n) % n),
  // H[i, j] = c[i + j] while i + j < m, then r[i + j - m + 1]
  hankel: (c, A, x) => gathered(c, A, x, (i, j, [m]) => (i + j < m ? i + j : m + (i + j - m + 1))),
  // F[i, j] = h[i + offset - j] inside the filter, else zero
  conv: (c, A, x) => {
    const { offset } = convWindow(A.arg.n, tensorType(A.src[0]).shape[0] as number, A.arg.mode);
    return gathered(c, A, x, (i, j, [k]) => (i + offset - j >= 0 && i + offset - j < k ? i + offset - j : k));
  },
};
