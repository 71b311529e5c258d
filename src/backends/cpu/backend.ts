// The cpu backend as a `Backend`: the lowered graph compiled to a JavaScript kernel. `run` keeps
// the kernel of the last params it was given per program (the param stage runs once, so that
// repeated runs, as in `linc bench`, cost one kernel call each); `compile` gives the standalone
// ES module and its typings.
import { type HostArray, type Program, type TensorType, bindDims, own, resolveShape } from "../../ir/index.js";
import { type Backend, coverageOf } from "../backend.js";
import { type CpuKernel, compileCpu } from "./index.js";
import { CPU_TABLE } from "./table.js";

const kernels = new WeakMap<Program, { params: HostArray[]; kernel: CpuKernel }>();

/** The kernel of `program` with these param arrays bound, made once per program and params. */
function kernelFor(program: Program, bindings: Record<string, HostArray>): CpuKernel {
  const params = program.params.map((p) => own(bindings, p.name)!);
  const hit = kernels.get(program);
  if (hit && hit.params.every((a, i) => a === params[i])) return hit.kernel;
  const kernel = compileCpu(program).createKernel(Object.fromEntries(program.params.map((p, i) => [p.name, params[i]])));
  kernels.set(program, { params, kernel });
  return kernel;
}

export const cpuBackend: Backend = {
  name: "cpu",
  doc: "generated JavaScript kernels",
  target: "cpu",
  coverage: coverageOf<unknown>(CPU_TABLE),
  async run(lowered, bindings) {
    const dims = bindDims(lowered, bindings);
    const inputs = Object.fromEntries(lowered.inputs.map((i) => [i.name, own(bindings, i.name)!.data]));
    const out = kernelFor(lowered, bindings).run(inputs, undefined, Object.fromEntries(dims));
    return Object.fromEntries(lowered.outputs.map((o) => {
      const t = o.node.type as TensorType;
      return [o.name, { dtype: t.dtype, shape: resolveShape(t.shape, dims), data: own(out, o.name)! }];
    }));
  },
  compile(lowered, opts = {}) {
    const art = compileCpu(lowered, { params: opts.params });
    return { text: art.moduleSource(), extra: { ".d.ts": art.moduleTypings() }, ext: ".mjs" };
  },
};
