// `linc compile SPEC --target js|gpujs|onnx -o OUT`: the library's compile (src/api/compile.ts)
// written to files (js: the cpu backend's ES module, with kernel.d.mts beside kernel.mjs and no
// dependency on linc; gpujs: an ES module over gpu.js; onnx: a model file). Params given with
// --param are bound at compile time; the others stay arguments of createKernel, or graph inputs
// (--params-as-inputs). OUT is the file, or a directory to write kernel.<ext> in. Files are
// written atomically.
import { mkdirSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { LincError } from "../../ir/errors.js";
import type { HostArray } from "../../ir/host.js";
import { type Given, checkArrays, checkNames } from "../bindings.js";
import { writeAllAtomic } from "../files.js";
import { asUsage, loadProgram } from "../load.js";
import { readNpy, readNpyHeader } from "../npy.js";
import { CliError } from "../report.js";

export interface CompileOptions {
  target: string;
  output: string;
  given: Given[];
  opset?: number;
  fft?: string;
  paramsAsInputs?: boolean;
  /** A wisdom file (`linc tune`). */
  wisdom?: string;
  /** Constant folding's work budget (--fold-budget). */
  foldBudget?: number;
}

export async function compile(spec: string, opts: CompileOptions): Promise<void> {
  const api = await import("../../api/compile.js");
  const { compilingBackend } = await import("../../api/backends.js");
  await asUsage(compilingBackend(opts.target)); // the target and flags before any work
  if (opts.opset !== undefined && !(api.OPSETS as readonly number[]).includes(opts.opset)) throw new CliError(`--opset must be ${api.OPSETS.join(" or ")}, got ${opts.opset}`);
  if (opts.fft !== undefined && !(api.FFT_STRATEGIES as readonly string[]).includes(opts.fft)) throw new CliError(`--fft must be one of ${api.FFT_STRATEGIES.join(", ")}, got '${opts.fft}'`);
  const program = await loadProgram(spec);
  if (opts.given.some((g) => g.kind !== "param")) throw new CliError("compile binds params only (--param NAME=FILE.npy)");
  checkNames(program, opts.given, { partial: true });
  // every file's header against its declaration first (E0703), and only then any data
  const label = (n: string) => opts.given.find((g) => g.name === n)!.file;
  checkArrays(program, Object.fromEntries(opts.given.map((g) => [g.name, readNpyHeader(g.file)])), label, { partial: true });
  const params: Record<string, HostArray> = Object.fromEntries(opts.given.map((g) => [g.name, readNpy(g.file)]));
  const wisdom = await (await import("../wisdom.js")).readWisdom(opts.wisdom); // warned on stderr when ignored
  const art = await api.compile(program, {
    target: opts.target, params, opset: opts.opset as 17 | 20 | undefined, fft: opts.fft as (typeof api.FFT_STRATEGIES)[number] | undefined,
    paramsAsInputs: opts.paramsAsInputs, wisdom, foldBudget: opts.foldBudget, moduleFile: extname(opts.output) ? opts.output : undefined,
  });
  const main = extname(opts.output) ? opts.output : join(opts.output, `kernel${art.ext}`);
  const files = api.artifactFiles(art, main);
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
