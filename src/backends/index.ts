// The backends, by name: one lazy loader each, so that onnxruntime-node and gpu.js load only when
// their backend is first used. Every consumer (the command line, the playground, the tests, a
// library API) picks a backend here and runs it the same way:
//   const b = await getBackend("onnx");
//   const lowered = lowerForBackend(program, { target: b.target, params });   // src/passes
//   const out = await b.run(lowered, bindings);   or   b.compile?.(lowered, { params })
import { LincError } from "../ir/errors.js";
import { type Target, TARGETS } from "../ir/program.js"; // these two alone: `linc --help` lists the names without loading the IR
import { didYouMean } from "../ir/suggest.js";
import type { Backend } from "./backend.js";

export type { Artifact, Backend, CompileOptions } from "./backend.js";

export const BACKENDS: Record<Target, () => Promise<Backend>> = {
  reference: async () => (await import("./reference/backend.js")).referenceBackend,
  cpu: async () => (await import("./cpu/backend.js")).cpuBackend,
  gpujs: async () => (await import("./gpujs/backend.js")).gpujsBackend,
  onnx: async () => (await import("./onnx/backend.js")).onnxBackend,
  wasm: async () => {
    await (await import("./wasm/binaryen.js")).loadBinaryen();
    return (await import("./wasm/backend.js")).wasmBackend;
  },
};

/** The backend names, in the order the docs and `linc demo` list them. */
export const BACKEND_NAMES: readonly Target[] = TARGETS;

/**
 * The backends that compile to a standalone artefact (those whose Backend has `compile`), as a
 * static fact so that `linc compile --help` lists them without loading a backend (binaryen alone
 * takes a second); test/api checks it against the loaded backends.
 */
export const COMPILING: readonly Target[] = ["cpu", "gpujs", "onnx", "wasm"];

/** Compile targets that are not backend names: `js` is the cpu backend's ES module. */
export const TARGET_ALIASES: Readonly<Record<string, Target>> = { js: "cpu" };

/** A backend's name as a compile target (`js` for cpu). */
export const targetName = (name: Target): string => Object.keys(TARGET_ALIASES).find((a) => TARGET_ALIASES[a] === name) ?? name;

/** The compile targets, in the registry's order: `js`, `gpujs`, `onnx`, `wasm`. */
export const COMPILE_TARGETS: readonly string[] = BACKEND_NAMES.filter((n) => COMPILING.includes(n)).map(targetName);

export const isBackendName = (name: string): name is Target => (BACKEND_NAMES as readonly string[]).includes(name);

/** The named backend, loaded; E0801 naming the valid ones when there is no such backend. */
export async function getBackend(name: string): Promise<Backend> {
  if (!isBackendName(name)) throw new LincError("E0801", unknownBackend(name));
  return BACKENDS[name]();
}

/** Names people try for a backend (compile's target names, runtimes, devices). */
const BACKEND_ALIASES: Readonly<Record<string, Target>> = { js: "cpu", javascript: "cpu", ref: "reference", ort: "onnx", onnxruntime: "onnx", gpu: "gpujs", webgl: "gpujs" };

export const unknownBackend = (name: string): string => {
  const hint = Object.hasOwn(BACKEND_ALIASES, name.toLowerCase()) ? `; did you mean '${BACKEND_ALIASES[name.toLowerCase()]}'?` : didYouMean(name, BACKEND_NAMES);
  return `unknown backend '${name}'; choose one of ${BACKEND_NAMES.join(", ")}${hint}`;
};
