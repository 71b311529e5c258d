// dplr_spectrum on run-time data (lam, P, B, C, dt graph inputs, e.g. --params-as-inputs; bound ones
// fold to initializers before reaching here) as a graph computation: the reference's formula in
// its order (src/ir/math/dplrspectrum.ts), rank r (P [N, r]), on its node constants (dplrNode:
// γ_j = (1-ω_j)/(1+ω_j), s_j = 2/(1+ω_j), float64 on the host, constants [L, 1]):
//   g = (2/dt) γ                                   [L, 1], dt a run-time scalar;
//   D = 1/(g − λ)                                  [L, N] complex, a broadcast complex division;
//   k = D · [C B, C P_s, P̄_s B, P̄_s P_t]            [L, (r+1)²]: every Cauchy sum in one complex MatMul;
//   Y = (I + k_PP)^{-1} k_PB                        the r x r solves of all L frequencies at once,
//                                                  pivoted by the one rule (gaussjordan.ts);
//   K̂ = s (k_CB − k_CP Y)                           [L, 1];
//   (dt/2) Σ C B at ω = −1 (Where, even L).
// dplr_kernel is this followed by the inverse DFT the schedule planned (rule dplr-kernel-spectrum).
import type { NodeOf } from "../../ir/index.js";
import { rejected } from "./ctx.js";
import { type Val, part } from "./complex.js";
import type { GraphBuilder, Prec } from "./graph.js";
import { gaussJordan } from "./gaussjordan.js";
import { dplrNode } from "../../ir/math/dplrspectrum.js";

/** The largest rank the onnx rendering unrolls (its solve is r pivot steps on all frequencies at once). */
export const ONNX_DPLR_MAX_RANK = 4;

/** dplrNode's γ_j, s_j ([L, 1] each, re/im) and the ω = −1 flag; zeros there, where Where takes over. */
function rootConstants(L: number) {
  const gr = new Float64Array(L), gi = new Float64Array(L), sr = new Float64Array(L), si = new Float64Array(L), mid = new Float64Array(L);
  for (let j = 0; j < L; j++) {
    const w = dplrNode(j, L);
    if (w === null) mid[j] = 1;
    else [gr[j], gi[j], sr[j], si[j]] = w;
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

export function dplrSpectrumGraph(g: GraphBuilder, n: NodeOf<"dplr_spectrum">, [lam, P, B, C, dt]: Val[], prec: Prec): Val {
  const { L } = n.arg, N = lam.shape[0] as number, r = P.shape.length === 2 ? (P.shape[1] as number) : 1;
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
  const take = (cols: number[], dims: number[]) => {
    const idx = g.constant("i64", dims, cols.map(BigInt), "idx");
    return [g.op1("Gather", [kr, idx], { axis: 1 }), g.op1("Gather", [ki, idx], { axis: 1 })] as const; // [L, ...dims]
  };
  // the systems [I + k_PP | k_PB] of every frequency as one complex stack [r, r + 1, L] (gaussjordan.ts's layout)
  const cols = Array.from({ length: r * (r + 1) }, (_, e) => (e % (r + 1) < r ? 1 + 2 * r + Math.floor(e / (r + 1)) * r + (e % (r + 1)) : 1 + r + Math.floor(e / (r + 1))));
  const eye = Float64Array.from({ length: r * (r + 1) }, (_, e) => (e % (r + 1) === Math.floor(e / (r + 1)) ? 1 : 0));
  const [Mr, Mi] = take(cols, [r, r + 1]);
  const stack = (v: string) => g.op1("Unsqueeze", [g.op1("Transpose", [v], { perm: [1, 2, 0] }), g.i64([3])]);
  const sys = g.op1("Concat", [stack(op("Add", Mr, g.constant(prec, [1, r, r + 1], eye, "eye"))), stack(Mi)], { axis: 3 });
  const Y = gaussJordan(g, { name: sys, shape: [r, r + 1, L], complex: true, prec }).name; // [r, 1, L, 2]
  const plane = (k: 0 | 1) => g.op1("Transpose", [shape(g.op1("Gather", [Y, g.i64([k], "idx")], { axis: 3 }), [r, L])], { perm: [1, 0] }); // [L, r]
  // v = k_CB − Σ_s k_CP_s Y_s
  const [cpr, cpi] = take(Array.from({ length: r }, (_, a) => 1 + a), [r]);
  const [tr, ti] = z.mul([cpr, cpi], [plane(0), plane(1)]);
  const [cbr, cbi] = take([0], [1]);
  const v: Z = [op("Sub", cbr, g.op1("ReduceSum", [tr, g.i64([1])], { keepdims: 1 })), op("Sub", cbi, g.op1("ReduceSum", [ti, g.i64([1])], { keepdims: 1 }))];
  const [Hr, Hi] = z.mul([K(c.sr, "s_re"), K(c.si, "s_im")], v);
  // at ω = −1: (dt/2) Σ_n C_n B_n
  const mid = op("Greater", K(c.mid, "mid"), s(0.5)), half = op("Mul", shape(dt.name, [1, 1]), s(0.5));
  const hr = op("Mul", op("ReduceSum", CB[0]), half), hi = op("Mul", op("ReduceSum", CB[1]), half);
  const outR = g.op1("Where", [mid, hr, Hr]), outI = g.op1("Where", [mid, hi, Hi]);
  return { name: shape(g.op1("Concat", [outR, outI], { axis: 1 }), [L, 2]), shape: [L], complex: true, prec };
}
