// The zero-copy view API of a wasm-backend kernel: `views(dims?)` lays the kernel's inputs and
// outputs out in its own WebAssembly memory (after the FFT kernels' tables and buffers), growing
// that memory when the layout needs more (LW.grow), and returns typed arrays over it. Callers that
// keep their data there pass them to run(inputs, outputs): no array of theirs is copied into or
// out of the kernel and nothing is allocated. Growing the memory detaches every earlier view
// (length 0); run rejects such a stale view by name (LW.old: the buffers memory had before it
// grew), and each views() call returns arrays over the current memory.
import type { ArrayInfo } from "../cpu/emit.js";
import { type Gen, mulE } from "../cpu/gen.js";

const q = JSON.stringify;
const ctorOf = (dtype: string) => (dtype === "i64" ? "BigInt64Array" : dtype === "f32" || dtype === "c64" ? "Float32Array" : "Float64Array");

/** The source of `function views(D)` inside createKernel (LW in scope). */
export function viewsFunction(gen: Gen, descriptors: { inputs: ArrayInfo[]; outputs: ArrayInfo[] }): string[] {
  const lib = gen.lib;
  const dims = [...new Set([...descriptors.inputs, ...descriptors.outputs].flatMap((a) => a.shape.filter((d): d is string => typeof d === "string")))];
  const vars = dims.map((d) => [d, gen.dim(d)] as const);
  const body: string[] = [];
  for (const [d, v] of vars) {
    body.push(`const ${v} = ${lib.use("takeDim")}(D, ${q(d)});`);
    body.push(`if (${v} < 0) throw new Error("views: dimension " + ${q(q(d))} + " must be given in dims");`);
  }
  const place = (a: ArrayInfo) => {
    const len = mulE(...a.shape.map((d) => gen.dim(d)), a.dtype.startsWith("c") ? 2 : 1);
    body.push(`${lib.use("checkElements")}(${gen.numel(a.shape)}, ${q(`${q(a.name)} (view)`)});`);
    return `[${ctorOf(a.dtype)}, ${len}]`;
  };
  const ins = descriptors.inputs.map(place), outs = descriptors.outputs.map(place);
  body.push(
    `const layout = [${[...ins, ...outs].join(", ")}], at = [];`,
    `let top = LW.base;`,
    `for (const [C, len] of layout) { top = Math.ceil(top / 16) * 16; at.push(top); top += len * C.BYTES_PER_ELEMENT; }`,
    `LW.grow(top);`,
    `const view = (k) => new layout[k][0](LW.memory.buffer, at[k], layout[k][1]);`,
    `return {`,
    `  inputs: { ${descriptors.inputs.map((a, k) => `[${q(a.name)}]: view(${k})`).join(", ")} },`,
    `  outputs: { ${descriptors.outputs.map((a, k) => `[${q(a.name)}]: view(${ins.length + k})`).join(", ")} },`,
    `};`,
  );
  return [
    `function views(D) {`,
    `  if (D !== undefined && (D === null || typeof D !== "object")) throw new TypeError("dims must be an object of numbers");`,
    ...body.map((l) => `  ${l}`),
    `}`,
  ];
}

const STALE = `function staleView(old, a, what, name) {
  if (old.has(a.buffer)) throw new RangeError(what + " " + JSON.stringify(name) + " is a view of this kernel's memory from before it grew (views() for larger dims): take new views");
}`;
// below LW.base the memory holds the FFT kernels' twiddle tables and work buffers: a run writing an
// output there, or staging rows over an input there, would corrupt this run and every later one
const OWN = `function ownMemory(LW, a, what, name) {
  if (a.buffer === LW.memory.buffer && a.byteOffset < LW.base)
    throw new RangeError(what + " " + JSON.stringify(name) + " lies in this kernel's own tables and work buffers (bytes 0.." + LW.base + " of its memory): pass an array of your own or one of views()");
}`;

/**
 * run's checks of arrays in the kernel's own memory: none is a view detached by a growth (nothing
 * done until the memory has grown), and none lies below the views region (LW.base). Made once per
 * array object in each place (LW.seen, which LW.bind empties when the memory grows): an array's
 * buffer and offset never change but by that growth, and the checks cost a short FFT's call about
 * a tenth of its time (n = 256 c64: 0.05 of 0.45 µs).
 */
export function staleViewCheck(gen: Gen, inputs: readonly { name: string; info: ArrayInfo }[], outputs: readonly { name: string; info: ArrayInfo }[]): string {
  for (const f of [STALE, OWN]) if (!gen.top.includes(f)) gen.top.push(f);
  const arrays = [...inputs.map((a) => [a, "input"] as const), ...outputs.map((a) => [a, "output"] as const)];
  if (!arrays.length) return "";
  const stale = arrays.map(([a, what]) => `staleView(LW.old, ${a.name}, "${what}", ${q(a.info.name)});`);
  const own = arrays.map(([a, what]) => `ownMemory(LW, ${a.name}, "${what}", ${q(a.info.name)});`);
  const seen = arrays.map(([a], i) => `${a.name} !== checked[${i}]`).join(" || ");
  return [
    `const checked = LW.seen;`,
    `if (${seen}) {`,
    `  if (LW.old !== undefined) { ${stale.join(" ")} }`,
    `  if (LW.base > 0) { ${own.join(" ")} }`,
    `  ${arrays.map(([a], i) => `checked[${i}] = ${a.name};`).join(" ")}`,
    `}`,
  ].join("\n");
}

/** views() in the typings' `interface Kernel`. */
export const VIEWS_TYPINGS: readonly string[] = [
  `  /**`,
  `   * Zero-copy views: typed arrays over this kernel's own WebAssembly memory, laid out for these`,
  `   * dims (every symbolic dimension given). Fill views.inputs in place and call`,
  `   * run(views.inputs, views.outputs): nothing of yours is copied in or out and nothing is`,
  `   * allocated (the FFTs still stage each row in their work buffers). Each call returns arrays over`,
  `   * the same region; one that needs more memory grows it, which detaches every earlier view`,
  `   * (length 0; run throws a RangeError naming it): take new views after such a call.`,
  `   */`,
  `  views(dims?: Dims): { inputs: Inputs; outputs: Outputs };`,
];
