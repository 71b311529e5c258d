// `linc bench SPEC --backend cpu,onnx,...`: time one run of a spec on seeded random inputs per
// backend, side by side in one process. Every name and option is checked first; then every
// backend is prepared (lowered, checked to render every op, run once as a warm-up: compile, JIT,
// session start), so an unsupported backend is refused before anything is timed; then each
// backend is timed in turn and its row printed as soon as it is done (min / median / max,
// nominal GFLOP/s, and how it compares with the baseline in words), with a progress bar while
// it runs when stdout is a terminal.
import { SingleBar } from "cli-progress";
import type { HostArray } from "../../ir/host.js";
import type { Program } from "../../ir/program.js";
import type { TensorType } from "../../ir/types.js";
import { type Backend, isBackendName, unknownBackend } from "../../backends/index.js";
import { LincError } from "../../ir/errors.js";
import { backendNamed, backendNames, lowerFor, runLowered } from "../backends.js";
import { flopsPerRun } from "../flops.js";
import { loadProgram } from "../load.js";
import { didYouMean } from "../../ir/suggest.js";
import { CliError } from "../report.js";
import { type Spread, compared, duration, flopCount, gflops, since, spread } from "../timing.js";
import { randomBindings } from "./demo.js";

export interface BenchOptions {
  /** The backends to time; undefined: every backend of the registry, skipping (with a note) those that cannot run here. */
  backends?: string[];
  runs: number;
  seed: number;
  dims: Map<string, number>;
  /** The backend the others are compared with (default: reference when benchmarked, else the first). */
  baseline?: string;
}

/** Time spent on one backend at most, after its warm-up (at least 3 runs are always taken). */
const BUDGET_MS = 10_000;

interface Prepared {
  backend: Backend;
  run: () => Promise<unknown>;
  /** Cost-model flops of one run of the graph as lowered for this backend (undefined: unknown). */
  flops?: number;
}

/**
 * A run whose median is this many times its fastest run is called noisy (hyperfine warns on
 * the same evidence): ratios between backends closer than that spread say nothing.
 */
export const NOISY = 1.2;

/** Names and numbers checked before the spec is read or any backend loaded. */
function checkOptions(names: readonly string[], opts: BenchOptions): void {
  if (names.length === 0) throw new CliError("--backend names no backend");
  const twice = names.find((b, i) => names.indexOf(b) !== i);
  if (twice) throw new CliError(`backend '${twice}' is named twice in --backend`);
  if (opts.runs < 1) throw new CliError(`--runs must be at least 1, got ${opts.runs}`);
  if (opts.baseline !== undefined && !names.includes(opts.baseline))
    throw new CliError(`--baseline '${opts.baseline}' is not one of the benchmarked backends (${names.join(", ")})`);
}

/** Why a backend of the default list cannot run this spec here (its runtime is missing, E0802; an op it does not render, E0801), or undefined. */
const skipReason = (e: unknown): string | undefined =>
  e instanceof LincError && (e.code === "E0802" || e.code === "E0801") ? e.message : undefined;

/** Every symbolic dimension of the program at its size for this bench (default 2, as randomBindings). */
function boundDims(program: Program, given: ReadonlyMap<string, number>): Map<string, number> {
  const dims = new Map<string, number>();
  for (const d of [...program.inputs, ...program.params])
    for (const s of (d.node.type as TensorType).shape) if (typeof s === "string") dims.set(s, given.get(s) ?? 2);
  for (const k of given.keys())
    if (!dims.has(k)) throw new CliError(`--dim ${k}: the spec has no symbolic dimension '${k}'${dims.size ? didYouMean(k, dims.keys()) || ` (it has ${[...dims.keys()].join(", ")})` : ""}`);
  return dims;
}

/** A progress bar on stdout (drawn only when stdout is a terminal), cleared when `work` ends. */
async function withBar<T>(label: string, total: number, unit: string, work: (tick: (done: number) => void) => Promise<T>): Promise<T> {
  const bar = new SingleBar({ format: `  ${label.padEnd(10)} [{bar}] {value}/{total} ${unit}`, clearOnComplete: true, hideCursor: true, stream: process.stdout });
  bar.start(total, 0);
  try {
    return await work((done) => bar.update(done));
  } finally {
    bar.stop();
  }
}

/**
 * Load, lower, check and warm up every backend: a failure here stops the bench before timing
 * starts, except on the default list, where a backend that cannot run (runtime not installed, op
 * not rendered) is skipped with a note, as `linc demo` does.
 */
function prepare(names: readonly string[], explicit: boolean, program: Program, bindings: Record<string, HostArray>, dims: ReadonlyMap<string, number>, say: (s: string) => void): Promise<Prepared[]> {
  const skipped: string[] = [];
  return withBar("preparing", names.length, "backends (lower, compile, warm-up run)", async (tick) => {
    const prepared: Prepared[] = [];
    for (const [i, name] of names.entries()) {
      try {
        const backend = await backendNamed(name);
        const lowered = await lowerFor(backend, program, bindings);
        const run = () => runLowered(backend, lowered, bindings);
        await run();
        prepared.push({ backend, run, flops: flopsPerRun(lowered, dims) });
      } catch (e) {
        const why = explicit ? undefined : skipReason(e);
        if (why === undefined) throw e;
        skipped.push(`  ${name.padEnd(10)} skipped: ${why}`);
      }
      tick(i + 1);
    }
    return prepared;
  }).finally(() => skipped.forEach((line) => say(line)));
}

/** Up to `runs` timed runs (fewer when the budget is spent, never under 3), with a progress bar on a terminal. */
function time(p: Prepared, runs: number): Promise<Spread> {
  return withBar(p.backend.name, runs, "runs", async (tick) => {
    const ms: number[] = [];
    const until = performance.now() + BUDGET_MS;
    for (let i = 0; i < runs && (i < 3 || performance.now() < until); i++) {
      const t0 = performance.now();
      await p.run();
      ms.push(since(t0));
      tick(i + 1);
    }
    return spread(ms);
  });
}

/** The warning printed under a noisy row, or undefined. */
export function noiseWarning(name: string, s: Spread): string | undefined {
  const r = s.median / s.min;
  return s.runs >= 3 && r > NOISY ? `  ${" ".repeat(10)}   warning: ${name}'s median is ${r.toFixed(2)}x its fastest run: the machine looks busy, and ratios within that spread are noise` : undefined;
}

function row(name: string, s: Spread, runs: number, flops: number | undefined, base?: { name: string; median: number }): string {
  const cols = [`  ${name.padEnd(10)}`, `min ${duration(s.min).padStart(9)}`, `median ${duration(s.median).padStart(9)}`, `max ${duration(s.max).padStart(9)}`];
  if (flops !== undefined) cols.push(`${gflops(flops, s.median).padStart(14)} (${flopCount(flops)})`.padEnd(30));
  if (base && base.name !== name) cols.push(compared(s.median, base.median, base.name));
  if (s.runs < runs) cols.push(`(${s.runs} runs: ${BUDGET_MS / 1000} s spent)`);
  return cols.join("   ").trimEnd();
}

export async function bench(spec: string, opts: BenchOptions): Promise<void> {
  const explicit = opts.backends !== undefined;
  const names = opts.backends ?? backendNames();
  checkOptions(names, opts);
  for (const n of names) if (!isBackendName(n)) throw new CliError(unknownBackend(n)); // every name known before the spec is read
  const program = await loadProgram(spec);
  const dims = boundDims(program, opts.dims);
  const bindings = randomBindings(program, { seed: opts.seed, dims });
  const say = (s: string) => process.stdout.write(s + "\n");
  const sizes = [...dims].map(([k, v]) => `${k}=${v}`).join(", ");
  say(`${spec}${sizes ? ` (${sizes})` : ""}: up to ${opts.runs} timed runs per backend after a warm-up; lowering and compilation excluded`);
  const prepared = await prepare(names, explicit, program, bindings, dims, say);
  if (prepared.length === 0) throw new CliError("no backend could run this spec here (see the notes above)");
  if (prepared.some((p) => p.flops !== undefined)) say("  GFLOP/s counts the flops of the graph as lowered for each backend (the cost model of linc explain)");
  const ran = prepared.map((p) => p.backend.name as string);
  const baseName = opts.baseline ?? (ran.includes("reference") ? "reference" : ran[0]);
  // the baseline is timed first, so that every later row can say how it compares
  const order = [...prepared].sort((a, b) => Number(b.backend.name === baseName) - Number(a.backend.name === baseName));
  let base: { name: string; median: number } | undefined;
  for (const p of order) {
    const s = await time(p, opts.runs);
    if (p.backend.name === baseName) base = { name: baseName, median: s.median };
    say(row(p.backend.name, s, opts.runs, p.flops, base));
    const noisy = noiseWarning(p.backend.name, s);
    if (noisy) say(noisy);
  }
}
