// CPU kernels of the sphere family's kernel-level ops, as generated JavaScript:
//   gaunt_direct   one sparse loop over the Gaunt coefficient table (embedded in the module);
//   gaunt_fourier  the Fourier route in its separable grid form, O(L³): per Gauss-Legendre node
//                  θ_q, the Legendre sums give each expansion's azimuthal Fourier coefficients,
//                  the azimuthal sums give the function on nφ points, the product is pointwise,
//                  and the same two steps in reverse project it back (exact: the product times
//                  Y_l3m3 is a polynomial the nodes integrate exactly);
//   sh_matrix      Y[k, i] = Y_i(θ_k, φ_k) by the stable Legendre recursion (sh_eval as a matmul).
// `emitSphereOp` is called from the tensor table's entries (tensors.ts) with the node's source arrays
// already in the output's precision and kind; it appends one module-level function and its call.
import { type Node, type TensorType, cis, fail, math } from "../../ir/index.js";
import { gauntTableFor } from "../../ir/ops/sphere.js";
import { dataLiteral } from "./data.js";
import { type Expr, type Gen, type Ref, type Stage, mulE } from "./gen.js";

/** Tables larger than this (entries) are refused: the cost model sends such products the Fourier way. */
export const MAX_DIRECT_ENTRIES = 4e6;

const shapeOf = (n: Node) => (n.type as TensorType).shape;
const degreeOf = (n: Node) => Math.round(Math.sqrt(shapeOf(n).at(-1) as number)) - 1;
const f64 = (gen: Gen, key: string, data: ArrayLike<number>) => gen.table(key, dataLiteral(gen, data, "f64"));

/** Row stride of an operand whose leading axes are either the output's or all of extent 1. */
function rowStride(x: Node, out: Node, len: number): number {
  const lx = shapeOf(x).slice(0, -1), lo = shapeOf(out).slice(0, -1);
  if (lx.every((d) => d === 1)) return 0;
  if (lx.length === lo.length && lx.every((d, i) => d === lo[i])) return len;
  return fail("E0801", `the cpu backend's Gaunt kernels broadcast only a whole batch against a single vector, got ${JSON.stringify(lx)} against ${JSON.stringify(lo)}`);
}

/**
 * Emit `y = op(src)` for a sphere kernel op. `src` names the source arrays in y's precision and
 * kind (y.kind "C": interleaved complex); `stage` is where the call goes.
 */
export function emitSphereOp(gen: Gen, stage: Stage, n: Node, src: string[], y: Ref): void {
  const w = y.kind === "C" ? 2 : 1;
  if (n.op === "sh_matrix") {
    // the reference's own recursion (src/ir/math/sh.ts SH_SOURCE); the angles arrive in y's kind
    const K = shapeOf(n)[0] as number;
    gen.line(stage, `${gen.lib.use("shMatrix")}(${src[0]}, ${w}, ${src[1]}, ${w}, ${K}, ${n.arg.lmax}, ${w}, ${y.name});`);
    return;
  }
  if (n.op !== "gaunt_direct" && n.op !== "gaunt_fourier") return fail("E0801", `op '${n.op}' is not a sphere kernel op`);
  const [a, b] = n.src, L1 = degreeOf(a), L2 = degreeOf(b), lmax = n.arg.lmax;
  const n1 = (L1 + 1) ** 2, n2 = (L2 + 1) ** 2;
  const batch: Expr = mulE(...shapeOf(n).slice(0, -1).map((d) => gen.dim(d)));
  const sa = rowStride(a, n, n1), sb = rowStride(b, n, n2);
  const fn = gen.fresh("G");
  if (n.op === "gaunt_direct") {
    const t = gauntTableFor(L1, L2, lmax);
    if (t.value.length > MAX_DIRECT_ENTRIES) fail("E0801", `a direct Gaunt product with ${t.value.length} coefficients is too large for the cpu backend (use the Fourier route)`);
    const idx = new Float64Array(3 * t.value.length);
    for (let e = 0; e < t.value.length; e++) (idx[3 * e] = t.i1[e]), (idx[3 * e + 1] = t.i2[e]), (idx[3 * e + 2] = t.i3[e]);
    const I = f64(gen, `gauntIdx:${L1},${L2},${lmax}`, idx), V = f64(gen, `gauntVal:${L1},${L2},${lmax}`, t.value);
    gen.top.push(gauntDirectSource(fn, I, V, t.value.length, (lmax + 1) ** 2, w === 2));
  } else {
    const g = fourierGrid(L1, L2, lmax);
    const PL = f64(gen, `gauntPL:${g.Lm},${g.Q}`, g.PL), WQ = f64(gen, `gauntWQ:${g.Q},${g.nphi}`, g.WQ);
    const CS = f64(gen, `gauntCS:${g.Lm},${g.nphi}`, g.CS), SN = f64(gen, `gauntSN:${g.Lm},${g.nphi}`, g.SN);
    gen.top.push(gauntGridSource(fn, { L1, L2, lmax, Lm: g.Lm, Q: g.Q, nphi: g.nphi, complex: w === 2 }, { PL, WQ, CS, SN }));
  }
  gen.line(stage, `${fn}(${src[0]}, ${src[1]}, ${y.name}, ${batch}, ${sa * w}, ${sb * w});`);
}

/** c[p, i3] = Σ_e V[e] a[p, i1] b[p, i2], accumulated in float64 whatever y's precision. */
export function gauntDirectSource(fn: string, I: string, V: string, nnz: number, n3: number, complex: boolean): string {
  if (!complex)
    return `function ${fn}(a, b, y, B, sa, sb) {
  const acc = new Float64Array(${n3});
  for (let p = 0; p < B; p++) {
    const oa = p * sa, ob = p * sb;
    acc.fill(0);
    for (let e = 0, f = 0; e < ${nnz}; e++, f += 3) acc[${I}[f + 2]] += ${V}[e] * a[oa + ${I}[f]] * b[ob + ${I}[f + 1]];
    for (let k = 0; k < ${n3}; k++) y[p * ${n3} + k] = acc[k];
  }
}`;
  return `function ${fn}(a, b, y, B, sa, sb) {
  const acc = new Float64Array(${2 * n3});
  for (let p = 0; p < B; p++) {
    const oa = p * sa, ob = p * sb;
    acc.fill(0);
    for (let e = 0, f = 0; e < ${nnz}; e++, f += 3) {
      const i = oa + 2 * ${I}[f], j = ob + 2 * ${I}[f + 1], k = 2 * ${I}[f + 2], v = ${V}[e];
      const ar = a[i], ai = a[i + 1], br = b[j], bi = b[j + 1];
      acc[k] += v * (ar * br - ai * bi);
      acc[k + 1] += v * (ar * bi + ai * br);
    }
    for (let k = 0; k < ${2 * n3}; k++) y[p * ${2 * n3} + k] = acc[k];
  }
}`;
}

/** Gauss-Legendre nodes, weights x 2π/nφ, Legendre values and azimuth tables of the grid route. */
export function fourierGrid(L1: number, L2: number, lmax: number) {
  const Lm = Math.max(L1, L2, lmax), nL = (Lm + 1) ** 2;
  const Q = Math.ceil((L1 + L2 + lmax + 1) / 2), nphi = L1 + L2 + lmax + 1;
  const { x, w } = math.gaussLegendre(Q);
  const PL = new Float64Array(Q * nL), WQ = new Float64Array(Q);
  for (let q = 0; q < Q; q++) {
    PL.set(math.legendreNormalised(Lm, Math.acos(x[q])), q * nL);
    WQ[q] = (w[q] * 2 * Math.PI) / nphi;
  }
  const CS = new Float64Array(nphi * (Lm + 1)), SN = new Float64Array(nphi * (Lm + 1));
  for (let k = 0; k < nphi; k++)
    for (let m = 0; m <= Lm; m++) {
      const [c, s] = cis(m * k, nphi); // m φ_k with φ_k = 2πk/nphi
      CS[k * (Lm + 1) + m] = m ? Math.SQRT2 * c : 1;
      SN[k * (Lm + 1) + m] = m ? Math.SQRT2 * s : 0;
    }
  return { Lm, Q, nphi, PL, WQ, CS, SN };
}

interface GridShape { L1: number; L2: number; lmax: number; Lm: number; Q: number; nphi: number; complex: boolean }

/**
 * The grid route as JS. Complex data carry a second plane (suffix i) through every linear step;
 * only the pointwise product mixes them.
 */
export function gauntGridSource(fn: string, s: GridShape, t: { PL: string; WQ: string; CS: string; SN: string }): string {
  const { L1, L2, lmax, Lm, Q, nphi, complex } = s, nL = (Lm + 1) ** 2, M = Lm + 1, n3 = (lmax + 1) ** 2, w = complex ? 2 : 1;
  const planes = complex ? ["r", "i"] : ["r"];
  // analysis of x (degree L) at node q into the function values f (one loop nest per plane)
  const analyse = (x: string, o: string, L: number, f: string) => planes.map((pl, k) => `
      for (let m = 0; m <= ${L}; m++) {
        let c = 0, s = 0;
        for (let l = m; l <= ${L}; l++) {
          const P = ${t.PL}[pq + l * l + l + m];
          c += ${x}[${o} + ${w} * (l * l + l + m)${k ? " + 1" : ""}] * P;
          if (m) s += ${x}[${o} + ${w} * (l * l + l - m)${k ? " + 1" : ""}] * P;
        }
        sc${pl}[m] = c; ss${pl}[m] = s;
      }
      for (let k = 0; k < ${nphi}; k++) {
        let v = 0;
        for (let m = 0; m <= ${L}; m++) v += sc${pl}[m] * ${t.CS}[k * ${M} + m] + ss${pl}[m] * ${t.SN}[k * ${M} + m];
        ${f}${pl}[k] = v;
      }`).join("");
  const product = complex
    ? `for (let k = 0; k < ${nphi}; k++) { const r = far[k] * fbr[k] - fai[k] * fbi[k]; hi[k] = far[k] * fbi[k] + fai[k] * fbr[k]; hr[k] = r; }`
    : `for (let k = 0; k < ${nphi}; k++) hr[k] = far[k] * fbr[k];`;
  const project = planes.map((pl, k) => `
      for (let m = 0; m <= ${lmax}; m++) {
        let c = 0, s = 0;
        for (let j = 0; j < ${nphi}; j++) (c += h${pl}[j] * ${t.CS}[j * ${M} + m]), (s += h${pl}[j] * ${t.SN}[j * ${M} + m]);
        c *= wq; s *= wq;
        for (let l = m; l <= ${lmax}; l++) {
          const P = ${t.PL}[pq + l * l + l + m];
          acc[${w} * (l * l + l + m)${k ? " + 1" : ""}] += c * P;
          if (m) acc[${w} * (l * l + l - m)${k ? " + 1" : ""}] += s * P;
        }
      }`).join("");
  const decl = (names: string[], len: number) => names.flatMap((nm) => planes.map((pl) => `${nm}${pl} = new Float64Array(${len})`)).join(", ");
  return `function ${fn}(a, b, y, B, sa, sb) {
  const acc = new Float64Array(${w * n3}), ${decl(["sc", "ss"], M)}, ${decl(["fa", "fb", "h"], nphi)};
  for (let p = 0; p < B; p++) {
    const oa = p * sa, ob = p * sb;
    acc.fill(0);
    for (let q = 0; q < ${Q}; q++) {
      const pq = q * ${nL}, wq = ${t.WQ}[q];${analyse("a", "oa", L1, "fa")}${analyse("b", "ob", L2, "fb")}
      ${product}${project}
    }
    for (let k = 0; k < ${w * n3}; k++) y[p * ${w * n3} + k] = acc[k];
  }
}`;
}
