// ssm_powers on run-time data (A, B, C graph inputs, e.g. ssm_kernel(A, B, C, dt, L) with
// --params-as-inputs; bound ones fold away before reaching here): K[k] = C Ā^k B̄, bilinear
// discretisation, real A and B (C real or complex), as a graph computation:
//   [Ā | B̄] = (I − dt/2 A)⁻¹ [I + dt/2 A | dt B]   Gauss–Jordan elimination with partial pivoting
//                                                 unrolled over the N columns (ArgMax picks the
//                                                 pivot, a Gather swaps the rows);
//   X = [B̄, Ā B̄, …, Ā^{L−1} B̄]                   by doubling: X ← [X, P X], P ← P P, ⌈log2 L⌉
//                                                 MatMul/Concat steps, then the first L columns;
//   K = C X                                       one MatMul.
// Zero-order hold (a run-time matrix exponential) and complex A or B are refused (E0801).
import type { NodeOf } from "../../ir/index.js";
import { rejected } from "./ctx.js";
import { type Val, merge, part } from "./complex.js";
import type { GraphBuilder, Prec } from "./graph.js";

/** The largest state size whose elimination the onnx rendering unrolls (about 16 nodes a column). */
export const ONNX_SSM_RUNTIME_MAX_N = 256;

/** [M | R] → M⁻¹ R for an N x N M (rows of [N, W]), Gauss–Jordan with partial pivoting, unrolled. */
function gaussJordan(g: GraphBuilder, aug: string, N: number, W: number, prec: Prec): string {
  const op = (t: string, ...xs: string[]) => g.op1(t, xs);
  const rows = g.constant("i64", [N], Array.from({ length: N }, (_, i) => BigInt(i)), "rows");
  let M = aug;
  for (let k = 0; k < N; k++) {
    const kI = g.constant("i64", [], [BigInt(k)], "k"), kIdx = g.i64([k], "k1");
    // pivot: the largest |M[i, k]| over i >= k
    const col = g.op1("Gather", [M, kI], { axis: 1 }); // [N]
    const below = op("Where", op("GreaterOrEqual", rows, kI), op("Abs", col), g.scalar(-1, prec));
    const p = g.op1("ArgMax", [below], { axis: 0, keepdims: 0 });
    const perm = op("Where", op("Equal", rows, kI), p, op("Where", op("Equal", rows, p), kI, rows));
    M = g.op1("Gather", [M, perm], { axis: 0 });
    const pivotRow = g.op1("Gather", [M, kIdx], { axis: 0 }); // [1, W]
    const piv = g.op1("Gather", [pivotRow, kIdx], { axis: 1 }); // [1, 1]
    const unit = op("Div", pivotRow, piv);
    const ek = g.constant(prec, [N, 1], Array.from({ length: N }, (_, i) => (i === k ? 1 : 0)), "e_k");
    const notK = g.constant(prec, [N, 1], Array.from({ length: N }, (_, i) => (i === k ? 0 : 1)), "not_k");
    const factor = op("Mul", g.op1("Gather", [M, kIdx], { axis: 1 }), notK); // [N, 1]
    M = op("Add", op("Mul", op("Sub", M, op("Mul", factor, unit)), notK), op("Mul", ek, unit));
  }
  return g.op1("Slice", [M, g.i64([N]), g.i64([W]), g.i64([1])]);
}

export function ssmPowersGraph(g: GraphBuilder, n: NodeOf<"ssm_powers">, [A, B, C]: Val[], prec: Prec): Val {
  const { dt, L, method } = n.arg, N = A.shape[0] as number;
  if (method !== "bilinear") throw rejected("ssm_powers", "zero-order hold of a run-time A needs a matrix exponential in the graph: use method=\"bilinear\", or bind A so it folds");
  if (A.complex || B.complex) throw rejected("ssm_powers", "a complex run-time A or B is not rendered (real systems only): bind them so the kernel folds");
  if (N > ONNX_SSM_RUNTIME_MAX_N) throw rejected("ssm_powers", `a run-time A with ${N} states is above the unrolled elimination's limit of ${ONNX_SSM_RUNTIME_MAX_N}: bind A so it folds`);
  const op = (t: string, ...xs: string[]) => g.op1(t, xs);
  const eye = g.constant(prec, [N, N], Array.from({ length: N * N }, (_, i) => (i % (N + 1) === 0 ? 1 : 0)), "eye");
  const hA = op("Mul", A.name, g.scalar(dt / 2, prec));
  const aug = g.op1("Concat", [op("Sub", eye, hA), op("Add", eye, hA), op("Reshape", op("Mul", B.name, g.scalar(dt, prec)), g.i64([N, 1]))], { axis: 1 });
  const X0 = gaussJordan(g, aug, N, 2 * N + 1, prec); // [N, N + 1] = [Ā | B̄]
  let P = g.op1("Slice", [X0, g.i64([0]), g.i64([N]), g.i64([1])]);
  let X = g.op1("Slice", [X0, g.i64([N]), g.i64([N + 1]), g.i64([1])]);
  for (let cols = 1; cols < L; cols *= 2) {
    X = g.op1("Concat", [X, op("MatMul", P, X)], { axis: 1 });
    if (2 * cols < L) P = op("MatMul", P, P);
  }
  X = g.op1("Slice", [X, g.i64([0]), g.i64([L]), g.i64([1])]); // [N, L]
  const row = (v: Val) => op("Reshape", v.name, g.i64([1, N]));
  const K = (c: Val) => ({ name: op("Reshape", op("MatMul", row(c), X), g.i64([L])), shape: [L], complex: false, prec }) as Val;
  return C.complex ? merge(g, K(part(g, C, 0)), K(part(g, C, 1))) : K(C);
}
