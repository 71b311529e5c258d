// The onnx backend as a `Backend`: the lowered graph as an ONNX model, run by onnxruntime-node.
// Bound params become initializers (or graph inputs with `paramsAsInputs`). `run` keeps the
// session of the last params it was given per program, so repeated runs (`linc bench`) cost one
// session call each; `compile` gives the model bytes.
import { type HostArray, type Program, checkPermutations, optionError } from "../../ir/index.js";
import { type Backend, type CompileOptions, KernelCache, boundParams, coverageOf } from "../backend.js";
import { type OnnxOptions, compileOnnx, createSession, positionalIo } from "./index.js";
import { ONNX_TABLE } from "./table.js";
import { runStages } from "./stageapply.js";

type Session = Awaited<ReturnType<typeof createSession>>;

/** `compile`'s options: the ONNX ones (opset, FFT strategy, params as graph inputs) besides the params. */
export type OnnxCompileOptions = CompileOptions & Omit<OnnxOptions, "params">;

const sessions = new KernelCache<{ session: Promise<Session>; io: ReturnType<typeof positionalIo> }>();

/** The session (graph names positional: see positionalIo) of the last params given for `program`. */
function sessionFor(program: Program, bindings: Record<string, HostArray>): { session: Promise<Session>; io: ReturnType<typeof positionalIo> } {
  const params = boundParams(program, bindings);
  return sessions.get(program, params, () => {
    const bound = Object.fromEntries(program.params.flatMap((p, i) => (params[i] ? [[p.name, params[i]]] : [])));
    const io = positionalIo(program);
    return { session: createSession(compileOnnx(program, { params: bound, ioName: io.ioName })), io };
  });
}

/** A model carries params as initializers: every param must be bound unless they become inputs (E0704). */
function checkBound(program: Program, opts: OnnxCompileOptions): void {
  const unbound = program.params.filter((p) => opts.params === undefined || !Object.hasOwn(opts.params, p.name)).map((p) => p.name);
  if (unbound.length && !opts.paramsAsInputs)
    throw optionError("E0704", `an ONNX model carries its params as initializers: bind ${unbound.map((n) => `'${n}'`).join(", ")} with {params}, or set {paramsAsInputs} to make them graph inputs`);
}

export const onnxBackend: Backend = {
  name: "onnx",
  doc: "ONNX model run by onnxruntime-node",
  target: "onnx",
  coverage: coverageOf<unknown>(ONNX_TABLE),
  async run(lowered, bindings) {
    if (!lowered.outputs.length) return {}; // nothing to compute, as on every other backend (onnxruntime loads no model without outputs)
    checkPermutations(lowered, bindings); // E0603 before onnxruntime gathers out of range (uncoded) or from duplicates
    const { session, io } = sessionFor(lowered, bindings);
    return io.run(await session, bindings, lowered.inputs.map((d) => d.name));
  },
  runStages,
  compile(lowered, opts: OnnxCompileOptions = {}) {
    checkBound(lowered, opts);
    return { bytes: compileOnnx(lowered, opts), ext: ".onnx" };
  },
};
