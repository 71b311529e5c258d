// Reference DFTs for the FFT kernel tests: naive O(n²) sums in float64 and small utilities.
// Twiddles come from exact integer phases (jk mod n) so the reference's own error is the
// summation error only, about sqrt(n)·eps relative to the largest bin. The kernels under test
// render the plans of the cpu schedule (src/passes), as a lowered graph would carry them.
import { type FFTKernel, type Precision, stageKernel } from "../../src/backends/cpu/fft/index.js";
import { type FftPlan, describePlan, describeRealPlan } from "../../src/ir/index.js";
import { SCHEDULES, fftProgram, irfftProgram, planFft, realPlan, rfftProgram } from "../../src/passes/index.js";

/** Bin k of the DFT of interleaved complex x (length n), exponent sign `sign`. */
export function dftBin(x: ArrayLike<number>, n: number, k: number, sign: number, xo = 0): [number, number] {
  let sr = 0, si = 0;
  for (let j = 0, e = 0; j < n; j++, e = (e + k) % n) {
    const a = (sign * 2 * Math.PI * e) / n, c = Math.cos(a), s = Math.sin(a);
    const xr = x[xo + 2 * j], xi = x[xo + 2 * j + 1];
    sr += xr * c - xi * s;
    si += xr * s + xi * c;
  }
  return [sr, si];
}

/** The full DFT, using a cos/sin table (O(n²) flops, O(n) trig calls). */
export function naiveDFT(x: ArrayLike<number>, n: number, sign: number, xo = 0): Float64Array {
  const c = new Float64Array(n), s = new Float64Array(n);
  for (let e = 0; e < n; e++) ((c[e] = Math.cos((2 * Math.PI * e) / n)), (s[e] = sign * Math.sin((2 * Math.PI * e) / n)));
  const y = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    let sr = 0, si = 0;
    for (let j = 0, e = 0; j < n; j++, e += k, e >= n && (e -= n)) {
      const xr = x[xo + 2 * j], xi = x[xo + 2 * j + 1];
      sr += xr * c[e] - xi * s[e];
      si += xr * s[e] + xi * c[e];
    }
    y[2 * k] = sr;
    y[2 * k + 1] = si;
  }
  return y;
}

/** The tolerance the complex f64 kernels are held to: 1e-14 · max(1, log2 n), relative to the largest bin. */
export const tol64 = (n: number): number => 1e-14 * Math.max(1, Math.log2(n));

/** The cpu schedule's plan of a complex FFT of length n: what the lowering records on a dft node. */
export const cpuPlan = (n: number): FftPlan => planFft(n, SCHEDULES.cpu.fft);

export interface FFTOptions {
  inverse?: boolean;
  precision?: Precision;
  /** Times the unnormalised transform (1/n for numpy's ifft). */
  scale?: number;
}

/** The cpu FFT kernels of length n: the program the lowering records for the cpu target's plan, rendered by the cpu. */
export const planFFT = (n: number, opts: FFTOptions = {}): FFTKernel =>
  stageKernel(fftProgram(cpuPlan(n), opts.inverse ?? false, opts.scale ?? 1), { precision: opts.precision, strategy: describePlan(cpuPlan(n)) });
export const planRFFT = (n: number, opts: Omit<FFTOptions, "inverse"> = {}): FFTKernel =>
  stageKernel(rfftProgram(realPlan(n, SCHEDULES.cpu), opts.scale ?? 1), { precision: opts.precision, strategy: describeRealPlan(realPlan(n, SCHEDULES.cpu)) });
/** numpy.fft.irfft without its 1/n (unless scale = 1/n). */
export const planIRFFT = (n: number, opts: Omit<FFTOptions, "inverse"> = {}): FFTKernel =>
  stageKernel(irfftProgram(realPlan(n, SCHEDULES.cpu), opts.scale ?? 1), { precision: opts.precision, strategy: describeRealPlan(realPlan(n, SCHEDULES.cpu)) });
