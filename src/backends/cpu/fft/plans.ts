// Reading the FFT plans the planner recorded on the lowered graph (src/ir FftPlan, RealFftPlan):
// their one-line description for comments in generated code, and the pass radices of the
// Stockham FFTs that Rader's and Bluestein's convolutions run on.
import type { FftPlan, RealFftPlan } from "../../../ir/index.js";

/** One line: "direct 16", "mixed [8,8,16]", "rader via mixed [...]", "bluestein m=2048 via mixed [...]". */
export function describePlan(p: FftPlan): string {
  switch (p.algo) {
    case "direct": return `direct ${p.n}`;
    case "mixed": return `mixed [${p.radices.join(",")}]`;
    case "rader": return `rader via ${describePlan(p.inner)}`;
    case "bluestein": return `bluestein m=${p.m} via ${describePlan(p.inner)}`;
  }
}

/** "half-size complex FFT, mixed [...]" or "full-size complex FFT, ...". */
export const describeRealPlan = (p: RealFftPlan): string => `${p.via === "half" ? "half-size" : "full-size"} complex FFT, ${describePlan(p.fft)}`;

/** The length of the real transform a real plan serves. */
export const realLength = (p: RealFftPlan): number => (p.via === "half" ? 2 * p.fft.n : p.fft.n);

/** The Stockham pass radices of a direct or mixed plan (a direct plan is one pass of radix n). */
export function stockhamRadices(p: FftPlan, n: number): readonly number[] {
  if (p.n !== n) throw new Error(`internal: an FFT plan of size ${p.n} where size ${n} is needed`);
  if (p.algo === "direct") return [n];
  if (p.algo === "mixed") return p.radices;
  throw new Error(`internal: a convolution FFT of size ${n} must be direct or mixed radix, got ${describePlan(p)}`);
}
