// The CPU backend: a lowered Program compiled to a JavaScript kernel, run in-process (the
// generated text instantiated with `new Function`) or emitted as a standalone ES module with
// typings (module.ts). Both run the very same text.
//
//   compileCpu(program, { params? }) -> { createKernel(params?), moduleSource(), moduleTypings() }
//   createKernel(params?)            -> { run(inputs, outputs?, dims?) }  (records of typed arrays)
//   runCpu(program, bindings)        -> outputs as host arrays (shapes solved from the bindings)
import { type HostArray, type HostData, type Program, type TensorType, bindDims, nameRecord, own, resolveShape } from "../../ir/index.js";
import { KernelCache, boundParams } from "../backend.js";
import { type ArrayInfo, generate } from "./emit.js";
import { typings } from "../shared/typings.js";

export type TypedArray = Float64Array | Float32Array | BigInt64Array;
export type ArrayRecord = Record<string, TypedArray>;

export interface CpuKernel {
  /** Runs the kernel; `outputs` may hold preallocated arrays, `dims` sizes of symbolic dimensions. */
  run(inputs: ArrayRecord, outputs?: ArrayRecord, dims?: Record<string, number>): ArrayRecord;
}

export interface CpuArtifact {
  inputs: ArrayInfo[];
  params: ArrayInfo[];
  outputs: ArrayInfo[];
  /** Runs the param stage with these params (typed arrays or host arrays); compile-time params are defaults. */
  createKernel(params?: Record<string, TypedArray | HostArray>): CpuKernel;
  /** The kernel as a standalone ES module (exports inputs, params, outputs, createKernel). */
  moduleSource(): string;
  /** TypeScript declarations of that module (kernel.d.ts). */
  moduleTypings(moduleFile?: string): string;
}

export interface CpuOptions {
  /** Params bound at compile time (embedded in the module; createKernel may still override them). */
  params?: Record<string, HostArray>;
}

interface ModuleExports {
  createKernel(params?: Record<string, TypedArray>): CpuKernel;
}

const isHost = (v: TypedArray | HostArray): v is HostArray => !ArrayBuffer.isView(v) && typeof (v as HostArray).dtype === "string";

export function compileCpu(program: Program, opts: CpuOptions = {}): CpuArtifact {
  const g = generate(program, opts.params);
  let mod: ModuleExports | undefined;
  const load = () => (mod ??= new Function(`${g.core}\nreturn { createKernel };`)() as ModuleExports);
  return {
    inputs: g.inputs,
    params: g.params,
    outputs: g.outputs,
    createKernel: (params = {}) => {
      // anything but an object goes to the module as given, which refuses it as the emitted module does
      if (params === null || typeof params !== "object") return load().createKernel(params);
      const plain = nameRecord<TypedArray>(); // `plain[k] = v` must define '__proto__' too
      for (const [k, v] of Object.entries(params)) plain[k] = isHost(v) ? v.data : v;
      return load().createKernel(plain);
    },
    moduleSource: () => `${g.core}\nexport { inputs, params, outputs, createKernel };\n`,
    moduleTypings: (moduleFile?: string) => typings({ ...g, api: "sync" }, moduleFile),
  };
}

const kernels = new KernelCache<CpuKernel>();

/** The kernel of `program` with these param arrays bound (made once per program and params). */
function kernelFor(program: Program, bindings: Record<string, HostArray>): CpuKernel {
  const params = boundParams(program, bindings);
  return kernels.get(program, params, () => compileCpu(program).createKernel(Object.fromEntries(program.params.map((p, i) => [p.name, params[i]!.data]))));
}

/** Compile (cached per program and params), bind, run: the cpu backend's `run`. */
export async function runCpu(program: Program, bindings: Record<string, HostArray>): Promise<Record<string, HostArray>> {
  const dims = bindDims(program, bindings);
  const inputs: Record<string, HostData> = Object.fromEntries(program.inputs.map((i) => [i.name, own(bindings, i.name)!.data]));
  const out = kernelFor(program, bindings).run(inputs, undefined, Object.fromEntries(dims));
  return Object.fromEntries(program.outputs.map((o) => {
    const t = o.node.type as TensorType;
    return [o.name, { dtype: t.dtype, shape: resolveShape(t.shape, dims), data: own(out, o.name)! }];
  }));
}

export { emitModule } from "./module.js";
export type { ArrayInfo } from "./emit.js";
