// dplr_spectrum on run-time data (lam, P, B, C, dt graph inputs, e.g. --params-as-inputs; bound ones
// fold to initializers before reaching here) as a graph computation, the reference's formula
// (src/ir/math/dplrkernel.ts, dplrSpectrum), rank r (P [N, r]). With γ_j = (1-ω_j)/(1+ω_j) and
// s_j = 2/(1+ω_j) at the roots of unity ω_j = e^{-2πij/L} (constants [L, 1]):
//   g = γ · (2/dt)                                 [L, 1], dt a run-time scalar;
//   D = 1/(g − λ)                                  [L, N] complex, a broadcast complex division;
//   k = D · [C B, C P_s, P̄_s B, P̄_s P_t]            [L, (r+1)²]: every Cauchy sum in one complex MatMul;
//   K̂ = s (k_CB − k_CP (I + k_PP)^{-1} k_PB)        [L, 1]: the r x r solve unrolled (Gaussian
//                                                  elimination on [L, 1] columns, no pivoting:
//                                                  I + k_PP is I plus a Gram-like sum, r ≤ 4);
//   (dt/2) Σ C B at ω = −1 (Where, even L).
// dplr_kernel is this followed by the inverse DFT the schedule planned (rule dplr-kernel-spectrum).
import { type NodeOf, cis } from "../../ir/index.js";
import { rejected } from "./ctx.js";
import { type Val, part } from "./complex.js";
import type { GraphBuilder, Prec } from "./graph.js";

/** The largest rank the onnx rendering unrolls (its solve is r³ elementwise complex steps). */
export const ONNX_DPLR_MAX_RANK = 4;

/** γ_j, s_j at the L-th roots of unity ([L, 1] each, re/im); 0 at ω = −1 where Where takes over. */
function rootConstants(L: number) {
  const gr = new Float64Array(L), gi = new Float64Array(L), sr = new Float64Array(L), si = new Float64Array(L), mid = new Float64Array(L);
  for (let j = 0; j < L; j++) {
    if (2 * j === L) {
      mid[j] = 1;
      continue;
    }
    const [wr, wi] = cis(-j, L), den = (1 + wr) * (1 + wr) + wi * wi;
    const ar = 1 - wr, ai = -wi;
    (gr[j] = (ar * (1 + wr) + ai * wi) / den), (gi[j] = (ai * (1 + wr) - ar * wi) / den);
    (sr[j] = (2 * (1 + wr)) / den), (si[j] = (-2 * wi) / den);
  }
  return { gr, gi, sr, si, mid };
}

/** A complex value as its (re, im) parts, each a real ONNX tensor. */
type Z = readonly [string, string];

/** Complex arithmetic on (re, im) pairs of real tensors (broadcasting). */
function zops(g: GraphBuilder, prec: Prec) {
  const op = (t: string, ...xs: string[]) => g.op1(t, xs);
  const mul = ([ar, ai]: Z, [br, bi]: Z): Z => [op("Sub", op("Mul", ar, br), op("Mul", ai, bi)), op("Add", op("Mul", ar, bi), op("Mul", ai, br))];
  const sub = ([ar, ai]: Z, [br, bi]: Z): Z => [op("Sub", ar, br), op("Sub", ai, bi)];
  const div = ([ar, ai]: Z, [br, bi]: Z): Z => {
    const m = op("Add", op("Mul", br, br), op("Mul", bi, bi));
    return [op("Div", op("Add", op("Mul", ar, br), op("Mul", ai, bi)), m), op("Div", op("Sub", op("Mul", ai, br), op("Mul", ar, bi)), m)];
  };
  return { op, mul, sub, div, s: (v: number) => g.scalar(v, prec) };
}

/** x = M^{-1} b for an r x r matrix of [L, 1] entries, by unrolled elimination (no pivoting). */
function solveUnrolled(z: ReturnType<typeof zops>, M: Z[][], b: Z[]): Z[] {
  const r = b.length, A = M.map((row) => [...row]), x = [...b];
  for (let c = 0; c < r; c++)
    for (let i = c + 1; i < r; i++) {
      const f = z.div(A[i][c], A[c][c]);
      for (let t = c + 1; t < r; t++) A[i][t] = z.sub(A[i][t], z.mul(f, A[c][t]));
      x[i] = z.sub(x[i], z.mul(f, x[c]));
    }
  for (let c = r - 1; c >= 0; c--) {
    let u = x[c];
    for (let t = c + 1; t < r; t++) u = z.sub(u, z.mul(A[c][t], x[t]));
    x[c] = z.div(u, A[c][c]);
  }
  return x;
}

export function dplrSpectrumGraph(g: GraphBuilder, n: NodeOf<"dplr_spectrum">, [lam, P, B, C, dt]: Val[], prec: Prec): Val {
  const { L } = n.arg, N = lam.shape[0] as number, r = P.shape.length === 2 ? (P.shape[1] as number) : 1, m = (r + 1) * (r + 1);
  if (r > ONNX_DPLR_MAX_RANK) throw rejected("dplr_spectrum", `a rank-${r} correction (P [${N}, ${r}]) is unrolled into r³ graph steps per frequency (at most rank ${ONNX_DPLR_MAX_RANK}): bind lam, P, B, C so it folds, or use the cpu backend`);
  const z = zops(g, prec), { op, s } = z;
  const re = (v: Val) => (v.complex ? part(g, v, 0).name : v.name);
  const im = (v: Val) => (v.complex ? part(g, v, 1).name : op("Mul", v.name, s(0)));
  const shape = (v: string, dims: number[]) => op("Reshape", v, g.i64(dims));
  const c = rootConstants(L), K = (v: Float64Array, hint: string) => g.constant(prec, [L, 1], v, hint);
  const two = op("Div", s(2), shape(dt.name, [1, 1]));
  // D = 1/(g − λ), [L, N]
  const lr = shape(re(lam), [1, N]), li = shape(im(lam), [1, N]);
  const [Dr, Di] = z.div([s(1), s(0)], [op("Sub", op("Mul", K(c.gr, "gamma_re"), two), lr), op("Sub", op("Mul", K(c.gi, "gamma_im"), two), li)]);
  // numerators [N, m]: C B | C P_s | P̄_s B | P̄_s P_t (row-major s, t)
  const col = (v: string) => shape(v, [N, 1]);
  const Bz: Z = [col(re(B)), col(im(B))], Cz: Z = [col(re(C)), col(im(C))];
  const Pz: Z = [shape(re(P), [N, r]), shape(im(P), [N, r])], Pbar: Z = [Pz[0], op("Neg", Pz[1])];
  const CB = z.mul(Cz, Bz), CP = z.mul(Cz, Pz), PB = z.mul(Pbar, Bz);
  const PP = z.mul([shape(Pbar[0], [N, r, 1]), shape(Pbar[1], [N, r, 1])], [shape(Pz[0], [N, 1, r]), shape(Pz[1], [N, 1, r])]);
  const cat = (k: 0 | 1) => g.op1("Concat", [CB[k], CP[k], PB[k], shape(PP[k], [N, r * r])], { axis: 1 });
  const [Xr, Xi] = [cat(0), cat(1)];
  const kr = op("Sub", op("MatMul", Dr, Xr), op("MatMul", Di, Xi)), ki = op("Add", op("MatMul", Dr, Xi), op("MatMul", Di, Xr));
  const idx = Array.from({ length: m }, (_, q) => g.i64([q], "idx"));
  const at = (q: number): Z => [g.op1("Gather", [kr, idx[q]], { axis: 1 }), g.op1("Gather", [ki, idx[q]], { axis: 1 })]; // [L, 1]
  // v = k_CB − k_CP (I + k_PP)^{-1} k_PB
  const M = Array.from({ length: r }, (_, a) => Array.from({ length: r }, (_, b) => {
    const e = at(1 + 2 * r + a * r + b);
    return a === b ? ([op("Add", e[0], s(1)), e[1]] as Z) : e;
  }));
  const x = solveUnrolled(z, M, Array.from({ length: r }, (_, a) => at(1 + r + a)));
  let v = at(0);
  for (let a = 0; a < r; a++) v = z.sub(v, z.mul(at(1 + a), x[a]));
  const [Hr, Hi] = z.mul([K(c.sr, "s_re"), K(c.si, "s_im")], v);
  // at ω = −1: (dt/2) Σ_n C_n B_n
  const mid = op("Greater", K(c.mid, "mid"), s(0.5)), half = op("Mul", shape(dt.name, [1, 1]), s(0.5));
  const hr = op("Mul", op("ReduceSum", CB[0]), half), hi = op("Mul", op("ReduceSum", CB[1]), half);
  const outR = g.op1("Where", [mid, hr, Hr]), outI = g.op1("Where", [mid, hi, Hi]);
  return { name: shape(g.op1("Concat", [outR, outI], { axis: 1 }), [L, 2]), shape: [L], complex: true, prec };
}
