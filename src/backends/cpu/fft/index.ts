// Fast FFT kernels for the CPU backend: generated JavaScript, rendered from a recorded plan.
//
// API (the plan is the planner's: planFft(n, SCHEDULES.cpu.fft) and realPlan(n, SCHEDULES.cpu)
// in src/passes; the lowered graph carries the same plans on its dft/rdft/irdft/dct nodes)
//   planFFT(plan, { inverse?, precision?, scale? })  complex DFT of length plan.n along rows
//       forward: y_k = scale · Σ_j x_j e^{−2πi jk/n};  inverse: e^{+2πi jk/n}, unnormalised
//       (pass scale: 1/n for numpy's ifft, 1/√n for "ortho"). Rows are interleaved complex.
//   planRFFT(realPlan, { precision?, scale? })   numpy.fft.rfft: n reals -> n/2+1 complex bins
//   planIRFFT(realPlan, { precision?, scale? })  numpy.fft.irfft without its 1/n: n/2+1 bins -> n
//       reals (= n·irfft unless scale = 1/n); imaginary parts of DC and Nyquist are ignored.
//
// A kernel is { n, kind, precision, strategy, inStride, outStride, run, source }:
//   run(input, inOffset, output, outOffset, batch = 1) transforms `batch` consecutive rows.
//   Offsets and strides count array elements (floats), not complex numbers; row b starts at
//   inOffset + b·inStride and outOffset + b·outStride. precision "f64" wants Float64Array
//   buffers, "f32" Float32Array (twiddles and scratch stay float64). Complex kernels may
//   run in place (same array and offset) or out of place; other overlaps are not supported.
//   rfft/irfft rows must not overlap between input and output, except batch = 1 in place.
//   A run allocates nothing. Its scratch buffers and tables are shared with the other kernels
//   of the same sizes in the realm (see tables.ts), so runs are not re-entrant.
//   source is standalone JavaScript: `function makeKernel() { …; return run; }` with the
//   tables built by code when it is called; embed it in a module as
//   `const fft1024 = (${kernel.source})();` and call fft1024(x, 0, y, 0, batch).
//
// Algorithms (complex.ts, by the plan): one straight-line codelet (direct); mixed-radix
// Stockham autosort passes (radix 2…16 and odd primes up to 13) with twiddles in access
// order; Rader for primes n with smooth n − 1; Bluestein through a power-of-two FFT. rfft/irfft
// of even n use a half-size complex FFT plus a twiddle pass (via "half").

import { type FftPlan, type RealFftPlan, describePlan, describeRealPlan, realLength } from "../../../ir/index.js";
import { complexSource } from "./complex.js";
import type { Precision } from "./mixed.js";

import { irfftSource, rfftSource } from "./real.js";

export type { Precision } from "./mixed.js";
export { complexSource } from "./complex.js";
export { describePlan, describeRealPlan } from "../../../ir/index.js";

export type FFTKind = "fft" | "ifft" | "rfft" | "irfft";
export type FloatArray = Float64Array | Float32Array;
export type RunFn = (input: FloatArray, inOffset: number, output: FloatArray, outOffset: number, batch?: number) => void;

export interface FFTOptions {
  inverse?: boolean;
  precision?: Precision;
  scale?: number;
}

export interface FFTKernel {
  readonly n: number;
  readonly kind: FFTKind;
  readonly precision: Precision;
  readonly scale: number;
  /** The plan in one line, e.g. "mixed [8,8,16]", "rader via mixed [8,4,4,…]", "half-size complex FFT, mixed [8,8]". */
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

const cache = new Map<string, FFTKernel>();
function cached(key: string, make: () => FFTKernel): FFTKernel {
  let p = cache.get(key);
  if (!p) cache.set(key, (p = make()));
  return p;
}

function options(o: FFTOptions) {
  const precision = o.precision ?? "f64";
  const scale = o.scale ?? 1;
  if (precision !== "f64" && precision !== "f32") throw new RangeError(`unknown FFT precision ${precision}`);
  if (!Number.isFinite(scale)) throw new RangeError(`FFT scale must be finite, got ${scale}`);
  return { precision, scale };
}

/** The complex kernel of a plan. */
export function planFFT(plan: FftPlan, opts: FFTOptions = {}): FFTKernel {
  const { precision, scale } = options(opts);
  const kind: FFTKind = opts.inverse ? "ifft" : "fft";
  const n = checkedLength(plan.n);
  return cached(`${kind}:${JSON.stringify(plan)}:${precision}:${scale}`, () => {
    const source = complexSource(plan, opts.inverse ? 1 : -1, precision, scale);
    return { n, kind, precision, scale, strategy: describePlan(plan), inStride: 2 * n, outStride: 2 * n, run: instantiate(source), source };
  });
}

/** The rfft kernel of a real plan (n = 2·plan.fft.n via "half", plan.fft.n via "full"). */
export function planRFFT(plan: RealFftPlan, opts: Omit<FFTOptions, "inverse"> = {}): FFTKernel {
  const { precision, scale } = options(opts);
  const n = checkedLength(realLength(plan));
  return cached(`rfft:${JSON.stringify(plan)}:${precision}:${scale}`, () => {
    const source = rfftSource(plan, precision, scale);
    return { n, kind: "rfft", precision, scale, strategy: describeRealPlan(plan), inStride: n, outStride: 2 * (Math.floor(n / 2) + 1), run: instantiate(source), source };
  });
}

/** The irfft kernel of a real plan. */
export function planIRFFT(plan: RealFftPlan, opts: Omit<FFTOptions, "inverse"> = {}): FFTKernel {
  const { precision, scale } = options(opts);
  const n = checkedLength(realLength(plan));
  return cached(`irfft:${JSON.stringify(plan)}:${precision}:${scale}`, () => {
    const source = irfftSource(plan, precision, scale);
    return { n, kind: "irfft", precision, scale, strategy: describeRealPlan(plan), inStride: 2 * (Math.floor(n / 2) + 1), outStride: n, run: instantiate(source), source };
  });
}

function checkedLength(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT length must be a positive integer, got ${n}`);
  return n;
}
