// `linc bench SPEC --backend cpu,onnx,...`: time one run of a spec on seeded random inputs per
// backend (compilation excluded; median of repeated runs after warm-up), side by side in one
// process, with each backend's speed relative to the reference interpreter.
import type { HostArray } from "../../ir/host.js";
import { loadProgram } from "../load.js";
import { CliError } from "../report.js";
import { randomBindings } from "./demo.js";

export interface BenchOptions {
  backends: string[];
  runs: number;
  seed: number;
  dims: Map<string, number>;
}

type Timed = () => unknown | Promise<unknown>;

async function median(f: Timed, runs: number): Promise<number> {
  await f(); // warm-up (JIT, session start)
  const ts: number[] = [];
  const until = performance.now() + 10_000;
  for (let i = 0; i < runs && (i < 3 || performance.now() < until); i++) {
    const t0 = performance.now();
    await f();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)];
}

export async function bench(spec: string, opts: BenchOptions): Promise<void> {
  const program = await loadProgram(spec);
  const bindings = randomBindings(program, { seed: opts.seed, dims: opts.dims });
  const params: Record<string, HostArray> = Object.fromEntries(program.params.map((p) => [p.name, bindings[p.name]]));
  const inputs: Record<string, HostArray> = Object.fromEntries(program.inputs.map((p) => [p.name, bindings[p.name]]));
  const { lowerForBackend } = await import("../../passes/index.js");
  const rows: [string, number][] = [];
  for (const name of opts.backends) {
    let f: Timed;
    if (name === "reference") {
      const { evaluate } = await import("../../backends/reference/index.js");
      f = () => evaluate(program, bindings);
    } else if (name === "cpu") {
      const { compileCpu } = await import("../../backends/cpu/index.js");
      const kernel = compileCpu(lowerForBackend(program, { target: "cpu", params }), { params }).createKernel();
      const feed = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.data]));
      const outs = kernel.run(feed); // preallocated outputs: no allocation in the timed runs
      f = () => kernel.run(feed, outs);
    } else if (name === "onnx") {
      const onnx = await import("../../backends/onnx/index.js");
      const session = await onnx.createSession(onnx.compileOnnx(lowerForBackend(program, { target: "onnx", params }), { params }));
      const feeds = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, onnx.hostToOrt(v)]));
      f = () => session.run(feeds);
    } else throw new CliError(`linc bench supports the backends reference, cpu and onnx; got '${name}'`);
    rows.push([name, await median(f, opts.runs)]);
  }
  const ref = rows.find(([n]) => n === "reference")?.[1];
  const lines = [`${spec}: median time per run (${[...opts.dims].map(([k, v]) => `${k}=${v}`).join(", ") || "symbolic dims = 2"})`];
  for (const [name, ms] of rows) lines.push(`  ${name.padEnd(10)} ${ms.toFixed(3).padStart(10)} ms${ref && name !== "reference" ? `   ${(ref / ms).toFixed(1)}x the reference` : ""}`);
  process.stdout.write(lines.join("\n") + "\n");
}
