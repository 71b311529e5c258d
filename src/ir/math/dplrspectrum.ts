// The one DPLR spectrum: K̂(ω_j), j < L, of S4's bilinear kernel from diagonal-plus-low-rank
// parameters (Λ, Q of rank r, b, c), by Cauchy sums and the Woodbury correction at the L-th roots
// of unity (the maths: dplr.ts). The reference (dplr.ts dplrSpectrum: the folded ssm_dplr route
// and the dplr_spectrum / dplr_kernel meaning) and the cpu/wasm modules run dplrSpectrumWith's
// function (the cpu backend pastes its text, src/backends/shared/linalg.ts, so it refers only to
// its arguments); gpujs (rank 1, float32) and onnx evaluate the same formula, in the same order,
// on the node constants of dplrNode:
//
//   γ_j = (1 − ω_j)/(1 + ω_j),  s_j = 2/(1 + ω_j)          (float64, dplrNode)
//   g = (2/dt) γ_j,  D_n = 1/(g − λ_n)
//   k_xy = Σ_n (x_n y_n) D_n  for x y in {c b, c Q_s, conj(Q_s) b, conj(Q_s) Q_t}
//   K̂_j = s_j (k_cb − k_cQ (I + k_QQ)^{-1} k_Qb)         (the r x r solve: luSolve, pivoted)
//   K̂_j = (dt/2) Σ_n c_n b_n  at ω_j = −1 (even L: the exact limit)

import { cis } from "./trig.js";

/**
 * dplrNode(j, L): [γ_re, γ_im, s_re, s_im] at ω_j = e^{-2πij/L}; null at ω_j = −1 (2j = L), where
 * both have a pole. ω_j comes from the one trig routine (`cis`, trig.ts), passed in so that the
 * pasted text (src/backends/shared/linalg.ts) refers only to its arguments.
 */
export function dplrNodeWith(cis: (e: number, n: number) => [number, number]) {
  return function dplrNode(j: number, L: number): [number, number, number, number] | null {
    if (2 * j === L) return null;
    const [wr, wi] = cis(-j, L), den = (1 + wr) * (1 + wr) + wi * wi;
    const ar = 1 - wr, ai = -wi;
    return [(ar * (1 + wr) + ai * wi) / den, (ai * (1 + wr) - ar * wi) / den, (2 * (1 + wr)) / den, (-2 * wi) / den];
  };
}

export const dplrNode = dplrNodeWith(cis);

/** Where a node's Cauchy sums meet a pole: the reference's fallback, given j and g; null to use the formula. */
export type DplrPole = ((j: number, gr: number, gi: number) => [number, number] | null) | null;

/**
 * dplrSpectrum(lam, Q, r, b, c, dt, L, X, pole): X[j] = K̂(ω_j) for j < L, complex interleaved
 * (lam, b, c [N], Q [N, r] row-major, all interleaved; float64 arithmetic whatever the arrays).
 * `solve` is luSolve (solve.ts), `node` dplrNode. `pole` (or null: the formula everywhere, IEEE at
 * a pole) may take over a node.
 */
export function dplrSpectrumWith(
  solve: (M: Float64Array, Y: Float64Array, n: number, m: number) => number,
  node: (j: number, L: number) => [number, number, number, number] | null,
) {
  return function dplrSpectrum(lam: ArrayLike<number>, Q: ArrayLike<number>, r: number, b: ArrayLike<number>, c: ArrayLike<number>, dt: number, L: number, X: Float64Array | Float32Array, pole: DplrPole): void {
    const N = lam.length / 2, m = (r + 1) * (r + 1);
    // numerators per state n: [c b, c Q_s (s < r), conj(Q_s) b (s < r), conj(Q_s) Q_t (s, t < r)]
    const num = new Float64Array(2 * m * N);
    let hr = 0, hi = 0; // Σ c b
    for (let n = 0; n < N; n++) {
      const o = 2 * m * n, br = b[2 * n], bi = b[2 * n + 1], cr = c[2 * n], ci = c[2 * n + 1];
      (num[o] = cr * br - ci * bi), (num[o + 1] = cr * bi + ci * br);
      (hr += num[o]), (hi += num[o + 1]);
      for (let s = 0; s < r; s++) {
        const pr = Q[2 * (n * r + s)], pi = Q[2 * (n * r + s) + 1], u = o + 2 * (1 + s), v = o + 2 * (1 + r + s);
        (num[u] = cr * pr - ci * pi), (num[u + 1] = cr * pi + ci * pr);
        (num[v] = pr * br + pi * bi), (num[v + 1] = pr * bi - pi * br);
        for (let t = 0; t < r; t++) {
          const qr = Q[2 * (n * r + t)], qi = Q[2 * (n * r + t) + 1], w = o + 2 * (1 + 2 * r + s * r + t);
          (num[w] = pr * qr + pi * qi), (num[w + 1] = pr * qi - pi * qr);
        }
      }
    }
    const k = new Float64Array(2 * m), M = new Float64Array(2 * r * r), Y = new Float64Array(2 * r);
    for (let j = 0; j < L; j++) {
      const w = node(j, L);
      if (w === null) {
        (X[2 * j] = (dt / 2) * hr), (X[2 * j + 1] = (dt / 2) * hi);
        continue;
      }
      const gr = (2 / dt) * w[0], gi = (2 / dt) * w[1];
      const taken = pole === null ? null : pole(j, gr, gi);
      if (taken !== null) {
        (X[2 * j] = taken[0]), (X[2 * j + 1] = taken[1]);
        continue;
      }
      k.fill(0);
      for (let n = 0; n < N; n++) {
        const er = gr - lam[2 * n], ei = gi - lam[2 * n + 1], e2 = er * er + ei * ei, dr = er / e2, di = -ei / e2, o = 2 * m * n;
        for (let q = 0; q < 2 * m; q += 2) (k[q] += num[o + q] * dr - num[o + q + 1] * di), (k[q + 1] += num[o + q] * di + num[o + q + 1] * dr);
      }
      // Y = (I + k_QQ)^{-1} k_Qb, then v = k_cb − k_cQ Y
      for (let s = 0; s < r; s++) {
        (Y[2 * s] = k[2 * (1 + r + s)]), (Y[2 * s + 1] = k[2 * (1 + r + s) + 1]);
        for (let t = 0; t < r; t++) (M[2 * (s * r + t)] = k[2 * (1 + 2 * r + s * r + t)] + (s === t ? 1 : 0)), (M[2 * (s * r + t) + 1] = k[2 * (1 + 2 * r + s * r + t) + 1]);
      }
      solve(M, Y, r, 1);
      let vr = k[0], vi = k[1];
      for (let s = 0; s < r; s++) {
        const ar = k[2 * (1 + s)], ai = k[2 * (1 + s) + 1];
        (vr -= ar * Y[2 * s] - ai * Y[2 * s + 1]), (vi -= ar * Y[2 * s + 1] + ai * Y[2 * s]);
      }
      (X[2 * j] = w[2] * vr - w[3] * vi), (X[2 * j + 1] = w[2] * vi + w[3] * vr);
    }
  };
}
