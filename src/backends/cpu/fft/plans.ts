// Reading the FFT plans the planner recorded on the lowered graph (src/ir FftPlan): the pass
// radices of the Stockham FFTs that Rader's and Bluestein's convolutions run on.
import { type FftPlan, describePlan } from "../../../ir/index.js";

/** The Stockham pass radices of a direct or mixed plan (a direct plan is one pass of radix n). */
export function stockhamRadices(p: FftPlan, n: number): readonly number[] {
  if (p.n !== n) throw new Error(`internal: an FFT plan of size ${p.n} where size ${n} is needed`);
  if (p.algo === "direct") return [n];
  if (p.algo === "mixed") return p.radices;
  throw new Error(`internal: a convolution FFT of size ${n} must be direct or mixed radix, got ${describePlan(p)}`);
}
