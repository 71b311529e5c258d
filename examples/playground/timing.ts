// The timed runs: GPU.js (the chosen mode; the mode it ended up in is reported) and the cpu
// backend's generated JS, each timed on its first call (compiling, uploading) and then STEADY_RUNS
// more times, the steady figure being their median (with the min and max beside it).
// The kernels are made here from the backends directly, not through the library API: the API's
// run() has no GPU.js mode nor launch limit, and compiles on every call, where a timing needs
// one kernel called again and again.
import { compileCpu } from "../../src/backends/cpu/index.js";
import { compileGpujs, type GpujsMode } from "../../src/backends/gpujs/index.js";
import type { HostArray, Program } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";

export const STEADY_RUNS = 9;

export interface Timing {
  first: number;
  median: number;
  min: number;
  max: number;
  samples: number[];
}

type Outputs = Record<string, ArrayLike<number>>;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Time `call` once (first) and `runs` more times; the first call's result is returned. */
async function timed(call: () => Promise<Outputs> | Outputs, setup = 0, runs = STEADY_RUNS): Promise<{ out: Outputs; timing: Timing }> {
  let t0 = performance.now();
  const out = await call();
  const first = setup + performance.now() - t0;
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    t0 = performance.now();
    await call();
    samples.push(performance.now() - t0);
  }
  const xs = samples.length ? samples : [first]; // no steady runs asked for: the first call is all there is
  return { out, timing: { first, median: median(xs), min: Math.min(...xs), max: Math.max(...xs), samples } };
}

export interface Runs {
  mode: string;
  gpujs: Outputs;
  cpu: Outputs;
  gpujsTiming: Timing;
  cpuTiming: Timing;
}

export interface RunOptions {
  mode: GpujsMode;
  /** GPU.js launches longer than this many floats are split (the gpujs module's option). */
  maxLaunch?: number;
  /** Steady runs after the first (default STEADY_RUNS). */
  runs?: number;
}

/** Run `p` on GPU.js (`mode`) and on the cpu backend with the same params and inputs. */
export async function runBoth(p: Program, params: Record<string, HostArray>, inputs: Record<string, HostArray["data"]>, opts: RunOptions, say: (s: string) => void): Promise<Runs> {
  const { mode, maxLaunch, runs = STEADY_RUNS } = opts;
  say(`running on GPU.js (${mode})…`);
  let t0 = performance.now();
  const gk = await compileGpujs(lowerForBackend(p, { target: "gpujs" })).createKernel(params, { mode, maxLaunch });
  let g: { out: Outputs; timing: Timing };
  try {
    g = await timed(() => gk.run(inputs) as Promise<Outputs>, performance.now() - t0, runs);
  } finally {
    gk.destroy();
  }
  say("running on the cpu backend…");
  t0 = performance.now();
  const ck = compileCpu(lowerForBackend(p, { target: "cpu" })).createKernel(params);
  const c = await timed(() => ck.run(inputs) as Outputs, performance.now() - t0, runs);
  return { mode: gk.mode, gpujs: g.out, cpu: c.out, gpujsTiming: g.timing, cpuTiming: c.timing };
}
