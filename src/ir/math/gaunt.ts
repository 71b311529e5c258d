// Real-basis Gaunt and Clebsch-Gordan coefficients, from the exact complex ones by the change of
// basis between complex and real spherical harmonics (both with the Condon-Shortley phase):
//
//   Y_lm(real) = Σ_μ U[m, μ] Y_l^μ(complex)
//   m > 0:  U[m, m] = 1/√2,   U[m, -m] = (-1)^m/√2
//   m = 0:  U[0, 0] = 1
//   m < 0:  U[m, |m|] = -i/√2, U[m, -|m|] = i (-1)^|m| /√2
//
// Real Gaunt:  G(l1m1, l2m2, l3m3) = ∫ Y_l1m1 Y_l2m2 Y_l3m3 dΩ = Σ U1 U2 U3 · complexGaunt.
// Real CG: C(l1m1, l2m2 | l3m3) = phase · Σ U1[m1,μ1] U2[m2,μ2] conj(U3[m3,μ3]) <l1μ1 l2μ2|l3μ3>,
// which is real when l1+l2+l3 is even and purely imaginary when odd; the phase (1 for even,
// -i for odd) makes every path real. With it the (2l1+1)(2l2+1) coefficients over all l3 form a
// real orthogonal matrix, and for even paths
//   G(l1m1, l2m2, l3m3) = sqrt((2l1+1)(2l2+1) / (4π(2l3+1))) <l1 0 l2 0|l3 0> · C(l1m1, l2m2 | l3m3).
import { shIndex } from "./sh.js";
import { clebschGordan, complexGaunt, triangle } from "./wigner.js";

type Entry = readonly [mu: number, re: number, im: number];

/** The nonzero entries of row m of U (real SH in terms of complex SH). */
export function realToComplexRow(m: number): Entry[] {
  const r = Math.SQRT1_2, a = Math.abs(m), sgn = a % 2 ? -1 : 1;
  if (m === 0) return [[0, 1, 0]];
  if (m > 0) return [[m, r, 0], [-m, sgn * r, 0]];
  return [[a, 0, -r], [-a, 0, sgn * r]];
}

const mulC = (ar: number, ai: number, br: number, bi: number): [number, number] => [ar * br - ai * bi, ar * bi + ai * br];

/** Whether real-basis orders can couple: |m3| is |m1|+|m2| or ||m1|-|m2||, an even count of negative m. */
function mAllowed(m1: number, m2: number, m3: number): boolean {
  const a = Math.abs(m1), b = Math.abs(m2), c = Math.abs(m3);
  if (c !== a + b && c !== Math.abs(a - b)) return false;
  return ((m1 < 0 ? 1 : 0) + (m2 < 0 ? 1 : 0) + (m3 < 0 ? 1 : 0)) % 2 === 0;
}

/** ∫ Y_l1m1 Y_l2m2 Y_l3m3 dΩ over real SH. */
export function realGaunt(l1: number, m1: number, l2: number, m2: number, l3: number, m3: number): number {
  if ((l1 + l2 + l3) % 2 || !triangle(l1, l2, l3) || !mAllowed(m1, m2, m3)) return 0;
  let re = 0;
  for (const [u1, r1, i1] of realToComplexRow(m1))
    for (const [u2, r2, i2] of realToComplexRow(m2))
      for (const [u3, r3, i3] of realToComplexRow(m3)) {
        const g = complexGaunt(l1, u1, l2, u2, l3, u3);
        if (g === 0) continue;
        const [pr] = mulC(...mulC(r1, i1, r2, i2), r3, i3);
        re += pr * g; // the imaginary parts cancel between the ±μ terms
      }
  return re;
}

/** One nonzero real Gaunt coefficient, by flat SH indices: c[i3] += a[i1] b[i2] value. */
export interface GauntEntry {
  i1: number;
  i2: number;
  i3: number;
  value: number;
}

const gauntCache = new Map<string, GauntEntry[]>();

/**
 * All nonzero real Gaunt coefficients with l1 <= l1max, l2 <= l2max, l3 <= lmax, ordered by
 * (i3, i1, i2). The sparse bilinear map c = gaunt(a, b) is c[i3] = Σ a[i1] b[i2] value. Cached.
 */
export function gauntCoefficients(l1max: number, l2max: number, lmax: number): readonly GauntEntry[] {
  const key = `${l1max},${l2max},${lmax}`;
  const hit = gauntCache.get(key);
  if (hit) return hit;
  const out: GauntEntry[] = [];
  for (let l3 = 0; l3 <= lmax; l3++)
    for (let m3 = -l3; m3 <= l3; m3++)
      for (let l1 = 0; l1 <= l1max; l1++)
        for (let m1 = -l1; m1 <= l1; m1++)
          for (let l2 = Math.abs(l1 - l3); l2 <= Math.min(l2max, l1 + l3); l2 += 1) {
            if ((l1 + l2 + l3) % 2) continue;
            for (const m2 of candidatesM2(m1, m3, l2)) {
              const value = realGaunt(l1, m1, l2, m2, l3, m3);
              if (Math.abs(value) > 1e-15) out.push({ i1: shIndex(l1, m1), i2: shIndex(l2, m2), i3: shIndex(l3, m3), value });
            }
          }
  gauntCache.set(key, out);
  return out;
}

/** The m2 that can couple m1 to m3 (|m2| = |m1| ± |m3|), in increasing order, within |m2| <= l2. */
function candidatesM2(m1: number, m3: number, l2: number): number[] {
  const a = Math.abs(m1), c = Math.abs(m3);
  const set = new Set<number>();
  for (const b of [a + c, Math.abs(a - c)]) if (b <= l2) for (const s of [b, -b]) if (mAllowed(m1, s, m3)) set.add(s);
  return [...set].sort((x, y) => x - y);
}

const cgCache = new Map<string, Float64Array>();

/**
 * Real-basis Clebsch-Gordan coefficients of the path (l1, l2) -> l3 as a dense array
 * C[(m1+l1) (2l2+1)(2l3+1) + (m2+l2)(2l3+1) + (m3+l3)], with the phase convention above. Cached.
 */
export function realCG(l1: number, l2: number, l3: number): Float64Array {
  const key = `${l1},${l2},${l3}`;
  const hit = cgCache.get(key);
  if (hit) return hit;
  const n1 = 2 * l1 + 1, n2 = 2 * l2 + 1, n3 = 2 * l3 + 1;
  const C = new Float64Array(n1 * n2 * n3);
  const odd = (l1 + l2 + l3) % 2 === 1;
  if (triangle(l1, l2, l3))
    for (let m1 = -l1; m1 <= l1; m1++)
      for (let m2 = -l2; m2 <= l2; m2++)
        for (let m3 = -l3; m3 <= l3; m3++) {
          let re = 0, im = 0;
          for (const [u1, r1, i1] of realToComplexRow(m1))
            for (const [u2, r2, i2] of realToComplexRow(m2))
              for (const [u3, r3, i3] of realToComplexRow(m3)) {
                const cg = clebschGordan(l1, u1, l2, u2, l3, u3);
                if (cg === 0) continue;
                const [pr, pi] = mulC(...mulC(r1, i1, r2, i2), r3, -i3);
                re += pr * cg;
                im += pi * cg;
              }
          // even paths are real; odd ones purely imaginary: multiply by -i to make them real
          C[(m1 + l1) * n2 * n3 + (m2 + l2) * n3 + (m3 + l3)] = odd ? im : re;
        }
  cgCache.set(key, C);
  return C;
}

/** sqrt((2l1+1)(2l2+1) / (4π(2l3+1))) <l1 0 l2 0|l3 0>: the weight of path (l1, l2, l3) in the Gaunt product. */
export function gauntPathWeight(l1: number, l2: number, l3: number): number {
  return Math.sqrt(((2 * l1 + 1) * (2 * l2 + 1)) / (4 * Math.PI * (2 * l3 + 1))) * clebschGordan(l1, 0, l2, 0, l3, 0);
}
