// The cpu's stage programs as runnable kernels beside the renderer (stages.ts): a program widened
// for a batch's inner count, a program retyped to real rows, and the cpu's StageRunner
// (Backend.runStages), which the stage-level tests use and backends built on this one may reuse.
import { type BufDecl, type StageBuf, type StageInstr, type StageProgram, STAGES, bufferSize, checkProgram } from "../../ir/index.js";
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
 * The program on real buffers, where every stage of it takes either dtype and keeps its
 * source's (wht of real rows: data movement, Walsh-Hadamard passes, scales); undefined else.
 */
export function onRealData(p: StageProgram): StageProgram | undefined {
  if (p.inputs.some((b) => b.shared) || !p.stages.every((st) => STAGES[st.op].src.every((d) => d === "any") && STAGES[st.op].dst === "same")) return undefined;
  const real = (b: BufDecl): BufDecl => ({ ...b, dtype: "real" });
  const q = { ...p, inputs: p.inputs.map(real), outputs: p.outputs.map(real), temps: p.temps.map(real) };
  return checkProgram(q).length ? undefined : q;
}

/**
 * The cpu's StageRunner (Backend.runStages): the program widened to the batch's inner count,
 * rendered, instantiated and run for the batch's outer count on arrays of the precision.
 */
export const runStages: StageRunner = async (p0, inputs, run, precision) => {
  const p = widened(p0, run.inner), Arr = precision === "f32" ? Float32Array : Float64Array;
  const src = new Function(`return (${stageKernelSource(p, precision)});`)()() as (...a: unknown[]) => void;
  const pack = (b: BufDecl, v: StageBuf) => {
    const a = new Arr(v.re.length * widthOf(b));
    for (let i = 0; i < v.re.length; i++) b.dtype === "complex" ? ((a[2 * i] = v.re[i]), (a[2 * i + 1] = v.im[i])) : (a[i] = v.re[i]);
    return a;
  };
  const [x] = p.inputs.filter((b) => !b.shared), w = p.inputs.find((b) => b.shared), out = p.outputs[0];
  const y = new Arr(bufferSize(out, { outer: run.outer, inner: 1 }) * widthOf(out));
  const args = [pack(x, inputs[x.name]), 0, y, 0, run.outer];
  src(...(w ? [pack(w, inputs[w.name]), ...args] : args));
  const len = y.length / widthOf(out), re = new Float64Array(len), im = new Float64Array(len);
  for (let i = 0; i < len; i++) out.dtype === "complex" ? ((re[i] = y[2 * i]), (im[i] = y[2 * i + 1])) : (re[i] = y[i]);
  return { [out.name]: { re, im } };
};
