// ONNX backend benchmarks, side by side in one process (onnxruntime-node, graph optimizations
// "all", the same intraOpNumThreads for every model, median of >= 15 runs after warm-up):
//   complex FFT, n = 1024 and 4096, batch 64, f32: linc's model (its stage program: Stockham passes
//   as MatMuls) vs ONNX's DFT op;
//   causal conv, n = 16384, batch 8, f32: the optimiser's FFT-lowered model (real-input halving,
//   folded filter spectrum) vs a dense Toeplitz MatMul;
//   model sizes (FFT-lowered models hold no O(n^2) tensor).
// Every model goes through the path the CLI takes: parse, lowerForBackend(target "onnx"), compileOnnx.
// Run: node --import tsx bench/onnx.ts   (LINC_BENCH_THREADS=k to pin the thread count)
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import "../src/ir/index.js";
import { parseProgram } from "../src/dsl/index.js";
import { LincError, type HostArray, type Program } from "../src/ir/index.js";
import { lowerForBackend } from "../src/passes/index.js";
import { compileOnnx, createSession, decodeModel, hostToOrt, loadOrt, type OnnxOptions } from "../src/backends/onnx/index.js";
import { GraphBuilder } from "../src/backends/onnx/graph.js";

export interface BenchRow {
  name: string;
  variant: string;
  /** Median milliseconds per run. */
  ms: number;
  /** Baseline ms / this ms (on the linc row of each pair). */
  ratio?: number;
  /** Model bytes (the dense baseline counts its matrix). */
  bytes: number;
  /** Elements in the largest initializer. */
  largest: number;
}

const THREADS = Number(process.env.LINC_BENCH_THREADS) || Math.min(8, availableParallelism());
const RUNS = 21;

/** What the CLI does: the optimiser's kernel graph, params bound (unbound if the reference refuses to fold them). */
function lowered(p: Program, params: Record<string, HostArray> = {}, fft?: OnnxOptions["fft"]): Program {
  try {
    return lowerForBackend(p, { target: "onnx", params, fft });
  } catch (e) {
    if (e instanceof LincError && e.code === "E0602") return lowerForBackend(p, { target: "onnx" });
    throw e;
  }
}

async function samples(model: Uint8Array, feeds: Record<string, unknown>, runs: number): Promise<number[]> {
  const s = await createSession(model, THREADS);
  for (let i = 0; i < 3; i++) await s.run(feeds as never);
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await s.run(feeds as never);
    ts.push(performance.now() - t);
  }
  await s.release();
  return ts;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

const largestOf = (m: Uint8Array) => Math.max(0, ...decodeModel(m).graph.initializer.map((t) => t.dims.reduce((a, b) => a * Number(b), 1)));
const rand = (n: number, seed = 1) => {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1);
};

/** Time two models in alternating rounds (so drifting machine load hits both alike); medians of all runs. */
async function pair(a: Uint8Array, fa: Record<string, unknown>, b: Uint8Array, fb: Record<string, unknown>): Promise<[number, number]> {
  const ra: number[] = [], rb: number[] = [];
  for (let round = 0; round < 3; round++) {
    ra.push(...(await samples(a, fa, RUNS / 3)));
    rb.push(...(await samples(b, fb, RUNS / 3)));
  }
  return [median(ra), median(rb)];
}

export async function runOnnxBench(): Promise<BenchRow[]> {
  await loadOrt(); // hostToOrt below needs the runtime loaded
  const rows: BenchRow[] = [];
  for (const n of [1024, 4096]) {
    const batch = 64, name = `complex FFT n=${n} batch ${batch} f32`;
    const prog = parseProgram(`input x: c64[batch, ${n}]\noutput y = dft(${n}) @ x\n`, `fft${n}.linc`);
    const x = hostToOrt({ dtype: "c64", shape: [batch, n], data: rand(2 * batch * n) });
    // the FFT route is the schedule's: each model lowered with its own
    const models = (["dft", "auto"] as OnnxOptions["fft"][]).map((fft) => compileOnnx(lowered(prog, {}, fft), { fft }));
    const [base, ours] = await pair(models[0], { x }, models[1], { x });
    rows.push({ name, variant: "ONNX DFT op", ms: base, bytes: models[0].length, largest: largestOf(models[0]) });
    rows.push({ name, variant: "linc Stockham MatMul passes", ms: ours, ratio: base / ours, bytes: models[1].length, largest: largestOf(models[1]) });
  }
  {
    const n = 16384, batch = 8, name = `causal conv n=${n} batch ${batch} f32`;
    const h = rand(n, 7).map((v, i) => v * Math.exp(-i / 2000));
    const src = `input x: f32[batch, ${n}]\nparam h: f32[${n}]\nT = toeplitz(h, zeros(${n}))\noutput y = T @ x\n`;
    const hv: HostArray = { dtype: "f32", shape: [n], data: h };
    const model = compileOnnx(lowered(parseProgram(src, "causal.linc"), { h: hv }), { params: { h: hv } });
    const x = hostToOrt({ dtype: "f32", shape: [batch, n], data: rand(batch * n, 3) });
    // dense baseline: y = x @ T^T, T^T fed as an input (a 1 GiB initializer does not fit a protobuf)
    const g = new GraphBuilder();
    g.input("x", "f32", ["batch", n]);
    g.input("Tt", "f32", [n, n]);
    g.output(g.op1("MatMul", ["x", "Tt"]), "f32", ["batch", n]);
    const dense = g.toModel({ opset: 17 });
    const Tt = new Float32Array(n * n);
    for (let j = 0; j < n; j++) for (let i = j; i < n; i++) Tt[j * n + i] = h[i - j];
    const [base, ours] = await pair(dense, { x, Tt: hostToOrt({ dtype: "f32", shape: [n, n], data: Tt }) }, model, { x });
    rows.push({ name, variant: "dense Toeplitz MatMul", ms: base, bytes: dense.length + Tt.byteLength, largest: n * n });
    rows.push({ name, variant: "linc FFT-lowered (rdft/irdft, folded spectrum)", ms: ours, ratio: base / ours, bytes: model.length, largest: largestOf(model) });
  }
  return rows;
}

export function formatRows(rows: BenchRow[]): string {
  const head = `| case | variant | median ms | speedup | model bytes | largest initializer |\n|---|---|---|---|---|---|`;
  const body = rows.map((r) => `| ${r.name} | ${r.variant} | ${r.ms.toFixed(2)} | ${r.ratio ? r.ratio.toFixed(1) + "x" : ""} | ${r.bytes} | ${r.largest} |`);
  return [head, ...body, `(onnxruntime-node, graphOptimizationLevel "all", intraOpNumThreads ${THREADS}, median of ${RUNS}+ runs)`].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) console.log(formatRows(await runOnnxBench()));
