// The ONNX backend's public surface: compile a lowered Program to ModelProto bytes, or compile
// and run it in onnxruntime-node (what `linc compile --target onnx` and `linc run --backend onnx`
// call). The Program must be the optimiser's output for this backend:
//   compileOnnx(lowerForBackend(program, { target: "onnx", params }), { params })
// so the backend sees only kernel ops (rdft/irdft, circ_embed, window, ...) with their FFT plans and
// stage programs recorded (the ops in the onnx schedule's stageOps render those: stagerender.ts), folded spectra, and patterns such as irdft·(rdft ⊙ S) that it renders as one staged
// spectral pipeline. A source op (transpose, inv, dst, gaunt, ...) is error E0801.
import { type HostArray, type Program, own } from "../../ir/index.js";
import { compileOnnx, type OnnxOptions } from "./lower.js";
import { positionalIo } from "./run.js";

export { compileOnnx, lowerProgram, type OnnxOptions } from "./lower.js";
export { createSession, loadOrt, runModel, positionalIo, hostToOrt, ortToHost } from "./run.js";
export { decodeModel } from "./proto.js";
export { MAX_SPECTRAL_N } from "./spectral.js";
export { ONNX_TABLE } from "./table.js";

/**
 * Compile with the bound params as initializers (unless `paramsAsInputs`) and run on the bound
 * inputs; returns one host array per output, in the output's declared dtype.
 */
export async function runOnnx(program: Program, bindings: Record<string, HostArray>, opts: OnnxOptions = {}): Promise<Record<string, HostArray>> {
  if (!program.outputs.length) return {}; // nothing to compute, as on every other backend (no model: onnxruntime loads none without outputs)
  const bound = program.params.filter((p) => Object.hasOwn(bindings, p.name) || (opts.params !== undefined && Object.hasOwn(opts.params, p.name)));
  // own entries only ({ ...o } copies a '__proto__' key as an own property too)
  const params = Object.fromEntries(bound.map((p) => [p.name, own(opts.params, p.name) ?? own(bindings, p.name)!]));
  const io = positionalIo(program);
  const model = compileOnnx(program, { ...opts, params, ioName: io.ioName });
  const fed = [...program.inputs, ...(opts.paramsAsInputs ? program.params : [])].map((d) => d.name);
  return io.run(model, bindings, fed);
}
