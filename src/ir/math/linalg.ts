// Small dense complex linear algebra in float64 for the state-space reference meanings: LU
// solve, the matrix exponential (scaling and squaring with the [13/13] Padé approximant,
// Higham 2005 — scipy.linalg.expm's algorithm), and matrix-vector helpers. Matrices are the
// interpreter's CMat (row-major re/im planes); a real matrix simply has a zero imaginary plane.
import { fail } from "../errors.js";
import { type CMat, cmat, matmul } from "../value.js";

export function identity(n: number): CMat {
  const m = cmat(n, n);
  for (let i = 0; i < n; i++) m.re[i * n + i] = 1;
  return m;
}

/** Σ_k s_k M_k for matrices of one shape and real weights s_k. */
export function lincomb(terms: readonly (readonly [number, CMat])[]): CMat {
  const { rows, cols } = terms[0][1];
  const out = cmat(rows, cols);
  for (const [s, m] of terms)
    for (let i = 0; i < out.re.length; i++) (out.re[i] += s * m.re[i]), (out.im[i] += s * m.im[i]);
  return out;
}

/** Largest column sum of moduli (the induced 1-norm). */
export function norm1(a: CMat): number {
  let best = 0;
  for (let j = 0; j < a.cols; j++) {
    let s = 0;
    for (let i = 0; i < a.rows; i++) s += Math.hypot(a.re[i * a.cols + j], a.im[i * a.cols + j]);
    best = Math.max(best, s);
  }
  return best;
}

/** X with A X = B, by LU with partial pivoting; E0501 when A is singular to working precision. */
export function solve(a: CMat, b: CMat): CMat {
  const n = a.rows;
  if (a.cols !== n || b.rows !== n) fail("E0301", `solve: a ${a.rows}x${a.cols} system with a ${b.rows}-row right side`);
  const A = { re: Float64Array.from(a.re), im: Float64Array.from(a.im) };
  const X = { rows: n, cols: b.cols, re: Float64Array.from(b.re), im: Float64Array.from(b.im) };
  const m = b.cols;
  const scale = norm1(a) || 1;
  for (let c = 0; c < n; c++) {
    let piv = c, best = -1;
    for (let r = c; r < n; r++) {
      const v = Math.hypot(A.re[r * n + c], A.im[r * n + c]);
      if (v > best) (best = v), (piv = r);
    }
    if (best <= 1e-300 || best < scale * 1e-17) fail("E0501", "matrix is singular to working precision");
    if (piv !== c) {
      swapRows(A.re, A.im, n, c, piv);
      swapRows(X.re, X.im, m, c, piv);
    }
    const pr = A.re[c * n + c], pi = A.im[c * n + c];
    for (let r = c + 1; r < n; r++) {
      const d = pr * pr + pi * pi;
      const xr = A.re[r * n + c], xi = A.im[r * n + c];
      if (xr === 0 && xi === 0) continue;
      const fr = (xr * pr + xi * pi) / d, fi = (xi * pr - xr * pi) / d; // f = A[r,c] / A[c,c]
      for (let j = c; j < n; j++) {
        const yr = A.re[c * n + j], yi = A.im[c * n + j];
        A.re[r * n + j] -= fr * yr - fi * yi;
        A.im[r * n + j] -= fr * yi + fi * yr;
      }
      for (let j = 0; j < m; j++) {
        const yr = X.re[c * m + j], yi = X.im[c * m + j];
        X.re[r * m + j] -= fr * yr - fi * yi;
        X.im[r * m + j] -= fr * yi + fi * yr;
      }
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    const pr = A.re[c * n + c], pi = A.im[c * n + c], d = pr * pr + pi * pi;
    for (let j = 0; j < m; j++) {
      let sr = X.re[c * m + j], si = X.im[c * m + j];
      for (let k = c + 1; k < n; k++) {
        const ar = A.re[c * n + k], ai = A.im[c * n + k], xr = X.re[k * m + j], xi = X.im[k * m + j];
        sr -= ar * xr - ai * xi;
        si -= ar * xi + ai * xr;
      }
      X.re[c * m + j] = (sr * pr + si * pi) / d;
      X.im[c * m + j] = (si * pr - sr * pi) / d;
    }
  }
  return X;
}

function swapRows(re: Float64Array, im: Float64Array, w: number, r1: number, r2: number): void {
  for (let j = 0; j < w; j++) {
    [re[r1 * w + j], re[r2 * w + j]] = [re[r2 * w + j], re[r1 * w + j]];
    [im[r1 * w + j], im[r2 * w + j]] = [im[r2 * w + j], im[r1 * w + j]];
  }
}

const PADE13 = [
  64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000,
  10559470521600, 670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
];
const THETA13 = 5.371920351148152;

/** exp(A) by scaling and squaring with the [13/13] Padé approximant. */
export function expm(a: CMat): CMat {
  const n = a.rows;
  const nrm = norm1(a);
  if (!Number.isFinite(nrm)) fail("E0601", "matrix exponential of a matrix with non-finite entries");
  const s = nrm > THETA13 ? Math.ceil(Math.log2(nrm / THETA13)) : 0;
  const A = lincomb([[Math.pow(2, -s), a]]);
  const b = PADE13, I = identity(n);
  const A2 = matmul(A, A), A4 = matmul(A2, A2), A6 = matmul(A4, A2);
  const U = matmul(A, lincomb([[1, matmul(A6, lincomb([[b[13], A6], [b[11], A4], [b[9], A2]]))], [b[7], A6], [b[5], A4], [b[3], A2], [b[1], I]]));
  const V = lincomb([[1, matmul(A6, lincomb([[b[12], A6], [b[10], A4], [b[8], A2]]))], [b[6], A6], [b[4], A4], [b[2], A2], [b[0], I]]);
  let R = solve(lincomb([[1, V], [-1, U]]), lincomb([[1, V], [1, U]]));
  for (let k = 0; k < s; k++) R = matmul(R, R);
  return R;
}

/** y = M x for a complex vector given as re/im planes. */
export function matVec(m: CMat, xr: Float64Array, xi: Float64Array): [Float64Array, Float64Array] {
  const yr = new Float64Array(m.rows), yi = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let sr = 0, si = 0;
    for (let j = 0; j < m.cols; j++) {
      const ar = m.re[i * m.cols + j], ai = m.im[i * m.cols + j];
      sr += ar * xr[j] - ai * xi[j];
      si += ar * xi[j] + ai * xr[j];
    }
    yr[i] = sr;
    yi[i] = si;
  }
  return [yr, yi];
}

/**
 * Eigen-decomposition H = V diag(w) V* of a Hermitian matrix by cyclic complex Jacobi rotations
 * (each rotation: a phase making h_pq real, then the classical real rotation zeroing it).
 */
export function eighHermitian(h: CMat): { w: Float64Array; V: CMat } {
  const n = h.rows;
  const H = { rows: n, cols: n, re: Float64Array.from(h.re), im: Float64Array.from(h.im) };
  const V = identity(n);
  const off = () => {
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) s += H.re[i * n + j] ** 2 + H.im[i * n + j] ** 2;
    return Math.sqrt(s);
  };
  const scale = Math.max(norm1(h), 1e-300);
  for (let sweep = 0; sweep < 100 && off() > 1e-16 * scale; sweep++)
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const hr = H.re[p * n + q], hi = H.im[p * n + q], mag = Math.hypot(hr, hi);
        if (mag < 1e-300) continue;
        const er = hr / mag, ei = -hi / mag; // e^{-iα}, α = arg h_pq
        const theta = (H.re[q * n + q] - H.re[p * n + p]) / (2 * mag);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        // U = diag(1, e^{-iα}) [[c, s], [-s, c]]: columns p, q of H and V get U on the right
        const u = [[c, 0], [s, 0], [-s * er, -s * ei], [c * er, c * ei]] as const; // Upp, Upq, Uqp, Uqq
        rotateColumns(H, p, q, u);
        rotateColumns(V, p, q, u);
        // rows of H get U* on the left
        for (let j = 0; j < n; j++) {
          const ar = H.re[p * n + j], ai = H.im[p * n + j], br = H.re[q * n + j], bi = H.im[q * n + j];
          H.re[p * n + j] = u[0][0] * ar + u[0][1] * ai + u[2][0] * br + u[2][1] * bi;
          H.im[p * n + j] = u[0][0] * ai - u[0][1] * ar + u[2][0] * bi - u[2][1] * br;
          H.re[q * n + j] = u[1][0] * ar + u[1][1] * ai + u[3][0] * br + u[3][1] * bi;
          H.im[q * n + j] = u[1][0] * ai - u[1][1] * ar + u[3][0] * bi - u[3][1] * br;
        }
      }
  const w = Float64Array.from({ length: n }, (_, i) => H.re[i * n + i]);
  return { w, V };
}

/** M[:, p], M[:, q] <- M[:, p] Upp + M[:, q] Uqp, M[:, p] Upq + M[:, q] Uqq. */
function rotateColumns(M: CMat, p: number, q: number, u: readonly (readonly [number, number])[]): void {
  const n = M.cols;
  for (let i = 0; i < M.rows; i++) {
    const ar = M.re[i * n + p], ai = M.im[i * n + p], br = M.re[i * n + q], bi = M.im[i * n + q];
    M.re[i * n + p] = ar * u[0][0] - ai * u[0][1] + br * u[2][0] - bi * u[2][1];
    M.im[i * n + p] = ar * u[0][1] + ai * u[0][0] + br * u[2][1] + bi * u[2][0];
    M.re[i * n + q] = ar * u[1][0] - ai * u[1][1] + br * u[3][0] - bi * u[3][1];
    M.im[i * n + q] = ar * u[1][1] + ai * u[1][0] + br * u[3][1] + bi * u[3][0];
  }
}
