// The three published layers (examples/fno_spectral_conv2d, s4d_layer, afno2d) at the examples'
// sizes, batch 8, float32: linc's cpu and wasm kernels and onnxruntime-node running linc's model,
// side by side with PyTorch CPU running the layers' original formulas (bench/peers/torch_layers.py)
// with 1 and 2 threads. Rounds alternate between the contenders (one call each per round, PyTorch
// through a timing server that stays up); medians, min-max spread, and each time's ratio to
// PyTorch with 1 thread (> 1: faster than PyTorch).
//   node --import binaryen --import tsx --expose-gc bench/layers.ts [fno] [s4d] [afno]
// PyTorch rows are left out, with a note, where /usr/bin/python3 (or python3) has no torch
// (Debian: apt-get install python3-torch).
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compileCpu } from "../src/backends/cpu/index.js";
import { getBackend } from "../src/backends/index.js";
import { loadBinaryen } from "../src/backends/wasm/binaryen.js";
import { compileWasm } from "../src/backends/wasm/index.js";
import { parseProgram } from "../src/dsl/index.js";
import type { HostArray, Program, TensorType } from "../src/ir/index.js";
import { rng } from "../src/ir/math/random.js";
import { lowerForBackend } from "../src/passes/index.js";

const LAYERS = { fno: "fno_spectral_conv2d", s4d: "s4d_layer", afno: "afno2d" } as const;
type Layer = keyof typeof LAYERS;
const BATCH = 8, ROUNDS = 7;

/** Random data for every input and param at batch 8 (float32; timing does not depend on values). */
function bindingsOf(p: Program): Record<string, HostArray> {
  const r = rng(1), out: Record<string, HostArray> = {};
  for (const d of [...p.inputs, ...p.params]) {
    const t = d.node.type as TensorType, shape = t.shape.map((s) => (typeof s === "number" ? s : BATCH));
    const len = shape.reduce((a, b) => a * b, 1) * (t.dtype === "c64" ? 2 : 1);
    // small values: exp(log_dt) and the AFNO weights stay in their trained ranges
    out[d.name] = { dtype: t.dtype, shape, data: Float32Array.from({ length: len }, () => 0.05 * (2 * r.next() - 1)) };
  }
  return out;
}

type Contender = { impl: string; run: () => Promise<number> };

/** One call, timed, in ms. */
const timed = (f: () => unknown) => async () => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};

async function lincContenders(layer: Layer): Promise<Contender[]> {
  const src = readFileSync(fileURLToPath(new URL(`../examples/${LAYERS[layer]}.linc`, import.meta.url)), "utf8");
  const p = parseProgram(src, `examples/${LAYERS[layer]}.linc`), b = bindingsOf(p);
  const params = Object.fromEntries(p.params.map((d) => [d.name, b[d.name].data as Float32Array]));
  const inputs = Object.fromEntries(p.inputs.map((d) => [d.name, b[d.name].data as Float32Array]));
  const out: Contender[] = [];
  const cpu = compileCpu(lowerForBackend(p, { target: "cpu" })).createKernel(params);
  out.push({ impl: "linc cpu", run: timed(() => cpu.run(inputs)) });
  const wasm = await compileWasm(lowerForBackend(p, { target: "wasm" })).createKernel(params);
  out.push({ impl: "linc wasm", run: timed(() => wasm.run(inputs)) });
  try {
    const onnx = await getBackend("onnx"), lowered = lowerForBackend(p, { target: "onnx", params: Object.fromEntries(p.params.map((d) => [d.name, b[d.name]])) });
    await onnx.run(lowered, b);
    out.push({ impl: "onnxruntime-node (linc's model)", run: timed(() => onnx.run(lowered, b)) });
  } catch (e) {
    console.log(`note: no onnx row for ${layer}: ${(e as Error).message}`);
  }
  return out;
}

/** The PyTorch timing server, or undefined (with the reason) where no python has torch. */
function torchServer(): { server?: ChildProcessWithoutNullStreams; why?: string } {
  const python = ["/usr/bin/python3", "python3"].find((py) => spawnSync(py, ["-c", "import torch"]).status === 0);
  if (!python) return { why: "no python3 with torch (Debian: apt-get install python3-torch)" };
  return { server: spawn(python, [fileURLToPath(new URL("./peers/torch_layers.py", import.meta.url))]) };
}

function torchContenders(server: ChildProcessWithoutNullStreams, layer: Layer): Contender[] {
  const lines = createInterface({ input: server.stdout })[Symbol.asyncIterator]();
  const ask = async (threads: number): Promise<number> => {
    server.stdin.write(JSON.stringify({ layer, batch: BATCH, threads, dtype: "f32", reps: 1 }) + "\n");
    const { value, done } = await lines.next();
    if (done) throw new Error("bench/layers.ts: the PyTorch timing server stopped");
    return JSON.parse(value).ms[0];
  };
  return [1, 2].map((threads) => ({ impl: `PyTorch CPU, ${threads} thread${threads > 1 ? "s" : ""}`, run: () => ask(threads) }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function main(): Promise<void> {
  const pick = process.argv.slice(2) as Layer[];
  const bad = pick.filter((l) => !(l in LAYERS));
  if (bad.length) throw new Error(`bench/layers.ts: unknown layer ${bad.join(", ")} (have ${Object.keys(LAYERS).join(", ")})`);
  await loadBinaryen();
  const { server, why } = torchServer();
  if (why) console.log(`note: PyTorch rows left out: ${why}`);
  const rows: string[][] = [];
  for (const layer of pick.length ? pick : (Object.keys(LAYERS) as Layer[])) {
    const cs = [...(server ? torchContenders(server, layer) : []), ...(await lincContenders(layer))];
    for (const c of cs) await c.run(); // warm-up: compilation, first tier-up, sessions
    const samples = cs.map(() => [] as number[]);
    for (let r = 0; r < ROUNDS; r++) for (const [k, c] of cs.entries()) samples[k].push(await c.run());
    const base = server ? median(samples[0]) : undefined;
    cs.forEach((c, k) => {
      const m = median(samples[k]);
      rows.push([`${layer} batch ${BATCH} f32`, c.impl, m.toFixed(1), `${Math.min(...samples[k]).toFixed(1)}-${Math.max(...samples[k]).toFixed(1)}`, base ? (base / m).toFixed(2) + "x" : ""]);
    });
  }
  server?.stdin.end();
  const head = ["layer", "impl", "ms (median)", "spread (min-max)", "vs PyTorch 1 thread"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (c: string[]) => "| " + c.map((s, i) => s.padEnd(w[i])).join(" | ") + " |";
  console.log([line(head), "|" + w.map((k) => "-".repeat(k + 2)).join("|") + "|", ...rows.map(line)].join("\n"));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
