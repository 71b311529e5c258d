// Fast FFT kernels for the CPU backend: generated JavaScript, planned per length.
//
// API
//   planFFT(n, { inverse?, precision?, scale? })  complex DFT of length n >= 1 along rows
//       forward: y_k = scale · Σ_j x_j e^{−2πi jk/n};  inverse: e^{+2πi jk/n}, unnormalised
//       (pass scale: 1/n for numpy's ifft, 1/√n for "ortho"). Rows are interleaved complex.
//   planRFFT(n, { precision?, scale? })   numpy.fft.rfft: n reals -> n/2+1 complex bins
//   planIRFFT(n, { precision?, scale? })  numpy.fft.irfft without its 1/n: n/2+1 bins -> n
//       reals (= n·irfft unless scale = 1/n); imaginary parts of DC and Nyquist are ignored.
//
// A plan is { n, kind, precision, strategy, inStride, outStride, run, source }:
//   run(input, inOffset, output, outOffset, batch = 1) transforms `batch` consecutive rows.
//   Offsets and strides count array elements (floats), not complex numbers; row b starts at
//   inOffset + b·inStride and outOffset + b·outStride. precision "f64" wants Float64Array
//   buffers, "f32" Float32Array (twiddles and scratch stay float64). Complex plans may
//   run in place (same array and offset) or out of place; other overlaps are not supported.
//   rfft/irfft rows must not overlap between input and output, except batch = 1 in place.
//   A run allocates nothing. Its scratch buffers and tables are shared with the other plans
//   of the same sizes in the realm (see tables.ts), so runs are not re-entrant.
//   source is standalone JavaScript: `function makeKernel() { …; return run; }` with the
//   tables built by code when it is called; embed it in a module as
//   `const fft1024 = (${plan.source})();` and call fft1024(x, 0, y, 0, batch).
//
// Strategies (planner.ts): one straight-line codelet for n <= 16; mixed-radix Stockham
// autosort passes (radix 2…16 and odd primes up to 13) with twiddles in access order;
// Rader for primes n with smooth n − 1; Bluestein through a power-of-two FFT otherwise. rfft/irfft of even n use a half-size
// complex FFT plus a twiddle pass.

import { bluesteinSource } from "./bluestein.js";
import { Precision, mixedRadixSource } from "./mixed.js";
import { planStrategy } from "./planner.js";
import { raderSource } from "./rader.js";
import { irfftSource, rfftSource } from "./real.js";

export type { Precision } from "./mixed.js";
export { planStrategy } from "./planner.js";

export type FFTKind = "fft" | "ifft" | "rfft" | "irfft";
export type FloatArray = Float64Array | Float32Array;
export type RunFn = (input: FloatArray, inOffset: number, output: FloatArray, outOffset: number, batch?: number) => void;

export interface FFTOptions {
  inverse?: boolean;
  precision?: Precision;
  scale?: number;
}

export interface FFTPlan {
  readonly n: number;
  readonly kind: FFTKind;
  readonly precision: Precision;
  readonly scale: number;
  /** e.g. "direct", "mixed [8,8,16]", "rader via mixed [8,4,4,…]", "bluestein m=262144", "rfft via half 512". */
  readonly strategy: string;
  /** Floats per row in the input and the output. */
  readonly inStride: number;
  readonly outStride: number;
  readonly run: RunFn;
  readonly source: string;
}

/** Source of the complex kernel factory for DFT_n (sign -1 forward, +1 inverse). */
export function complexSource(n: number, sign: 1 | -1, precision: Precision, scale: number): string {
  const s = planStrategy(n);
  if (s.kind === "mixed") return mixedRadixSource(n, s.radices, sign, precision, scale);
  if (s.kind === "rader") return raderSource(n, s.radices, sign, precision, scale);
  return bluesteinSource(n, s.m, sign, precision, scale);
}

function describe(n: number): string {
  const s = planStrategy(n);
  if (s.kind === "bluestein") return `bluestein m=${s.m}`;
  if (s.kind === "rader") return `rader via ${describe(n - 1)}`;
  return s.radices.length === 1 ? "direct" : `mixed [${s.radices.join(",")}]`;
}

/** Instantiates a kernel factory source (the same text a generated module would embed). */
export function instantiate(source: string): RunFn {
  return new Function(`return (${source});`)()() as RunFn;
}

const cache = new Map<string, FFTPlan>();
function cached(key: string, make: () => FFTPlan): FFTPlan {
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

export function planFFT(n: number, opts: FFTOptions = {}): FFTPlan {
  const { precision, scale } = options(opts);
  const kind: FFTKind = opts.inverse ? "ifft" : "fft";
  return cached(`${kind}:${n}:${precision}:${scale}`, () => {
    const source = complexSource(n, opts.inverse ? 1 : -1, precision, scale);
    return { n, kind, precision, scale, strategy: describe(n), inStride: 2 * n, outStride: 2 * n, run: instantiate(source), source };
  });
}

export function planRFFT(n: number, opts: Omit<FFTOptions, "inverse"> = {}): FFTPlan {
  const { precision, scale } = options(opts);
  planStrategy(n); // validates n
  return cached(`rfft:${n}:${precision}:${scale}`, () => {
    const source = rfftSource(n, precision, scale, complexSource);
    const strategy = n % 2 ? `rfft via complex ${describe(n)}` : `rfft via half ${describe(n / 2)}`;
    return { n, kind: "rfft", precision, scale, strategy, inStride: n, outStride: 2 * (Math.floor(n / 2) + 1), run: instantiate(source), source };
  });
}

export function planIRFFT(n: number, opts: Omit<FFTOptions, "inverse"> = {}): FFTPlan {
  const { precision, scale } = options(opts);
  planStrategy(n);
  return cached(`irfft:${n}:${precision}:${scale}`, () => {
    const source = irfftSource(n, precision, scale, complexSource);
    const strategy = n % 2 ? `irfft via complex ${describe(n)}` : `irfft via half ${describe(n / 2)}`;
    return { n, kind: "irfft", precision, scale, strategy, inStride: 2 * (Math.floor(n / 2) + 1), outStride: n, run: instantiate(source), source };
  });
}
