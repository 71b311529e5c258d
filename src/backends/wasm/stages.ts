// The wasm backend's StageRunner (src/backends/backend.ts): one stage program through the same
// renderer and kernel factory a compiled module uses (render.ts, kernels.ts), run for a batch on
// float64 planes converted to the precision asked for, for the stage-level tests. A program the
// renderer declines runs as the cpu's JavaScript, as it does inside a compiled module.
import { type StageBuf, bufferSize } from "../../ir/index.js";
import type { StageRunner } from "../backend.js";
import { runStages as runCpuStages, widened } from "../cpu/stagerun.js";
import { loadBinaryen } from "./binaryen.js";
import { WasmKernels } from "./kernels.js";
import { renderProgram } from "./render.js";

type Run = (...args: unknown[]) => void;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (body: string) => () => Promise<Run>;

export const runWasmStages: StageRunner = async (p0, inputs, run, precision) => {
  await loadBinaryen();
  const rows = { precision, width: 2 } as const;
  // the kernel's batch runs along the last axis: the batch's inner count widens the program (as the cpu's runner does)
  const p = widened(p0, run.inner);
  if (typeof renderProgram(p, rows, undefined) === "string") return runCpuStages(p0, inputs, run, precision);
  const k = new WasmKernels(), factory = k.stages(p, rows)!;
  const fn = await new AsyncFunction(`${k.prelude()}\n${k.instance()}\nreturn (${factory})();`)();
  const F = precision === "f32" ? Float32Array : Float64Array;
  const x = p.inputs.find((b) => !b.shared)!, w = p.inputs.find((b) => b.shared), y = p.outputs[0];
  const pack = (name: string, complex: boolean, len: number) => {
    const b = inputs[name], a = new F(complex ? 2 * len : len);
    for (let i = 0; i < len; i++) complex ? ((a[2 * i] = b.re[i]), (a[2 * i + 1] = b.im[i])) : (a[i] = b.re[i]);
    return a;
  };
  const xs = pack(x.name, x.dtype === "complex", bufferSize(x, run));
  const ylen = bufferSize(y, run), ys = new F(y.dtype === "complex" ? 2 * ylen : ylen);
  const args = [xs, 0, ys, 0, run.outer];
  fn(...(w ? [pack(w.name, w.dtype === "complex", w.len), ...args] : args));
  const out: StageBuf = { re: new Float64Array(ylen), im: new Float64Array(ylen) };
  for (let i = 0; i < ylen; i++) y.dtype === "complex" ? ((out.re[i] = ys[2 * i]), (out.im[i] = ys[2 * i + 1])) : (out.re[i] = ys[i]);
  return { [y.name]: out };
};
