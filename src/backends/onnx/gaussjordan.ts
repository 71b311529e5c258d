// The one pivoted Gauss-Jordan elimination of the onnx backend, unrolled over the pivot columns:
// a batch of n systems [M_f | R_f] (f < n) held as one stack M [c, W, n] (W >= c: the c x c
// matrix, then the right-hand sides), real or complex (complex.ts layout: a trailing [.., 2]).
// After the c steps the first c columns are I and the rest are M_f^-1 R_f. Each step acts on the
// whole stack (all rows, all systems at once), so the graph grows with c, never with n or W.
// Users: mcayley (cayley.ts: a batch of frequencies) and ssm_powers (ssmpowers.ts: n = 1).
//
// Pivoting is per system, by linc's one pivot rule (src/ir/math/solve.ts, the elimination the
// reference and every host-side step run): the first row r >= k of largest |re| + |im| in column
// k, found with ArgMax (which returns the first maximum, as luSolve keeps the earlier row on a tie)
// and swapped in with GatherElements and Where. Gauss-Jordan picks the very pivots of luSolve's LU:
// at step k rows k.. hold the same Schur complement in both. A singular M_f gives IEEE
// infinities / NaNs, as on cpu.
import { type Val, div, mul } from "./complex.js";
import type { GraphBuilder } from "./graph.js";

/** Each pivot column costs about this many ONNX nodes (used to size the renderings' limits). */
export const NODES_PER_PIVOT = 45;

/** Rows a..b (axis 0) of a raw stack. */
const rows = (g: GraphBuilder, m: string, a: number, b: number): string => g.op1("Slice", [m, g.i64([a]), g.i64([b]), g.i64([0])]);
/** Columns a..b (axis 1). */
export const cols = (g: GraphBuilder, m: string, a: number, b: number): string => g.op1("Slice", [m, g.i64([a]), g.i64([b]), g.i64([1])]);
/** Row k of m replaced by `row` ([1, W, n(, 2)]): slices and a Concat, exact. */
function withRow(g: GraphBuilder, m: string, row: string, k: number, c: number): string {
  const parts = [k > 0 ? rows(g, m, 0, k) : undefined, row, k + 1 < c ? rows(g, m, k + 1, c) : undefined].filter((p): p is string => !!p);
  return parts.length === 1 ? parts[0] : g.op1("Concat", parts, { axis: 0 });
}

/** Swap row k with row p_f (p [1, 1, n(, 1)], per system f, p_f >= k) of the stack M. */
function swapRows(g: GraphBuilder, M: Val, p: string, k: number): string {
  const [c, W, n] = M.shape as number[], tail = M.complex ? [2] : [];
  const rowP = g.op1("GatherElements", [M.name, g.op1("Expand", [p, g.i64([1, W, n, ...tail])])], { axis: 0 });
  const iota = g.constant("i64", [c, 1, 1, ...tail.map(() => 1)], Array.from({ length: c }, (_, r) => BigInt(r)), "rows");
  const atP = g.op1("Where", [g.op1("Equal", [iota, p]), rows(g, M.name, k, k + 1), M.name]); // row p_f <- row k (a no-op where p_f = k)
  return withRow(g, atP, rowP, k, c);
}

/** One Gauss-Jordan step on column k of the stack M [c, W, n]. */
function eliminate(g: GraphBuilder, M: Val, k: number): Val {
  const [c, W, n] = M.shape as number[];
  // the pivot row per system: the first row r >= k of largest |re| + |im| in column k
  const absCol = g.op1("Abs", [rows(g, cols(g, M.name, k, k + 1), k, c)]);
  const mag = M.complex ? g.op1("ReduceSum", [absCol, g.i64([-1])], { keepdims: 1 }) : absCol;
  const p = g.op1("Add", [g.op1("ArgMax", [mag], { axis: 0, keepdims: 1 }), g.constant("i64", [], [BigInt(k)], "k")]);
  const S = swapRows(g, M, p, k);
  // normalise the pivot row, then clear column k from every other row
  const row: Val = { ...M, name: rows(g, S, k, k + 1), shape: [1, W, n] };
  const piv: Val = { ...M, name: cols(g, row.name, k, k + 1), shape: [1, 1, n] };
  const R = div(g, row, piv);
  const F: Val = { ...M, name: cols(g, S, k, k + 1), shape: [c, 1, n] };
  const upd = g.op1("Sub", [S, mul(g, F, R).name]);
  return { ...M, name: withRow(g, upd, R.name, k, c) };
}

/** M_f^-1 R_f for the stack M = [M_f | R_f] of logical shape [c, W, n]: the last W - c columns. */
export function gaussJordan(g: GraphBuilder, M: Val): Val {
  const [c, W, n] = M.shape as number[];
  let S = M;
  for (let k = 0; k < c; k++) S = eliminate(g, S, k);
  return { ...S, name: cols(g, S.name, c, W), shape: [c, W - c, n] };
}
