// The accuracy bound of the wasm FFTs per dtype, measured: relative RMS error
// ||y - y_exact|| / ||y_exact|| of a forward complex FFT of random data, with y_exact the c128
// kernel's result on the same (f32-representable) input. c64 computes in f32 throughout
// (twiddles computed in f64, rounded once): bound 5e-7 at n = 2^20 (spec/backends.md); the
// inverse round trip of rdft is held to the same bound. c128 against the naive DFT is in fft.test.ts.
import { describe, expect, it } from "vitest";
import { uniformArray } from "../support/random.js";
import { floats, wasmKernel } from "./support.js";

const rms = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let e = 0, s = 0;
  for (let i = 0; i < b.length; i++) (e += (a[i] - b[i]) ** 2), (s += b[i] ** 2);
  return Math.sqrt(e / s);
};

describe("wasm FFT accuracy", () => {
  it.each([1024, 65536, 2 ** 20])("c64 complex FFT, n = %i: relative RMS error <= 5e-7", async (n) => {
    const x32 = Float32Array.from(uniformArray(2 * n, 5));
    const f32 = await wasmKernel(`input x: c64[${n}]\noutput y = dft(${n}) @ x`);
    const f64 = await wasmKernel(`input x: c128[${n}]\noutput y = dft(${n}) @ x`);
    const err = rms(floats(f32.kernel.run({ x: x32 }).y), floats(f64.kernel.run({ x: Float64Array.from(x32) }).y));
    expect(err).toBeLessThan(5e-7);
  });

  it("f32 rdft round trip at n = 2^20: relative RMS error <= 5e-7", async () => {
    const n = 2 ** 20, x = Float32Array.from(uniformArray(n, 6));
    const R = await wasmKernel(`input x: f32[${n}]\noutput X = rdft(${n}) @ x`);
    const I = await wasmKernel(`input X: c64[${n / 2 + 1}]\noutput x = irdft(${n}) @ X`);
    const err = rms(floats(I.kernel.run({ X: floats(R.kernel.run({ x }).X) }).x), x);
    expect(err).toBeLessThan(5e-7);
  });
});
