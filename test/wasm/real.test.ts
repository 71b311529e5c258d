// The wasm real FFTs (rdft through the half-size complex FFT and its post-processing, irdft
// through its pre-processing and the inverse half-size FFT), in f64 and f32: against the naive
// DFT of the real rows for every even n from 2 to 64 (odd n run the cpu's JavaScript kernel:
// checked too), against the wasm complex FFT for powers of two to 2^16, and the round trip.
import { describe, expect, it } from "vitest";
import { naiveDFT } from "../cpu/fft-helpers.js";
import { uniformArray } from "../support/random.js";
import { peakRelErr } from "../support/compare.js";
import { floats, wasmKernel, wasmKernelCount } from "./support.js";

type D = "f64" | "f32";
const smooth = (h: number): boolean => {
  for (const p of [2, 3, 5, 7, 11, 13]) while (h % p === 0) h /= p;
  return h === 1;
};
const tol = (d: D, n: number) => (d === "f32" ? 1e-5 : 4e-14 * Math.max(1, Math.log2(n)));
const arr = (d: D, len: number) => (d === "f32" ? new Float32Array(len) : new Float64Array(len));
const complexOf = (d: D) => (d === "f32" ? "c64" : "c128");

async function check(d: D, n: number, exact: boolean): Promise<void> {
  const R = await wasmKernel(`input x: ${d}[3, ${n}]\noutput X = rdft(${n}) @ x`);
  const I = await wasmKernel(`input X: ${complexOf(d)}[3, ${Math.floor(n / 2) + 1}]\noutput x = irdft(${n}) @ X`);
  // even n whose half has prime factors <= 13 (a mixed-radix plan) run in wasm; others (Rader, Bluestein) in JS
  if (n % 2 === 0 && smooth(n / 2)) expect(wasmKernelCount(R.source) + wasmKernelCount(I.source), `n=${n} in wasm`).toBe(2);
  const x = arr(d, 3 * n);
  x.set(uniformArray(3 * n, n));
  const X = floats(R.kernel.run({ x }).X), back = floats(I.kernel.run({ X }).x), nb = Math.floor(n / 2) + 1;
  for (let b = 0; b < 3; b++) {
    const z = new Float64Array(2 * n);
    for (let t = 0; t < n; t++) z[2 * t] = x[b * n + t];
    let want: ArrayLike<number>;
    if (exact) want = naiveDFT(z, n, -1).subarray(0, 2 * nb);
    else {
      const C = await wasmKernel(`input z: ${complexOf(d)}[${n}]\noutput y = dft(${n}) @ z`);
      want = Array.from(floats(C.kernel.run({ z: d === "f32" ? Float32Array.from(z) : z }).y).subarray(0, 2 * nb));
    }
    expect(peakRelErr(X.subarray(2 * nb * b, 2 * nb * (b + 1)), want), `rdft ${d} n=${n} row ${b}`).toBeLessThan(tol(d, n));
  }
  expect(peakRelErr(back, x), `irdft(rdft(x)) ${d} n=${n}`).toBeLessThan(tol(d, n));
}

describe.each(["f64", "f32"] as const)("wasm real FFT, %s", (d) => {
  it("every n from 2 to 64 against the naive DFT, and the round trip", async () => {
    for (let n = 2; n <= 64; n++) await check(d, n, true);
  });
  it("powers of two 2^7 .. 2^16 against the complex FFT, and the round trip", async () => {
    for (let a = 7; a <= 16; a++) await check(d, 2 ** a, false);
  });
});
