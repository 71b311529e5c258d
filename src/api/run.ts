// run(source, { backend, inputs, params }): lower the spec for a backend of the registry (params
// given here known at compile time) and run it: one HostArray per output, by name.
import { LincError } from "../ir/errors.js";
import { bindDims } from "../ir/bind.js";
import { type HostArray, own } from "../ir/host.js";
import { checkGiven } from "./arrays.js";
import { backendNamed, lowerFor } from "./backends.js";
import { type Spec, programOf } from "./source.js";
import { type Wisdom, usableWisdom } from "./wisdom.js";

export interface RunOptions {
  /** A backend of the registry: "reference" (default), "cpu", "gpujs", "onnx", ... */
  backend?: string;
  /** Every input, by name. */
  inputs?: Record<string, HostArray>;
  /** Every param, by name. */
  params?: Record<string, HostArray>;
  /** Name of the spec in diagnostics (default "spec.linc"). */
  file?: string;
  /** Measured FFT plans (`linc tune`: the wisdom object or its JSON text); ignored with a warning when measured elsewhere. */
  wisdom?: Wisdom | string;
  /** Where warnings go (a wisdom ignored); default process.emitWarning. */
  onWarning?: (message: string) => void;
  /** The work budget of constant folding at compile time (estimated operations; default 2^32): above it, E0604 before anything is evaluated (spec/limits.md). */
  foldBudget?: number;
}

/** Run a spec once; E0704/E0703/E0705 for missing, mismatched or unknown arrays. */
export async function run(source: Spec, opts: RunOptions = {}): Promise<Record<string, HostArray>> {
  const backend = await backendNamed(opts.backend ?? "reference");
  const wisdom = await usableWisdom(opts.wisdom, opts.onWarning ?? ((m) => process.emitWarning(m, "LincWarning"))); // options before any work
  const program = await programOf(source, { file: opts.file });
  const bindings = { ...checkGiven(program, opts.inputs, "input"), ...checkGiven(program, opts.params, "param") };
  bindDims(program, bindings); // every one given, dtypes and shapes as declared (E0704, E0703)
  const lowered = await lowerFor(backend, program, checkGiven(program, opts.params, "param"), wisdom, opts.foldBudget);
  const out = await backend.run(lowered, bindings);
  const missing = lowered.outputs.filter((o) => !own(out, o.name)).map((o) => `'${o.name}'`);
  if (missing.length) throw new LincError("E0801", `backend '${backend.name}' produced no value for output ${missing.join(", ")}`);
  return Object.fromEntries(lowered.outputs.map((o) => [o.name, own(out, o.name)!]));
}
