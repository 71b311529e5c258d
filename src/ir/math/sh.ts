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
 * The one copy of the recursions, kept as JavaScript text: the reference instantiates it below,
 * and the cpu and gpujs backends embed the same text in the modules they generate.
 *   shLegendre(L, x, s, p): P̄_l^m(θ) = N_lm P_l^m(cos θ) for 0 <= m <= l <= L at p[l*l + l + m]
 *     (x = cos θ, s = sin θ). Recursions: P̄_m^m = -sqrt((2m+1)/(2m)) s P̄_{m-1}^{m-1},
 *     P̄_{m+1}^m = sqrt(2m+3) x P̄_m^m, P̄_l^m = a_lm (x P̄_{l-1}^m - b_lm P̄_{l-2}^m).
 *   shMatrix(theta, ts, phi, ps, K, L, w, y): Y[k, i] = Y_i(theta[k ts], phi[k ps]) for k < K,
 *     written to y with w numbers per entry (w = 2: interleaved complex, imaginary parts zero).
 */
export const SH_SOURCE = String.raw`function shLegendre(L, x, s, p) {
  let pmm = Math.sqrt(1 / (4 * Math.PI));
  for (let m = 0; m <= L; m++) {
    if (m > 0) pmm *= -Math.sqrt((2 * m + 1) / (2 * m)) * s;
    p[m * m + 2 * m] = pmm;
    if (m === L) break;
    let p2 = pmm, p1 = Math.sqrt(2 * m + 3) * x * pmm;
    p[(m + 1) * (m + 1) + 2 * m + 1] = p1;
    for (let l = m + 2; l <= L; l++) {
      const a = Math.sqrt((4 * l * l - 1) / (l * l - m * m)), b = Math.sqrt(((l - 1) * (l - 1) - m * m) / (4 * (l - 1) * (l - 1) - 1));
      const v = a * (x * p1 - b * p2);
      p[l * l + l + m] = v;
      p2 = p1;
      p1 = v;
    }
  }
  return p;
}
function shMatrix(theta, ts, phi, ps, K, L, w, y) {
  const n = (L + 1) * (L + 1), p = new Float64Array(n);
  for (let k = 0; k < K; k++) {
    const th = theta[k * ts], ph = phi[k * ps], o = k * n * w;
    shLegendre(L, Math.cos(th), Math.sin(th), p);
    for (let i = 0; i < n * w; i++) y[o + i] = 0;
    for (let l = 0; l <= L; l++) y[o + w * (l * l + l)] = p[l * l + l];
    for (let m = 1; m <= L; m++) {
      const c = Math.SQRT2 * Math.cos(m * ph), sn = Math.SQRT2 * Math.sin(m * ph);
      for (let l = m; l <= L; l++) {
        y[o + w * (l * l + l + m)] = p[l * l + l + m] * c;
        y[o + w * (l * l + l - m)] = p[l * l + l + m] * sn;
      }
    }
  }
  return y;
}`;

type NumArray = Float64Array | Float32Array;
const SH = new Function(`${SH_SOURCE}\nreturn { shLegendre, shMatrix };`)() as {
  shLegendre(L: number, x: number, s: number, p: NumArray): NumArray;
  shMatrix(theta: ArrayLike<number>, ts: number, phi: ArrayLike<number>, ps: number, K: number, L: number, w: number, y: NumArray): NumArray;
};

/** P̄_l^m(θ) = N_lm P_l^m(cos θ) for 0 <= m <= l <= lmax, stored at shIndex(l, m) (the m >= 0 half). */
export function legendreNormalised(lmax: number, theta: number, out = new Float64Array(shCount(lmax))): Float64Array {
  SH.shLegendre(lmax, Math.cos(theta), Math.sin(theta), out);
  return out;
}

/** All real Y_lm(θ, φ), l <= lmax, in flat order. */
export function realSH(lmax: number, theta: number, phi: number, out = new Float64Array(shCount(lmax))): Float64Array {
  SH.shMatrix([theta], 1, [phi], 1, 1, lmax, 1, out);
  return out;
}
