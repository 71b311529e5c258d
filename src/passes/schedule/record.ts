// The `schedule` pass: the planner's choices for this target recorded on the lowered graph.
// Every Fourier kernel op gets its FFT plan in `arg.plan` (the complex transform it runs, and
// for real transforms whether through a half-size or a full-size complex FFT), so backends
// render the plan without re-planning and `linc explain` can print it.
import { type FftPlan, type Node, type RealFftPlan, describePlan, describeRealPlan, mk, rebuild, toposort } from "../../ir/index.js";
import { type PlanLookup, planFft } from "./fft.js";
import type { Schedule } from "./table.js";

/** The complex FFT a real transform of n points runs: half the size for even n where the target does that. */
export function realPlan(n: number, s: Schedule, known?: PlanLookup): RealFftPlan {
  const plan = (k: number): FftPlan => known?.(k) ?? planFft(k, s.fft, known);
  return s.realFft === "half" && n % 2 === 0 && n > 1 ? { via: "half", fft: plan(n / 2) } : { via: "full", fft: plan(n) };
}

/** Record the plans; `known` (a wisdom's measured plans) comes before the cost model. */
export function recordPlans(roots: readonly Node[], s: Schedule, known?: PlanLookup): Node[] {
  const plan = (n: number): FftPlan => known?.(n) ?? planFft(n, s.fft, known);
  const realPlan_ = (n: number): RealFftPlan => realPlan(n, s, known);
  return rebuild(roots, (n, src) => {
    switch (n.op) {
      case "dft": return mk("dft", n.type, src, { ...n.arg, plan: plan(n.arg.n), real: realPlan_(n.arg.n) });
      case "rdft": return mk("rdft", n.type, src, { ...n.arg, plan: realPlan_(n.arg.n) });
      case "irdft": return mk("irdft", n.type, src, { ...n.arg, plan: realPlan_(n.arg.n) });
      case "dct": return mk("dct", n.type, src, { ...n.arg, plan: { via: "full", fft: plan(s.dctFftSize(n.arg.n, n.arg.inverse ? inverseType(n.arg.type) : n.arg.type)) } });
    }
    return src.every((x, i) => x === n.src[i]) ? n : mk(n.op, n.type, src, n.arg);
  });
}

/** The DCT type an inverse runs (idct of type 2 is a scaled type 3, and so on). */
export const inverseType = (t: number): number => [0, 1, 3, 2, 4][t];

/** Plans in the graph, one line each, for `linc explain`. */
export function planLines(roots: readonly Node[]): string[] {
  return toposort(roots).flatMap((n) => {
    if ((n.op === "dft" || n.op === "rdft" || n.op === "irdft" || n.op === "dct") && n.arg.plan) return [`${n.op}(${n.arg.n}): ${describe(n.arg.plan)}`];
    return [];
  });
}

const describe = (p: FftPlan | RealFftPlan): string => ("via" in p ? describeRealPlan(p) : describePlan(p));
