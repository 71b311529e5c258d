// The wasm backend as a `Backend`: the cpu backend's op table (every op it renders, the same
// reasons for the rest), with the FFT kernels in WebAssembly SIMD (see index.ts and
// spec/backends.md for which ops run wasm and which stay JavaScript, and why).
import { type Backend, coverageOf } from "../backend.js";
import { moduleArtifact } from "../cpu/backend.js";
import { CPU_TABLE } from "../cpu/table.js";
import { compileWasm, runWasm } from "./index.js";
import { runWasmStages } from "./stages.js";

export const wasmBackend: Backend = {
  name: "wasm",
  doc: "generated JavaScript kernels with WebAssembly SIMD FFTs",
  target: "wasm",
  coverage: coverageOf<unknown>(CPU_TABLE),
  run: runWasm,
  compile: (lowered, opts = {}) => moduleArtifact(compileWasm(lowered, { params: opts.params }), opts.moduleFile),
  runStages: runWasmStages,
};
