// How the tests measure a result against what it should be: the one place for error measures.
// `relErr` (the golden cases' measure) and `peakRelErr` (a kernel's own scale) on flat arrays,
// `maxAbsErr` for absolute bounds, and `differs` for the fuzzers: shapes equal, real data read as
// complex with zero imaginary parts, non-finite values in the same places (NaN with NaN, +-inf
// with the same inf), and finite values within `tol` times the largest finite magnitude (at
// least 1: the generated data is of order 1, so a result that is pure rounding noise is not held
// to a relative bound).
import type { HostArray } from "../../src/ir/index.js";

type Numbers = ArrayLike<number | bigint>;

/** max |got - want| and max |want| over equal-length arrays (undefined when the lengths differ). */
function errAndPeak(got: Numbers, want: Numbers): { err: number; peak: number } | undefined {
  if (got.length !== want.length) return undefined;
  let err = 0, peak = 0;
  for (let i = 0; i < want.length; i++) {
    const w = Number(want[i]);
    err = Math.max(err, Math.abs(Number(got[i]) - w));
    peak = Math.max(peak, Math.abs(w));
  }
  return { err, peak };
}

/**
 * max |got - want| / max(1, max |want|): the error relative to the output's scale, but never
 * relative to less than 1 (results of order 1 or below are held to an absolute bound). Infinity
 * when the lengths differ. The golden cases' tolerances are in this measure.
 */
export function relErr(got: Numbers, want: Numbers): number {
  const e = errAndPeak(got, want);
  return e ? e.err / Math.max(1, e.peak) : Infinity;
}

/**
 * max |got - want| / max |want|: the error relative to the output's own peak, with no floor (a
 * kernel whose output is far below 1 is held to its own scale). Infinity when the lengths differ,
 * or when want is all zeros and got is not.
 */
export function peakRelErr(got: Numbers, want: Numbers): number {
  const e = errAndPeak(got, want);
  if (!e) return Infinity;
  return e.peak > 0 ? e.err / e.peak : e.err === 0 ? 0 : Infinity;
}

/** max |got - want|; Infinity when the lengths differ. */
export function maxAbsErr(got: Numbers, want: Numbers): number {
  return errAndPeak(got, want)?.err ?? Infinity;
}

/** Any host array read as interleaved complex (real data with zero imaginary parts): for comparing a real result with a complex one. */
export function asComplex(h: HostArray): Float64Array {
  if (h.dtype.startsWith("c")) return Float64Array.from(h.data as ArrayLike<number>);
  const out = new Float64Array(2 * h.data.length);
  for (let i = 0; i < h.data.length; i++) out[2 * i] = Number(h.data[i]);
  return out;
}

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
