// The one matrix exponential: scaling and squaring with the [13/13] Padé approximant (Higham
// 2005, scipy.linalg.expm's algorithm). The reference (linalg.ts expm, the zoh discretisation)
// and the cpu/wasm modules' ssm_powers run expmWith's function (the cpu backend pastes its text,
// src/backends/shared/linalg.ts, so it refers only to its arguments); the onnx renderer
// (src/backends/onnx/expm.ts) builds its nodes from PADE13, THETA13 and the same squaring rule:
//
//   s = max(0, ceil(log2(|X| / θ13))),   |X| = the largest column sum of |re| + |im|
//
// (for a real matrix the 1-norm; for a complex one the 1-norm of its real block form
// [[Re, -Im], [Im, Re]], which is what the onnx graph exponentiates; it bounds the complex 1-norm
// from above, so s is never too small), then S = 2^-s X, exp(S) ≈ (V - U)^-1 (V + U), squared s times.

/** b_0..b_13 of the [13/13] Padé approximant of exp. */
export const PADE13: readonly number[] = [
  64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000,
  10559470521600, 670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
];
/** θ13: the largest |X| for which the [13/13] approximant is accurate to double precision unscaled. */
export const THETA13 = 5.371920351148152;

/**
 * expm(X, n): exp of the n x n matrix X (complex interleaved, float64, row-major), a new array;
 * `solve` is the one pivoted elimination (solve.ts luSolve), `b` PADE13, `theta` THETA13.
 */
export function expmWith(solve: (M: Float64Array, Y: Float64Array, n: number, m: number) => number, b: readonly number[], theta: number) {
  return function expm(X: Float64Array, n: number): Float64Array {
    const mm = (P: Float64Array, Q: Float64Array): Float64Array => {
      const Z = new Float64Array(2 * n * n);
      for (let i = 0; i < n; i++)
        for (let k = 0; k < n; k++) {
          const pr = P[2 * (i * n + k)], pi = P[2 * (i * n + k) + 1];
          if (pr === 0 && pi === 0) continue;
          for (let j = 0; j < n; j++) {
            const qr = Q[2 * (k * n + j)], qi = Q[2 * (k * n + j) + 1];
            (Z[2 * (i * n + j)] += pr * qr - pi * qi), (Z[2 * (i * n + j) + 1] += pr * qi + pi * qr);
          }
        }
      return Z;
    };
    // Σ c_t P_t (P_t = null: the identity)
    const lc = (terms: [number, Float64Array | null][]): Float64Array => {
      const Z = new Float64Array(2 * n * n);
      for (const [c, P] of terms)
        if (P === null) for (let i = 0; i < n; i++) Z[2 * (i * n + i)] += c;
        else for (let i = 0; i < Z.length; i++) Z[i] += c * P[i];
      return Z;
    };
    let norm = 0;
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += Math.abs(X[2 * (i * n + j)]) + Math.abs(X[2 * (i * n + j) + 1]);
      norm = Math.max(norm, sum);
    }
    const s = norm > theta ? Math.ceil(Math.log2(norm / theta)) : 0;
    const S = lc([[Math.pow(2, -s), X]]), S2 = mm(S, S), S4 = mm(S2, S2), S6 = mm(S4, S2);
    const U = mm(S, lc([[1, mm(S6, lc([[b[13], S6], [b[11], S4], [b[9], S2]]))], [b[7], S6], [b[5], S4], [b[3], S2], [b[1], null]]));
    const V = lc([[1, mm(S6, lc([[b[12], S6], [b[10], S4], [b[8], S2]]))], [b[6], S6], [b[4], S4], [b[2], S2], [b[0], null]]);
    let R = lc([[1, V], [1, U]]);
    solve(lc([[1, V], [-1, U]]), R, n, n);
    for (let k = 0; k < s; k++) R = mm(R, R);
    return R;
  };
}
