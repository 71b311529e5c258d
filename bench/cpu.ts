// CPU backend benchmarks, measured side by side in one process (ratios, not absolute times):
// structured kernels against the dense JavaScript products they replace, the peak RSS of a
// causal convolution of length 2^20 (its emitted module run by plain Node in a child), and the
// warm compile time of every example spec. Run: node --import tsx bench/cpu.ts
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compileCpu, emitModule } from "../src/backends/cpu/index.js";
import { parseProgram } from "../src/dsl/index.js";
import type { HostArray, Program } from "../src/ir/index.js";
import { lowerForBackend } from "../src/passes/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const rand = (n: number, seed = 1) => {
  let s = seed;
  return Float64Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
};
const host = (dtype: "f64", shape: number[], data: Float64Array): HostArray => ({ dtype, shape, data });

/** Median seconds per call of f, after warm-up, over at least `minTime` seconds. */
function time(f: () => void, minTime = 0.3): number {
  for (let i = 0; i < 3; i++) f();
  const ts: number[] = [];
  const t0 = performance.now();
  while (performance.now() - t0 < minTime * 1000 || ts.length < 5) {
    const t = performance.now();
    f();
    ts.push((performance.now() - t) / 1000);
  }
  return ts.sort((a, b) => a - b)[ts.length >> 1];
}

// params are bound at kernel creation (the param stage computes e.g. the filter spectrum), not
// folded at compile time: the passes' folding evaluates through the reference interpreter
function kernelFor(src: string, params: Record<string, HostArray>) {
  const p = lowerForBackend(parseProgram(src, "bench.linc"), { target: "cpu" });
  return compileCpu(p).createKernel(params);
}

export interface BenchRow { name: string; linc: number; baseline: number; ratio: number; target: number }

function causalConv(n: number): BenchRow {
  const h = rand(n, 2), x = rand(n, 3), y = new Float64Array(n);
  const k = kernelFor(`input x: f64[${n}]\nparam h: f64[${n}]\noutput y = toeplitz(h, zeros(${n})) @ x`, { h: host("f64", [n], h) });
  const out = { y: new Float64Array(n) };
  const linc = time(() => k.run({ x }, out));
  // the dense product with the lower-triangular Toeplitz matrix, row by row
  const baseline = time(() => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s += h[i - j] * x[j];
      y[i] = s;
    }
  });
  let err = 0;
  for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(y[i] - out.y[i]));
  if (err > 1e-8 * n) throw new Error(`causal conv disagrees with the dense product: ${err}`);
  return { name: `causal conv n=${n} vs dense JS matvec`, linc, baseline, ratio: baseline / linc, target: 50 };
}

function denseMatvec(W: Float64Array, x: Float64Array, y: Float64Array, n: number) {
  for (let i = 0; i < n; i++) {
    let s = 0;
    const r = i * n;
    for (let j = 0; j < n; j++) s += W[r + j] * x[j];
    y[i] = s;
  }
}

function kron64(): BenchRow {
  const m = 64, n = m * m;
  const A = rand(m * m, 4), B = rand(m * m, 5), x = rand(n, 6);
  const k = kernelFor(`input x: f64[${n}]\nparam A: f64[${m}, ${m}]\nparam B: f64[${m}, ${m}]\noutput y = kron(dense(A), dense(B)) @ x`, {
    A: host("f64", [m, m], A), B: host("f64", [m, m], B),
  });
  const W = new Float64Array(n * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) for (let p = 0; p < m; p++) for (let q = 0; q < m; q++) W[(i * m + p) * n + j * m + q] = A[i * m + j] * B[p * m + q];
  const out = { y: new Float64Array(n) }, y = new Float64Array(n);
  const linc = time(() => k.run({ x }, out));
  const baseline = time(() => denseMatvec(W, x, y, n));
  return { name: "kron(dense 64x64, dense 64x64) vs materialised dense", linc, baseline, ratio: baseline / linc, target: 20 };
}

function butterfly4096(): BenchRow {
  const n = 4096, L = 12;
  const w = rand(L * n * 2, 7), x = rand(n, 8);
  const k = kernelFor(`input x: f64[${n}]\nparam w: f64[${L}, ${n / 2}, 2, 2]\noutput y = butterfly(w) @ x`, { w: host("f64", [L, n / 2, 2, 2], w) });
  const W = rand(n * n, 9), y = new Float64Array(n), out = { y: new Float64Array(n) };
  const linc = time(() => k.run({ x }, out));
  const baseline = time(() => denseMatvec(W, x, y, n));
  return { name: "butterfly n=4096 vs dense matvec", linc, baseline, ratio: baseline / linc, target: 50 };
}

/**
 * Peak RSS (MB) of a causal convolution of length 2^20 as an app runs it: the emitted module
 * imported by plain Node in a child process (so neither linc nor tsx is in the number).
 */
async function convRss(): Promise<{ rss: number; baseline: number }> {
  const n = 1 << 20;
  const dir = mkdtempSync(join(tmpdir(), "linc-bench-"));
  try {
    const p = lowerForBackend(parseProgram(`input x: f64[${n}]\nparam h: f64[${n}]\noutput y = toeplitz(h, zeros(${n})) @ x`, "conv.linc"), { target: "cpu" });
    const { modulePath } = await emitModule(p, dir);
    const script = (run: boolean) => `
      const m = await import(${JSON.stringify(pathToFileURL(modulePath).href)});
      if (${run}) {
        const n = ${n}, h = new Float64Array(n), x = new Float64Array(n);
        for (let i = 0; i < n; i++) { h[i] = Math.exp(-i / 1000); x[i] = Math.sin(i); }
        m.createKernel({ h }).run({ x });
      }
      console.log(process.resourceUsage().maxRSS / 1024);`;
    const measure = (run: boolean) => Number(execFileSync(process.execPath, ["--input-type=module", "-e", script(run)], { encoding: "utf8" }).trim());
    return { rss: measure(true), baseline: measure(false) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Warm compile time (parse + lower + codegen + instantiate) of every example spec, ms. */
function compileTimes(): { file: string; ms: number }[] {
  const dir = join(here, "../examples");
  return readdirSync(dir).filter((f) => f.endsWith(".linc")).map((f) => {
    const src = readFileSync(join(dir, f), "utf8");
    const compile = () => {
      const p: Program = lowerForBackend(parseProgram(src, f), { target: "cpu" });
      compileCpu(p).createKernel;
      (compileCpu(p) as { moduleSource(): string }).moduleSource();
    };
    try {
      return { file: f, ms: time(compile, 0.2) * 1000 };
    } catch (e) {
      return { file: `${f} (${(e as Error).message.split("\n")[0]})`, ms: NaN };
    }
  });
}

export async function runCpuBench(): Promise<{ rows: BenchRow[]; rssMB: number; compile: { file: string; ms: number }[] }> {
  const rows = [causalConv(16384), kron64(), butterfly4096()];
  for (const r of rows)
    console.log(`${r.name}: linc ${(r.linc * 1e3).toFixed(3)} ms, baseline ${(r.baseline * 1e3).toFixed(2)} ms, ratio ${r.ratio.toFixed(1)}x (target >= ${r.target}x) ${r.ratio >= r.target ? "ok" : "BELOW TARGET"}`);
  const { rss: rssMB, baseline } = await convRss();
  console.log(`peak RSS, causal conv n=2^20 (emitted module in plain node): ${rssMB.toFixed(0)} MB (node alone ${baseline.toFixed(0)} MB; target < 300) ${rssMB < 300 ? "ok" : "ABOVE TARGET"}`);
  const compile = compileTimes();
  for (const c of compile) console.log(`compile ${c.file}: ${c.ms.toFixed(1)} ms warm (target < 200) ${c.ms < 200 ? "ok" : ""}`);
  return { rows, rssMB, compile };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runCpuBench();
