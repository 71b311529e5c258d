// `linc compile SPEC --target js|gpujs|onnx -o OUT`: a standalone artefact, from the compile of
// the backend the target names (js: the cpu backend's ES module, with kernel.d.ts beside it and
// no dependency on linc; gpujs: an ES module over gpu.js; onnx: a model file). Params given with
// --param are bound at compile time (embedded, and everything that depends only on them
// folded); the others stay arguments of createKernel, or graph inputs (--params-as-inputs).
// OUT is the file, or a directory to write kernel.<ext> in. Files are written atomically.
import { mkdirSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { BACKENDS, type Backend, BACKEND_NAMES, type CompileOptions as BackendCompileOptions } from "../../backends/index.js";
import { LincError } from "../../ir/errors.js";
import type { HostArray } from "../../ir/host.js";
import type { Target } from "../../ir/program.js";
import { type Given, checkArrays, checkNames } from "../bindings.js";
import { backendNamed, lowerFor } from "../backends.js";
import { writeAllAtomic } from "../files.js";
import { loadProgram } from "../load.js";
import { readNpy, readNpyHeader } from "../npy.js";
import { CliError } from "../report.js";

export interface CompileOptions {
  target: string;
  output: string;
  given: Given[];
  opset?: number;
  fft?: string;
  paramsAsInputs?: boolean;
}

/** `--target js` is the cpu backend's artefact, a JavaScript module; other targets are backend names. */
const ALIASES: Readonly<Record<string, Target>> = { js: "cpu" };
const shownName = (b: Backend) => Object.keys(ALIASES).find((a) => ALIASES[a] === b.name) ?? b.name;

type Compiling = Backend & Required<Pick<Backend, "compile">>;
const compiles = (b: Backend | undefined): b is Compiling => b?.compile !== undefined;

/** The backend a target names, if it compiles; else a usage error listing those that do. */
async function compilingBackend(target: string): Promise<Compiling> {
  const name = ALIASES[target] ?? target;
  const backend = (BACKEND_NAMES as readonly string[]).includes(name) ? await backendNamed(name) : undefined;
  if (compiles(backend)) return backend;
  const loaded = await Promise.all(BACKEND_NAMES.map((n) => BACKENDS[n]().catch(() => undefined))); // a backend that fails to load is not offered
  const compiling = loaded.filter(compiles).map(shownName);
  throw new CliError(`unknown target '${target}'; choose one of ${compiling.join(", ")}`);
}

export async function compile(spec: string, opts: CompileOptions): Promise<void> {
  const backend = await compilingBackend(opts.target);
  if (opts.opset !== undefined && opts.opset !== 17 && opts.opset !== 20) throw new CliError(`--opset must be 17 or 20, got ${opts.opset}`);
  const program = await loadProgram(spec);
  if (opts.given.some((g) => g.kind !== "param")) throw new CliError("compile binds params only (--param NAME=FILE.npy)");
  checkNames(program, opts.given, { partial: true });
  // every file's header against its declaration first (E0703), and only then any data
  const label = (n: string) => opts.given.find((g) => g.name === n)!.file;
  checkArrays(program, Object.fromEntries(opts.given.map((g) => [g.name, readNpyHeader(g.file)])), label, { partial: true });
  const params: Record<string, HostArray> = Object.fromEntries(opts.given.map((g) => [g.name, readNpy(g.file)]));
  const lowered = await lowerFor(backend, program, params);
  // the ONNX flags travel with the params; backends other than onnx do not read them
  const options: BackendCompileOptions & Record<string, unknown> = { params, opset: opts.opset, fft: opts.fft, paramsAsInputs: opts.paramsAsInputs };
  const art = backend.compile(lowered, options);
  const main = extname(opts.output) ? opts.output : join(opts.output, `kernel${art.ext}`);
  const stem = join(dirname(main), basename(main, extname(main)));
  const files: [string, string | Uint8Array][] = [[main, art.text ?? art.bytes ?? ""], ...Object.entries(art.extra ?? {}).map(([suffix, text]): [string, string] => [stem + suffix, text])];
  makeDir(dirname(main));
  writeAllAtomic(files); // all or nothing: a module is never left without its typings
  process.stdout.write(files.map(([f]) => `wrote ${f}\n`).join(""));
}

function makeDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new LincError("E0706", `cannot create ${dir}: ${(e as Error).message}`);
  }
}
