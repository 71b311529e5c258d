// tune(source, { target, budgetMs }): the measured planner (FFTW's wisdom). Every distinct complex
// FFT length the spec's lowered graph plans for the target is timed with each candidate plan
// (src/passes/schedule/candidates.ts; on wasm also the cpu's JavaScript kernel, "kernel": "js"), per
// length and precision (c64 data: f32, c128: f64): a one-op program `dft(n) @ x` is lowered with the candidate
// forced through a wisdom, run on the target's backend, checked against the cost model's plan's
// result (a candidate that disagrees is dropped, never recorded), and timed in interleaved rounds
// within its share of the budget. The fastest (median) plan per length goes into the wisdom,
// with the machine and versions it was measured on.
import { getBackend } from "../backends/index.js";
import { LincError } from "../ir/errors.js";
import type { HostArray } from "../ir/host.js";
import type { FftPlan, Node, Program } from "../ir/index.js";
import { didYouMean } from "../ir/suggest.js";
import type { FftPrecision, TuneTarget, Wisdom, WisdomPlan, WisdomRoute } from "../passes/schedule/wisdom.js";
import type { TuneCandidate } from "../passes/schedule/candidates.js";
import type { Backend } from "../backends/index.js";
import { type Spec, programOf } from "./source.js";
import { currentMachine } from "./wisdom.js";

export interface TuneProgress {
  /** Steps done and in all (one per candidate prepared, one per candidate timed). */
  done: number;
  total: number;
  /** What is being measured: "dft(1024) cpu". */
  label: string;
}

export interface TuneOptions {
  /** cpu (default), wasm or onnx. */
  target?: string;
  /** Wall-clock budget in milliseconds (default 10 000): compiling candidates counts (up to half of each share), one compile may overrun it. */
  budgetMs?: number;
  /** Candidate plans per FFT length (default 8). */
  maxCandidates?: number;
  file?: string;
  onProgress?: (p: TuneProgress) => void;
}

export interface TunedSize {
  n: number;
  /** f32 (c64 data) or f64 (c128). */
  precision: FftPrecision;
  /** Each candidate's plan (as `linc explain` prints it) and median ms; the default plan first. */
  timings: { plan: string; ms: number }[];
  best: string;
}

export interface TunedRoute {
  m: number;
  n: number;
  /** The direct product, and the FFT route per circulant embedding size N tried. */
  timings: { route: "direct" | "fft"; N?: number; ms: number }[];
  best: "direct" | "fft";
  /** The embedding size of the best FFT route. */
  N?: number;
}

export interface TuneResult {
  wisdom: Wisdom;
  sizes: TunedSize[];
  /** Direct product against the FFT route per Toeplitz-like shape. */
  routes: TunedRoute[];
}

const TUNE_DEFAULT_BUDGET_MS = 10_000;

export interface PlannedLength {
  n: number;
  precision: FftPrecision;
}

/** Every complex FFT length planned in a lowered graph (inner Rader/Bluestein lengths too), with its precision. */
export async function plannedLengths(roots: readonly Node[], target: TuneTarget): Promise<PlannedLength[]> {
  const { toposort } = await import("../ir/index.js"); // loaded on first use, like the rest of the library
  const passes = await import("../passes/index.js");
  const precisions = passes.fftPrecisions(roots, passes.SCHEDULES[target]);
  const out = new Map<string, PlannedLength>();
  const add = (p: FftPlan, precision: FftPrecision): void => {
    out.set(`${p.n}:${precision}`, { n: p.n, precision });
    if (p.algo === "rader" || p.algo === "bluestein") add(p.inner, precision);
  };
  for (const n of toposort(roots)) {
    const prec = precisions.get(n) ?? "f64";
    if (n.op === "dft" && n.arg.plan) add(n.arg.plan, prec);
    if ((n.op === "dft" || n.op === "rdft" || n.op === "irdft" || n.op === "dct") && n.arg.plan && "via" in n.arg.plan) add(n.arg.plan.fft, prec);
    if (n.op === "dft" && n.arg.real) add(n.arg.real.fft, prec);
  }
  return [...out.values()].filter((l) => l.n > 1).sort((a, b) => a.n - b.n || a.precision.localeCompare(b.precision));
}

/** Measure the candidate plans of every FFT of the spec on a target: the wisdom and the timings. */
export async function tune(source: Spec, opts: TuneOptions = {}): Promise<TuneResult> {
  const passes = await import("../passes/index.js");
  const target = (opts.target ?? "cpu") as TuneTarget;
  if (!(passes.TUNE_TARGETS as readonly string[]).includes(target))
    throw new LincError("E0801", `linc tune measures ${passes.TUNE_TARGETS.join(", ")}, not '${opts.target}'${didYouMean(String(opts.target), passes.TUNE_TARGETS)}`);
  const budget = opts.budgetMs ?? TUNE_DEFAULT_BUDGET_MS;
  if (!(budget > 0) || !Number.isFinite(budget)) throw new LincError("E0205", `the budget must be a positive time, got ${budget} ms`);
  const backend = await getBackend(target);
  const program = await programOf(source, { file: opts.file });
  const lowered = passes.lowerForBackend(program, { target });
  const lengths = await plannedLengths(lowered.outputs.map((o) => o.node), target);
  const cands = lengths.map(({ n }) => passes.tunerCandidates(target, n, opts.maxCandidates ?? 8));
  const always = target === "wasm" ? 2 : 1; // candidates timed whatever the budget: the cost model's, and wasm's JavaScript one
  const total = 2 * cands.reduce((a, c) => a + c.length, 0);
  let done = 0;
  const progress = (label: string, k = 1) => ((done += k), opts.onProgress?.({ done, total, label }));
  const machine = currentMachine();
  const wisdomOf = (plans: WisdomPlan[]): Wisdom => ({ format: passes.WISDOM_FORMAT, version: passes.WISDOM_VERSION, machine, plans });
  const { parseProgram } = await import("../dsl/index.js");
  const complexDtype = usesF32(program) ? "c64" : "c128";
  const sizes: TunedSize[] = [];
  const plans: WisdomPlan[] = [];
  const start = performance.now();
  // a quarter of the budget for the direct-vs-FFT routes when the spec has Toeplitz-like operators
  const fftBudget = (await toeplitzShapes(program)).length ? 0.75 * budget : budget;
  for (const [i, { n, precision }] of lengths.entries()) {
    // this length's share of what is left; preparing candidates (compiles) counts, up to half of it
    const shareEnd = performance.now() + (fftBudget - (performance.now() - start)) / (lengths.length - i);
    const prepEnd = (performance.now() + shareEnd) / 2;
    const label = `dft(${n}) ${precision} ${target}`;
    const dtype = precision === "f32" ? "c64" : "c128";
    const tiny = parseProgram(`input x: ${dtype}[${batchFor(n)}, ${n}]\noutput y = dft(${n}) @ x\n`, `tune-${n}.linc`);
    const x = randomComplex(dtype, batchFor(n), n);
    const runs: Candidate[] = [];
    for (const [j, plan] of cands[i].entries()) {
      if (runs.length && j >= always && performance.now() > prepEnd) {
        progress(label);
        continue; // out of time for more candidates of this length: the cost model's (and on wasm the JavaScript kernel) are always in
      }
      const low = passes.lowerForBackend(tiny, { target, wisdom: wisdomOf([{ target, n, precision, ...plan }]) });
      try {
        const y = (await backend.run(low, { x })).y; // compiles, warms up, and gives the result to check
        runs.push({ choice: plan, lowered: low, y, times: [] });
      } catch {
        // a candidate the backend cannot run is not a choice
      }
      progress(label);
    }
    const kept = agreeing(runs);
    await timeRounds(kept, (low) => backend.run(low, { x }), shareEnd);
    progress(label, cands[i].length);
    const timed = kept.map((c) => ({ plan: c.choice, ms: median(c.times) }));
    if (!timed.length) continue;
    const best = timed[winner(kept.map((c) => c.times))];
    plans.push({ target, n, precision, ...best.plan, ms: round(best.ms) });
    sizes.push({ n, precision, timings: timed.map((t) => ({ plan: passes.describeCandidate(t.plan), ms: round(t.ms) })), best: passes.describeCandidate(best.plan) });
  }
  const routes = await tuneRoutes(program, { target, backend, deadline: start + budget, fftPlans: plans, wisdomOf, complexDtype });
  return { wisdom: { ...wisdomOf(plans), routes: routes.map((r) => r.route) }, sizes, routes: routes.map((r) => r.timed) };
}

/** The m x n shapes of the spec's Toeplitz, Hankel and conv operators. */
async function toeplitzShapes(program: Program): Promise<[number, number][]> {
  const { toposort } = await import("../ir/index.js");
  const shapes = new Map<string, [number, number]>();
  for (const n of toposort(program.outputs.map((o) => o.node)))
    if ((n.op === "toeplitz" || n.op === "hankel" || n.op === "conv") && n.type.kind === "operator") shapes.set(`${n.type.rows}x${n.type.cols}`, [n.type.rows, n.type.cols]);
  return [...shapes.values()];
}

interface RouteContext {
  target: TuneTarget;
  backend: Backend;
  deadline: number;
  fftPlans: WisdomPlan[];
  wisdomOf: (plans: WisdomPlan[]) => Wisdom;
  complexDtype: "c64" | "c128";
}

/** Direct O(mn) product against the FFT route (per embedding size) for each Toeplitz-like shape, timed as `toeplitz(c, r) @ x` with c, r bound. */
async function tuneRoutes(program: Program, ctx: RouteContext): Promise<{ route: WisdomRoute; timed: TunedRoute }[]> {
  const passes = await import("../passes/index.js");
  const { parseProgram } = await import("../dsl/index.js");
  const shapes = await toeplitzShapes(program);
  const dt = ctx.complexDtype === "c64" ? "f32" : "f64";
  const out: { route: WisdomRoute; timed: TunedRoute }[] = [];
  for (const [i, [m, n]] of shapes.entries()) {
    const rows = batchFor(Math.max(m, n));
    const tiny = parseProgram(`param c: ${dt}[${m}]\nparam r: ${dt}[${n}]\ninput x: ${dt}[${rows}, ${n}]\noutput y = toeplitz(c, r) @ x\n`, `tune-${m}x${n}.linc`);
    const real = (len: number, seed: number) => ({ dtype: dt, shape: [len], data: realData(dt, len, seed) }) as HostArray;
    const arrays = { c: real(m, 1), r: real(n, 2), x: { dtype: dt, shape: [rows, n], data: realData(dt, rows * n, 3) } as HostArray };
    const runs: Candidate<RouteChoice>[] = [];
    const sizes = passes.embeddingCandidates(m + n - 1, passes.SCHEDULES[ctx.target]);
    for (const choice of [{ route: "direct" }, ...sizes.map((N) => ({ route: "fft", N }))] as RouteChoice[]) {
      const wisdom = { ...ctx.wisdomOf(ctx.fftPlans), routes: [{ target: ctx.target, m, n, ...choice }] };
      const low = passes.lowerForBackend(tiny, { target: ctx.target, params: { c: arrays.c, r: arrays.r }, wisdom });
      try {
        runs.push({ choice, lowered: low, y: (await ctx.backend.run(low, arrays)).y, times: [] });
      } catch {
        // a route the backend cannot run is not a choice
      }
    }
    const kept = agreeing(runs);
    await timeRounds(kept, (low) => ctx.backend.run(low, arrays), performance.now() + Math.max(0, (ctx.deadline - performance.now()) / (shapes.length - i)));
    if (!kept.length) continue;
    const timed = kept.map((c) => ({ ...c.choice, ms: round(median(c.times)) }));
    const best = timed[winner(kept.map((c) => c.times))];
    out.push({ route: { target: ctx.target, m, n, ...best }, timed: { m, n, timings: timed, best: best.route, ...(best.N !== undefined ? { N: best.N } : {}) } });
  }
  return out;
}

/** A Toeplitz-like shape's choice: the direct product, or the FFT route with embedding size N. */
type RouteChoice = { route: "direct"; N?: undefined } | { route: "fft"; N: number };

interface Candidate<T = TuneCandidate> {
  /** The plan or route it runs. */
  choice: T;
  lowered: Program;
  y: HostArray;
  times: number[];
}

/** The candidates whose result agrees with the first's (the cost model's plan) to rounding. */
function agreeing<T>(runs: Candidate<T>[]): Candidate<T>[] {
  if (!runs.length) return runs;
  const want = runs[0].y.data as Float32Array | Float64Array;
  let scale = 1e-30; // (a loop: spreading the array into Math.max overflows the stack past ~10^5 elements)
  for (const v of want) scale = Math.max(scale, Math.abs(v));
  const tol = (want instanceof Float32Array ? 1e-4 : 1e-9) * scale;
  return runs.filter((c) => {
    const got = c.y.data as Float32Array | Float64Array;
    return got.length === want.length && got.every((v, k) => Math.abs(v - want[k]) <= tol);
  });
}

const WARM_ROUNDS = 2, MIN_ROUNDS = 3, MAX_ROUNDS = 200;

/** Interleaved rounds (one run of each candidate per round) until `end`: two to warm up (the JIT), then at least 3 timed. */
async function timeRounds<T>(cands: Candidate<T>[], run: (p: Program) => Promise<unknown>, end: number): Promise<void> {
  for (let round = 0; round < WARM_ROUNDS + MIN_ROUNDS || (performance.now() < end && round < WARM_ROUNDS + MAX_ROUNDS); round++)
    for (const c of cands) {
      const t0 = performance.now();
      await run(c.lowered);
      if (round >= WARM_ROUNDS) c.times.push(performance.now() - t0);
    }
}

/**
 * The candidate to keep, given each one's timings with the default (the cost model's choice)
 * first: the fastest median, unless its lead over the default is within the measured noise. A
 * challenger replaces the default only when the default's median exceeds its own by more than
 * either one's spread (median - min, relative to the median), so a busy machine cannot turn a
 * difference of a few percent into a recorded plan.
 */
export function winner(times: readonly (readonly number[])[]): number {
  const stats = times.map((t) => ({ med: median([...t]), min: t.reduce((a, b) => Math.min(a, b), Infinity) }));
  const spread = (k: number) => (stats[k].med > 0 ? (stats[k].med - stats[k].min) / stats[k].med : 0);
  let best = 0;
  for (let k = 1; k < stats.length; k++) if (stats[k].med < stats[best].med) best = k;
  if (best === 0) return 0;
  const lead = (stats[0].med - stats[best].med) / stats[0].med;
  return lead > Math.max(spread(0), spread(best)) ? best : 0;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (ms: number): number => Math.round(ms * 1e4) / 1e4;

/** Rows per timed run: about 16k complex points, at most 64 rows. */
const batchFor = (n: number): number => Math.max(1, Math.min(64, Math.floor(16384 / n)));

const usesF32 = (p: Program): boolean => [...p.inputs, ...p.params].some((d) => d.node.type.kind === "tensor" && (d.node.type.dtype === "f32" || d.node.type.dtype === "c64"));

function realData(dt: "f32" | "f64", len: number, seed: number): Float32Array | Float64Array {
  const data = dt === "f32" ? new Float32Array(len) : new Float64Array(len);
  for (let i = 0; i < len; i++) data[i] = Math.sin(1.37 * (i + 1) * seed + 0.5 * seed);
  return data;
}

/** Seeded pseudo-random complex rows (interleaved re, im). */
function randomComplex(dtype: "c64" | "c128", rows: number, n: number): HostArray {
  const data = dtype === "c64" ? new Float32Array(2 * rows * n) : new Float64Array(2 * rows * n);
  let s = 12345;
  for (let i = 0; i < data.length; i++) data[i] = ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  return { dtype, shape: [rows, n], data };
}
