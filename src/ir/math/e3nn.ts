// The e3nn basis of real spherical harmonics, related to linc's (orthonormal, Condon-Shortley
// phase, z polar, flat index l*l + l + m; see sh.ts) degree by degree:
//
//   Y^e3nn_lm(x, y, z) = (-1)^m Y_lm(z, x, y)      (e3nn normalization="integral")
//
// e3nn drops the Condon-Shortley phase and takes y as its polar axis (its l = 1 block is
// √(3/4π) (x, y, z)). Both bases are orthonormal, so per degree Y_l(r) = R_l Y^e3nn_l(r) with
// R_l orthogonal, R_l[i, j] = ∫ Y_l,i(r) Y^e3nn_l,j(r) dΩ = (M_lᵀ S_l)[i, j], where S_l = diag((-1)^m)
// and M_l is the rotation r -> P r = (z, x, y) in linc's basis, Y_l(P r) = M_l Y_l(r). M_l comes from
// the Clebsch-Gordan series M_l = Cᵀ (M_{l-1} ⊗ M_1) C with C = realCG(l-1, 1, l) as a
// (2l-1)·3 x (2l+1) matrix with orthonormal columns (an intertwiner of the real SH
// representation). R_1 = [[0,-1,0],[0,0,1],[-1,0,0]]; from l = 2 on R_l mixes orders.
// e3nn's wigner_3j(l1, l2, l3) (unit Frobenius norm) is linc's realCG path carried to the e3nn
// basis, divided by √(2l3+1), with the sign e3nnCgSign. test/sphere/gen_e3nn.py checks
// all three relations against ports of e3nn's own definitions.
import { realCG } from "./gaunt.js";

const rotations = new Map<number, Float64Array>([[0, Float64Array.of(1)]]);
const results = new Map<number, Float64Array>();

/** Below this an entry is rounding noise of an exact zero. */
const ZERO = 1e-13;

/** M_1: linc's Y_1 = √(3/4π) (-y, z, -x), so Y_1(z, x, y) = √(3/4π) (-x, y, -z) = (Y_1,1, -Y_1,-1, -Y_1,0). */
const M1 = Float64Array.of(0, 0, 1, -1, 0, 0, 0, -1, 0);

/** M_l, row-major (2l+1)²: Y_l(P r) = M_l Y_l(r) for P(x, y, z) = (z, x, y). */
function rotationP(l: number): Float64Array {
  const hit = rotations.get(l);
  if (hit) return hit;
  if (l === 1) return M1;
  const prev = rotationP(l - 1), n1 = 2 * l - 1, n = 2 * l + 1, C = realCG(l - 1, 1, l);
  // the nonzero rows (m1, m2) of each column of C
  const cols: { i1: number; i2: number; c: number }[][] = Array.from({ length: n }, () => []);
  for (let i1 = 0; i1 < n1; i1++)
    for (let i2 = 0; i2 < 3; i2++)
      for (let k = 0; k < n; k++) {
        const c = C[(i1 * 3 + i2) * n + k];
        if (c !== 0) cols[k].push({ i1, i2, c });
      }
  const M = new Float64Array(n * n);
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      let s = 0;
      for (const p of cols[a]) for (const q of cols[b]) s += p.c * q.c * prev[p.i1 * n1 + q.i1] * M1[p.i2 * 3 + q.i2];
      M[a * n + b] = Math.abs(s) < ZERO ? 0 : s;
    }
  rotations.set(l, M);
  return M;
}

/** R_l as a row-major (2l+1) x (2l+1) array: linc coefficients = R_l · e3nn coefficients. */
export function e3nnRotation(l: number): Float64Array {
  const hit = results.get(l);
  if (hit) return hit;
  const n = 2 * l + 1, M = rotationP(l), R = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) R[i * n + j] = (j - l) % 2 ? -M[j * n + i] : M[j * n + i];
  results.set(l, R);
  return R;
}

/**
 * The sign s of e3nn's wigner_3j(l1, l2, l3) against linc's cg_path carried to the e3nn basis:
 * W = s / √(2l3+1) · (R1ᵀ ⊗ R2ᵀ ⊗ R3ᵀ) C, s = (-1)^⌊(l1 + l2 - l3 + 1) / 2⌋.
 */
export function e3nnCgSign(l1: number, l2: number, l3: number): number {
  return Math.floor((l1 + l2 - l3 + 1) / 2) % 2 ? -1 : 1;
}
