// The one error function of linc, float64, |relative error| < 1e-15 on every finite x but 0
// (largest measured 2.6e-16: scripts/gen_erf.py, which derives the tables in erfcoef.ts with
// mpmath): the reference interpreter calls it, the cpu and wasm kernels paste its text
// (src/backends/shared/linalg.ts), and the gpujs and onnx backends evaluate the same tables.
//   |x| < 0.5       x * (odd Taylor series of erf in x^2)
//   0.5 <= |x| < 6  the Taylor series of erf about the centre of |x|'s interval of width 0.5
//   |x| >= 6        sign(x) (erfc(6) = 2e-17 rounds away against 1); NaN stays NaN
import { ERF_GRID, ERF_SMALL, ERF_TAYLOR } from "./erfcoef.js";

export { ERF_GRID, ERF_SMALL, ERF_TAYLOR };

/** erf over the given tables (a factory, so the emitted modules paste this very function with the tables as JSON). */
export function erfWith(small: readonly number[], taylor: readonly (readonly number[])[], grid: { first: number; step: number; last: number }): (x: number) => number {
  return (x: number): number => {
    const a = Math.abs(x);
    let r: number;
    if (a < grid.first) {
      const t = a * a;
      let p = 0;
      for (let n = small.length - 1; n >= 0; n--) p = p * t + small[n];
      return x * p; // the sign of x, -0 included
    } else if (a < grid.last) {
      const i = Math.floor((a - grid.first) / grid.step), c = taylor[i], d = a - (grid.first + grid.step * (i + 0.5));
      let p = 0;
      for (let k = c.length - 1; k >= 0; k--) p = p * d + c[k];
      r = p;
    } else r = a === a ? 1 : a;
    return x < 0 ? -r : r;
  };
}

export const erf = erfWith(ERF_SMALL, ERF_TAYLOR, ERF_GRID);
