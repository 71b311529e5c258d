// The ONNX backend's public surface: compile a Program to ModelProto bytes, or compile and run
// it in onnxruntime-node (what `linc compile --target onnx` and `linc run --backend onnx` call).
// The Program is the optimiser's output: the caller (the CLI) runs
//   compileOnnx(lowerForBackend(program, { target: "onnx", params }), { params })
// so the backend sees the kernel op set (rdft/irdft, circ_embed, window, ...), folded spectra,
// and patterns such as irdft·(rdft ⊙ S) that it renders as one staged spectral pipeline. A
// high-level Program is accepted too (structured operators keep their own lowerings here).
import type { DType, HostArray, Program, TensorType } from "../../ir/index.js";
import { compileOnnx, type OnnxOptions } from "./lower.js";
import { runModel } from "./run.js";

export { compileOnnx, lowerProgram, type OnnxOptions } from "./lower.js";
export { createSession, runModel, hostToOrt, ortToHost } from "./run.js";
export { decodeModel } from "./proto.js";
export type { FftStrategy } from "./fft.js";
export { chooseRadices, MAX_RADIX, DENSE_PRIME_LIMIT } from "./stages.js";
export { MAX_SPECTRAL_N } from "./spectral.js";

/**
 * Compile with the bound params as initializers (unless `paramsAsInputs`) and run on the bound
 * inputs; returns one host array per output, in the output's declared dtype.
 */
export async function runOnnx(program: Program, bindings: Record<string, HostArray>, opts: OnnxOptions = {}): Promise<Record<string, HostArray>> {
  const params: Record<string, HostArray> = {};
  for (const p of program.params) if (p.name in bindings) params[p.name] = bindings[p.name];
  const model = compileOnnx(program, { ...opts, params: { ...params, ...opts.params } });
  const feeds: Record<string, HostArray> = {};
  for (const d of program.inputs) feeds[d.name] = bindings[d.name];
  if (opts.paramsAsInputs) for (const p of program.params) feeds[p.name] = bindings[p.name];
  const dtypes: Record<string, DType> = {};
  for (const o of program.outputs) dtypes[o.name] = (o.node.type as TensorType).dtype;
  return runModel(model, feeds, dtypes);
}
