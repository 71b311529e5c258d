// The CPU backend: a lowered Program compiled to a JavaScript kernel, run in-process (the
// generated text instantiated with `new Function`) or emitted as a standalone ES module with
// typings (module.ts). Both run the very same text.
//
//   compileCpu(program, { params? }) -> { createKernel(params?), moduleSource(), moduleTypings() }
//   createKernel(params?)            -> { run(inputs, outputs?, dims?) }  (records of typed arrays)
//   runCpu(program, bindings)        -> outputs as host arrays (shapes solved from the bindings)
import { type HostArray, type HostData, type Program, type TensorType, fail, hostLength } from "../../ir/index.js";
import { type ArrayInfo, generate } from "./emit.js";
import { typings } from "./typings.js";

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
  moduleTypings(): string;
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
      const plain: Record<string, TypedArray> = {};
      for (const [k, v] of Object.entries(params)) plain[k] = isHost(v) ? v.data : v;
      return load().createKernel(plain);
    },
    moduleSource: () => `${g.core}\nexport { inputs, params, outputs, createKernel };\n`,
    moduleTypings: () => typings(g),
  };
}

const cache = new WeakMap<Program, CpuArtifact>();

/** Checks bindings against the declarations (E0704 / E0703) and solves symbolic dimensions. */
export function bindDims(program: Program, bindings: Record<string, HostArray>): Map<string, number> {
  const dims = new Map<string, number>();
  const decls = [...program.inputs, ...program.params];
  const missing = decls.filter((d) => !(d.name in bindings)).map((d) => `'${d.name}'`);
  if (missing.length) fail("E0704", `missing value${missing.length > 1 ? "s" : ""} for ${missing.join(", ")}`);
  for (const d of decls) {
    const h = bindings[d.name], t = d.node.type as TensorType;
    if (h.dtype !== t.dtype) fail("E0703", `'${d.name}' is declared ${t.dtype} but the array is ${h.dtype}`);
    if (h.shape.length !== t.shape.length) fail("E0703", `'${d.name}' is declared with ${t.shape.length} axes but the array has shape [${h.shape.join(", ")}]`);
    t.shape.forEach((dim, i) => {
      const got = h.shape[i];
      if (typeof dim === "number") {
        if (got !== dim) fail("E0703", `'${d.name}' axis ${i} must have length ${dim}, got ${got}`);
      } else {
        const prev = dims.get(dim);
        if (prev !== undefined && prev !== got) fail("E0703", `symbolic dimension '${dim}' is ${prev} elsewhere but ${got} in '${d.name}'`);
        dims.set(dim, got);
      }
    });
    if (h.data.length !== hostLength(h.dtype, h.shape)) fail("E0703", `'${d.name}' has ${h.data.length} numbers for shape [${h.shape.join(", ")}]`);
  }
  return dims;
}

/** Compile (cached per program), bind, run: the `linc run --backend cpu` entry point. */
export async function runCpu(program: Program, bindings: Record<string, HostArray>): Promise<Record<string, HostArray>> {
  const dims = bindDims(program, bindings);
  let art = cache.get(program);
  if (!art) cache.set(program, (art = compileCpu(program)));
  const params: Record<string, HostData> = {};
  for (const p of program.params) params[p.name] = bindings[p.name].data;
  const inputs: Record<string, HostData> = {};
  for (const i of program.inputs) inputs[i.name] = bindings[i.name].data;
  const out = art.createKernel(params).run(inputs, undefined, Object.fromEntries(dims));
  const result: Record<string, HostArray> = {};
  for (const o of program.outputs) {
    const t = o.node.type as TensorType;
    const shape = t.shape.map((d) => (typeof d === "number" ? d : dims.get(d) ?? fail("E0305", `symbolic dimension '${d}' is not bound`)));
    result[o.name] = { dtype: t.dtype, shape, data: out[o.name] };
  }
  return result;
}

export { emitModule } from "./module.js";
export type { ArrayInfo } from "./emit.js";
