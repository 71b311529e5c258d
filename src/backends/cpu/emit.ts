// The cpu code generator: a lowered Program in, the JavaScript text of a standalone kernel out.
// Nodes known before the run (consts and params, with concrete shapes: `staging` in src/ir)
// form the param stage, run once in createKernel (a fixed filter's spectrum, say); the rest
// form the run stage, straight-line calls over buffers allocated per batch size. Every op is
// rendered by its entry in the cpu op table (table.ts), checked up front.
import { type HostArray, type Node, type Program, staging, toposort } from "../../ir/index.js";
import { checkSupported } from "../backend.js";
import { BufferPlan, type OutputPlaces } from "./buffers.js";
import { type KernelHooks, Gen, ctorOf, kindOf, mulE, tensorTypeOf, width } from "./gen.js";
import { emitRunFunction } from "./run.js";
import { CPU_TABLE } from "./table.js";
import { Walker, kernelTensor, tensorRuleOf } from "./walk.js";

export interface ArrayInfo {
  name: string;
  dtype: string;
  shape: (number | string)[];
}

export interface Generated {
  /** Module body without exports; defines inputs, params, outputs, createKernel. */
  core: string;
  inputs: ArrayInfo[];
  params: ArrayInfo[];
  outputs: ArrayInfo[];
  /** Params that have a compile-time value (optional at createKernel). */
  bound: string[];
  /** Declarations of the kernel's methods besides run (the hooks'), inside the typings' `interface Kernel`. */
  methodTypings?: readonly string[];
}

const info = (name: string, n: Node): ArrayInfo => {
  const t = tensorTypeOf(n);
  return { name, dtype: t.dtype, shape: [...t.shape] };
};

/** `kernels`: what a backend built on this generator passes in (KernelHooks); `backend` the name errors and the header give. */
export function generate(program: Program, bound: Record<string, HostArray> = {}, kernels?: KernelHooks, backend = "cpu"): Generated {
  const roots = program.outputs.map((o) => o.node);
  const order = toposort(roots);
  checkSupported(backend, CPU_TABLE, order);
  const gen = new Gen(kernels, backend);
  const stages = staging(roots, new Set(Object.keys(bound)));
  const outputs = outputPlaces(program, gen, (n) => stages.get(n) === "run");
  const walk = new Walker(gen, bound, stages, new BufferPlan(gen, order, roots, outputs, Walker.inPlace));
  for (const n of order) walk.emit(n);
  const descriptors = {
    inputs: program.inputs.map((d) => info(d.name, d.node)),
    params: program.params.map((d) => info(d.name, d.node)),
    outputs: program.outputs.map((d) => info(d.name, d.node)),
  };
  const core = runFunction(program, gen, walk, outputs, descriptors, order);
  return { core, ...descriptors, bound: Object.keys(bound).filter((k) => program.params.some((p) => p.name === k)), ...(kernels?.methodTypings ? { methodTypings: kernels.methodTypings } : {}) };
}

/** A variable per output; run-stage outputs that are computed (not leaves) are written straight into it. */
function outputPlaces(program: Program, gen: Gen, isRun: (n: Node) => boolean): OutputPlaces {
  const vars = program.outputs.map(() => gen.fresh("o"));
  const direct = new Map<Node, number>();
  program.outputs.forEach((o, i) => {
    if (!direct.has(o.node) && isRun(o.node) && !("value" in tensorRuleOf(kernelTensor(o.node)))) direct.set(o.node, i);
  });
  return { vars, direct };
}

/** createKernel around the two stages: inputs taken and checked, outputs copied where not written in place. */
function runFunction(program: Program, gen: Gen, walk: Walker, outputs: OutputPlaces, descriptors: Omit<Generated, "core" | "bound">, order: readonly Node[]): string {
  const outRefs = program.outputs.map((o) => walk.value(o.node));
  const named = new Map([...program.inputs, ...program.outputs].map((d) => [d.node, d.name]));
  const sizes = order.flatMap((n) => {
    if (n.type.kind !== "tensor" || n.type.shape.every((d) => typeof d === "number")) return [];
    const name = named.get(n), t = `${n.type.dtype}[${n.type.shape.join(", ")}]`;
    return [{ shape: n.type.shape, what: name !== undefined ? `${JSON.stringify(name)} (${t})` : `a ${t} value computed by ${n.op}` }];
  });
  return emitRunFunction(gen, {
    sizes,
    inputs: program.inputs.filter((d) => walk.inputs.has(d.node)).map((d) => ({ info: info(d.name, d.node), name: walk.inputs.get(d.node)!, ctor: ctorOf(tensorTypeOf(d.node)) })),
    outputs: program.outputs.map((o, i) => {
      const t = tensorTypeOf(o.node);
      return {
        info: descriptors.outputs[i],
        name: outputs.vars[i],
        ctor: ctorOf(t),
        len: mulE(gen.numel(t.shape), width(kindOf(t))),
        from: outputs.direct.get(o.node) === i ? undefined : outRefs[i],
      };
    }),
    descriptors,
  });
}

export type { Expr } from "./gen.js";
