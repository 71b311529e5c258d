// Facts about a recorded FFT plan (the FftPlan / RealFftPlan types of ops.ts) that the planner,
// `linc explain` and the backends' generated comments share.
import type { FftPlan, RealFftPlan } from "./ops.js";

/** One line: "direct 16", "mixed [8,8,16]", "rader via mixed [...]", "bluestein m=2048 via mixed [...]". */
export function describePlan(p: FftPlan): string {
  return p.engine === "js" ? `${algoLine(p)} (js)` : algoLine(p);
}

function algoLine(p: FftPlan): string {
  switch (p.algo) {
    case "direct": return `direct ${p.n}`;
    case "mixed": return `mixed [${p.radices.join(",")}]`;
    case "rader": return `rader via ${describePlan(p.inner)}`;
    case "bluestein": return `bluestein m=${p.m} via ${describePlan(p.inner)}`;
  }
}

/** "half-size complex FFT, mixed [...]" or "full-size complex FFT, ...". */
export const describeRealPlan = (p: RealFftPlan): string => `${p.via === "half" ? "half-size" : "full-size"} complex FFT, ${describePlan(p.fft)}`;

/**
 * The FFT routes a compile may ask of the onnx schedule (`linc compile --fft`, PassOptions.fft):
 * "auto" its own plans; "matmul" and "dft" every FFT as one direct stage (rendered as a dense
 * MatMul, or by ONNX's DFT op); "fourstep" Stockham passes at every size, never a direct stage.
 */
export const FFT_ROUTES = ["auto", "dft", "matmul", "fourstep"] as const;
export type FftRoute = (typeof FFT_ROUTES)[number];

/** The length of the real transform a real plan serves. */
export const realLength = (p: RealFftPlan): number => (p.via === "half" ? 2 * p.fft.n : p.fft.n);

/** One Stockham pass of a mixed-radix plan: radix r at stride s, m = n / (r s) groups. */
export interface StockhamPass {
  readonly r: number;
  readonly s: number;
  readonly m: number;
}

/** The pass geometry of a mixed-radix plan: the one place it is derived (the lowering and the renderers read it). */
export function stockhamPasses(radices: readonly number[]): StockhamPass[] {
  const n = radices.reduce((a, b) => a * b, 1);
  let s = 1;
  return radices.map((r) => {
    const p = { r, s, m: n / (s * r) };
    s *= r;
    return p;
  });
}
