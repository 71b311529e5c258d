// The e3nn basis of real spherical harmonics, related to linc's (orthonormal, Condon-Shortley
// phase, z polar, flat index l*l + l + m; see sh.ts) degree by degree:
//
//   Y^e3nn_lm(x, y, z) = (-1)^m Y_lm(z, x, y)      (e3nn normalization="integral")
//
// e3nn drops the Condon-Shortley phase and takes y as its polar axis (its l = 1 block is
// √(3/4π) (x, y, z)). Both bases are orthonormal, so per degree Y_l(r) = R_l Y^e3nn_l(r) with
// R_l orthogonal, R_l[i, j] = ∫ Y_l,i(r) Y^e3nn_l,j(r) dΩ (computed below by a quadrature that
// is exact for these degree-2l integrands). R_1 = [[0,-1,0],[0,0,1],[-1,0,0]]; from l = 2 on R_l
// mixes orders. e3nn's wigner_3j(l1, l2, l3) (unit Frobenius norm) is linc's realCG path carried
// to the e3nn basis, divided by √(2l3+1), with the sign e3nnCgSign. test/sphere/gen_e3nn.py checks
// all three relations against ports of e3nn's own definitions.
import { sphereQuadrature } from "./quadrature.js";
import { realSH } from "./sh.js";

const cache = new Map<number, Float64Array>();

/** Below this an entry of R_l is rounding noise of an exact zero. */
const ZERO = 1e-13;

/** R_l as a row-major (2l+1) x (2l+1) array: linc coefficients = R_l · e3nn coefficients. */
export function e3nnRotation(l: number): Float64Array {
  const hit = cache.get(l);
  if (hit) return hit;
  const n = 2 * l + 1, R = new Float64Array(n * n);
  const g = sphereQuadrature(l + 1), o = l * l;
  const Y = new Float64Array((l + 1) * (l + 1)), YP = new Float64Array((l + 1) * (l + 1));
  const u = new Float64Array(n), v = new Float64Array(n);
  for (let k = 0; k < g.theta.length; k++) {
    const st = Math.sin(g.theta[k]), x = st * Math.cos(g.phi[k]), y = st * Math.sin(g.phi[k]), z = Math.cos(g.theta[k]);
    realSH(l, g.theta[k], g.phi[k], Y);
    // Y^e3nn at r: (-1)^m Y at the point P r = (z, x, y), in polar angles
    realSH(l, Math.acos(Math.max(-1, Math.min(1, y))), Math.atan2(x, z), YP);
    for (let i = 0; i < n; i++) (u[i] = g.weight[k] * Y[o + i]), (v[i] = (i - l) % 2 ? -YP[o + i] : YP[o + i]);
    for (let i = 0; i < n; i++) {
      const ui = u[i], row = i * n;
      for (let j = 0; j < n; j++) R[row + j] += ui * v[j];
    }
  }
  for (let i = 0; i < R.length; i++) if (Math.abs(R[i]) < ZERO) R[i] = 0;
  cache.set(l, R);
  return R;
}

/**
 * The sign s of e3nn's wigner_3j(l1, l2, l3) against linc's cg_path carried to the e3nn basis:
 * W = s / √(2l3+1) · (R1ᵀ ⊗ R2ᵀ ⊗ R3ᵀ) C, s = (-1)^⌊(l1 + l2 - l3 + 1) / 2⌋.
 */
export function e3nnCgSign(l1: number, l2: number, l3: number): number {
  return Math.floor((l1 + l2 - l3 + 1) / 2) % 2 ? -1 : 1;
}
