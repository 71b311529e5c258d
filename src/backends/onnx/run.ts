// Running ONNX models in-process with onnxruntime-node, graph optimizations on ("all"), and the
// conversion of linc host arrays to and from ONNX tensors: a complex array crosses as a real
// tensor with a trailing [..., 2] axis (re, im), the layout of ONNX's DFT op.
// onnxruntime-node is an optional peer dependency, loaded on the first session (loadOrt): compiling
// a model (`linc compile --target onnx`) never loads it.
import type ort from "onnxruntime-node";
import { type HostArray, own } from "../../ir/host.js";
import type { Program } from "../../ir/program.js";
import { isComplex, type DType, type TensorType } from "../../ir/types.js";
import { loadOptional } from "../shared/optional.js";

type Ort = typeof ort;
export type OrtTensor = InstanceType<Ort["Tensor"]>;
export type Session = Awaited<ReturnType<Ort["InferenceSession"]["create"]>>;

let loaded: Ort | undefined;

/** onnxruntime-node, loaded once (E0802 naming the package when it is not installed). */
export async function loadOrt(): Promise<Ort> {
  return (loaded ??= await loadOptional("onnxruntime-node", "running an ONNX model (the onnx backend)", async () => {
    // CommonJS: Node's loader gives the exports as `default` (and named); tsx's only as named exports
    const m = (await import("onnxruntime-node")) as unknown as Ort & { default?: Ort };
    return m.default ?? m;
  }));
}

/** The loaded runtime, for the synchronous tensor conversions (a session was created first). */
const runtime = (): Ort => {
  if (!loaded) throw new Error("onnxruntime-node is not loaded yet: create a session (or await loadOrt()) first");
  return loaded;
};

/** Session options linc uses everywhere: full graph optimization, so models are checked to load under it. */
export const sessionOptions = (threads?: number): Record<string, unknown> => ({
  graphOptimizationLevel: "all",
  ...(threads ? { intraOpNumThreads: threads } : {}),
});

export async function createSession(model: Uint8Array, threads?: number): Promise<Session> {
  const ort = await loadOrt();
  // onnxruntime-node's SessionOptions type lags the options the binary accepts
  return ort.InferenceSession.create(model, sessionOptions(threads) as any);
}

/** A host array as an ONNX tensor (complex -> trailing axis of 2). */
export function hostToOrt(h: HostArray): OrtTensor {
  const dims = isComplex(h.dtype) ? [...h.shape, 2] : [...h.shape];
  const type = h.dtype === "i64" ? "int64" : h.dtype === "f32" || h.dtype === "c64" ? "float32" : "float64";
  // the typed array matches `type` by construction; ort's overloads cannot see that through the union
  return new (runtime().Tensor)(type, h.data as any, dims);
}

/** An ONNX result as a host array of `dtype` (complex dtypes drop the trailing 2 from the shape). */
export function ortToHost(t: OrtTensor, dtype: DType): HostArray {
  const dims = [...t.dims].map(Number);
  const shape = isComplex(dtype) ? dims.slice(0, -1) : dims;
  const src = t.data as Float32Array | Float64Array | BigInt64Array;
  const data =
    dtype === "i64" ? BigInt64Array.from(src as BigInt64Array)
    : dtype === "f32" || dtype === "c64" ? Float32Array.from(src as Float32Array)
    : Float64Array.from(src as Float64Array);
  return { dtype, shape, data };
}

/** Run a model once on named host arrays; `dtypes` says how to read each output back. */
export async function runModel(
  model: Uint8Array | Session,
  feeds: Record<string, HostArray>,
  dtypes: Record<string, DType>,
): Promise<Record<string, HostArray>> {
  const session = model instanceof Uint8Array ? await createSession(model) : model;
  await loadOrt();
  const ortFeeds = Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, hostToOrt(v)]));
  const out = await session.run(ortFeeds);
  const result = Object.fromEntries(Object.entries(dtypes).map(([k, dt]) => [k, ortToHost(own(out, k) as OrtTensor, dt)]));
  if (model instanceof Uint8Array) await session.release();
  return result;
}

/**
 * Positional graph names for an in-process run (`in:<i>` for the i-th input or param, `out:<i>` for
 * the i-th output; ':' is in no spec name nor in a name the graph builder makes up), so that no
 * spec name ('__proto__', ...) goes through onnxruntime's name-keyed records: `ioName` for
 * compileOnnx, and `run` feeding bindings by spec name and returning outputs by spec name.
 */
export function positionalIo(program: Program) {
  const decls = [...program.inputs, ...program.params].map((d) => d.name);
  const outs = program.outputs.map((o) => o.name);
  const ioName = (kind: "input" | "output", name: string): string => (kind === "input" ? `in:${decls.indexOf(name)}` : `out:${outs.indexOf(name)}`);
  return {
    ioName,
    async run(model: Uint8Array | Session, bindings: Record<string, HostArray>, names: readonly string[]): Promise<Record<string, HostArray>> {
      const feeds = Object.fromEntries(names.map((n) => [ioName("input", n), own(bindings, n)!]));
      const dtypes = Object.fromEntries(program.outputs.map((o, i) => [`out:${i}`, (o.node.type as TensorType).dtype]));
      const got = await runModel(model, feeds, dtypes);
      return Object.fromEntries(program.outputs.map((o, i) => [o.name, own(got, `out:${i}`)!]));
    },
  };
}
