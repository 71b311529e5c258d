// The inverse of a small square matrix: the reference's invertMat (src/ir/value.ts) and the
// run-time minverse of the cpu/wasm modules and the gpujs runtime run this function (the
// backends paste its text, src/backends/shared/linalg.ts, so it refers only to its arguments).
// The elimination is the one pivoted solve (solve.ts) against the identity.
import { luSolve } from "./solve.js";

/** minverse(a, n, w, y): y = a^-1 for an n x n matrix, row-major, w numbers per entry (1 real, 2 complex interleaved). */
export function minverseWith(solve: typeof luSolve) {
  return function minverse(a: ArrayLike<number>, n: number, w: number, y: Float64Array | Float32Array): Float64Array | Float32Array {
    const M = new Float64Array(2 * n * n), Y = new Float64Array(2 * n * n);
    for (let i = 0; i < n * n; i++) (M[2 * i] = a[i * w]), (M[2 * i + 1] = w === 2 ? a[i * w + 1] : 0);
    for (let i = 0; i < n; i++) Y[2 * (i * n + i)] = 1;
    if (!(solve(M, Y, n, n) >= 1e-300)) throw new RangeError("matrix is singular");
    for (let i = 0; i < n * n; i++) {
      y[i * w] = Y[2 * i];
      if (w === 2) y[i * w + 1] = Y[2 * i + 1];
    }
    return y;
  };
}

export const minverse = minverseWith(luSolve);
