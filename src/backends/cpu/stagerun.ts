// The cpu's stage programs as runnable kernels beside the renderer (stages.ts): a program widened
// for a batch's inner count, and the cpu's StageRunner
// (Backend.runStages), which the stage-level tests use and backends built on this one may reuse.
import { type BufDecl, type StageBuf, type StageInstr, type StageProgram, bufferSize } from "../../ir/index.js";
import type { StageRunner } from "../backend.js";
import { stageKernelSource, widthOf } from "./stages.js";

/**
 * The program with every stage acting `inner` times more along each line (and every batched
 * buffer that much longer): the program of a batch laid out (b, l, i) with i < inner, which the
 * kernel then runs for the outer batch.
 */
export function widened(p: StageProgram, inner: number): StageProgram {
  if (inner === 1) return p;
  const grow = (b: BufDecl): BufDecl => (b.shared ? b : { ...b, len: b.len * inner });
  return { ...p, inputs: p.inputs.map(grow), outputs: p.outputs.map(grow), temps: p.temps.map(grow), stages: p.stages.map((st) => ({ ...st, geom: { ...st.geom, inner: st.geom.inner * inner } }) as StageInstr) };
}

/**
 * The cpu's StageRunner (Backend.runStages): the program widened to the batch's inner count,
 * rendered, instantiated and run for the batch's outer count on arrays of the precision.
 */
export const runStages: StageRunner = async (p0, inputs, run, precision) => {
  const p = widened(p0, run.inner), Arr = precision === "f32" ? Float32Array : Float64Array;
  const kernel = new Function(`return (${stageKernelSource(p, precision)});`)()() as (...a: unknown[]) => void;
  const pack = (b: BufDecl, v: StageBuf) => {
    const a = new Arr(v.re.length * widthOf(b));
    for (let i = 0; i < v.re.length; i++) b.dtype === "complex" ? ((a[2 * i] = v.re[i]), (a[2 * i + 1] = v.im[i])) : (a[i] = v.re[i]);
    return a;
  };
  // run(W, .., x, xo, .., y, yo, .., batch): the kernel contract of stages.ts
  const outs = p.outputs.map((b) => new Arr(bufferSize(b, { outer: run.outer, inner: 1 }) * widthOf(b)));
  kernel(
    ...p.inputs.filter((b) => b.shared).map((b) => pack(b, inputs[b.name])),
    ...p.inputs.filter((b) => !b.shared).flatMap((b) => [pack(b, inputs[b.name]), 0]),
    ...outs.flatMap((y) => [y, 0]),
    run.outer,
  );
  return Object.fromEntries(p.outputs.map((b, k) => {
    const y = outs[k], len = y.length / widthOf(b), re = new Float64Array(len), im = new Float64Array(len);
    for (let i = 0; i < len; i++) b.dtype === "complex" ? ((re[i] = y[2 * i]), (im[i] = y[2 * i + 1])) : (re[i] = y[i]);
    return [b.name, { re, im }];
  }));
};
