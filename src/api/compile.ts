// compile(source, { target }): a standalone artefact from the compile of the backend the target
// names (js: the cpu backend's ES module and its typings; gpujs: an ES module over gpu.js; onnx:
// model bytes; any backend added to the registry with a `compile`). Params given are bound at
// compile time (embedded, and what depends only on them folded); the others stay arguments of
// createKernel, or ONNX graph inputs with paramsAsInputs.
import type { CompileOptions as BackendCompileOptions } from "../backends/index.js";
import { LincError } from "../ir/errors.js";
import type { HostArray } from "../ir/host.js";
import { type FftRoute, FFT_ROUTES } from "../ir/fftplan.js";
import { checkDeclared, checkGiven } from "./arrays.js";
import { compilingBackend, lowerFor } from "./backends.js";
import { type Spec, programOf } from "./source.js";
import { type Wisdom, usableWisdom } from "./wisdom.js";

export const OPSETS = [17, 20] as const;
export { FFT_ROUTES as FFT_STRATEGIES } from "../ir/fftplan.js";

export interface CompileOptions {
  /** "js" (default), "gpujs", "onnx", or any other backend of the registry that compiles. */
  target?: string;
  /** Params bound at compile time, by name (the others stay arguments of the kernel). */
  params?: Record<string, HostArray>;
  /** ONNX opset: 17 (default) or 20. */
  opset?: (typeof OPSETS)[number];
  /** ONNX FFT lowering: "auto" (default: the planner's choice), "dft", "matmul" or "fourstep". */
  fft?: FftRoute;
  /** ONNX: unbound params become graph inputs instead of being required. */
  paramsAsInputs?: boolean;
  /** Name of the spec in diagnostics (default "spec.linc"). */
  file?: string;
  /** The file name the module will be saved as (default kernel.<ext>): its typings' header names it. */
  moduleFile?: string;
  /** Measured FFT plans (`linc tune`: the wisdom object or its JSON text); ignored with a warning when measured elsewhere. */
  wisdom?: Wisdom | string;
  /** The work budget of constant folding at compile time (estimated operations; default 2^32): above it, E0604 before anything is evaluated (spec/limits.md). */
  foldBudget?: number;
}

export interface Compiled {
  /** The compile target as asked ("js", "onnx", ...) and the backend that compiled it. */
  target: string;
  backend: string;
  /** The module's text (js, gpujs) or the model's bytes (onnx): exactly one is set. */
  text?: string;
  bytes?: Uint8Array;
  /** TypeScript declarations of the module, when the target has them (js). */
  typings?: string;
  /** The main file's usual extension: ".mjs", ".onnx". */
  ext: string;
  /** Extra files beside the main one, by suffix (the typings are `typings`, not here). */
  extra: Record<string, string>;
  /** Warnings (a wisdom measured on another machine, ignored). */
  warnings: string[];
}

// File names as strings (no node:path, so the playground page can use these as they are).
const basename = (file: string) => file.slice(Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")) + 1);
/** ".mjs" for "dir/kernel.mjs"; "" for a name without an extension (or a dot file such as ".env"). */
function extname(file: string): string {
  const name = basename(file), dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot) : "";
}

/** The typings' file for a module file: kernel.d.mts beside kernel.mjs, kernel.d.ts beside kernel.js (what TypeScript looks for). */
export function typingsFile(moduleFile: string): string {
  const ext = extname(moduleFile);
  const stem = moduleFile.slice(0, moduleFile.length - ext.length);
  return stem + (ext === ".mjs" ? ".d.mts" : ext === ".cjs" ? ".d.cts" : ".d.ts");
}

/** The files to write for an artefact saved as `main`: the artefact, its typings, its extra files. */
export function artifactFiles(c: Compiled, main: string): [string, string | Uint8Array][] {
  const stem = main.slice(0, main.length - extname(main).length);
  return [
    [main, c.text ?? c.bytes ?? ""],
    ...(c.typings !== undefined ? [[typingsFile(main), c.typings] as [string, string]] : []),
    ...Object.entries(c.extra).map(([suffix, text]): [string, string] => [stem + suffix, text]),
  ];
}

function checkOptions(opts: CompileOptions): void {
  if (opts.opset !== undefined && !(OPSETS as readonly unknown[]).includes(opts.opset)) throw new LincError("E0205", `opset must be ${OPSETS.join(" or ")}, got ${opts.opset}`);
  if (opts.fft !== undefined && !(FFT_ROUTES as readonly unknown[]).includes(opts.fft))
    throw new LincError("E0205", `fft must be one of ${FFT_ROUTES.join(", ")}, got '${opts.fft}'`);
}

/** Compile a spec; DiagnosticsError when the spec has errors, LincError for bad options or params. */
export async function compile(source: Spec, opts: CompileOptions = {}): Promise<Compiled> {
  const target = opts.target ?? "js";
  const backend = await compilingBackend(target); // names and options before any work
  checkOptions(opts);
  const program = await programOf(source, { file: opts.file });
  const params = checkDeclared(program, checkGiven(program, opts.params, "param"));
  const warnings: string[] = [];
  // the FFT route is a choice of the onnx schedule (the planner records it; the renderer renders codelets by it)
  const route = backend.target === "onnx" ? opts.fft : undefined;
  const lowered = await lowerFor(backend, program, params, await usableWisdom(opts.wisdom, (w) => warnings.push(w)), opts.foldBudget, route);
  // the ONNX options travel with the params; other backends do not read them
  const options: BackendCompileOptions & Record<string, unknown> = {
    params, opset: opts.opset, fft: opts.fft, paramsAsInputs: opts.paramsAsInputs,
    moduleFile: opts.moduleFile === undefined ? undefined : basename(opts.moduleFile),
  };
  const art = backend.compile(lowered, options);
  const { ".d.ts": typings, ...extra } = art.extra ?? {};
  return { target, backend: backend.name, text: art.text, bytes: art.bytes, typings, ext: art.ext, extra, warnings };
}
