// Comparing a backend's output with the reference's for the fuzzers: shapes equal, real data
// read as complex with zero imaginary parts, non-finite values in the same places (NaN with
// NaN, +-inf with the same inf), and finite values within `tol` times the largest finite magnitude (at least 1: the generated data
// is of order 1, so a result that is pure rounding noise is not held to a relative bound).
import type { HostArray } from "../../src/ir/index.js";

/** Why got differs from want, or undefined when it matches. */
export function differs(got: HostArray, want: HostArray, tol: number): string | undefined {
  if (got.shape.join() !== want.shape.join()) return `shape [${got.shape}] vs [${want.shape}]`;
  const part = (h: HostArray, i: number, im: number) => {
    const c = h.dtype.startsWith("c");
    return c ? Number(h.data[2 * i + im]) : im ? 0 : Number(h.data[i]);
  };
  const n = want.shape.reduce((a, b) => a * b, 1);
  let scale = 0;
  for (let i = 0; i < n; i++) for (const im of [0, 1]) if (Number.isFinite(part(want, i, im))) scale = Math.max(scale, Math.abs(part(want, i, im)));
  for (let i = 0; i < n; i++)
    for (const im of [0, 1]) {
      const g = part(got, i, im), w = part(want, i, im);
      if (!Number.isFinite(w) || !Number.isFinite(g)) {
        if (!Object.is(g, w) && !(Number.isNaN(g) && Number.isNaN(w))) return `element ${i}${im ? " (imag)" : ""}: ${g} vs ${w}`;
        continue;
      }
      if (Math.abs(g - w) > tol * Math.max(scale, 1)) return `element ${i}${im ? " (imag)" : ""}: ${g} vs ${w} (scale ${scale})`;
    }
  return undefined;
}
