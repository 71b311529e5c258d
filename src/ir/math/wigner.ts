// Wigner 3j symbols and complex Clebsch-Gordan coefficients, correctly rounded from exact
// rational arithmetic. Racah's formula is an alternating sum whose terms cancel badly in
// floating point for large l; here the sum is an exact BigInt fraction and only the final
// sqrt(rational) is rounded, so every symbol is good to an ulp or two up to l = 64 and beyond.

const factorials: bigint[] = [1n];
function fact(n: number): bigint {
  for (let k = factorials.length; k <= n; k++) factorials.push(factorials[k - 1] * BigInt(k));
  return factorials[n];
}

/** num/den as a double, rounded once (num, den > 0). */
function ratioToNumber(num: bigint, den: bigint): number {
  const shift = Math.max(0, den.toString(2).length - num.toString(2).length + 64);
  const q = (num << BigInt(shift)) / den;
  return Number(q) * Math.pow(2, -shift);
}

const cache3j = new Map<number, number>();

/**
 * ( j1 j2 j3 ; m1 m2 m3 ) for integer j, m. Zero unless m1+m2+m3 = 0, |mi| <= ji and the triangle
 * |j1-j2| <= j3 <= j1+j2 holds.
 */
export function wigner3j(j1: number, j2: number, j3: number, m1: number, m2: number, m3: number): number {
  if (m1 + m2 + m3 !== 0) return 0;
  if (Math.abs(m1) > j1 || Math.abs(m2) > j2 || Math.abs(m3) > j3) return 0;
  if (j3 < Math.abs(j1 - j2) || j3 > j1 + j2) return 0;
  const key = ((((j1 * 512 + j2) * 512 + j3) * 1024 + m1 + 512) * 1024) + m2 + 512; // exact below 2^53 for j < 512
  const hit = cache3j.get(key);
  if (hit !== undefined) return hit;
  // Racah: sum_k (-1)^k / [k! (j3-j2+k+m1)! (j3-j1+k-m2)! (j1+j2-j3-k)! (j1-k-m1)! (j2-k+m2)!]
  const kmin = Math.max(0, j2 - j3 - m1, j1 - j3 + m2);
  const kmax = Math.min(j1 + j2 - j3, j1 - m1, j2 + m2);
  const slots = (k: number) => [k, j3 - j2 + k + m1, j3 - j1 + k - m2, j1 + j2 - j3 - k, j1 - k - m1, j2 - k + m2];
  // every denominator divides P = prod over slots of (largest value that slot takes)!
  const lo = slots(kmin), hi = slots(kmax);
  let P = 1n;
  for (let s = 0; s < 6; s++) P *= fact(Math.max(lo[s], hi[s]));
  let T = 0n;
  for (let k = kmin; k <= kmax; k++) {
    let d = 1n;
    for (const v of slots(k)) d *= fact(v);
    T += (k % 2 ? -1n : 1n) * (P / d);
  }
  let value = 0;
  if (T !== 0n) {
    // value² = T² Δ Π(j±m)! / P², Δ = (j1+j2-j3)!(j1-j2+j3)!(-j1+j2+j3)! / (j1+j2+j3+1)!
    const num = T * T * fact(j1 + j2 - j3) * fact(j1 - j2 + j3) * fact(-j1 + j2 + j3) *
      fact(j1 + m1) * fact(j1 - m1) * fact(j2 + m2) * fact(j2 - m2) * fact(j3 + m3) * fact(j3 - m3);
    const den = fact(j1 + j2 + j3 + 1) * P * P;
    const phase = (j1 - j2 - m3) % 2 === 0 ? 1 : -1;
    value = phase * (T > 0n ? 1 : -1) * Math.sqrt(ratioToNumber(num, den));
  }
  cache3j.set(key, value);
  return value;
}

/** <l1 m1 l2 m2 | l3 m3> = (-1)^(l1-l2+m3) sqrt(2 l3 + 1) (l1 l2 l3; m1 m2 -m3), Condon-Shortley. */
export function clebschGordan(l1: number, m1: number, l2: number, m2: number, l3: number, m3: number): number {
  const w = wigner3j(l1, l2, l3, m1, m2, -m3);
  if (w === 0) return 0;
  const phase = (((l1 - l2 + m3) % 2) + 2) % 2 === 0 ? 1 : -1;
  return phase * Math.sqrt(2 * l3 + 1) * w;
}

/** ∫ Y_l1^m1 Y_l2^m2 Y_l3^m3 dΩ over complex SH (no conjugates): the complex Gaunt coefficient. */
export function complexGaunt(l1: number, m1: number, l2: number, m2: number, l3: number, m3: number): number {
  if ((l1 + l2 + l3) % 2 !== 0) return 0;
  const w0 = wigner3j(l1, l2, l3, 0, 0, 0);
  if (w0 === 0) return 0;
  const w = wigner3j(l1, l2, l3, m1, m2, m3);
  return Math.sqrt(((2 * l1 + 1) * (2 * l2 + 1) * (2 * l3 + 1)) / (4 * Math.PI)) * w0 * w;
}

/** Whether (l1, l2, l3) satisfies the triangle inequality. */
export const triangle = (l1: number, l2: number, l3: number): boolean => l3 >= Math.abs(l1 - l2) && l3 <= l1 + l2;
