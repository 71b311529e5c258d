// `linc tune SPEC [--target cpu|wasm|onnx] [--budget 10s] -o spec.wisdom.json`: time the candidate
// FFT plans of every transform the spec plans on the target (src/api/tune.ts) and write the
// fastest as a wisdom file, which `--wisdom FILE` of run, compile and explain then use. A progress
// bar goes to the terminal (stderr, and only when stdout and stderr are a TTY); the summary goes to stdout.
import { dirname } from "node:path";
import { mkdirSync } from "node:fs";
import { writeAtomic } from "../files.js";
import { loadProgram } from "../load.js";
import { CliError } from "../report.js";

export interface TuneCliOptions {
  target: string;
  budget: string;
  output: string;
}

/** "10s", "500ms", "2m" or a bare number of seconds, in milliseconds. */
export function parseBudget(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(text);
  const ms = m ? Number(m[1]) * (m[2] === "ms" ? 1 : m[2] === "m" ? 60_000 : 1000) : NaN;
  if (!(ms > 0)) throw new CliError(`--budget must be a positive duration such as 10s, 500ms or 2m, got '${text}'`);
  return ms;
}

export async function tune(spec: string, opts: TuneCliOptions): Promise<void> {
  const budgetMs = parseBudget(opts.budget);
  const { TUNE_TARGETS } = await import("../../passes/index.js");
  if (!(TUNE_TARGETS as readonly string[]).includes(opts.target)) throw new CliError(`--target must be one of ${TUNE_TARGETS.join(", ")}, got '${opts.target}'`);
  const program = await loadProgram(spec);
  const { tune: tuneApi } = await import("../../api/tune.js");
  const bar = process.stdout.isTTY && process.stderr.isTTY ? await progressBar() : undefined;
  let result;
  try {
    result = await tuneApi(program, { target: opts.target, budgetMs, onProgress: (p) => bar?.update(p.done, p.total, p.label) });
  } finally {
    bar?.stop();
  }
  const text = JSON.stringify(result.wisdom, null, 2) + "\n";
  try {
    mkdirSync(dirname(opts.output), { recursive: true });
  } catch {
    // writeAtomic reports a folder it cannot write in
  }
  writeAtomic(opts.output, text);
  const lines = result.sizes.map((s) => `  fft(${s.n}, ${s.precision}): ${s.best}  (${s.timings.length} plan${s.timings.length === 1 ? "" : "s"} timed: ${s.timings.map((t) => `${t.plan} ${t.ms.toFixed(3)} ms`).join(", ")})`);
  const route = (t: { route: string; N?: number }) => (t.N === undefined ? t.route : `${t.route} N=${t.N}`);
  for (const r of result.routes) lines.push(`  toeplitz-like ${r.m}x${r.n}: ${route({ route: r.best, N: r.N })}  (${r.timings.map((t) => `${route(t)} ${t.ms.toFixed(3)} ms`).join(", ")})`);
  process.stdout.write([`${spec}: ${result.sizes.length} FFT length(s), ${result.routes.length} Toeplitz-like shape(s) tuned on ${opts.target}`, ...lines, `wrote ${opts.output}`].join("\n") + "\n");
}

interface Bar {
  update(done: number, total: number, label: string): void;
  stop(): void;
}

async function progressBar(): Promise<Bar> {
  const { SingleBar, Presets } = (await import("cli-progress")).default;
  const bar = new SingleBar({ format: "tuning [{bar}] {percentage}% | {label}", stream: process.stderr, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
  let started = false;
  return {
    update(done, total, label) {
      if (!started) (started = true), bar.start(total, 0, { label });
      bar.update(done, { label });
    },
    stop: () => void (started && bar.stop()),
  };
}
