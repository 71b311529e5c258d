// `linc compile SPEC --target js|gpujs|onnx -o OUT`: a standalone artefact. js: an ES module
// (kernel.mjs + kernel.d.ts) with no dependency on linc; gpujs: an ES module over gpu.js;
// onnx: a model file. Params given with --param are bound at compile time (embedded, and
// everything that depends only on them folded); the others stay arguments of createKernel or
// initializers-to-be (graph inputs with --params-as-inputs). Files are written atomically.
import { LincError } from "../../ir/errors.js";
import type { HostArray } from "../../ir/host.js";
import { type Given, checkArrays, checkNames } from "../bindings.js";
import { writeAtomic } from "../files.js";
import { loadProgram } from "../load.js";
import { readNpy } from "../npy.js";
import { CliError } from "../report.js";

export interface CompileOptions {
  target: string;
  output: string;
  given: Given[];
  opset?: number;
  fft?: string;
  paramsAsInputs?: boolean;
}

const TARGETS = ["js", "gpujs", "onnx"];

export async function compile(spec: string, opts: CompileOptions): Promise<void> {
  if (!TARGETS.includes(opts.target)) throw new CliError(`unknown target '${opts.target}'; choose one of ${TARGETS.join(", ")}`);
  const program = await loadProgram(spec);
  if (opts.given.some((g) => g.kind !== "param")) throw new CliError("compile binds params only (--param NAME=FILE.npy)");
  checkNames(program, opts.given, { partial: true });
  const params: Record<string, HostArray> = {};
  for (const g of opts.given) params[g.name] = readNpy(g.file);
  checkArrays(program, params, (n) => opts.given.find((g) => g.name === n)!.file, { partial: true });
  const { lowerForBackend } = await import("../../passes/index.js");
  const backend = opts.target === "js" ? "cpu" : (opts.target as "gpujs" | "onnx");
  const lowered = lowerForBackend(program, { target: backend, params });
  let written: string[];
  if (opts.target === "js") {
    const { emitModule } = await import("../../backends/cpu/index.js");
    const r = await emitModule(lowered, opts.output, { params });
    written = [r.modulePath, r.typingsPath];
  } else if (opts.target === "onnx") {
    if (opts.opset !== undefined && opts.opset !== 17 && opts.opset !== 20) throw new CliError(`--opset must be 17 or 20, got ${opts.opset}`);
    const unbound = program.params.filter((p) => !(p.name in params)).map((p) => p.name);
    if (unbound.length && !opts.paramsAsInputs)
      throw new LincError("E0704", `an ONNX model carries its params as initializers: bind ${unbound.map((n) => `'${n}'`).join(", ")} with --param NAME=FILE.npy, or pass --params-as-inputs to make them graph inputs`);
    const { compileOnnx } = await import("../../backends/onnx/index.js");
    const bytes = compileOnnx(lowered, { opset: (opts.opset ?? 17) as 17 | 20, fft: opts.fft as any, paramsAsInputs: opts.paramsAsInputs, params });
    writeAtomic(opts.output, bytes);
    written = [opts.output];
  } else {
    const { emitGpujsModule } = await import("../../backends/gpujs/module.js");
    emitGpujsModule(lowered, opts.output, { params });
    written = [opts.output];
  }
  process.stdout.write(written.map((f) => `wrote ${f}\n`).join(""));
}
