// ssm_powers on run-time data (A, B or C a graph input, e.g. --params-as-inputs; bound ones fold
// to initializers before reaching here): K[k] = C Ā^k B̄ for k < L after the bilinear transform
//   Ā = (I - dt/2 A)^-1 (I + dt/2 A),   B̄ = (I - dt/2 A)^-1 dt B
// (src/ir/math/ssmkernel.ts). The solve is one pivoted Gauss-Jordan elimination on the N x (2N+1)
// system [I - dt/2 A | I + dt/2 A | dt B] (gaussjordan.ts, a batch of one), unrolled over the N
// pivot columns; the powers go by doubling: V = [B̄], P = Ā, then V <- [V | P V], P <- P P until
// V has L columns (ceil(log2 L) steps, 2 MatMuls each), and K = C V[:, :L]. A complex system
// runs the powers on the real block form [[Re P, -Im P], [Im P, Re P]] acting on [Re V; Im V],
// so every product is a single real MatMul. A singular I - dt/2 A gives IEEE non-finite values.
// Zero-order hold needs a matrix exponential of run-time data and is refused (E0801).
import type { NodeOf } from "../../ir/index.js";
import { type Val, part, promote } from "./complex.js";
import { rejected } from "./ctx.js";
import { NODES_PER_PIVOT, cols, gaussJordan } from "./gaussjordan.js";
import type { GraphBuilder, Prec } from "./graph.js";

/**
 * The largest state size N rendered: the elimination is unrolled over N pivot columns (about
 * NODES_PER_PIVOT nodes each, ~2900 at N = 64, loaded by onnxruntime in about a second); the
 * doubling adds 2 ceil(log2 L) MatMuls whatever N. Above it: E0801, bind A so the kernel folds.
 */
export const SSM_POWERS_MAX_N = 64;

const axis1 = (g: GraphBuilder, xs: string[]) => g.op1("Concat", xs, { axis: 1 });
const axis0 = (g: GraphBuilder, xs: string[]) => g.op1("Concat", xs, { axis: 0 });

/** (Ā, B̄) as raw [N, N(, 2)] and [N, 1(, 2)] tensors, complex when A or B is. */
function discretiseGraph(g: GraphBuilder, A: Val, B: Val, dt: number, prec: Prec): { Ab: string; Bb: string; complex: boolean } {
  const N = A.shape[0] as number, complex = A.complex || B.complex;
  const a = complex ? promote(g, A) : A, b = complex ? promote(g, B) : B, tail = complex ? [2] : [];
  const eye = new Float64Array(N * N * (complex ? 2 : 1));
  for (let i = 0; i < N; i++) eye[(i * N + i) * (complex ? 2 : 1)] = 1;
  const I = g.constant(prec, [N, N, ...tail], eye, "eye"), hA = g.op1("Mul", [a.name, g.scalar(dt / 2, prec)]);
  const rhs = g.op1("Reshape", [g.op1("Mul", [b.name, g.scalar(dt, prec)]), g.i64([N, 1, ...tail])]);
  const aug = g.op1("Unsqueeze", [axis1(g, [g.op1("Sub", [I, hA]), g.op1("Add", [I, hA]), rhs]), g.i64([2])]);
  const X = gaussJordan(g, { name: aug, shape: [N, 2 * N + 1, 1], complex, prec });
  const x = g.op1("Squeeze", [X.name, g.i64([2])]); // [N, N + 1(, 2)]
  return { Ab: cols(g, x, 0, N), Bb: cols(g, x, N, N + 1), complex };
}

/** Re and Im planes of a raw complex tensor (the last axis). */
const planes = (g: GraphBuilder, x: string, prec: Prec, shape: number[]): [string, string] =>
  [0, 1].map((k) => part(g, { name: x, shape, complex: true, prec }, k as 0 | 1).name) as [string, string];

export function ssmPowersGraph(g: GraphBuilder, n: NodeOf<"ssm_powers">, [A, B, C]: Val[], prec: Prec): Val {
  const N = A.shape[0] as number, { dt, L, method } = n.arg;
  if (method !== "bilinear")
    throw rejected("ssm_powers", `ssm_kernel(method="${method}") of a run-time A needs a matrix exponential of run-time data, which the onnx rendering does not build (it renders method="bilinear"): bind A and B at compile time so the kernel folds`);
  if (N > SSM_POWERS_MAX_N)
    throw rejected("ssm_powers", `ssm_kernel of a run-time A is a solve unrolled over the states (about ${NODES_PER_PIVOT} nodes per state), rendered up to N = ${SSM_POWERS_MAX_N}, got N = ${N}: bind A at compile time so the kernel folds`);
  const d = discretiseGraph(g, A, B, dt, prec), complex = d.complex || C.complex;
  let P: string, V: string;
  if (!complex) (P = d.Ab), (V = d.Bb);
  else {
    const [ar, ai] = d.complex ? planes(g, d.Ab, prec, [N, N]) : [d.Ab, g.op1("Mul", [d.Ab, g.scalar(0, prec)])];
    const [br, bi] = d.complex ? planes(g, d.Bb, prec, [N, 1]) : [d.Bb, g.op1("Mul", [d.Bb, g.scalar(0, prec)])];
    P = axis0(g, [axis1(g, [ar, g.op1("Neg", [ai])]), axis1(g, [ai, ar])]); // [2N, 2N]
    V = axis0(g, [br, bi]); // [2N, 1]
  }
  // doubling: V holds the columns Ā^j B̄ for j < m, P = Ā^m
  for (let m = 1; m < L; m *= 2) {
    V = axis1(g, [V, g.op1("MatMul", [P, V])]);
    if (2 * m < L) P = g.op1("MatMul", [P, P]);
  }
  if (2 ** Math.ceil(Math.log2(L)) !== L) V = cols(g, V, 0, L);
  if (!complex) {
    const K = g.op1("MatMul", [g.op1("Reshape", [C.name, g.i64([1, N])]), V]);
    return { name: g.op1("Reshape", [K, g.i64([L])]), shape: [L], complex: false, prec };
  }
  // [Re K; Im K] = [[Re C, -Im C], [Im C, Re C]] [Re V; Im V], then [L, 2]
  const c = promote(g, C), [cr, ci] = planes(g, c.name, prec, [N]).map((p) => g.op1("Reshape", [p, g.i64([1, N])]));
  const Cb = axis0(g, [axis1(g, [cr, g.op1("Neg", [ci])]), axis1(g, [ci, cr])]); // [2, 2N]
  return { name: g.op1("Transpose", [g.op1("MatMul", [Cb, V])], { perm: [1, 0] }), shape: [L], complex: true, prec };
}
