// Real orthonormal spherical harmonics with the Condon-Shortley phase, flat index l*l + l + m.
//
//   Y_lm(θ, φ) = √2 · N_l|m| P_l^|m|(cos θ) · cos(m φ)     m > 0
//              =      N_l0  P_l^0(cos θ)                   m = 0
//              = √2 · N_l|m| P_l^|m|(cos θ) · sin(|m| φ)   m < 0
//
// with N_lm = sqrt((2l+1)/(4π) · (l-m)!/(l+m)!) and P_l^m including (-1)^m (scipy's lpmv).
// θ is the polar angle, φ the azimuth. The normalised Legendre functions come from the stable
// three-term recursion in l (no factorials), so lmax = 64 keeps full double accuracy.
// (1 - x²)^{m/2} is taken as sin(θ)^m, so outside θ ∈ [0, π] Y is the trigonometric-polynomial
// continuation — the same function whose 2-D Fourier series the Gaunt Fourier route uses.

export const shIndex = (l: number, m: number): number => l * l + l + m;
export const shCount = (lmax: number): number => (lmax + 1) * (lmax + 1);

/** Inverse of the flat index: the (l, m) of position i. */
export function shLM(i: number): [number, number] {
  const l = Math.floor(Math.sqrt(i));
  return [l, i - l * l - l];
}

/**
 * P̄_l^m(θ) = N_lm P_l^m(cos θ) for 0 <= m <= l <= lmax, stored at shIndex(l, m) (the m >= 0 half).
 * Recursions: P̄_m^m = -sqrt((2m+1)/(2m)) sin θ P̄_{m-1}^{m-1}, P̄_{m+1}^m = sqrt(2m+3) cos θ P̄_m^m,
 * P̄_l^m = a_lm (cos θ P̄_{l-1}^m - b_lm P̄_{l-2}^m).
 */
export function legendreNormalised(lmax: number, theta: number, out = new Float64Array(shCount(lmax))): Float64Array {
  const x = Math.cos(theta), s = Math.sin(theta);
  let pmm = Math.sqrt(1 / (4 * Math.PI));
  for (let m = 0; m <= lmax; m++) {
    if (m > 0) pmm *= -Math.sqrt((2 * m + 1) / (2 * m)) * s;
    out[shIndex(m, m)] = pmm;
    if (m === lmax) break;
    let p2 = pmm, p1 = Math.sqrt(2 * m + 3) * x * pmm;
    out[shIndex(m + 1, m)] = p1;
    for (let l = m + 2; l <= lmax; l++) {
      const a = Math.sqrt((4 * l * l - 1) / (l * l - m * m));
      const b = Math.sqrt(((l - 1) * (l - 1) - m * m) / (4 * (l - 1) * (l - 1) - 1));
      const p = a * (x * p1 - b * p2);
      out[shIndex(l, m)] = p;
      p2 = p1;
      p1 = p;
    }
  }
  return out;
}

/** All real Y_lm(θ, φ), l <= lmax, in flat order. */
export function realSH(lmax: number, theta: number, phi: number, out = new Float64Array(shCount(lmax))): Float64Array {
  const p = legendreNormalised(lmax, theta);
  for (let l = 0; l <= lmax; l++) out[shIndex(l, 0)] = p[shIndex(l, 0)];
  for (let m = 1; m <= lmax; m++) {
    const c = Math.SQRT2 * Math.cos(m * phi), s = Math.SQRT2 * Math.sin(m * phi);
    for (let l = m; l <= lmax; l++) {
      const v = p[shIndex(l, m)];
      out[shIndex(l, m)] = v * c;
      out[shIndex(l, -m)] = v * s;
    }
  }
  return out;
}
