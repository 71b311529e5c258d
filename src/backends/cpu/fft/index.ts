// The cpu's transform kernels as a library, for the benchmarks and the kernel tests: a stage
// program (a transform's, from the lowering: fftProgram, rfftProgram, irfftProgram in src/passes)
// rendered by the cpu's stage renderer (../stages.ts) and instantiated.
//
//   stageKernel(program, { precision?, strategy? })
//
// A kernel is { precision, strategy, inStride, outStride, run, source }:
//   run(input, inOffset, output, outOffset, batch = 1) transforms `batch` consecutive rows.
//   Offsets and strides count array elements (floats), not complex numbers; row b starts at
//   inOffset + b·inStride and outOffset + b·outStride. precision "f64" wants Float64Array
//   buffers, "f32" Float32Array (tables and scratch stay float64). Input and output rows must
//   not overlap, except a complex FFT's, which may run in place (same array and offset). A run
//   allocates nothing; its scratch belongs to the kernel, so runs are not re-entrant.
//   source is standalone JavaScript: `function makeKernel() { …; return run; }` with its tables
//   embedded; embed it in a module as `const fft1024 = (${kernel.source})();`.
import type { StageProgram } from "../../../ir/index.js";
import { type Precision, stageKernelSource } from "../stages.js";

export type { Precision } from "../stages.js";

export type FloatArray = Float64Array | Float32Array;
export type RunFn = (input: FloatArray, inOffset: number, output: FloatArray, outOffset: number, batch?: number) => void;

export interface FFTKernel {
  readonly precision: Precision;
  /** What the program computes, in one line (the plan's, e.g. "mixed [8,8,16]"). */
  readonly strategy: string;
  /** Floats per row in the input and the output. */
  readonly inStride: number;
  readonly outStride: number;
  readonly run: RunFn;
  readonly source: string;
}

/** Instantiates a kernel factory source (the same text a generated module would embed). */
export function instantiate(source: string): RunFn {
  return new Function(`return (${source});`)()() as RunFn;
}

const cache = new WeakMap<StageProgram, Map<string, FFTKernel>>();

/** The kernel rendering a stage program of one input and one output (made once per program and precision). */
export function stageKernel(p: StageProgram, opts: { precision?: Precision; strategy?: string } = {}): FFTKernel {
  const precision = opts.precision ?? "f64", strategy = opts.strategy ?? "stage program";
  if (precision !== "f64" && precision !== "f32") throw new RangeError(`unknown FFT precision ${precision}`);
  let byKey = cache.get(p);
  if (!byKey) cache.set(p, (byKey = new Map()));
  let k = byKey.get(`${precision}:${strategy}`);
  if (!k) {
    const source = stageKernelSource(p, precision, { title: strategy });
    const floats = (b: StageProgram["inputs"][number]) => b.len * (b.dtype === "complex" ? 2 : 1);
    k = { precision, strategy, inStride: floats(p.inputs[0]), outStride: floats(p.outputs[0]), run: instantiate(source), source };
    byKey.set(`${precision}:${strategy}`, k);
  }
  return k;
}
