// FFT kernels of the CPU backend against fft.js (the fastest JavaScript FFT) and a naive DFT.
//
//   node --import tsx bench/fft.ts
//
// Everything runs in one process, warmed up; contenders of a case run in interleaved rounds
// (so background load hits them alike) and the time reported is the median over rounds.
// GFLOP/s uses the conventional 5·n·log2(n) flops of a complex FFT (2.5·n·log2(n) for a
// real one) whatever the algorithm; ratio = baseline time / linc time (> 1: linc faster).
// A naive DFT of n = 65537 is timed on a few output bins and scaled to all n bins.

import FFT from "fft.js";
import { pathToFileURL } from "node:url";
import { type FFTKernel, type Precision, stageKernel } from "../src/backends/cpu/fft/index.js";
import { describePlan, describeRealPlan } from "../src/ir/index.js";
import { SCHEDULES, fftProgram, nextPow2, planFft, realPlan, rfftProgram } from "../src/passes/index.js";

// the kernels render the programs the lowering records for the cpu schedule's plans, as a graph lowered for the cpu target carries them
const planFFT = (n: number, opts: { precision?: Precision } = {}): FFTKernel => {
  const plan = planFft(n, SCHEDULES.cpu.fft);
  return stageKernel(fftProgram(plan, false, 1), { precision: opts.precision, strategy: describePlan(plan) });
};
const planRFFT = (n: number): FFTKernel => stageKernel(rfftProgram(realPlan(n, SCHEDULES.cpu), 1), { strategy: describeRealPlan(realPlan(n, SCHEDULES.cpu)) });

export interface Row {
  case: string;
  n: number;
  impl: string;
  us: number;
  gflops: number;
  /** baseline time / this time, on the linc row of a case; 1 on the baseline row. */
  ratio?: number;
}

export type Timed = { impl: string; run: () => void; perCall?: number };

/** Median seconds per call of each contender, rounds interleaved. */
export function timeAll(contenders: Timed[], budgetMs = 1500): number[] {
  for (const c of contenders) for (let i = 0; i < 3; i++) c.run(); // warm-up and first tier-up
  const t0 = performance.now();
  contenders[0].run();
  const one = Math.max(performance.now() - t0, 1e-3);
  const reps = Math.max(1, Math.round(2 / one)); // about 2 ms per round per contender
  const rounds = Math.max(9, Math.min(201, Math.round(budgetMs / (2 * contenders.length))));
  const samples = contenders.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++)
    contenders.forEach((c, k) => {
      const s = performance.now();
      for (let i = 0; i < reps; i++) c.run();
      samples[k].push((performance.now() - s) / reps / 1e3);
    });
  return samples.map((s, k) => {
    s.sort((a, b) => a - b);
    return s[s.length >> 1] * (contenders[k].perCall ?? 1);
  });
}

const rand = (len: number) => Float64Array.from({ length: len }, () => Math.random() * 2 - 1);
const flops = (n: number, real = false) => (real ? 2.5 : 5) * n * Math.log2(n);

function fftjs(n: number, x: Float64Array): Timed {
  const f = new FFT(n);
  const out = new Float64Array(2 * n);
  return { impl: "fft.js", run: () => f.transform(out, x) };
}

function linc(n: number, x: Float64Array): Timed {
  const plan = planFFT(n);
  const out = new Float64Array(2 * n);
  return { impl: `linc ${plan.strategy}`, run: () => plan.run(x, 0, out, 0) };
}

/** linc's Bluestein kernel for n, for comparison where the planner picks Rader. */
function bluesteinOf(n: number, x: Float64Array): Timed {
  const m = nextPow2(2 * n - 1), run = stageKernel(fftProgram({ algo: "bluestein", n, m, inner: planFft(m, SCHEDULES.cpu.fft) }, false, 1)).run;
  const out = new Float64Array(2 * n);
  return { impl: `linc bluestein m=${m} (not chosen)`, run: () => run(x, 0, out, 0) };
}

/** Naive DFT with a cos/sin table; `bins` < n times only that many outputs (scaled by n/bins). */
function naive(n: number, x: Float64Array, bins = n): Timed {
  const c = new Float64Array(n), s = new Float64Array(n);
  for (let e = 0; e < n; e++) ((c[e] = Math.cos((2 * Math.PI * e) / n)), (s[e] = -Math.sin((2 * Math.PI * e) / n)));
  const out = new Float64Array(2 * n);
  const run = () => {
    for (let k = 0; k < bins; k++) {
      let sr = 0, si = 0;
      for (let j = 0, e = 0; j < n; j++, e += k, e >= n && (e -= n)) {
        sr += x[2 * j] * c[e] - x[2 * j + 1] * s[e];
        si += x[2 * j] * s[e] + x[2 * j + 1] * c[e];
      }
      out[2 * k] = sr, out[2 * k + 1] = si;
    }
  };
  return { impl: bins < n ? `naive DFT (est. from ${bins} bins)` : "naive DFT", run, perCall: n / bins };
}

function rows(name: string, n: number, fl: number, cs: Timed[], t: number[]): Row[] {
  return cs.map((c, k) => ({ case: name, n, impl: c.impl, us: t[k] * 1e6, gflops: fl / t[k] / 1e9, ratio: t[0] / t[k] }));
}

export async function runFftBench(opts: { budgetMs?: number } = {}): Promise<Row[]> {
  const budget = opts.budgetMs ?? 1500;
  const out: Row[] = [];
  for (const n of [1024, 4096, 65536, 1 << 20]) {
    const x = rand(2 * n);
    const cs = [fftjs(n, x), linc(n, x)];
    out.push(...rows("complex f64", n, flops(n), cs, timeAll(cs, n > 1e5 ? budget * 2 : budget)));
  }
  for (const n of [1000, 4095, 65537]) {
    const p2 = 2 ** Math.ceil(Math.log2(n));
    const x = rand(2 * p2);
    const cs = [naive(n, x, n > 5000 ? 16 : n), fftjs(p2, x), linc(n, x)];
    if (planFFT(n).strategy.startsWith("rader")) cs.push(bluesteinOf(n, x)); // what Rader replaced
    const t = timeAll(cs, budget);
    const r = rows(`complex f64, n not 2^k (fft.js at ${p2})`, n, flops(n), cs, t);
    r[1].gflops = flops(p2) / t[1] / 1e9; // fft.js did a size-p2 transform
    out.push(...r);
  }
  {
    const n = 65536, x = rand(n);
    const f = new FFT(n), fo = f.createComplexArray() as number[];
    const fo64 = new Float64Array(2 * n);
    const plan = planRFFT(n), yo = new Float64Array(n + 2);
    const cs: Timed[] = [
      { impl: "fft.js realTransform (typed)", run: () => f.realTransform(fo64, x) },
      { impl: "fft.js realTransform (array)", run: () => f.realTransform(fo, x) },
      { impl: `linc ${plan.strategy}`, run: () => plan.run(x, 0, yo, 0) },
    ];
    out.push(...rows("real f64 (rfft)", n, flops(n, true), cs, timeAll(cs, budget)));
  }
  {
    const n = 65536, x = rand(2 * n), x32 = Float32Array.from(x), y32 = new Float32Array(2 * n);
    const p = planFFT(n, { precision: "f32" });
    const cs = [fftjs(n, x), { impl: "linc f32", run: () => p.run(x32, 0, y32, 0) }];
    out.push(...rows("complex f32 vs fft.js f64", n, flops(n), cs, timeAll(cs, budget)));
  }
  return out;
}

export function formatRows(rs: Row[]): string {
  const head = ["case", "n", "impl", "us/transform", "GFLOP/s", "speed-up vs first row"];
  const body = rs.map((r) => [r.case, String(r.n), r.impl, r.us.toFixed(r.us < 100 ? 2 : 0), r.gflops.toFixed(2), r.ratio === undefined ? "" : r.ratio.toFixed(2) + "x"]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (c: string[]) => "| " + c.map((s, i) => s.padEnd(w[i])).join(" | ") + " |";
  return [line(head), "|" + w.map((k) => "-".repeat(k + 2)).join("|") + "|", ...body.map(line)].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runFftBench().then((rs) => console.log(formatRows(rs)));
}
