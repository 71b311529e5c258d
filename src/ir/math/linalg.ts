// Small dense complex linear algebra in float64 for the reference meanings, on the interpreter's
// CMat (row-major re/im planes; a real matrix has a zero imaginary plane): solve and expm (thin
// wrappers of the one pivoted elimination, solve.ts, and the one matrix exponential, expm.ts,
// which work on interleaved arrays), matrix-vector helpers and a Hermitian eigensolver.
import { fail } from "../errors.js";
import { type CMat, cmat } from "../value.js";
import { PADE13, THETA13, expmWith } from "./expm.js";
import { luSolve } from "./solve.js";

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

/** Interleaved complex float64 (re, im pairs) of a CMat, and back: the layout of solve.ts and expm.ts. */
function pack(a: CMat): Float64Array {
  const x = new Float64Array(2 * a.re.length);
  for (let i = 0; i < a.re.length; i++) (x[2 * i] = a.re[i]), (x[2 * i + 1] = a.im[i]);
  return x;
}
function unpack(x: Float64Array, rows: number, cols: number): CMat {
  const m = cmat(rows, cols);
  for (let i = 0; i < rows * cols; i++) (m.re[i] = x[2 * i]), (m.im[i] = x[2 * i + 1]);
  return m;
}

/** X with A X = B by the one pivoted elimination (solve.ts); E0501 when A is singular to working precision. */
export function solve(a: CMat, b: CMat): CMat {
  const n = a.rows;
  if (a.cols !== n || b.rows !== n) fail("E0301", `solve: a ${a.rows}x${a.cols} system with a ${b.rows}-row right side`);
  const X = pack(b), least = luSolve(pack(a), X, n, b.cols);
  if (!(least > 1e-300) || least < (norm1(a) || 1) * 1e-17) fail("E0501", "matrix is singular to working precision");
  return unpack(X, n, b.cols);
}

const expmPade = expmWith(luSolve, PADE13, THETA13);

/** exp(A) by scaling and squaring with the [13/13] Padé approximant (expm.ts). */
export function expm(a: CMat): CMat {
  if (!(a.re.every(Number.isFinite) && a.im.every(Number.isFinite))) fail("E0601", "matrix exponential of a matrix with non-finite entries");
  return unpack(expmPade(pack(a), a.rows), a.rows, a.rows);
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
