// Sphere lowering: gaunt picks its route by a cost model — the direct sparse sum over the
// nonzero Gaunt coefficients (~L⁵ of them for l1 = l2 = lmax = L) or the Fourier route of the
// Gaunt Tensor Product paper (2-D Fourier coefficients, FFT convolution on a P x P torus,
// projection back; O(L³) + O(P² log P)); sh_eval with a vector of angles becomes a matmul with
// the SH matrix at those angles (which folds when the angles are params).
import { type Node, type OperatorType, type TensorType, apply, callConstructor, mk, tensorType, transpose } from "../../ir/index.js";
import { sameType, type Rule } from "../rewrite.js";
import type { GauntForm } from "../schedule/table.js";
import { isStaticValue } from "./apply.js";
import { tt } from "./util.js";

const degreeOf = (x: Node) => Math.round(Math.sqrt(tt(x).shape.at(-1) as number)) - 1;
const nnzCache = new Map<string, number>();

/**
 * Number of (structurally) nonzero real Gaunt coefficients with l1 <= L1, l2 <= L2, l3 <= lmax, counted from
 * the selection rules (triangle, even l1+l2+l3, |m3| = |m1| ± |m2|, even count of negative m):
 * an upper bound within about 1% (a few coefficients vanish by accident).
 */
export function gauntNonzeros(L1: number, L2: number, lmax: number): number {
  const key = `${L1},${L2},${lmax}`;
  const hit = nnzCache.get(key);
  if (hit !== undefined) return hit;
  let count = 0;
  for (let l3 = 0; l3 <= lmax; l3++)
    for (let l1 = 0; l1 <= L1; l1++)
      for (let l2 = Math.abs(l1 - l3); l2 <= Math.min(L2, l1 + l3); l2++) {
        if ((l1 + l2 + l3) % 2) continue;
        for (let c = 0; c <= l3; c++)
          for (let a = 0; a <= l1; a++)
            for (const b of a + c === Math.abs(a - c) ? [a + c] : [Math.abs(a - c), a + c]) {
              if (b > l2) continue;
              const k = (a ? 1 : 0) + (b ? 1 : 0) + (c ? 1 : 0);
              count += k ? 1 << (k - 1) : 1;
            }
      }
  nnzCache.set(key, count);
  return count;
}

/** The torus size of the Fourier route: a power of two >= 2(L1 + L2) + 1. */
export const fourierGrid = (L1: number, L2: number): number => {
  let P = 1;
  while (P < 2 * (L1 + L2) + 1) P *= 2;
  return P;
};

/**
 * Estimated flops of one product by each route, in the form the target's schedule says it runs
 * them (Schedule.gaunt): "torus" the paper's 2-D FFT route (the reference); "grid" the O(L³) grid
 * form (Q Gauss nodes x nφ azimuths) against the sparse coefficient sum; "einsum" a dense
 * bilinear Einsum (n1 n2 n3) against three grid MatMuls.
 */
export function gauntCosts(L1: number, L2: number, lmax: number, form: GauntForm): { direct: number; fourier: number } {
  const n1 = (L1 + 1) ** 2, n2 = (L2 + 1) ** 2, n3 = (lmax + 1) ** 2;
  const Q = Math.ceil((L1 + L2 + lmax + 1) / 2), nphi = L1 + L2 + lmax + 1;
  if (form === "einsum") return { direct: 2 * n1 * n2 * n3, fourier: 2 * Q * nphi * (n1 + n2 + n3) };
  const direct = 6 * gauntNonzeros(L1, L2, lmax);
  if (form === "grid") return { direct, fourier: 2 * Q * (n1 + n2 + n3 + nphi * (L1 + L2 + lmax + 3)) };
  const P = fourierGrid(L1, L2), K = L1 + L2;
  const toFourier = (L: number) => 16 * (L + 1) * (L + 1) * (2 * L + 1); // every (l, m) touches 2(2l+1) cells
  const fft2 = 3 * 2 * P * 5 * P * Math.log2(P);
  const project = 8 * (2 * lmax + 1) * (2 * lmax + 1) * (K + 1) + 16 * (lmax + 1) * (lmax + 1) * (2 * lmax + 1);
  return { direct, fourier: toFourier(L1) + toFourier(L2) + fft2 + 6 * P * P + project };
}

export const sphereRules: Rule[] = [
  {
    name: "gaunt-lower",
    doc: "gaunt(a, b, lmax) -> gaunt_direct (sparse coefficient sum) or gaunt_fourier (FFT route), whichever the cost model finds cheaper",
    match: "gaunt",
    rewrite: (n, ctx) => {
      if (n.op !== "gaunt") return undefined;
      const lmax = n.arg.lmax, [a, b] = n.src;
      const { direct, fourier } = gauntCosts(degreeOf(a), degreeOf(b), lmax, ctx.schedule.gaunt);
      return mk(direct <= fourier ? "gaunt_direct" : "gaunt_fourier", n.type, n.src, { lmax });
    },
  },
  {
    name: "sh-eval-matrix",
    doc: "sh_eval(a, theta, phi) -> dense(sh_matrix(theta, phi)) @ a for a vector of angles; with static angles, a constant operator applied to a (basis=\"e3nn\") is folded into the matrix",
    match: "sh_eval",
    guard: (n) => tt(n.src[1]).shape.length === 1 && typeof tt(n.src[1]).shape[0] === "number",
    rewrite: (n) => {
      const [a, theta, phi] = n.src, lmax = degreeOf(a), K = tt(theta).shape[0] as number;
      const dtype = tt(theta).dtype === "f32" && tt(phi).dtype === "f32" ? "f32" : "f64";
      let Y: Node = mk("sh_matrix", tensorType(dtype, [K, (lmax + 1) * (lmax + 1)]), [theta, phi], { lmax });
      let x = a;
      // Y (B x) = (Y B) x: a constant change of basis in front (basis="e3nn") folds into Y with the angles
      const B = a.op === "apply" ? a.src[0] : undefined;
      if (B && (B.op === "dense" || B.op === "blockdiag") && !(B.type as OperatorType).complex && isStaticValue(Y) && isStaticValue(B)) {
        Y = apply(transpose(B, false), Y);
        x = a.src[1];
      }
      const r = apply(callConstructor("dense", [{ value: Y }]) as Node, x);
      return sameType(r.type, n.type as TensorType) ? r : undefined;
    },
  },
];
