// gpujs backend benchmarks, side by side in one process: FFT n = 4096 and 65536 (batch 16) and
// a causal convolution, GPU.js kernels (Node: 'webasm' and 'cpu' modes, no GPU) against the cpu
// backend's generated JavaScript, as ratios. In Node GPU.js has no GPU (headless-gl is not
// built), so these rows measure its CPU fallbacks; the GPU numbers come from the playground
// (WebGL2 / WebGPU in a browser), whose table puts gpujs and cpu timings side by side.
// Run: node --import tsx bench/gpujs.ts
import { pathToFileURL } from "node:url";
import { compileCpu } from "../src/backends/cpu/index.js";
import { type GpujsMode, compileGpujs } from "../src/backends/gpujs/index.js";
import { parseProgram } from "../src/dsl/index.js";
import type { HostArray } from "../src/ir/index.js";
import { lowerForBackend } from "../src/passes/index.js";

const rand = (n: number, seed = 1) => {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
};

/** Median ms per call after one warm-up, over at least `minMs` (and at least 3 calls). */
async function time(f: () => unknown, minMs = 1500): Promise<number> {
  await f();
  const ts: number[] = [];
  const t0 = performance.now();
  while (performance.now() - t0 < minMs || ts.length < 3) {
    const t = performance.now();
    await f();
    ts.push(performance.now() - t);
  }
  return ts.sort((a, b) => a - b)[ts.length >> 1];
}

export interface GpujsBenchRow { name: string; mode: string; gpujsMs: number; cpuMs: number; ratio: number; maxDiff: number }

async function row(name: string, src: string, inputs: Record<string, Float32Array>, params: Record<string, HostArray>, mode: GpujsMode): Promise<GpujsBenchRow> {
  const p = parseProgram(src, "bench.linc");
  const gk = await compileGpujs(lowerForBackend(p, { target: "gpujs" })).createKernel(params, { mode });
  const ck = compileCpu(lowerForBackend(p, { target: "cpu" })).createKernel(params);
  const g = await gk.run(inputs), c = ck.run(inputs);
  let maxDiff = 0, scale = 1;
  for (const k of Object.keys(c)) for (let i = 0; i < c[k].length; i++) (maxDiff = Math.max(maxDiff, Math.abs(Number(g[k][i]) - Number(c[k][i])))), (scale = Math.max(scale, Math.abs(Number(c[k][i]))));
  const gpujsMs = await time(() => gk.run(inputs));
  const cpuMs = await time(() => ck.run(inputs));
  gk.destroy();
  return { name, mode: gk.mode, gpujsMs, cpuMs, ratio: cpuMs / gpujsMs, maxDiff: maxDiff / scale };
}

export async function runGpujsBench(modes: GpujsMode[] = ["webasm", "cpu"]): Promise<GpujsBenchRow[]> {
  const rows: GpujsBenchRow[] = [];
  const B = 16;
  for (const mode of modes) {
    for (const n of [4096, 65536]) {
      const x = rand(2 * B * n, n);
      rows.push(await row(`fft c64 n=${n} batch=${B}`, `input x: c64[batch, ${n}]\noutput y = dft(${n}) @ x\n`, { x }, {}, mode));
    }
    const n = 4096;
    rows.push(await row(`causal conv f32 n=${n} batch=${B}`, `input x: f32[batch, ${n}]\nparam h: f32[${n}]\noutput y = toeplitz(h, zeros(${n})) @ x\n`, { x: rand(B * n, 5) }, { h: { dtype: "f32", shape: [n], data: rand(n, 6) } }, mode));
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const rows = await runGpujsBench();
  console.log("gpujs backend vs cpu backend (Node; ratio = cpu time / gpujs time, > 1 means gpujs is faster)");
  for (const r of rows)
    console.log(`${r.name.padEnd(34)} gpujs[${r.mode.padEnd(6)}] ${r.gpujsMs.toFixed(2).padStart(9)} ms   cpu ${r.cpuMs.toFixed(2).padStart(8)} ms   ratio ${r.ratio.toFixed(3)}   max rel diff ${r.maxDiff.toExponential(1)}`);
  console.log("note: no GPU in Node (GPU.js runs its webasm / cpu fallbacks; headless-gl is not built). For real-GPU numbers run");
  console.log("      the playground (node scripts/serve-playground.mjs) in a browser with WebGL2/WebGPU: it times gpujs and cpu side by side.");
}
