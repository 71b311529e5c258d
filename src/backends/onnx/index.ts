// The ONNX backend's public surface: compile a lowered Program to ModelProto bytes, or compile
// and run it in onnxruntime-node (what `linc compile --target onnx` and `linc run --backend onnx`
// call). The Program must be the optimiser's output for this backend:
//   compileOnnx(lowerForBackend(program, { target: "onnx", params }), { params })
// so the backend sees only kernel ops (rdft/irdft, circ_embed, window, ...) with their FFT plans
// recorded, folded spectra, and patterns such as irdft·(rdft ⊙ S) that it renders as one staged
// spectral pipeline. A source op (transpose, inv, dst, gaunt, ...) is error E0801.
import type { DType, HostArray, Program, TensorType } from "../../ir/index.js";
import { compileOnnx, type OnnxOptions } from "./lower.js";
import { runModel } from "./run.js";

export { compileOnnx, lowerProgram, type OnnxOptions } from "./lower.js";
export { createSession, runModel, hostToOrt, ortToHost } from "./run.js";
export { decodeModel } from "./proto.js";
export type { FftStrategy } from "./fft.js";
export { MAX_SPECTRAL_N } from "./spectral.js";
export { ONNX_TABLE } from "./table.js";

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
