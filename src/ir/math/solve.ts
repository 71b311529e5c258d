// The one pivoted elimination of linc: every dense solve in float64 runs this function — the
// reference's solve, inverse, Cayley solves, matrix exponential and DPLR Woodbury corrections,
// and the host-side steps of the backends (the cpu/wasm modules' minverse, mcayley, ssm_powers
// and dplr_spectrum; the gpujs runtime's host steps). The backends cannot import src/ir from the
// modules they emit, so they paste this function's own text (Function.prototype.toString(),
// src/backends/shared/linalg.ts): the algorithm exists once. It therefore refers to nothing but
// its arguments and JavaScript's globals (no imports, no helpers, no module constants).
//
// Pivot rule (the only one in linc; the onnx backend's unrolled Gauss-Jordan, src/backends/onnx/
// gaussjordan.ts, applies it with ArgMax): partial pivoting, at column k the first row r >= k
// whose entry has the largest |re| + |im|. That is LAPACK's choice (izamax measures complex
// entries by dcabs1 = |re| + |im|), so scipy.linalg.solve and numpy.linalg.solve pivot the same
// rows; it needs no squares, so it cannot overflow, and ties keep the earlier row.

/**
 * Solves M X = Y in place: M [n, n] and Y [n, m] complex interleaved (re, im) float64, row-major;
 * on return Y holds X and M its LU factors' U (rows exchanged). LU with partial pivoting (the rule
 * above), then back substitution; every division by a pivot by Smith's algorithm, so no entry's
 * square needs to be representable (and a real pivot divides exactly as a real division). Returns the smallest pivot's |re| + |im| (NaN when a column
 * held NaNs): the caller decides what is singular. A zero pivot is not trapped here: IEEE
 * arithmetic runs on (infinities and NaNs), as the backends promise for run-time data.
 */
export function luSolve(M: Float64Array, Y: Float64Array, n: number, m: number): number {
  const tq = new Float64Array(n), dq = new Float64Array(n), bq = new Uint8Array(n); // each pivot's Smith ratio, denominator, branch
  let least = Infinity;
  for (let c = 0; c < n; c++) {
    let piv = c, best = -1;
    for (let r = c; r < n; r++) {
      const v = Math.abs(M[2 * (r * n + c)]) + Math.abs(M[2 * (r * n + c) + 1]);
      if (v > best) (best = v), (piv = r);
    }
    if (best < 0) least = NaN;
    else if (best < least) least = best;
    if (piv !== c) {
      for (let j = 0; j < 2 * n; j++) {
        const t = M[2 * c * n + j];
        (M[2 * c * n + j] = M[2 * piv * n + j]), (M[2 * piv * n + j] = t);
      }
      for (let j = 0; j < 2 * m; j++) {
        const t = Y[2 * c * m + j];
        (Y[2 * c * m + j] = Y[2 * piv * m + j]), (Y[2 * piv * m + j] = t);
      }
    }
    const pr = M[2 * (c * n + c)], pi = M[2 * (c * n + c) + 1];
    // x / pivot by Smith's algorithm: t = the smaller of pr, pi over the larger, den = the larger + the smaller t
    const big = Math.abs(pr) >= Math.abs(pi), t = big ? pi / pr : pr / pi, den = big ? pr + pi * t : pr * t + pi;
    (tq[c] = t), (dq[c] = den), (bq[c] = big ? 1 : 0);
    for (let r = c + 1; r < n; r++) {
      const xr = M[2 * (r * n + c)], xi = M[2 * (r * n + c) + 1];
      if (xr === 0 && xi === 0) continue;
      const fr = big ? (xr + xi * t) / den : (xr * t + xi) / den, fi = big ? (xi - xr * t) / den : (xi * t - xr) / den; // f = M[r, c] / M[c, c]
      for (let j = c + 1; j < n; j++) {
        const yr = M[2 * (c * n + j)], yi = M[2 * (c * n + j) + 1];
        M[2 * (r * n + j)] -= fr * yr - fi * yi;
        M[2 * (r * n + j) + 1] -= fr * yi + fi * yr;
      }
      (M[2 * (r * n + c)] = 0), (M[2 * (r * n + c) + 1] = 0);
      for (let j = 0; j < m; j++) {
        const yr = Y[2 * (c * m + j)], yi = Y[2 * (c * m + j) + 1];
        Y[2 * (r * m + j)] -= fr * yr - fi * yi;
        Y[2 * (r * m + j) + 1] -= fr * yi + fi * yr;
      }
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    const t = tq[c], den = dq[c], big = bq[c] === 1;
    for (let j = 0; j < m; j++) {
      let sr = Y[2 * (c * m + j)], si = Y[2 * (c * m + j) + 1];
      for (let k = c + 1; k < n; k++) {
        const ar = M[2 * (c * n + k)], ai = M[2 * (c * n + k) + 1], xr = Y[2 * (k * m + j)], xi = Y[2 * (k * m + j) + 1];
        sr -= ar * xr - ai * xi;
        si -= ar * xi + ai * xr;
      }
      Y[2 * (c * m + j)] = big ? (sr + si * t) / den : (sr * t + si) / den;
      Y[2 * (c * m + j) + 1] = big ? (si - sr * t) / den : (si * t - sr) / den;
    }
  }
  return least;
}
