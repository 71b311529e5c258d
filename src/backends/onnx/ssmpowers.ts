// ssm_powers on run-time data (A, B or C a graph input, e.g. --params-as-inputs; bound ones fold
// to initializers before reaching here): K[k] = C Ā^k B̄ for k < L (src/ir/math/ssmkernel.ts),
//   bilinear: [Ā | B̄] = (I - dt/2 A)^-1 [I + dt/2 A | dt B], one pivoted Gauss-Jordan elimination
//             on the N x (2N+1) system (gaussjordan.ts, a batch of one), unrolled over N pivots;
//   zoh:      Ā, B̄ the blocks of exp(dt [[A, B], [0, 0]]) (expm.ts: scaling and squaring with
//             the [13/13] Padé approximant), so a singular A needs no A^-1;
// then the powers by doubling: V = [B̄], P = Ā, V <- [V | P V], P <- P P until V has L columns
// (ceil(log2 L) steps, 2 MatMuls each), and K = C V[:, :L]. A complex system runs the powers on
// the real block form [[Re P, -Im P], [Im P, Re P]] acting on [Re V; Im V], so every product is
// one real MatMul. A singular I - dt/2 A gives IEEE non-finite values (the reference: E0501).
import type { NodeOf } from "../../ir/index.js";
import { type Val, part, promote } from "./complex.js";
import { rejected } from "./ctx.js";
import { expmGraph } from "./expm.js";
import { NODES_PER_PIVOT, cols, gaussJordan } from "./gaussjordan.js";
import type { GraphBuilder, Prec } from "./graph.js";

/**
 * The largest state size N rendered: the solve is unrolled over N pivot columns (about
 * NODES_PER_PIVOT nodes each, ~2900 at N = 64; zoh's over 2(N + 1) real ones for a complex
 * system), loaded by onnxruntime in about a second; the doubling adds 2 ceil(log2 L) MatMuls
 * whatever N. Above it: E0801, bind A so the kernel folds.
 */
export const SSM_POWERS_MAX_N = 64;

const axis1 = (g: GraphBuilder, xs: string[]) => g.op1("Concat", xs, { axis: 1 });
const axis0 = (g: GraphBuilder, xs: string[]) => g.op1("Concat", xs, { axis: 0 });
/** The real block form [[re, -im], [im, re]]. */
const block = (g: GraphBuilder, re: string, im: string) => axis0(g, [axis1(g, [re, g.op1("Neg", [im])]), axis1(g, [im, re])]);
/** Re and Im planes of a value (zeros for a real one). */
function planes(g: GraphBuilder, v: Val): [string, string] {
  return v.complex ? [part(g, v, 0).name, part(g, v, 1).name] : [v.name, g.op1("Mul", [v.name, g.scalar(0, v.prec)])];
}

/** The discretised system for the powers: P = Ā [N, N], V = B̄ [N, 1], or their real block forms [2N, 2N], [2N, 1]. */
interface Powers { P: string; V: string; complex: boolean }

function bilinear(g: GraphBuilder, A: Val, B: Val, dt: number, prec: Prec): Powers {
  const N = A.shape[0] as number, complex = A.complex || B.complex;
  const a = complex ? promote(g, A) : A, b = complex ? promote(g, B) : B, tail = complex ? [2] : [];
  const eye = new Float64Array(N * N * (complex ? 2 : 1));
  for (let i = 0; i < N; i++) eye[(i * N + i) * (complex ? 2 : 1)] = 1;
  const I = g.constant(prec, [N, N, ...tail], eye, "eye"), hA = g.op1("Mul", [a.name, g.scalar(dt / 2, prec)]);
  const rhs = g.op1("Reshape", [g.op1("Mul", [b.name, g.scalar(dt, prec)]), g.i64([N, 1, ...tail])]);
  const aug = g.op1("Unsqueeze", [axis1(g, [g.op1("Sub", [I, hA]), g.op1("Add", [I, hA]), rhs]), g.i64([2])]);
  const X = gaussJordan(g, { name: aug, shape: [N, 2 * N + 1, 1], complex, prec });
  const x = g.op1("Squeeze", [X.name, g.i64([2])]); // [N, N + 1(, 2)]
  if (!complex) return { P: cols(g, x, 0, N), V: cols(g, x, N, N + 1), complex };
  const [xr, xi] = planes(g, { name: x, shape: [N, N + 1], complex, prec });
  return { P: block(g, cols(g, xr, 0, N), cols(g, xi, 0, N)), V: axis0(g, [cols(g, xr, N, N + 1), cols(g, xi, N, N + 1)]), complex };
}

function zoh(g: GraphBuilder, A: Val, B: Val, dt: number, prec: Prec): Powers {
  const N = A.shape[0] as number, m = N + 1, complex = A.complex || B.complex;
  // dt [[A, B], [0, 0]] (m x m) per plane
  const aug = (a: string, b: string) =>
    g.op1("Mul", [g.op1("Pad", [axis1(g, [a, g.op1("Reshape", [b, g.i64([N, 1])])]), g.i64([0, 0, 1, 0])]), g.scalar(dt, prec)]);
  if (!complex) {
    const E = expmGraph(g, aug(A.name, B.name), m, prec);
    return { P: g.op1("Slice", [E, g.i64([0, 0]), g.i64([N, N])]), V: g.op1("Slice", [E, g.i64([0, N]), g.i64([N, m])]), complex };
  }
  const [ar, ai] = planes(g, A), [br, bi] = planes(g, B);
  const E = expmGraph(g, block(g, aug(ar, br), aug(ai, bi)), 2 * m, prec);
  // rows and columns of Ā's block form inside exp's: 0..N-1 and m..m+N-1; column N is B̄'s
  const idx = g.i64([...Array.from({ length: N }, (_, i) => i), ...Array.from({ length: N }, (_, i) => m + i)], "index");
  const rowsOf = g.op1("Gather", [E, idx], { axis: 0 });
  return { P: g.op1("Gather", [rowsOf, idx], { axis: 1 }), V: g.op1("Gather", [rowsOf, g.i64([N], "index")], { axis: 1 }), complex };
}

export function ssmPowersGraph(g: GraphBuilder, n: NodeOf<"ssm_powers">, [A, B, C]: Val[], prec: Prec): Val {
  const N = A.shape[0] as number, { dt, L, method } = n.arg;
  if (N > SSM_POWERS_MAX_N)
    throw rejected("ssm_powers", `ssm_kernel of a run-time A is a solve unrolled over the states (about 22 nodes per state when real, ${NODES_PER_PIVOT} when complex), rendered up to N = ${SSM_POWERS_MAX_N}, got N = ${N}: bind A at compile time so the kernel folds`);
  let { P, V, complex } = (method === "zoh" ? zoh : bilinear)(g, A, B, dt, prec);
  // doubling: V holds the columns Ā^j B̄ for j < m, P = Ā^m
  for (let m = 1; m < L; m *= 2) {
    V = axis1(g, [V, g.op1("MatMul", [P, V])]);
    if (2 * m < L) P = g.op1("MatMul", [P, P]);
  }
  if (2 ** Math.ceil(Math.log2(L)) !== L) V = cols(g, V, 0, L);
  const row = (c: string) => g.op1("Reshape", [c, g.i64([1, N])]);
  if (!complex && !C.complex) return { name: g.op1("Reshape", [g.op1("MatMul", [row(C.name), V]), g.i64([L])]), shape: [L], complex: false, prec };
  // [Re K; Im K] = [Re C; Im C] V (a real system) or [[Re C, -Im C], [Im C, Re C]] [Re V; Im V], then [L, 2]
  const [cr, ci] = planes(g, C).map(row);
  const Cm = complex ? block(g, cr, ci) : axis0(g, [cr, ci]);
  return { name: g.op1("Transpose", [g.op1("MatMul", [Cm, V])], { perm: [1, 0] }), shape: [L], complex: true, prec };
}
