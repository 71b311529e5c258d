// The `schedule` pass: the planner's choices for this target recorded on the lowered graph.
// Every Fourier kernel op gets its FFT plan in `arg.plan` (the complex transform it runs, and
// for real transforms whether through a half-size or a full-size complex FFT), so backends
// render the plan without re-planning and `linc explain` can print it.
import { type FftPlan, type Node, type RealFftPlan, type RenderChoices, describePlan, describeRealPlan, isSingle, mk, rebuild, runsJs, toposort } from "../../ir/index.js";
import { type PlanLookup, planFft } from "./fft.js";
import { type Schedule, jsPlan } from "./table.js";
import type { FftPrecision, WisdomLookup } from "./wisdom.js";

/**
 * The plan of an outer complex FFT of n points whose data has precision `prec`: the wisdom's
 * (`known`), else the cpu's JavaScript kernel where the schedule gives short ones to it (jsBelow),
 * else the cost model's.
 */
export function outerPlan(n: number, s: Schedule, prec: FftPrecision = "f64", known?: PlanLookup): FftPlan {
  return known?.(n) ?? (s.jsBelow && n < s.jsBelow[prec] ? jsPlan(n) : planFft(n, s.fft, known));
}

/** The complex FFT a real transform of n points runs: half the size for even n where the target does that. */
export function realPlan(n: number, s: Schedule, known?: PlanLookup, prec: FftPrecision = "f64"): RealFftPlan {
  const plan = (k: number): FftPlan => outerPlan(k, s, prec, known);
  return s.realFft === "half" && n % 2 === 0 && n > 1 ? { via: "half", fft: plan(n / 2) } : { via: "full", fft: plan(n) };
}

const FFT_OPS = new Set(["dft", "rdft", "irdft", "dct"]);

/**
 * The precision each FFT op of a graph computes in: that of the tensors it is applied to (an
 * operator node carries no dtype; through operator users to their applications), f32 for
 * f32/c64, f64 for c128/f64; a DCT's FFT in f64 where the schedule says so. An op applied to both
 * precisions (one shared node) takes f64.
 */
export function fftPrecisions(roots: readonly Node[], s: Pick<Schedule, "dctPrecision">): Map<Node, FftPrecision> {
  const order = toposort(roots);
  const users = new Map<Node, Node[]>();
  for (const n of order)
    for (const x of n.src) {
      const u = users.get(x);
      if (u) u.push(n);
      else users.set(x, [n]);
    }
  const seen = new Map<Node, Set<FftPrecision>>();
  for (const n of [...order].reverse()) {
    const set = new Set<FftPrecision>();
    for (const u of users.get(n) ?? []) {
      if (u.type.kind === "tensor") set.add(isSingle(u.type.dtype) ? "f32" : "f64");
      else for (const p of seen.get(u) ?? []) set.add(p);
    }
    seen.set(n, set);
  }
  const single = (n: Node) => seen.get(n)!.size === 1 && seen.get(n)!.has("f32") && !(n.op === "dct" && s.dctPrecision === "f64");
  return new Map(order.filter((n) => FFT_OPS.has(n.op)).map((n) => [n, single(n) ? "f32" : "f64"]));
}

/** Record the plans; `known` (a wisdom's measured plans, by length and precision) comes before the cost model. */
export function recordPlans(roots: readonly Node[], s: Schedule, known?: WisdomLookup): Node[] {
  const precisions = known || s.jsBelow ? fftPrecisions(roots, s) : new Map<Node, FftPrecision>();
  return rebuild(roots, (n, src) => {
    const prec = precisions.get(n) ?? "f64";
    const lookup: PlanLookup | undefined = known && ((k) => known(k, prec));
    const plan = (k: number): FftPlan => outerPlan(k, s, prec, lookup);
    const realPlan_ = (k: number): RealFftPlan => realPlan(k, s, lookup, prec);
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

/**
 * Plans in the graph, one line each, for `linc explain`; " (js)" after a plan whose FFT the
 * target's renderer runs as the cpu's JavaScript kernel (`render`: the lowered program's choices).
 */
export function planLines(roots: readonly Node[], render?: RenderChoices, s?: Pick<Schedule, "dctPrecision">): string[] {
  const precisions = render && s ? fftPrecisions(roots, s) : new Map<Node, FftPrecision>();
  return toposort(roots).flatMap((n) => {
    if ((n.op === "dft" || n.op === "rdft" || n.op === "irdft" || n.op === "dct") && n.arg.plan) {
      const fft = "via" in n.arg.plan ? n.arg.plan.fft : n.arg.plan;
      const js = runsJs(render, fft.n, precisions.get(n) ?? "f64") ? " (js)" : "";
      return [`${n.op}(${n.arg.n}): ${describe(n.arg.plan)}${js}`];
    }
    return [];
  });
}

const describe = (p: FftPlan | RealFftPlan): string => ("via" in p ? describeRealPlan(p) : describePlan(p));
