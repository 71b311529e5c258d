// mcayley on run-time data (a block-circulant filter given as a graph input): for every
// frequency k, G_k = (I + H_k)^-1 (I - H_k) for the c x c matrix H_k = H[:, :, k]. c is known at
// compile time, so the solve is Gauss-Jordan elimination on [I + H_k | I - H_k] unrolled over
// the c pivot columns; each step acts on the whole [c, 2c, n] stack (all rows, all frequencies
// at once), so the graph grows with c, never with n, and no (n c) x (n c) matrix exists.
//
// Pivoting. When A is skew-Hermitian (the orthogonal-convolution case, examples/
// orthogonal_conv.linc) elimination without pivoting would be stable: I + H_k = I + K with K
// skew-Hermitian has Hermitian part I, so every Schur complement S = A22 + A12^H A11^-1 A12
// (A21 = -A12^H) has Hermitian part I + A12^H A11^-1 A11^-H A12 ⪰ I: each pivot has real part
// >= 1, and elimination on a matrix with positive definite Hermitian part is backward stable
// without pivoting (Golub and Van Loan, "Unsymmetric positive definite linear systems", 1979).
// But cayley() accepts any block circulant, and skewness of run-time data is not known here,
// so each step pivots per frequency by the reference's rule (src/ir/math/solve.ts: the
// first row of largest |re| + |im| in the column), with ArgMax, GatherElements and Where; a
// singular I + H_k gives IEEE infinities / NaNs as on cpu. The pivoting costs a few small ops
// per column and makes the graph agree with the reference for every A.
//
// The elimination itself is gaussjordan.ts (shared with ssm_powers). Values follow complex.ts:
// a complex tensor of logical shape [..., n] is a real [..., n, 2].
import { type Val, promote, reshapeLast } from "./complex.js";
import { rejected } from "./ctx.js";
import { NODES_PER_PIVOT, gaussJordan } from "./gaussjordan.js";
import type { GraphBuilder } from "./graph.js";

/**
 * The largest c rendered: each pivot column costs about NODES_PER_PIVOT (45) ONNX nodes (c = 64
 * is a solve of ~2800 nodes, which onnxruntime loads in about a second) and the elimination does
 * O(c^3 n) work; above it the solve is refused (E0801) and the filter must be bound at compile time.
 */
export const MCAYLEY_MAX_C = 64;

/** G_k = (I + H_k)^-1 (I - H_k) for H [c, c, n] or [n] (c = 1), real or complex; complex result. */
export function mcayleyGraph(g: GraphBuilder, h: Val): Val {
  const scalar = h.shape.length === 1, n = h.shape[h.shape.length - 1] as number, c = scalar ? 1 : (h.shape[0] as number);
  if (c > MCAYLEY_MAX_C)
    throw rejected(
      "mcayley",
      `a per-frequency Cayley solve of run-time data is an elimination unrolled over the channels (about ${NODES_PER_PIVOT} nodes per channel), rendered up to c = ${MCAYLEY_MAX_C}, got c = ${c}: bind its param at compile time so it folds`,
    );
  const H = promote(g, scalar ? reshapeLast(g, h, 1, [1, 1, n]) : h);
  const eye = new Float64Array(2 * c * c);
  for (let i = 0; i < c; i++) eye[2 * (i * c + i)] = 1;
  const I = g.constant(h.prec, [c, c, 1, 2], eye, "eye");
  const aug = g.op1("Concat", [g.op1("Add", [I, H.name]), g.op1("Sub", [I, H.name])], { axis: 1 });
  const G = gaussJordan(g, { ...H, name: aug, shape: [c, 2 * c, n] });
  return scalar ? reshapeLast(g, G, 3, [n]) : G;
}
