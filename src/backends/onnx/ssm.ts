// s4d_kernel on run-time data (lam, B, C, dt graph inputs, e.g. --params-as-inputs; bound ones fold
// to initializers before reaching here) as a Vandermonde graph computation:
//   K[l] = 2 Re Σ_n G_n e^{l dt λ_n},   G_n = C_n B_n (e^{dt λ_n} - 1) / λ_n   (dt at λ_n = 0)
// with x = dt Re λ, y = dt Im λ: e^{dtλ} - 1 = (expm1(x) cos y - 2 sin²(y/2)) + i e^x sin y (no
// cancellation for small dt λ; expm1 by its Taylor polynomial to x¹⁰/10! below |x| = 0.1, whose
// truncation is under 3e-16 relative), and the Vandermonde block E[n, l] = e^{l x_n} (cos l y_n +
// i sin l y_n), [N, L], reduced by two MatMuls: K = 2 (Re G · Re E - Im G · Im E).
import type { NodeOf } from "../../ir/index.js";
import { type Val, part } from "./complex.js";
import type { GraphBuilder, Prec } from "./graph.js";

export function s4dKernelGraph(g: GraphBuilder, n: NodeOf<"s4d_kernel">, [lam, B, C, step]: Val[], prec: Prec): Val {
  const { L } = n.arg, N = lam.shape[0] as number;
  const s = (v: number) => g.scalar(v, prec);
  const op = (t: string, ...xs: string[]) => g.op1(t, xs);
  const re = (v: Val) => (v.complex ? part(g, v, 0).name : v.name);
  const im = (v: Val) => (v.complex ? part(g, v, 1).name : op("Mul", v.name, s(0)));
  const lr = re(lam), li = im(lam), dt = op("Reshape", step.name, g.i64([1])); // dt: a run-time scalar
  const x = op("Mul", lr, dt), y = op("Mul", li, dt);
  // expm1(x): Horner on x (1 + x/2! + x²/3! + … + x⁹/10!) where |x| < 0.1, else e^x - 1
  let h = s(1 / 3628800);
  for (let k = 9; k >= 1; k--) {
    let f = 1;
    for (let j = 2; j <= k; j++) f *= j;
    h = op("Add", op("Mul", h, x), s(1 / f));
  }
  const ex = op("Exp", x);
  const em = g.op1("Where", [op("Less", op("Abs", x), s(0.1)), op("Mul", h, x), op("Sub", ex, s(1))]);
  const hs = op("Sin", op("Mul", y, s(0.5)));
  const er = op("Sub", op("Mul", em, op("Cos", y)), op("Mul", s(2), op("Mul", hs, hs)));
  const ei = op("Mul", ex, op("Sin", y));
  // w = (e^{dtλ} - 1) / λ, or dt where λ = 0
  const d = op("Add", op("Mul", lr, lr), op("Mul", li, li)), nz = op("Greater", d, s(0));
  const dd = g.op1("Where", [nz, d, s(1)]);
  const wr = g.op1("Where", [nz, op("Div", op("Add", op("Mul", er, lr), op("Mul", ei, li)), dd), dt]);
  const wi = g.op1("Where", [nz, op("Div", op("Sub", op("Mul", ei, lr), op("Mul", er, li)), dd), s(0)]);
  // G = C B w
  const Br = re(B), Bi = im(B), Cr = re(C), Ci = im(C);
  const cbr = op("Sub", op("Mul", Cr, Br), op("Mul", Ci, Bi)), cbi = op("Add", op("Mul", Cr, Bi), op("Mul", Ci, Br));
  const gr = op("Sub", op("Mul", cbr, wr), op("Mul", cbi, wi)), gi = op("Add", op("Mul", cbr, wi), op("Mul", cbi, wr));
  // the Vandermonde block, [N, L]
  const l = g.constant(prec, [1, L], Float64Array.from({ length: L }, (_, k) => k), "steps");
  const col = (v: string) => op("Reshape", v, g.i64([N, 1])), row = (v: string) => op("Reshape", v, g.i64([1, N]));
  const X = op("Mul", col(x), l), Y = op("Mul", col(y), l), mag = op("Exp", X);
  const Er = op("Mul", mag, op("Cos", Y)), Ei = op("Mul", mag, op("Sin", Y));
  const K = op("Mul", s(2), op("Sub", op("MatMul", row(gr), Er), op("MatMul", row(gi), Ei)));
  return { name: op("Reshape", K, g.i64([L])), shape: [L], complex: false, prec };
}
