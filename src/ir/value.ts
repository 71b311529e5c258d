// Run-time values of the reference interpreter: float64 complex tensors and dense complex
// matrices, plus the small dense linear algebra the reference meanings are written with.
import { fail } from "./errors.js";
import { minverse } from "./math/minverse.js";

/** A tensor in float64: real and imaginary parts kept apart, row-major. */
export interface CTensor {
  shape: number[];
  re: Float64Array;
  im: Float64Array;
}

/** A dense complex matrix, row-major. */
export interface CMat {
  rows: number;
  cols: number;
  re: Float64Array;
  im: Float64Array;
}

/** A linear operator as the reference interpreter sees it. */
export interface LinOp {
  rows: number;
  cols: number;
  dense(): CMat;
  apply(x: CTensor): CTensor;
}

export type RValue = CTensor | LinOp;
export const isLinOp = (v: RValue): v is LinOp => typeof (v as LinOp).apply === "function";

/** Upper bound on elements of one dense matrix the reference interpreter will materialise. */
export const limits = { maxDenseElements: 1 << 24 };

export function checkDenseSize(rows: number, cols: number): void {
  if (rows * cols > limits.maxDenseElements)
    fail("E0602", `a dense ${rows}x${cols} matrix exceeds the reference interpreter's limit of ${limits.maxDenseElements} elements`);
}

export const numelOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function ctensor(shape: number[], re?: Float64Array, im?: Float64Array): CTensor {
  const n = numelOf(shape);
  return { shape, re: re ?? new Float64Array(n), im: im ?? new Float64Array(n) };
}

export function cmat(rows: number, cols: number): CMat {
  checkDenseSize(rows, cols);
  return { rows, cols, re: new Float64Array(rows * cols), im: new Float64Array(rows * cols) };
}

/** C = A B */
export function matmul(a: CMat, b: CMat): CMat {
  const c = cmat(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let k = 0; k < a.cols; k++) {
      const ar = a.re[i * a.cols + k], ai = a.im[i * a.cols + k];
      if (ar === 0 && ai === 0) continue;
      for (let j = 0; j < b.cols; j++) {
        const br = b.re[k * b.cols + j], bi = b.im[k * b.cols + j];
        c.re[i * c.cols + j] += ar * br - ai * bi;
        c.im[i * c.cols + j] += ar * bi + ai * br;
      }
    }
  return c;
}

/** y[..., i] = sum_j M[i, j] x[..., j] along the last axis. */
export function applyDense(m: CMat, x: CTensor): CTensor {
  const n = x.shape[x.shape.length - 1];
  if (n !== m.cols) fail("E0301", `matrix with ${m.cols} columns applied to an axis of length ${n}`);
  const batch = x.re.length / Math.max(n, 1);
  const y = ctensor([...x.shape.slice(0, -1), m.rows]);
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < m.rows; i++) {
      let sr = 0, si = 0;
      for (let j = 0; j < n; j++) {
        const mr = m.re[i * n + j], mi = m.im[i * n + j];
        const xr = x.re[b * n + j], xi = x.im[b * n + j];
        sr += mr * xr - mi * xi;
        si += mr * xi + mi * xr;
      }
      y.re[b * m.rows + i] = sr;
      y.im[b * m.rows + i] = si;
    }
  return y;
}

/** An operator defined by its dense matrix (computed lazily, once). */
export function denseOp(rows: number, cols: number, build: () => CMat): LinOp {
  let m: CMat | undefined;
  const dense = () => (m ??= build());
  return { rows, cols, dense, apply: (x) => applyDense(dense(), x) };
}

/** Dense matrix of an operator known only by its action: apply it to the identity. */
export function denseFromApply(rows: number, cols: number, apply: (x: CTensor) => CTensor): CMat {
  checkDenseSize(rows, cols);
  checkDenseSize(cols, cols);
  const e = ctensor([cols, cols]);
  for (let j = 0; j < cols; j++) e.re[j * cols + j] = 1;
  const y = apply(e); // row j of y = A e_j = column j of A
  const m = cmat(rows, cols);
  for (let j = 0; j < cols; j++)
    for (let i = 0; i < rows; i++) {
      m.re[i * cols + j] = y.re[j * rows + i];
      m.im[i * cols + j] = y.im[j * rows + i];
    }
  return m;
}

export function transposeMat(a: CMat, conj: boolean): CMat {
  const t = cmat(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) {
      t.re[j * a.rows + i] = a.re[i * a.cols + j];
      t.im[j * a.rows + i] = conj ? -a.im[i * a.cols + j] : a.im[i * a.cols + j];
    }
  return t;
}

export function kronMat(a: CMat, b: CMat): CMat {
  const k = cmat(a.rows * b.rows, a.cols * b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) {
      const ar = a.re[i * a.cols + j], ai = a.im[i * a.cols + j];
      for (let p = 0; p < b.rows; p++)
        for (let q = 0; q < b.cols; q++) {
          const br = b.re[p * b.cols + q], bi = b.im[p * b.cols + q];
          const idx = (i * b.rows + p) * k.cols + j * b.cols + q;
          k.re[idx] = ar * br - ai * bi;
          k.im[idx] = ar * bi + ai * br;
        }
    }
  return k;
}

/** Inverse by the one pivoted elimination (math/minverse.ts, math/solve.ts); fails (E0501) on a singular matrix. */
export function invertMat(a: CMat): CMat {
  const n = a.rows;
  if (a.cols !== n) fail("E0501", `cannot invert a non-square ${a.rows}x${a.cols} matrix`);
  const packed = new Float64Array(2 * n * n);
  for (let i = 0; i < n * n; i++) (packed[2 * i] = a.re[i]), (packed[2 * i + 1] = a.im[i]);
  const y = new Float64Array(2 * n * n);
  try {
    minverse(packed, n, 2, y);
  } catch (e) {
    if (e instanceof RangeError) fail("E0501", e.message);
    throw e;
  }
  const out = cmat(n, n);
  for (let i = 0; i < n * n; i++) (out.re[i] = y[2 * i]), (out.im[i] = y[2 * i + 1]);
  return out;
}
