// Shared helpers of the wasm backend tests: a spec compiled for the wasm target into a kernel,
// and the seeded data the FFT tests use.
import { loadBinaryen } from "../../src/backends/wasm/binaryen.js";
import { type WasmKernel, compileWasm } from "../../src/backends/wasm/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { currentMachine } from "../../src/api/index.js";
import { FFT_PRECISIONS, SCHEDULES, WISDOM_FORMAT, WISDOM_VERSION, type Wisdom, lowerForBackend, planFft } from "../../src/passes/index.js";

/**
 * A wisdom that gives every FFT shorter than the wasm schedule's jsBelow its wasm plan (the cost
 * model's, no `engine`), so that the FFT tests run the wasm codelets at every size, where the
 * schedule alone would hand short transforms to the cpu's JavaScript kernels.
 */
export const WASM_ONLY: Wisdom = {
  format: WISDOM_FORMAT,
  version: WISDOM_VERSION,
  machine: currentMachine(),
  plans: FFT_PRECISIONS.flatMap((precision) =>
    Array.from({ length: SCHEDULES.wasm.jsBelow![precision] - 1 }, (_, i) => ({ target: "wasm" as const, n: i + 1, precision, plan: planFft(i + 1, SCHEDULES.wasm.fft) })),
  ),
};

/** The spec lowered for the wasm target and compiled (every FFT in wasm: WASM_ONLY): its kernel (made with `params`) and module source. */
export async function wasmKernel(src: string, params: Record<string, Float32Array | Float64Array> = {}): Promise<{ kernel: WasmKernel; source: string }> {
  await loadBinaryen();
  const art = compileWasm(lowerForBackend(parseProgram(src, "t.linc"), { target: "wasm", wisdom: WASM_ONLY }));
  return { kernel: await art.createKernel(params), source: art.moduleSource() };
}

/** The number of wasm kernel functions an emitted module calls (0: all JavaScript). */
export const wasmKernelCount = (source: string): number => (source.match(/in WebAssembly SIMD, radices/g) ?? []).length;

/** A float output of a kernel (the FFT kernels' outputs are never i64). */
export function floats(a: ArrayLike<number | bigint>): Float32Array | Float64Array {
  if (!(a instanceof Float32Array || a instanceof Float64Array)) throw new Error("expected a float array");
  return a;
}
