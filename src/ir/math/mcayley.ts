// The per-frequency Cayley solve: the reference's mcayley meaning (src/ir/ops/cayley.ts), the
// cpu/wasm modules' param-stage kernel and the gpujs runtime's host step run this function (the
// backends paste its text, src/backends/shared/linalg.ts, so it refers only to its arguments).
// The elimination is the one pivoted solve (solve.ts).
import { luSolve } from "./solve.js";

/**
 * mcayley(h, c, n, y): for each frequency k < n, G_k = (I + H_k)^-1 (I - H_k), where H_k is the
 * c x c matrix H[o, i, k] of the [c, c, n] tensor h (complex interleaved, row-major), and y holds
 * G in the same layout; float64. A singular I + H_k is not trapped here (IEEE infinities and
 * NaNs). Returns [r, k]: the smallest pivot (|re| + |im|) relative to 1 + max |H_k| over all
 * frequencies, and the frequency k where it occurs (the reference turns a tiny r into E0501).
 */
export function mcayleyWith(solve: typeof luSolve) {
  return function mcayley(h: ArrayLike<number>, c: number, n: number, y: Float64Array | Float32Array): [number, number] {
    const M = new Float64Array(2 * c * c), Y = new Float64Array(2 * c * c);
    let worst = Infinity, worstAt = 0;
    for (let k = 0; k < n; k++) {
      let scale = 0;
      for (let e = 0; e < c * c; e++) {
        const p = 2 * (e * n + k), d = e % (c + 1) === 0 ? 1 : 0;
        scale = Math.max(scale, Math.abs(h[p]) + Math.abs(h[p + 1]));
        (M[2 * e] = d + h[p]), (M[2 * e + 1] = h[p + 1]);
        (Y[2 * e] = d - h[p]), (Y[2 * e + 1] = -h[p + 1]);
      }
      const r = solve(M, Y, c, c) / (1 + scale);
      if (!(r >= worst)) (worst = r), (worstAt = k);
      for (let e = 0; e < c * c; e++) (y[2 * (e * n + k)] = Y[2 * e]), (y[2 * (e * n + k) + 1] = Y[2 * e + 1]);
    }
    return [worst, worstAt];
  };
}

export const mcayley = mcayleyWith(luSolve);
