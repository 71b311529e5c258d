// The sphere family's kernel-level ops on the gpujs backend; every coefficient table is built
// on the host in float64 at plan time and rounded once to float32:
//   gaunt_direct   a gather-multiply-accumulate kernel over the Gaunt table in CSR form sorted
//                  by output index: thread (row, i3) sums v a[row, i1] b[row, i2] over the
//                  entries of i3 (a loop of the longest entry list's length, guarded);
//   gaunt_fourier  the grid route of the cpu backend as small products: per Gauss-Legendre node
//                  θ_q the Legendre sums give each expansion's azimuthal coefficients (one
//                  kernel), a small matmul gives its values on nφ azimuths, the product is
//                  pointwise (broadcasting the batches), and a matmul plus a weighted Legendre
//                  sum project it back. Exact in exact arithmetic: f_a f_b Y_l3m3 is a polynomial
//                  the Q x nφ grid integrates exactly;
//   sh_matrix      Y[k, i] = Y_i(θ_k, φ_k): a float64 host step when the angles are params (they
//                  are in practice: run once in createKernel), else a kernel running the
//                  Legendre recursion per element in float32.
// Real SH with the Condon-Shortley phase, flat index l² + l + m (src/ir/math/sh.ts).
import { type Node, type NodeOf, type TensorType, cis, fail, math } from "../../ir/index.js";
import { gauntTableFor } from "../../ir/ops/sphere.js";
import { type Arg, type Expr, type Val, lit, mulX } from "./builder.js";
import type { Ctx, Layout } from "./context.js";
import { elementwise } from "./elementwise.js";
import * as K from "./kernels.js";

/** Largest Gaunt table the direct kernel takes (the cost model sends bigger products the Fourier way). */
export const MAX_DIRECT_ENTRIES = 4e6;

const shapeOf = (n: Node) => (n.type as TensorType).shape;
const lead = (n: Node) => shapeOf(n).slice(0, -1);
const degreeOf = (n: Node) => Math.round(Math.sqrt(shapeOf(n).at(-1) as number)) - 1;
const fl = K.fl;

/**
 * A coefficient operand read per output row: as it is when its batch is the output's, at row 0
 * when it has no batch (all ones), else first copied out to the output's batch (broadcast).
 */
function operandRows(ctx: Ctx, x: Node, out: Node, rows: Expr): { v: Val; perRow: boolean } {
  const v = ctx.value(x), lx = lead(x), lo = lead(out);
  if (lx.every((d) => d === 1)) return { v, perRow: false };
  if (lx.length === lo.length && lx.every((d, i) => d === lo[i])) return { v, perRow: true };
  const nx = shapeOf(x).at(-1) as number;
  const { src } = elementwise("copy", 0, [{ shape: shapeOf(x) }], [...lo, nx]);
  return { v: ctx.b.kernel(src, [{ s: v.slot }], rows, nx), perRow: true };
}

export function gauntDirect(ctx: Ctx, n: NodeOf<"gaunt_direct">, { rows }: Layout): Val {
  const [a, b] = n.src, L1 = degreeOf(a), L2 = degreeOf(b), lmax = n.arg.lmax;
  const n1 = (L1 + 1) ** 2, n2 = (L2 + 1) ** 2, n3 = (lmax + 1) ** 2;
  const t = gauntTableFor(L1, L2, lmax), nnz = t.value.length;
  if (nnz > MAX_DIRECT_ENTRIES) fail("E0801", `a direct Gaunt product with ${nnz} coefficients is too large for the gpujs backend (use the Fourier route)`);
  // CSR by output index: counts, offsets, then (i1, i2, v) triples in output order
  const start = new Int32Array(n3 + 1);
  for (let e = 0; e < nnz; e++) start[t.i3[e] + 1]++;
  let longest = 0;
  for (let i = 0; i < n3; i++) (longest = Math.max(longest, start[i + 1])), (start[i + 1] += start[i]);
  const table = ctx.b.table(`gauntCSR:${L1},${L2},${lmax}`, () => {
    const out = new Float64Array(n3 + 1 + 3 * nnz), fillAt = Int32Array.from(start.subarray(0, n3));
    out.set(start);
    for (let e = 0; e < nnz; e++) {
      const q = n3 + 1 + 3 * fillAt[t.i3[e]]++;
      (out[q] = t.i1[e]), (out[q + 1] = t.i2[e]), (out[q + 2] = t.value[e]);
    }
    return out;
  });
  const A = operandRows(ctx, a, n, rows), B = operandRows(ctx, b, n, rows);
  return ctx.b.kernel(gauntDirectKernel(n1, n2, n3, longest, A.perRow, B.perRow), [{ s: A.v.slot }, { s: B.v.slot }, table], rows, n3);
}

/** y[row, i3] = Σ_e v_e a[row, i1_e] b[row, i2_e] over the entries of i3 (complex a, b; table a2). */
export function gauntDirectKernel(n1: number, n2: number, n3: number, longest: number, aPerRow: boolean, bPerRow: boolean): string {
  const body = [
    K.head(n3),
    `const tb = a2[k];`,
    `const te = a2[k + 1.0];`,
    `const oa = ${aPerRow ? `2.0 * row * ${fl(n1)}` : "0.0"};`,
    `const ob = ${bPerRow ? `2.0 * row * ${fl(n2)}` : "0.0"};`,
    `let yr = 0.0;`,
    `let yi = 0.0;`,
    `let ee = tb;`,
    `for (let jj = 0; jj < ${longest}; jj++) {`,
    `  if (ee < te - 0.5) {`,
    `    const q = ${fl(n3 + 1)} + 3.0 * ee;`,
    `    const ia = oa + 2.0 * a2[q];`,
    `    const ib = ob + 2.0 * a2[q + 1.0];`,
    `    const v = a2[q + 2.0];`,
    `    const ar = a0[ia];`,
    `    const ai = a0[ia + 1.0];`,
    `    const br = a1[ib];`,
    `    const bi = a1[ib + 1.0];`,
    `    yr += v * (ar * br - ai * bi);`,
    `    yi += v * (ar * bi + ai * br);`,
    `  }`,
    `  ee += 1.0;`,
    `}`,
  ];
  return K.fn(3, body.join("\n"));
}

/** Azimuth factor of order m at φ_k = 2πk/nphi: 1, √2 cos mφ (m > 0), √2 sin |m|φ (m < 0). */
const azimuth = (m: number, k: number, nphi: number) => (m === 0 ? 1 : m > 0 ? Math.SQRT2 * cis(m * k, nphi)[0] : Math.SQRT2 * cis(-m * k, nphi)[1]);

export function gauntFourier(ctx: Ctx, n: NodeOf<"gaunt_fourier">, { rows }: Layout): Val {
  const b = ctx.b, [a, bn] = n.src, L1 = degreeOf(a), L2 = degreeOf(bn), lmax = n.arg.lmax;
  const Lm = Math.max(L1, L2, lmax), nL = (Lm + 1) ** 2;
  const Q = Math.ceil((L1 + L2 + lmax + 1) / 2), nphi = L1 + L2 + lmax + 1, G = Q * nphi;
  const { x, w } = math.gaussLegendre(Q);
  const legendre = (weighted: boolean) =>
    b.table(`gfP:${Lm}:${Q}:${weighted ? nphi : 0}`, () => {
      const P = new Float64Array(Q * nL);
      for (let q = 0; q < Q; q++) {
        const p = math.legendreNormalised(Lm, Math.acos(x[q]));
        const s = weighted ? (w[q] * 2 * Math.PI) / nphi : 1;
        for (let i = 0; i < nL; i++) P[q * nL + i] = s * p[i];
      }
      return P;
    });
  // complex [rowsOut, colsOut] tables of azimuth factors for the small matmuls
  const azTable = (L: number, synth: boolean): Arg =>
    b.table(`gfT:${L}:${nphi}:${synth}`, () => {
      const M = 2 * L + 1, T = new Float64Array(2 * M * nphi);
      for (let k = 0; k < nphi; k++)
        for (let j = 0; j < M; j++) T[2 * (synth ? k * M + j : j * nphi + k)] = azimuth(j - L, k, nphi);
      return T;
    });
  const values = (xn: Node, L: number): Val => {
    const v = ctx.value(xn), M = 2 * L + 1;
    const s = b.kernel(legendreAnalysisKernel(L, Q, nL), [{ s: v.slot }, legendre(false)], v.rows, Q * M);
    return b.kernel(K.matmul(nphi, M), [azTable(L, true), { s: s.slot }], mulX(v.rows, Q), nphi);
  };
  const fa = values(a, L1), fb = values(bn, L2);
  const { src } = elementwise("mul", 0, [{ shape: [...lead(a), G] }, { shape: [...lead(bn), G] }], [...lead(n), G]);
  const h = b.kernel(src, [{ s: fa.slot }, { s: fb.slot }], rows, G);
  const M3 = 2 * lmax + 1;
  const g = b.kernel(K.matmul(M3, nphi), [azTable(lmax, false), { s: h.slot }], mulX(rows, Q), M3);
  return b.kernel(legendreProjectKernel(lmax, Q, nL), [{ s: g.slot }, legendre(true)], rows, (lmax + 1) ** 2);
}

/**
 * s[row, q, m + L] = Σ_{l=|m|..L} x[row, l² + l + m] P[q, l² + l + |m|] (P real, Q x nL): one
 * component per thread (P is real, so the parts do not mix).
 */
export function legendreAnalysisKernel(L: number, Q: number, nL: number): string {
  const M = 2 * L + 1, n = (L + 1) ** 2;
  const body = [
    K.head(Q * M),
    `const q = ${K.idiv("k", M)};`,
    `const m = k - q * ${fl(M)} - ${fl(L)};`,
    `const am = Math.abs(m);`,
    `const xb = 2.0 * row * ${fl(n)} + c;`,
    `const pb = q * ${fl(nL)};`,
    `let s = 0.0;`,
    `let l = 0.0;`,
    `for (let ll = 0; ll < ${L + 1}; ll++) {`,
    `  if (l > am - 0.5) { s += a0[xb + 2.0 * (l * l + l + m)] * a1[pb + l * l + l + am]; }`,
    `  l += 1.0;`,
    `}`,
    `const yr = s;`,
    `const yi = s;`,
  ];
  return K.fn(2, body.join("\n"));
}

/** c[row, l² + l + m] = Σ_q g[row, q, m + lmax] Pw[q, l² + l + |m|] (weights folded into Pw). */
export function legendreProjectKernel(lmax: number, Q: number, nL: number): string {
  const M = 2 * lmax + 1;
  const body = [
    K.head((lmax + 1) ** 2),
    `const l = Math.floor(Math.sqrt(k + 0.5));`,
    `const m = k - l * l - l;`,
    `const pi = l * l + l + Math.abs(m);`,
    `const gb = 2.0 * (row * ${fl(Q * M)} + m + ${fl(lmax)}) + c;`,
    `let s = 0.0;`,
    `let q = 0.0;`,
    `for (let qq = 0; qq < ${Q}; qq++) {`,
    `  s += a0[gb + 2.0 * q * ${fl(M)}] * a1[q * ${fl(nL)} + pi];`,
    `  q += 1.0;`,
    `}`,
    `const yr = s;`,
    `const yi = s;`,
  ];
  return K.fn(2, body.join("\n"));
}

/** The SH matrix: a float64 host step when the angles are known once per kernel (not run-time data), else a kernel. */
export function shMatrix(ctx: Ctx, n: NodeOf<"sh_matrix">): Val {
  const [th, ph] = n.src.map((s) => ctx.value(s)), L = n.arg.lmax;
  const [Kp, nc] = shapeOf(n) as number[];
  if (ctx.stage(n) !== "run") return ctx.b.host("shmatrix", [th, ph], Kp, nc, L);
  return ctx.b.kernel(shMatrixKernel(L), [{ s: th.slot }, { s: ph.slot }], lit(Kp), nc);
}

/** Y[k, i] = Y_i(θ_k, φ_k) by the Legendre recursion of src/ir/math/sh.ts, per element (θ a0, φ a1). */
export function shMatrixKernel(L: number): string {
  const body = [
    K.head((L + 1) ** 2),
    `const l = Math.floor(Math.sqrt(k + 0.5));`,
    `const m = k - l * l - l;`,
    `const am = Math.abs(m);`,
    `const x = Math.cos(a0[2.0 * row]);`,
    `const sn = Math.sin(a0[2.0 * row]);`,
    `const ph = a1[2.0 * row];`,
    // P_|m|^|m| = sqrt(1/4π) Π_{j=1..|m|} -sqrt((2j+1)/2j) sin θ
    `let pmm = ${fl(Math.sqrt(1 / (4 * Math.PI)))};`,
    `let j = 1.0;`,
    `for (let jj = 1; jj < ${L + 1}; jj++) {`,
    `  if (j < am + 0.5) { pmm = -pmm * Math.sqrt((2.0 * j + 1.0) / (2.0 * j)) * sn; }`,
    `  j += 1.0;`,
    `}`,
    // upward in l from |m|: P_{|m|+1} = sqrt(2|m|+3) x P_|m|, then the three-term recursion
    `let p2 = pmm;`,
    `let p1 = Math.sqrt(2.0 * am + 3.0) * x * pmm;`,
    `let P = pmm;`,
    `if (l > am + 0.5) { P = p1; }`,
    `let d = am + 2.0;`,
    `for (let dd = 2; dd < ${L + 1}; dd++) {`,
    `  if (d < l + 0.5) {`,
    `    const ca = Math.sqrt((4.0 * d * d - 1.0) / (d * d - am * am));`,
    `    const cb = Math.sqrt(((d - 1.0) * (d - 1.0) - am * am) / (4.0 * (d - 1.0) * (d - 1.0) - 1.0));`,
    `    const v = ca * (x * p1 - cb * p2);`,
    `    p2 = p1;`,
    `    p1 = v;`,
    `    P = v;`,
    `  }`,
    `  d += 1.0;`,
    `}`,
    `let az = 1.0;`,
    `if (m > 0.5) { az = ${fl(Math.SQRT2)} * Math.cos(am * ph); }`,
    `if (m < -0.5) { az = ${fl(Math.SQRT2)} * Math.sin(am * ph); }`,
    `const yr = P * az;`,
    `const yi = 0.0;`,
  ];
  return K.fn(2, body.join("\n"));
}
