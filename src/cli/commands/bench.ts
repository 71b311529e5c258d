// `linc bench SPEC --backend cpu,onnx,...`: time one run of a spec on seeded random inputs per
// backend (lowering and compilation excluded: the program is lowered once, and each backend keeps
// its compiled kernel or session between runs; median of repeated runs after warm-up), side by
// side in one process, with each backend's speed relative to the reference interpreter.
import { backendNamed, lowerFor, runLowered } from "../backends.js";
import { loadProgram } from "../load.js";
import { randomBindings } from "./demo.js";

export interface BenchOptions {
  backends: string[];
  runs: number;
  seed: number;
  dims: Map<string, number>;
}

type Timed = () => unknown | Promise<unknown>;

async function median(f: Timed, runs: number): Promise<number> {
  await f(); // warm-up (compile, JIT, session start)
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
  const backends = await Promise.all(opts.backends.map(backendNamed)); // every name checked before any timing
  const rows: [string, number][] = [];
  for (const backend of backends) {
    const lowered = await lowerFor(backend, program, bindings);
    rows.push([backend.name, await median(() => runLowered(backend, lowered, bindings), opts.runs)]);
  }
  const ref = rows.find(([n]) => n === "reference")?.[1];
  const lines = [`${spec}: median time per run (${[...opts.dims].map(([k, v]) => `${k}=${v}`).join(", ") || "symbolic dims = 2"})`];
  for (const [name, ms] of rows) lines.push(`  ${name.padEnd(10)} ${ms.toFixed(3).padStart(10)} ms${ref && name !== "reference" ? `   ${(ref / ms).toFixed(1)}x the reference` : ""}`);
  process.stdout.write(lines.join("\n") + "\n");
}
