// ONNX lowering of the sphere family's kernel-level ops (run-time coefficient inputs):
//   gaunt_direct   a dense bilinear form: t = a · G (G the [n1, n2·n3] coefficient tensor as an
//                  initializer), then Σ_j t[.., j, k] b[.., j] — MatMul, Mul, ReduceSum; for tables
//                  up to MAX_DENSE_GAUNT elements (small L, where this route is chosen anyway);
//   gaunt_fourier  the Fourier route as three MatMuls: both expansions sampled on the exact
//                  Gauss-Legendre x uniform-azimuth grid (Ya, Yb), multiplied pointwise, and
//                  projected back with the quadrature weights (Proj) — the FFT of the paper's
//                  route becomes the azimuthal part of these matrices, which ORT runs as GEMMs.
// `lowerSphereOp(g, n, src)` is the tensor table's rule for both (tensors.ts), with the node's sources as
// Vals in the output's precision. sh_matrix with run-time angles is not lowered (it folds when
// the angles are params bound at compile time).
import { type NodeOf, fail, math } from "../../ir/index.js";
import { gauntTableFor } from "../../ir/ops/sphere.js";
import type { GraphBuilder } from "./graph.js";
import { type Val, mul, reshapeLast } from "./complex.js";
import { einsumC } from "./pieces.js";

/** Largest dense coefficient tensor n1·n2·n3 the direct lowering stores. */
export const MAX_DENSE_GAUNT = 1 << 22;

const degreeOf = (v: Val) => Math.round(Math.sqrt(v.shape[v.shape.length - 1] as number)) - 1;

const constant = (g: GraphBuilder, like: Val, dims: number[], data: Float64Array, hint: string): Val =>
  ({ name: g.constant(like.prec, dims, data, hint), shape: dims, complex: false, prec: like.prec });

export function lowerSphereOp(g: GraphBuilder, n: NodeOf<"gaunt_direct" | "gaunt_fourier">, [a, b]: Val[]): Val {
  const L1 = degreeOf(a), L2 = degreeOf(b), lmax = n.arg.lmax;
  const n1 = (L1 + 1) ** 2, n2 = (L2 + 1) ** 2, n3 = (lmax + 1) ** 2;
  const lead = n.type.kind === "tensor" ? n.type.shape.slice(0, -1) : [];
  const la = a.shape.slice(0, -1);
  if (n.op === "gaunt_direct") {
    if (n1 * n2 * n3 > MAX_DENSE_GAUNT) fail("E0801", `a direct Gaunt product of ${n1} x ${n2} -> ${n3} coefficients is too large for the ONNX backend's dense lowering`);
    const t = gauntTableFor(L1, L2, lmax), G = new Float64Array(n1 * n2 * n3);
    for (let e = 0; e < t.value.length; e++) G[(t.i1[e] * n2 + t.i2[e]) * n3 + t.i3[e]] += t.value[e];
    const ta = einsumC(g, "...i,ij->...j", a, constant(g, a, [n1, n2 * n3], G, "gaunt"), [...la, n2 * n3]);
    const prod = mul(g, reshapeLast(g, ta, 1, [n2, n3]), reshapeLast(g, b, 1, [n2, 1]));
    const axis = prod.complex ? -3 : -2;
    return { ...prod, name: g.op1("ReduceSum", [prod.name, g.i64([axis])], { keepdims: 0 }), shape: [...lead, n3] };
  }
  // the exact grid: Q Gauss-Legendre nodes x nφ azimuths integrate f_a f_b Y_l3m3 exactly
  const Q = Math.ceil((L1 + L2 + lmax + 1) / 2), nphi = L1 + L2 + lmax + 1, G = Q * nphi;
  const { x, w } = math.gaussLegendre(Q);
  const Lm = Math.max(L1, L2, lmax), nm = (Lm + 1) ** 2;
  const Ya = new Float64Array(n1 * G), Yb = new Float64Array(n2 * G), Proj = new Float64Array(G * n3);
  for (let q = 0; q < Q; q++)
    for (let k = 0; k < nphi; k++) {
      const Y = math.realSH(Lm, Math.acos(x[q]), (2 * Math.PI * k) / nphi, new Float64Array(nm)), p = q * nphi + k;
      for (let i = 0; i < n1; i++) Ya[i * G + p] = Y[i];
      for (let i = 0; i < n2; i++) Yb[i * G + p] = Y[i];
      for (let i = 0; i < n3; i++) Proj[p * n3 + i] = (w[q] * 2 * Math.PI * Y[i]) / nphi;
    }
  const fa = einsumC(g, "...i,ij->...j", a, constant(g, a, [n1, G], Ya, "sh_grid_a"), [...la, G]);
  const fb = einsumC(g, "...i,ij->...j", b, constant(g, b, [n2, G], Yb, "sh_grid_b"), [...b.shape.slice(0, -1), G]);
  const h = mul(g, fa, fb);
  return einsumC(g, "...i,ij->...j", h, constant(g, h, [G, n3], Proj, "sh_project"), [...lead, n3]);
}
