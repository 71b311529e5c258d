// dplr_kernel on run-time data (lam, P, B, C graph inputs, e.g. --params-as-inputs; bound ones fold
// to initializers before reaching here) as a graph computation, the reference's formula
// (src/ir/math/dplrkernel.ts). g_j = (2/dt)(1-ω_j)/(1+ω_j) and s_j = 2/(1+ω_j) at the roots of unity
// ω_j = e^{-2πij/L} depend on dt and L only: constants [L, 1]. Then
//   D = 1/(g - λ)                          [L, N] complex, a broadcast complex division;
//   k = D · [C B, C P, P̄ B, P̄ P]            [L, 4] complex: the four Cauchy sums as MatMuls
//                                           (the Σ_n of a broadcast product + ReduceSum, fused);
//   K̂ = s (k_CB − k_CP k_PB / (1 + k_PP))   [L, 1], and (dt/2) Σ C B at ω = −1 (Where, even L);
//   K = (1/L) (cos · Re K̂ − sin · Im K̂)    the real inverse DFT as a MatMul with the [L, L] DFT
//                                           matrix (not the FFT lowering: this is a kernel op,
//                                           after the structure passes; L² constants).
import { type NodeOf, math } from "../../ir/index.js";
import { rejected } from "./ctx.js";
import { type Val, part } from "./complex.js";
import type { GraphBuilder, Prec } from "./graph.js";

/** g_j, s_j at the L-th roots of unity ([L, 1] each, re/im); 0 at ω = −1 where Where takes over. */
function rootConstants(L: number, dt: number) {
  const gr = new Float64Array(L), gi = new Float64Array(L), sr = new Float64Array(L), si = new Float64Array(L), mid = new Float64Array(L);
  for (let j = 0; j < L; j++) {
    if (2 * j === L) {
      mid[j] = 1;
      continue;
    }
    const wr = Math.cos((2 * Math.PI * j) / L), wi = -Math.sin((2 * Math.PI * j) / L), den = (1 + wr) * (1 + wr) + wi * wi;
    const ar = (2 * (1 - wr)) / dt, ai = (-2 * wi) / dt;
    (gr[j] = (ar * (1 + wr) + ai * wi) / den), (gi[j] = (ai * (1 + wr) - ar * wi) / den);
    (sr[j] = (2 * (1 + wr)) / den), (si[j] = (-2 * wi) / den);
  }
  return { gr, gi, sr, si, mid };
}

export function dplrKernelGraph(g: GraphBuilder, n: NodeOf<"dplr_kernel">, [lam, P, B, C]: Val[], prec: Prec): Val {
  const { dt, L } = n.arg, N = lam.shape[0] as number;
  if (L > math.DPLR_KERNEL_MAX_L) throw rejected("dplr_kernel", `a kernel of length ${L} needs two [L, L] inverse-DFT matrices (at most ${math.DPLR_KERNEL_MAX_L}): bind lam, P, B, C so it folds`);
  const s = (v: number) => g.scalar(v, prec);
  const op = (t: string, ...xs: string[]) => g.op1(t, xs);
  const re = (v: Val) => (v.complex ? part(g, v, 0).name : v.name);
  const im = (v: Val) => (v.complex ? part(g, v, 1).name : op("Mul", v.name, s(0)));
  const col = (v: string) => op("Reshape", v, g.i64([-1, 1])), row = (v: string) => op("Reshape", v, g.i64([1, N]));
  const c = rootConstants(L, dt), K = (v: Float64Array, hint: string) => g.constant(prec, [L, 1], v, hint);
  // D = 1/(g - λ), [L, N]
  const er = op("Sub", K(c.gr, "g_re"), row(re(lam))), ei = op("Sub", K(c.gi, "g_im"), row(im(lam)));
  const m = op("Add", op("Mul", er, er), op("Mul", ei, ei));
  const Dr = op("Div", er, m), Di = op("Neg", op("Div", ei, m));
  // numerators [N, 4]: C B, C P, P̄ B, P̄ P
  const Br = re(B), Bi = im(B), Cr = re(C), Ci = im(C), Pr = re(P), Pi = op("Neg", im(P)); // P̄
  const Pc = im(P);
  const mulR = (ar: string, ai: string, br: string, bi: string) => op("Sub", op("Mul", ar, br), op("Mul", ai, bi));
  const mulI = (ar: string, ai: string, br: string, bi: string) => op("Add", op("Mul", ar, bi), op("Mul", ai, br));
  const nums: [string, string][] = [
    [mulR(Cr, Ci, Br, Bi), mulI(Cr, Ci, Br, Bi)],
    [mulR(Cr, Ci, Pr, Pc), mulI(Cr, Ci, Pr, Pc)],
    [mulR(Pr, Pi, Br, Bi), mulI(Pr, Pi, Br, Bi)],
    [op("Add", op("Mul", Pr, Pr), op("Mul", Pc, Pc)), op("Mul", Pr, s(0))],
  ];
  const Xr = g.op1("Concat", nums.map(([r]) => col(r)), { axis: 1 }), Xi = g.op1("Concat", nums.map(([, i]) => col(i)), { axis: 1 });
  const kr = op("Sub", op("MatMul", Dr, Xr), op("MatMul", Di, Xi)), ki = op("Add", op("MatMul", Dr, Xi), op("MatMul", Di, Xr));
  const at = (k: string, q: number) => g.op1("Gather", [k, g.i64([q], "idx")], { axis: 1 }); // [L, 1]
  const [cbr, cbi, cpr, cpi, pbr, pbi, ppr, ppi] = [0, 1, 2, 3].flatMap((q) => [at(kr, q), at(ki, q)]);
  // v = k_CB − t / (1 + k_PP), t = k_CP k_PB
  const tr = mulR(cpr, cpi, pbr, pbi), ti = mulI(cpr, cpi, pbr, pbi);
  const mr = op("Add", ppr, s(1)), mm = op("Add", op("Mul", mr, mr), op("Mul", ppi, ppi));
  const vr = op("Sub", cbr, op("Div", op("Add", op("Mul", tr, mr), op("Mul", ti, ppi)), mm));
  const vi = op("Sub", cbi, op("Div", op("Sub", op("Mul", ti, mr), op("Mul", tr, ppi)), mm));
  const sr = K(c.sr, "s_re"), si = K(c.si, "s_im");
  // at ω = −1: (dt/2) Σ_n C_n B_n
  const mid = op("Greater", K(c.mid, "mid"), s(0.5));
  const hr = op("Mul", op("ReduceSum", nums[0][0]), s(dt / 2)), hi = op("Mul", op("ReduceSum", nums[0][1]), s(dt / 2));
  const Hr = g.op1("Where", [mid, hr, mulR(sr, si, vr, vi)]), Hi = g.op1("Where", [mid, hi, mulI(sr, si, vr, vi)]);
  // the real inverse DFT, [L, L] · [L, 1]
  const cs = new Float64Array(L * L), sn = new Float64Array(L * L);
  for (let t = 0; t < L; t++)
    for (let j = 0; j < L; j++) {
      const a = (2 * Math.PI * ((j * t) % L)) / L;
      (cs[t * L + j] = Math.cos(a) / L), (sn[t * L + j] = Math.sin(a) / L);
    }
  const out = op("Sub", op("MatMul", g.constant(prec, [L, L], cs, "idft_cos"), Hr), op("MatMul", g.constant(prec, [L, L], sn, "idft_sin"), Hi));
  return { name: op("Reshape", out, g.i64([L])), shape: [L], complex: false, prec };
}
