// The complex FFT kernel factory for a recorded plan: the dispatch on the plan's algorithm.
//   direct, mixed  Stockham passes of the plan's radices (one straight-line codelet if direct)
//   rader          a cyclic convolution of length n - 1 through the inner plan's FFTs
//   bluestein      a chirp-z convolution through the inner plan's size-m FFTs
import type { FftPlan } from "../../../ir/index.js";
import { bluesteinSource } from "./bluestein.js";
import { type Precision, mixedRadixSource } from "./mixed.js";
import { raderSource } from "./rader.js";

/** Source of the complex kernel factory running `plan` (sign -1 forward, +1 inverse). */
export function complexSource(plan: FftPlan, sign: 1 | -1, precision: Precision, scale: number): string {
  switch (plan.algo) {
    case "direct": return mixedRadixSource(plan.n, [plan.n], sign, precision, scale);
    case "mixed": return mixedRadixSource(plan.n, plan.radices, sign, precision, scale);
    case "rader": return raderSource(plan.n, plan.inner, sign, precision, scale);
    case "bluestein": return bluesteinSource(plan.n, plan.m, plan.inner, sign, precision, scale);
  }
}
