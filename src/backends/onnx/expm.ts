// exp(X) of a run-time real n x n matrix as ONNX ops, the reference's algorithm with its
// coefficient table and squaring rule (src/ir/math/expm.ts: PADE13, THETA13; Higham 2005, scipy's):
//   s = max(0, ceil(log2(|X|_1 / θ13))),  S = 2^-s X,  exp(S) ≈ (V - U)^-1 (V + U),  then s squarings
// s is a run-time value, so the graph squares EXPM_MAX_SQUARINGS times and keeps each square only
// while the step is below s (Where); a matrix whose norm needs more squarings gives NaN rather
// than a silently inaccurate exponential. The solve is the shared pivoted Gauss-Jordan
// (gaussjordan.ts). A complex matrix goes in as its real block form [[Re, -Im], [Im, Re]] (an
// algebra homomorphism, so exp of the block is the block of exp; its real 1-norm is the largest
// column sum of |re| + |im|, the norm expm.ts's rule measures, so s is the reference's).
import { PADE13, THETA13 } from "../../ir/math/expm.js";
import { gaussJordan } from "./gaussjordan.js";
import type { GraphBuilder, Prec } from "./graph.js";

/** Squarings rendered: |X|_1 up to θ13 · 2^32 ≈ 2.3e10; above it the exponential is NaN. */
export const EXPM_MAX_SQUARINGS = 32;

/** exp(X) for a real [n, n] tensor X. */
export function expmGraph(g: GraphBuilder, X: string, n: number, prec: Prec): string {
  const s = (v: number) => g.scalar(v, prec);
  const mm = (a: string, b: string) => g.op1("MatMul", [a, b]);
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  const I = g.constant(prec, [n, n], eye, "eye");
  /** Σ c_k M_k. */
  const lc = (terms: [number, string][]) => terms.map(([c, M]) => g.op1("Mul", [M, s(c)])).reduce((a, b) => g.op1("Add", [a, b]));
  // the scaling: the 1-norm (largest column sum of |x|), s squarings, S = 2^-s X
  const nrm = g.op1("ReduceMax", [g.op1("ReduceSum", [g.op1("Abs", [X]), g.i64([0])], { keepdims: 0 })], { keepdims: 0 });
  const steps = g.op1("Max", [g.op1("Ceil", [g.op1("Div", [g.op1("Log", [g.op1("Div", [nrm, s(THETA13)])]), s(Math.LN2)])]), s(0)]);
  const S = g.op1("Mul", [X, g.op1("Pow", [s(2), g.op1("Neg", [steps])])]);
  const b = PADE13, S2 = mm(S, S), S4 = mm(S2, S2), S6 = mm(S4, S2);
  const U = mm(S, g.op1("Add", [mm(S6, lc([[b[13], S6], [b[11], S4], [b[9], S2]])), lc([[b[7], S6], [b[5], S4], [b[3], S2], [b[1], I]])]));
  const V = g.op1("Add", [mm(S6, lc([[b[12], S6], [b[10], S4], [b[8], S2]])), lc([[b[6], S6], [b[4], S4], [b[2], S2], [b[0], I]])]);
  const aug = g.op1("Unsqueeze", [g.op1("Concat", [g.op1("Sub", [V, U]), g.op1("Add", [V, U])], { axis: 1 }), g.i64([2])]);
  const R0 = gaussJordan(g, { name: aug, shape: [n, 2 * n, 1], complex: false, prec });
  let R = g.op1("Squeeze", [R0.name, g.i64([2])]);
  for (let k = 0; k < EXPM_MAX_SQUARINGS; k++) R = g.op1("Where", [g.op1("Less", [s(k), steps]), mm(R, R), R]);
  // too many squarings needed (or a non-finite X): NaN, never a silently inaccurate result
  return g.op1("Where", [g.op1("LessOrEqual", [steps, s(EXPM_MAX_SQUARINGS)]), R, s(NaN)]);
}
