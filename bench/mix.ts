// Per-mode channel mixing (modemix) benchmarks, side by side in one process: the cpu kernel (the
// wasm backend runs the same JavaScript loop nest) against onnxruntime-node running linc's model
// of the same spec (Unsqueeze, broadcast Mul, ReduceSum) with 1 and 2 threads, at the layer sizes
// of issue 19, batch 8, c64:
//   FNO SpectralConv2d's corner: X [8, 32, 12, 12], W [32, 32, 12, 12] (one of its two blocks);
//   AFNO2D's block MLP layer on the rfft2 modes of [8, 32, 32, 256] (8 blocks of 32 channels):
//   X [8, 32, 8, 32, 17] (channel, block, frequencies), W [32, 32, 8, 1, 1], shared over frequencies.
// Run: node --import tsx bench/mix.ts
import { pathToFileURL } from "node:url";
import { compileCpu } from "../src/backends/cpu/index.js";
import { compileOnnx, createSession, hostToOrt, loadOrt } from "../src/backends/onnx/index.js";
import { parseProgram } from "../src/dsl/index.js";
import type { HostArray } from "../src/ir/index.js";
import { lowerForBackend } from "../src/passes/index.js";

const rand = (n: number, seed = 1) => {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1);
};
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];

async function times(f: () => unknown, runs = 21): Promise<number> {
  for (let i = 0; i < 3; i++) await f();
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

const CASES = [
  { name: "FNO corner block", x: [8, 32, 12, 12], w: [32, 32, 12, 12] },
  { name: "AFNO block MLP (shared over modes)", x: [8, 32, 8, 32, 17], w: [32, 32, 8, 1, 1] },
];

export async function runMixBench(): Promise<string> {
  await loadOrt();
  const lines = ["| case | complex MACs | cpu / wasm ms | onnx 1 thread ms | onnx 2 threads ms | cpu vs onnx 1 thread |", "|---|---|---|---|---|---|"];
  for (const c of CASES) {
    const src = `input x: c64[batch, ${c.x.slice(1).join(", ")}]\ninput w: c64[${c.w.join(", ")}]\noutput y = modemix(x, w)\n`;
    const p = parseProgram(src, "mix.linc");
    const x: HostArray = { dtype: "c64", shape: c.x, data: rand(2 * c.x.reduce((a, b) => a * b, 1), 3) };
    const w: HostArray = { dtype: "c64", shape: c.w, data: rand(2 * c.w.reduce((a, b) => a * b, 1), 5) };
    const k = compileCpu(lowerForBackend(p, { target: "cpu" })).createKernel();
    const cpu = await times(() => k.run({ x: x.data as Float32Array, w: w.data as Float32Array }, undefined, { batch: c.x[0] }));
    const model = compileOnnx(lowerForBackend(p, { target: "onnx" }));
    const feeds = { x: hostToOrt(x), w: hostToOrt(w) };
    const ort: number[] = [];
    for (const threads of [1, 2]) {
      const s = await createSession(model, threads);
      ort.push(await times(() => s.run(feeds as never)));
      await s.release();
    }
    const modes = c.x.slice(2).map((d, i) => Math.max(d, c.w[2 + i]));
    const macs = c.x[0] * c.w[0] * c.w[1] * modes.reduce((a, b) => a * b, 1);
    lines.push(`| ${c.name} x${JSON.stringify(c.x)} w${JSON.stringify(c.w)} | ${(macs / 1e6).toFixed(1)}M | ${cpu.toFixed(2)} | ${ort[0].toFixed(2)} | ${ort[1].toFixed(2)} | ${(ort[0] / cpu).toFixed(2)}x |`);
  }
  return lines.join("\n") + "\n(median of 21 runs after 3 warm-ups; cpu: the generated JavaScript kernel, which the wasm backend also runs for modemix)";
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) console.log(await runMixBench());
