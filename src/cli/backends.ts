// The backends `linc run` and `linc demo` can execute a program on: a table from name to a
// loader of its runner. Every runner has one signature (async, so backends that compile or
// call into onnxruntime fit); a backend whose module is not in this build is "not available".
import { LincError } from "../ir/errors.js";
import type { HostArray } from "../ir/host.js";
import type { Program } from "../ir/program.js";
import { importOptional } from "./optional.js";
import { CliError } from "./report.js";

export type Bindings = Record<string, HostArray>;
/** Run a checked program on bound inputs and params; resolves to one array per output. */
export type Runner = (program: Program, bindings: Bindings) => Promise<Bindings>;

interface BackendEntry {
  doc: string;
  /** The runner, or undefined when the backend is not part of this build. */
  load(): Promise<Runner | undefined>;
}

/**
 * A runner exported as `exportName` from the module at `rel`, if that module exists. Compiling
 * backends get the program lowered by the optimiser for them first, with the bound params known
 * at compile time (so their spectra etc. are folded to constants).
 */
const fromModule = (rel: string, exportName: string, lowerFor?: "cpu" | "gpujs" | "onnx") => async (): Promise<Runner | undefined> => {
  const m = await importOptional<Record<string, unknown>>(rel);
  if (!m) return undefined;
  const f = m[exportName];
  if (typeof f !== "function") throw new Error(`${rel} does not export a function '${exportName}'`);
  const run = f as (p: Program, b: Bindings) => Bindings | Promise<Bindings>;
  if (!lowerFor) return async (program, bindings) => run(program, bindings);
  const { lowerForBackend } = await import("../passes/index.js");
  return async (program, bindings) => {
    const params = Object.fromEntries(program.params.filter((p) => p.name in bindings).map((p) => [p.name, bindings[p.name]]));
    return run(lowerForBackend(program, { target: lowerFor, params }), bindings);
  };
};

export const BACKENDS: Record<string, BackendEntry> = {
  reference: { doc: "float64 interpreter: the living definition", load: fromModule("../backends/reference/index.js", "runReference") },
  cpu: { doc: "generated JavaScript kernels", load: fromModule("../backends/cpu/index.js", "runCpu", "cpu") },
  gpujs: { doc: "GPU.js kernels", load: fromModule("../backends/gpujs/index.js", "runGpujs", "gpujs") },
  onnx: { doc: "ONNX model run by onnxruntime-node", load: fromModule("../backends/onnx/index.js", "runOnnx", "onnx") },
};

export const backendNames = (): string[] => Object.keys(BACKENDS);

/** The runner of a named backend; a clear error when the name is unknown or the backend absent. */
export async function getRunner(name: string): Promise<Runner> {
  const entry = BACKENDS[name];
  if (!entry) throw new CliError(`unknown backend '${name}'; choose one of ${backendNames().join(", ")}`);
  const runner = await entry.load();
  if (!runner) throw new CliError(`backend '${name}' is not available in this build`);
  return checked(name, runner);
}

/** Wrap a runner so that a backend which forgets an output is reported, not silently skipped. */
const checked = (name: string, run: Runner): Runner => async (program, bindings) => {
  const out = await run(program, bindings);
  const missing = program.outputs.filter((o) => !out[o.name]).map((o) => o.name);
  if (missing.length) throw new LincError("E0801", `backend '${name}' produced no value for output ${missing.map((m) => `'${m}'`).join(", ")}`);
  return out;
};
