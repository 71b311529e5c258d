// The gpujs backend as a `Backend`: the lowered graph as a chain of GPU.js kernels (in Node,
// GPU.js's cpu mode; in a browser, the best mode it finds); `compile` gives the standalone ES
// module over gpu.js.
import { type Backend, coverageOf } from "../backend.js";
import { compileGpujs, moduleText, moduleTypings, runGpujs, runGpujsStages } from "./index.js";
import { GPUJS_TABLE } from "./table.js";

export const gpujsBackend: Backend = {
  name: "gpujs",
  doc: "GPU.js kernels",
  target: "gpujs",
  coverage: coverageOf<unknown>(GPUJS_TABLE),
  run: (lowered, bindings) => runGpujs(lowered, bindings),
  runStages: runGpujsStages,
  compile: (lowered, opts = {}) => {
    const { plan } = compileGpujs(lowered, { params: opts.params });
    return { text: moduleText(plan), extra: { ".d.ts": moduleTypings(plan, opts.moduleFile) }, ext: ".mjs" };
  },
};
