// The wasm backend: the cpu backend's generated JavaScript kernel, with the FFT kernels it can
// render (mixed-radix complex FFTs, real FFTs of even n through the half-size complex FFT)
// replaced by WebAssembly SIMD functions of one module embedded in the kernel (kernels.ts). Every
// op built on those FFTs (dft, rdft, irdft, the DCTs, spectral and Toeplitz-like products,
// convolutions) runs them; the Walsh-Hadamard transform (wht.ts) and the butterfly product
// (bfly.ts) are wasm too; everything else runs the cpu backend's JavaScript.
//
//   compileWasm(program, { params? }) -> { load(): Promise<{ createKernel }>, moduleSource(), moduleTypings() }
// The module instantiates its wasm asynchronously (top-level await), as browsers require for
// modules over 4 KiB on the main thread; in-process it is evaluated as an async function body.
import { type HostArray, type HostData, type Program, type TensorType, bindDims, nameRecord, own, resolveShape } from "../../ir/index.js";
import { KernelCache, boundParams } from "../backend.js";
import type { ArrayRecord, CpuKernel, TypedArray } from "../cpu/index.js";

/** A wasm kernel: the cpu kernel's run, and zero-copy input and output arrays in the kernel's own WebAssembly memory (views.ts, spec/backends.md). */
export interface WasmKernel extends CpuKernel {
  views(dims?: Record<string, number>): { inputs: ArrayRecord; outputs: ArrayRecord };
}
import { type Generated, generate } from "../cpu/emit.js";
import { typings } from "../shared/typings.js";
import { WasmKernels } from "./kernels.js";

export interface WasmArtifact {
  readonly generated: Generated;
  /** Instantiates the module (once) and makes a kernel with these params. */
  createKernel(params?: Record<string, TypedArray | HostArray>): Promise<WasmKernel>;
  moduleSource(): string;
  moduleTypings(moduleFile?: string): string;
}

interface ModuleExports {
  createKernel(params?: Record<string, TypedArray>): WasmKernel;
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (body: string) => () => Promise<ModuleExports>;
const isHost = (v: TypedArray | HostArray): v is HostArray => !ArrayBuffer.isView(v) && typeof (v as HostArray).dtype === "string";

export function compileWasm(program: Program, opts: { params?: Record<string, HostArray> } = {}): WasmArtifact {
  const g = generate(program, opts.params, new WasmKernels(program.render), "wasm");
  let mod: Promise<ModuleExports> | undefined;
  return {
    generated: g,
    createKernel: async (params = {}) => {
      mod ??= new AsyncFunction(`${g.core}\nreturn { createKernel };`)();
      const plain = nameRecord<TypedArray>();
      for (const [k, v] of Object.entries(params)) plain[k] = isHost(v) ? v.data : v;
      return (await mod).createKernel(plain);
    },
    moduleSource: () => `${g.core}\nexport { inputs, params, outputs, createKernel };\n`,
    moduleTypings: (moduleFile?: string) => typings({ ...g, api: "sync" }, moduleFile),
  };
}

const kernels = new KernelCache<Promise<WasmKernel>>();

/** The kernel of `program` with these param arrays bound (made once per program and params). */
function kernelFor(program: Program, bindings: Record<string, HostArray>): Promise<WasmKernel> {
  const params = boundParams(program, bindings);
  return kernels.get(program, params, () => compileWasm(program).createKernel(Object.fromEntries(program.params.map((p, i) => [p.name, params[i]!.data]))));
}

/** Compile (cached per program and params), bind, run: the wasm backend's `run`. */
export async function runWasm(program: Program, bindings: Record<string, HostArray>): Promise<Record<string, HostArray>> {
  const dims = bindDims(program, bindings);
  const inputs: Record<string, HostData> = Object.fromEntries(program.inputs.map((i) => [i.name, own(bindings, i.name)!.data]));
  const out: ArrayRecord = (await kernelFor(program, bindings)).run(inputs as ArrayRecord, undefined, Object.fromEntries(dims));
  return Object.fromEntries(program.outputs.map((o) => {
    const t = o.node.type as TensorType;
    return [o.name, { dtype: t.dtype, shape: resolveShape(t.shape, dims), data: own(out, o.name)! }];
  }));
}
