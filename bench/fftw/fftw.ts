// FFTW as the physical-limit row of bench/wasm.ts: bench/fftw/harness.c is compiled at bench time
// (gcc -O3, -lfftw3 / -lfftw3f) into a temporary folder and run as a child process, one per
// transform size and precision; rounds alternate between linc (timed here) and FFTW (timed by the
// child, which prints ns per transform for each "REPS" line it reads). Medians and the p25..p75
// spread of both. Skipped, with a message saying why, when gcc or FFTW's header or library is missing.
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export type Prec = "f64" | "f32";
export interface FftwCase {
  prec: Prec;
  n: number;
  /** The linc contender: one forward complex FFT of size n per call. */
  impl: string;
  run: () => void;
}
export interface FftwResult {
  c: FftwCase;
  /** Medians, seconds per transform. */
  linc: number;
  fftw: number;
  /** p25..p75, seconds per transform. */
  lincSpread: [number, number];
  fftwSpread: [number, number];
}

const source = join(dirname(fileURLToPath(import.meta.url)), "harness.c");

/** Compiled harness per precision, or the reason there is none. */
export function buildHarness(): { exe: Partial<Record<Prec, string>>; notes: string[]; dir?: string } {
  const notes: string[] = [];
  try {
    execFileSync("gcc", ["--version"], { stdio: "ignore" });
  } catch {
    return { exe: {}, notes: ["FFTW row skipped: no gcc on this machine"] };
  }
  const dir = mkdtempSync(join(tmpdir(), "linc-fftw-"));
  const exe: Partial<Record<Prec, string>> = {};
  for (const [prec, flags] of [["f64", ["-lfftw3"]], ["f32", ["-DSINGLE", "-lfftw3f"]]] as const) {
    const out = join(dir, `harness-${prec}`);
    try {
      execFileSync("gcc", ["-O3", "-o", out, source, ...flags, "-lm"], { stdio: ["ignore", "ignore", "pipe"] });
      exe[prec] = out;
    } catch (e) {
      const err = String((e as { stderr?: Buffer }).stderr ?? e).split("\n")[0];
      notes.push(`FFTW ${prec} row skipped: the harness does not build (${prec === "f64" ? "libfftw3-dev" : "libfftw3f (in libfftw3-dev)"} missing?): ${err}`);
    }
  }
  return { exe, notes, dir };
}

/** A running harness for one n: ask(reps) resolves to ns per transform. */
async function startHarness(exe: string, n: number): Promise<{ ask(reps: number): Promise<number>; stop(): void }> {
  const child: ChildProcessWithoutNullStreams = spawn(exe, [String(n)]);
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    if (r.done) throw new Error(`FFTW harness for n = ${n} exited early`);
    return r.value as string;
  };
  if ((await next()) !== "ready") throw new Error("FFTW harness: unexpected first line");
  return {
    ask: async (reps: number) => {
      child.stdin.write(`${reps}\n`);
      return Number(await next());
    },
    stop: () => child.stdin.end(),
  };
}

const quantile = (s: number[], q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];

/** Alternating rounds of about 2 ms each, linc then FFTW, `rounds` times. */
export async function timeAgainstFftw(exe: string, c: FftwCase, rounds = 41): Promise<FftwResult> {
  const h = await startHarness(exe, c.n);
  try {
    for (let i = 0; i < 3; i++) c.run();
    await h.ask(3);
    const t0 = performance.now();
    c.run();
    const reps = Math.max(1, Math.round(2 / Math.max(performance.now() - t0, 1e-3)));
    const lt: number[] = [], ft: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const s = performance.now();
      for (let i = 0; i < reps; i++) c.run();
      lt.push((performance.now() - s) / reps / 1e3);
      ft.push((await h.ask(reps)) / 1e9);
    }
    lt.sort((a, b) => a - b);
    ft.sort((a, b) => a - b);
    return { c, linc: quantile(lt, 0.5), fftw: quantile(ft, 0.5), lincSpread: [quantile(lt, 0.25), quantile(lt, 0.75)], fftwSpread: [quantile(ft, 0.25), quantile(ft, 0.75)] };
  } finally {
    h.stop();
  }
}

/** Every case whose precision has a harness; the notes say what was skipped. */
export async function runFftw(cases: FftwCase[]): Promise<{ results: FftwResult[]; notes: string[] }> {
  const { exe, notes, dir } = buildHarness();
  const results: FftwResult[] = [];
  try {
    for (const c of cases) {
      const e = exe[c.prec];
      if (e) results.push(await timeAgainstFftw(e, c));
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  return { results, notes };
}

const us = (s: number) => (s * 1e6).toFixed(s < 1e-4 ? 2 : 0);
export const spreadText = (r: FftwResult): string =>
  `${r.c.prec} n=${r.c.n}: linc p25..p75 ${us(r.lincSpread[0])}..${us(r.lincSpread[1])} us, FFTW ${us(r.fftwSpread[0])}..${us(r.fftwSpread[1])} us`;
