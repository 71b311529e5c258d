// Shared helpers of the wasm backend tests: a spec compiled for the wasm target into a kernel,
// and the seeded data the FFT tests use.
import type { CpuKernel } from "../../src/backends/cpu/index.js";
import { loadBinaryen } from "../../src/backends/wasm/binaryen.js";
import { compileWasm } from "../../src/backends/wasm/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { lowerForBackend } from "../../src/passes/index.js";

/** The spec lowered for the wasm target and compiled: its kernel and module source. */
export async function wasmKernel(src: string): Promise<{ kernel: CpuKernel; source: string }> {
  await loadBinaryen();
  const art = compileWasm(lowerForBackend(parseProgram(src, "t.linc"), { target: "wasm" }));
  return { kernel: await art.createKernel(), source: art.moduleSource() };
}

/** The number of wasm kernel functions an emitted module calls (0: all JavaScript). */
export const wasmKernelCount = (source: string): number => (source.match(/in WebAssembly SIMD, radices/g) ?? []).length;

/** A float output of a kernel (the FFT kernels' outputs are never i64). */
export function floats(a: ArrayLike<number | bigint>): Float32Array | Float64Array {
  if (!(a instanceof Float32Array || a instanceof Float64Array)) throw new Error("expected a float array");
  return a;
}
