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
// so each step pivots per frequency exactly as the reference does (src/ir/math/mcayley.ts: the
// first row of largest |re| + |im| in the column), with ArgMax, GatherElements and Where; a
// singular I + H_k gives IEEE infinities / NaNs as on cpu. The pivoting costs a few small ops
// per column and makes the graph agree with the reference for every A.
//
// Values follow complex.ts: a complex tensor of logical shape [..., n] is a real [..., n, 2].
import { type Val, div, mul, promote, reshapeLast } from "./complex.js";
import { rejected } from "./ctx.js";
import type { GraphBuilder } from "./graph.js";

/**
 * The largest c rendered: each pivot column costs about 45 ONNX nodes (c = 64 is a solve of ~2800
 * nodes, which onnxruntime loads in about a second) and the elimination does O(c^3 n) work;
 * above it the solve is refused (E0801) and the filter must be bound at compile time.
 */
export const MCAYLEY_MAX_C = 64;

/** Rows a..b (axis 0) of a raw [c, 2c, n, 2] tensor. */
const rows = (g: GraphBuilder, m: string, a: number, b: number): string => g.op1("Slice", [m, g.i64([a]), g.i64([b]), g.i64([0])]);
/** Columns a..b (axis 1). */
const cols = (g: GraphBuilder, m: string, a: number, b: number): string => g.op1("Slice", [m, g.i64([a]), g.i64([b]), g.i64([1])]);
/** Row k of m replaced by `row` ([1, 2c, n, 2]): slices and a Concat, exact. */
function withRow(g: GraphBuilder, m: string, row: string, k: number, c: number): string {
  const parts = [k > 0 ? rows(g, m, 0, k) : undefined, row, k + 1 < c ? rows(g, m, k + 1, c) : undefined].filter((p): p is string => !!p);
  return parts.length === 1 ? parts[0] : g.op1("Concat", parts, { axis: 0 });
}

/** Swap row k with row p_f (p [1, 1, n, 1], per frequency f, p_f >= k) of m [c, 2c, n, 2]. */
function swapRows(g: GraphBuilder, m: string, p: string, k: number, c: number, n: number): string {
  const rowP = g.op1("GatherElements", [m, g.op1("Expand", [p, g.i64([1, 2 * c, n, 2])])], { axis: 0 });
  const iota = g.constant("i64", [c, 1, 1, 1], Array.from({ length: c }, (_, r) => BigInt(r)), "rows");
  const atP = g.op1("Where", [g.op1("Equal", [iota, p]), rows(g, m, k, k + 1), m]); // row p_f <- row k (a no-op where p_f = k)
  return withRow(g, atP, rowP, k, c);
}

/** One Gauss-Jordan step on column k of M [c, 2c, n] (complex, raw [c, 2c, n, 2]). */
function eliminate(g: GraphBuilder, M: Val, k: number): Val {
  const [c, , n] = M.shape as number[];
  // the pivot row per frequency: the first row r >= k of largest |re| + |im| in column k
  const mag = g.op1("ReduceSum", [g.op1("Abs", [rows(g, cols(g, M.name, k, k + 1), k, c)]), g.i64([-1])], { keepdims: 1 });
  const p = g.op1("Add", [g.op1("ArgMax", [mag], { axis: 0, keepdims: 1 }), g.constant("i64", [], [BigInt(k)], "k")]);
  const S = swapRows(g, M.name, p, k, c, n);
  // normalise the pivot row, then clear column k from every other row
  const row: Val = { ...M, name: rows(g, S, k, k + 1), shape: [1, 2 * c, n] };
  const piv: Val = { ...M, name: cols(g, row.name, k, k + 1), shape: [1, 1, n] };
  const R = div(g, row, piv);
  const F: Val = { ...M, name: cols(g, S, k, k + 1), shape: [c, 1, n] };
  const upd = g.op1("Sub", [S, mul(g, F, R).name]);
  return { ...M, name: withRow(g, upd, R.name, k, c) };
}

/** G_k = (I + H_k)^-1 (I - H_k) for H [c, c, n] or [n] (c = 1), real or complex; complex result. */
export function mcayleyGraph(g: GraphBuilder, h: Val): Val {
  const scalar = h.shape.length === 1, n = h.shape[h.shape.length - 1] as number, c = scalar ? 1 : (h.shape[0] as number);
  if (c > MCAYLEY_MAX_C)
    throw rejected(
      "mcayley",
      `a per-frequency Cayley solve of run-time data is an elimination unrolled over the channels (about 45 nodes per channel), rendered up to c = ${MCAYLEY_MAX_C}, got c = ${c}: bind its param at compile time so it folds`,
    );
  const H = promote(g, scalar ? reshapeLast(g, h, 1, [1, 1, n]) : h);
  const eye = new Float64Array(2 * c * c);
  for (let i = 0; i < c; i++) eye[2 * (i * c + i)] = 1;
  const I = g.constant(h.prec, [c, c, 1, 2], eye, "eye");
  const aug = g.op1("Concat", [g.op1("Add", [I, H.name]), g.op1("Sub", [I, H.name])], { axis: 1 });
  let M: Val = { ...H, name: aug, shape: [c, 2 * c, n] };
  for (let k = 0; k < c; k++) M = eliminate(g, M, k);
  const G: Val = { ...M, name: cols(g, M.name, c, 2 * c), shape: [c, c, n] };
  return scalar ? reshapeLast(g, G, 3, [n]) : G;
}
