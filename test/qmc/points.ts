// Point sets, kernels and a dense solver for the QMC kernel-solve tests and benchmark, written
// here from their definitions (no QMC library):
//   rank-1 lattice   x_i = frac(i z / n), z by component-by-component (CBC) search minimising the
//                    worst-case error of the Korobov space (smoothness 1, product weights γ_j);
//   Sobol' (2 dims)  base-2 digital net in natural order: dim 1 van der Corput (identity
//                    generator), dim 2 from the primitive polynomial x + 1 (direction numbers
//                    m_1 = 1, m_k = 2 m_{k-1} XOR m_{k-1}), optionally digitally shifted;
//   kernels          lattice: K(x, y) = Π_j (1 + η 2π² B₂(frac(x_j - y_j))), B₂(t) = t² - t + 1/6
//                    (Fourier coefficients 1 and η/h², positive definite, shift-invariant);
//                    digital net: K(x, y) = Π_j (1 + η φ(x_j ⊕ y_j)), φ(t) = 1/6 - 2^{⌊log₂ t⌋ - 1}
//                    (φ(0) = 1/6), whose Walsh coefficients are positive (digitally-shift-invariant).
export const BITS = 30; // digital-net coordinates as integers over 2^BITS

const B2 = (t: number) => t * t - t + 1 / 6;

/** The generating vector z (z_1 = 1) of an n-point rank-1 lattice in d dims by CBC (odd candidates for even n). */
export function cbcLattice(n: number, d: number, gamma = (j: number) => 1 / (j + 1) ** 2): number[] {
  const prod = new Float64Array(n).fill(1), z: number[] = [];
  const omega = Float64Array.from({ length: n }, (_, i) => 2 * Math.PI ** 2 * B2(i / n));
  for (let j = 0; j < d; j++) {
    let best = 1, bestErr = Infinity;
    for (let c = 1; c < n; c += n % 2 === 0 ? 2 : 1) {
      if (j === 0 && c > 1) break;
      let e = 0;
      for (let i = 0; i < n; i++) e += prod[i] * (1 + gamma(j) * omega[(i * c) % n]);
      if (e < bestErr) (bestErr = e), (best = c);
    }
    z.push(best);
    for (let i = 0; i < n; i++) prod[i] *= 1 + gamma(j) * omega[(i * best) % n];
  }
  return z;
}

/** Lattice points as [n][d] in [0, 1). */
export const latticePoints = (n: number, z: number[]): number[][] => Array.from({ length: n }, (_, i) => z.map((zj) => ((i * zj) % n) / n));

export function latticeKernel(x: number[], y: number[], eta = 1): number {
  let k = 1;
  for (let j = 0; j < x.length; j++) {
    const t = x[j] - y[j];
    k *= 1 + eta * 2 * Math.PI ** 2 * B2(t - Math.floor(t));
  }
  return k;
}

/** The first 2^m points of 2-D Sobol' in natural order, as integers over 2^BITS, XOR-shifted by `shift`. */
export function sobol2(m: number, shift: [number, number] = [0, 0]): number[][] {
  const v1: number[] = [], v2: number[] = [];
  let mk = 1;
  for (let k = 1; k <= m; k++) {
    v1.push(2 ** (BITS - k)); // van der Corput: digit k-1 of i -> 2^-k
    if (k > 1) mk = (2 * mk) ^ mk;
    v2.push(mk * 2 ** (BITS - k));
  }
  return Array.from({ length: 2 ** m }, (_, i) => {
    let a = shift[0], b = shift[1];
    for (let k = 0; k < m; k++) if ((i >> k) & 1) (a ^= v1[k]), (b ^= v2[k]);
    return [a, b];
  });
}

/** φ(t) for t = u / 2^BITS, u an integer. */
function phi(u: number): number {
  if (u === 0) return 1 / 6;
  return 1 / 6 - 2 ** (31 - Math.clz32(u) - BITS - 1);
}

export function digitalKernel(x: number[], y: number[], eta = 1): number {
  let k = 1;
  for (let j = 0; j < x.length; j++) k *= 1 + eta * phi(x[j] ^ y[j]);
  return k;
}

/** The dense n x n Gram matrix G[i, j] = K(x_i, x_j), row-major. */
export function gram(points: number[][], K: (x: number[], y: number[]) => number): Float64Array {
  const n = points.length, G = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) G[i * n + j] = K(points[i], points[j]);
  return G;
}

/** X with G X = Y for Y given as `batch` rows of length n (so X's rows solve G x = y), Gaussian elimination with partial pivoting in f64. */
export function denseSolveRows(Gin: Float64Array, n: number, Y: Float64Array, batch: number): Float64Array {
  const G = Float64Array.from(Gin), R = new Float64Array(n * batch); // R[i * batch + b]: right sides as columns
  for (let b = 0; b < batch; b++) for (let i = 0; i < n; i++) R[i * batch + b] = Y[b * n + i];
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(G[r * n + c]) > Math.abs(G[p * n + c])) p = r;
    if (G[p * n + c] === 0) throw new Error("denseSolveRows: singular");
    if (p !== c) {
      for (let j = 0; j < n; j++) [G[c * n + j], G[p * n + j]] = [G[p * n + j], G[c * n + j]];
      for (let b = 0; b < batch; b++) [R[c * batch + b], R[p * batch + b]] = [R[p * batch + b], R[c * batch + b]];
    }
    const piv = G[c * n + c];
    for (let r = c + 1; r < n; r++) {
      const f = G[r * n + c] / piv;
      if (f === 0) continue;
      for (let j = c; j < n; j++) G[r * n + j] -= f * G[c * n + j];
      for (let b = 0; b < batch; b++) R[r * batch + b] -= f * R[c * batch + b];
    }
  }
  const X = new Float64Array(batch * n);
  for (let b = 0; b < batch; b++)
    for (let i = n - 1; i >= 0; i--) {
      let s = R[i * batch + b];
      for (let j = i + 1; j < n; j++) s -= G[i * n + j] * X[b * n + j];
      X[b * n + i] = s / G[i * n + i];
    }
  return X;
}
