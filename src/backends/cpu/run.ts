// The text around the generated stages: createKernel(params) running the param stage once,
// and run(inputs, outputs?, dims?) that checks its inputs, solves symbolic dimensions from
// their lengths, (re)allocates run buffers only when those dimensions change, runs the run
// stage and hands back the outputs.
import type { ArrayInfo } from "./emit.js";
import { type Expr, type Gen, type Ref, mulE } from "./gen.js";

export interface RunSpec {
  inputs: { info: ArrayInfo; name: string; ctor: string }[];
  outputs: { info: ArrayInfo; name: string; ctor: string; len: Expr; from?: Ref }[];
  descriptors: { inputs: ArrayInfo[]; params: ArrayInfo[]; outputs: ArrayInfo[] };
  /** Tensors with symbolic dims (declared and computed), checked against the element limit before allocating. */
  sizes: { shape: readonly (number | string)[]; what: string }[];
}

const q = JSON.stringify;
const ind = (lines: string[], pad: string) => lines.map((l) => l.split("\n").map((s) => pad + s).join("\n"));

export function emitRunFunction(gen: Gen, spec: RunSpec): string {
  const lib = gen.lib;
  const head: string[] = [];
  for (const i of spec.inputs) head.push(`const ${i.name} = ${lib.use("takeArray")}(I, ${q(i.info.name)}, "input", ${i.ctor}, -1);`);
  // every symbolic dim of an input gets a variable, given in dims or solved from a length
  for (const i of spec.inputs) i.info.shape.forEach((d) => gen.dim(d));
  const dims = [...gen.dims.entries()];
  for (const [d, v] of dims) head.push(`let ${v} = ${lib.use("takeDim")}(D, ${q(d)});`);
  const known = new Set<string>();
  for (let progress = true; progress; ) {
    progress = false;
    for (const i of spec.inputs) {
      const unknown = i.info.shape.filter((d): d is string => typeof d === "string" && !known.has(d));
      if (new Set(unknown).size !== 1 || unknown.length !== 1) continue;
      const dim = unknown[0];
      const others = mulE(...i.info.shape.filter((d) => d !== dim).map((d) => gen.dim(d)), i.info.dtype.startsWith("c") ? 2 : 1);
      const v = gen.dims.get(dim)!;
      head.push(`if (${v} < 0) ${v} = ${lib.use("solveDim")}(${i.name}.length, ${others}, ${q(dim)}, ${q(i.info.name)});`);
      known.add(dim);
      progress = true;
    }
  }
  for (const [d, v] of dims)
    if (!known.has(d)) head.push(`if (${v} < 0) throw new Error("dimension " + ${q(d)} + " is not determined by the inputs: pass it in dims");`);
  for (const i of spec.inputs) {
    const len = mulE(...i.info.shape.map((d) => gen.dim(d)), i.info.dtype.startsWith("c") ? 2 : 1);
    head.push(`if (${i.name}.length !== ${len}) throw new RangeError("input " + ${q(q(i.info.name))} + " must have " + (${len}) + " elements, got " + ${i.name}.length);`);
  }
  // the element limit of compile-time shapes, with the dims of this call, before anything is allocated
  const sized = new Set<string>();
  for (const t of spec.sizes) {
    const n = gen.numel(t.shape);
    if (typeof n === "number" || sized.has(n)) continue;
    sized.add(n);
    head.push(`${lib.use("checkElements")}(${n}, ${q(t.what)});`);
  }
  const dimVars = dims.map(([, v]) => v);
  const cached = dimVars.map((v) => `c${v}`);
  const changed = ["!ready", ...dimVars.map((v, k) => `${v} !== ${cached[k]}`)].join(" || ");
  head.push(`if (${changed}) { alloc(${dimVars.join(", ")}); ready = true; ${dimVars.map((v, k) => `${cached[k]} = ${v};`).join(" ")} }`);
  for (const o of spec.outputs) head.push(`const ${o.name} = ${lib.use("takeOut")}(O, ${q(o.info.name)}, ${o.ctor}, ${o.len});`);
  if (spec.outputs.length > 1 || (spec.inputs.length > 0 && spec.outputs.length > 0)) {
    const list = (xs: { name: string }[]) => `[${xs.map((x) => x.name).join(", ")}]`;
    const names = (xs: { info: ArrayInfo }[]) => `[${xs.map((x) => q(x.info.name)).join(", ")}]`;
    head.push(`${lib.use("noOverlap")}(${list(spec.outputs)}, ${names(spec.outputs)}, ${list(spec.inputs)}, ${names(spec.inputs)});`);
  }
  const guard = gen.kernels?.runGuard?.(gen, spec.inputs, spec.outputs);
  if (guard) head.push(guard);
  const tail: string[] = [];
  for (const o of spec.outputs)
    if (o.from) tail.push(`${lib.use("copy", o.from.prec)}(${o.from.name}, 0, ${o.name}, 0, ${o.len});`);
  tail.push(`return { ${spec.outputs.map((o) => `[${q(o.info.name)}]: ${o.name}`).join(", ")} };`);

  const methods = gen.kernels?.methods?.(gen, spec.descriptors) ?? [];
  const body = [
    `function createKernel(P) {`,
    `  if (P !== undefined && (P === null || typeof P !== "object")) throw new TypeError("params must be an object of typed arrays");`,
    ...ind(kernelFactories(gen), "  "),
    ...ind(gen.paramLines, "  "),
    ...ind(gen.runDecls, "  "),
    `  let ready = false;${cached.map((c) => ` let ${c} = -1;`).join("")}`,
    `  function alloc(${dimVars.join(", ")}) {`,
    ...ind(gen.allocLines, "    "),
    `  }`,
    `  function run(I, O, D) {`,
    `    if (I === null || typeof I !== "object") throw new TypeError("inputs must be an object of typed arrays");`,
    ...ind(head, "    "),
    ...ind(gen.runLines, "    "),
    ...ind(tail, "    "),
    `  }`,
    ...methods.flatMap((m) => ind(m.lines, "  ")),
    `  return { ${["run", ...methods.map((m) => m.name)].join(", ")} };`,
    `}`,
  ];
  return [
    `// Generated by linc (${gen.backend} backend). Standalone: no imports, no runtime dependency on linc.`,
    `"use strict";`,
    `const inputs = ${q(spec.descriptors.inputs)};`,
    `const params = ${q(spec.descriptors.params)};`,
    `const outputs = ${q(spec.descriptors.outputs)};`,
    lib.source(),
    ...(gen.kernels ? [gen.kernels.prelude()] : []),
    ...gen.top,
    ...body,
  ].join("\n");
}

/** The per-kernel replacement factories (the hooks'): the kernel's own state, then the statements making them. */
function kernelFactories(gen: Gen): string[] {
  if (!gen.kernels) return [];
  return [
    gen.kernels.instance(),
    ...(gen.kernelFactories.length ? [`let ${gen.kernelFactories.map(([id]) => id).join(", ")};`] : []),
    ...gen.kernels.bindFactories(gen.kernelFactories.map(([, src]) => src)),
  ];
}
