// The wasm FFT kernels through the backend (dft(n) @ x lowered for the wasm target), in c128 and
// c64: against the naive DFT, and the self-tests linearity, impulse, shift and inverse, at every
// n from 1 to 64, primes, mixed sizes and powers of two to 2^20. Tolerances relative to the
// largest bin: c128 4e-14·max(1, log2 n), c64 1e-5 (the f32 accuracy bound, RMS, is in accuracy.test.ts).
import { describe, expect, it } from "vitest";
import { dftBin, naiveDFT } from "../cpu/fft-helpers.js";
import { uniformArray } from "../support/random.js";
import { peakRelErr } from "../support/compare.js";
import { floats, wasmKernel, wasmKernelCount } from "./support.js";

type D = "c128" | "c64";
const tol = (d: D, n: number) => (d === "c64" ? 1e-5 : 4e-14 * Math.max(1, Math.log2(n)));
const arr = (d: D, len: number) => (d === "c64" ? new Float32Array(len) : new Float64Array(len));

/** Rows: x, u, 2x - 3u, δ_0, δ_1, x shifted by one. */
function rows(d: D, n: number): Float32Array | Float64Array {
  const x = uniformArray(2 * n, n), u = uniformArray(2 * n, n + 1000), X = arr(d, 12 * n);
  X.set(x, 0);
  X.set(u, 2 * n);
  for (let i = 0; i < 2 * n; i++) X[4 * n + i] = 2 * X[i] - 3 * X[2 * n + i];
  X[6 * n] = 1;
  X[8 * n + 2 * (1 % n)] += 1;
  for (let t = 0; t < n; t++) (X[10 * n + 2 * ((t + 1) % n)] = X[2 * t]), (X[10 * n + 2 * ((t + 1) % n) + 1] = X[2 * t + 1]);
  return X;
}

const row = (Y: ArrayLike<number>, n: number, i: number) => Array.from({ length: 2 * n }, (_, k) => Y[2 * n * i + k]);
const omega = (n: number, k: number, sign: number): [number, number] => [Math.cos((2 * Math.PI * k) / n), (sign * Math.sin((2 * Math.PI * k) / n))];

async function selfTest(d: D, n: number): Promise<void> {
  const F = await wasmKernel(`input x: ${d}[6, ${n}]\noutput y = dft(${n}) @ x`);
  const G = await wasmKernel(`input y: ${d}[6, ${n}]\noutput z = idft(${n}) @ y`);
  const X = rows(d, n), Y = floats(F.kernel.run({ x: X }).y), Z = floats(G.kernel.run({ y: Y }).z), t = tol(d, n);
  const Fx = row(Y, n, 0), Fu = row(Y, n, 1), at = `${d} n=${n}`;
  expect(peakRelErr(Fx, naiveDFT(row(X, n, 0), n, -1)), `naive ${at}`).toBeLessThan(t);
  expect(peakRelErr(row(Y, n, 2), Fx.map((v, i) => 2 * v - 3 * Fu[i])), `linearity ${at}`).toBeLessThan(t);
  expect(peakRelErr(row(Y, n, 3), Array.from({ length: 2 * n }, (_, i) => (i % 2 ? 0 : 1))), `impulse 0 ${at}`).toBeLessThan(t);
  expect(peakRelErr(row(Y, n, 4), Array.from({ length: n }, (_, k) => omega(n, k, -1)).flat()), `impulse 1 ${at}`).toBeLessThan(t);
  const shifted = Array.from({ length: n }, (_, k) => {
    const [c, s] = omega(n, k, -1), re = Fx[2 * k], im = Fx[2 * k + 1];
    return [re * c - im * s, re * s + im * c];
  }).flat();
  expect(peakRelErr(row(Y, n, 5), shifted), `shift ${at}`).toBeLessThan(t);
  expect(peakRelErr(Z, X), `inverse ${at}`).toBeLessThan(t);
}

describe.each(["c128", "c64"] as const)("wasm complex FFT, %s", (d) => {
  it("every n from 1 to 64: naive DFT, linearity, impulse, shift, inverse", async () => {
    for (let n = 1; n <= 64; n++) await selfTest(d, n);
  });

  it.each([67, 101, 257, 1031, 360, 1000, 4095, 2 * 3 * 5 * 7 * 11])("n = %i (primes through Rader/Bluestein, mixed radices)", async (n) => {
    await selfTest(d, n);
  });

  it("powers of two 2^7 .. 2^20: bins against the naive sums, δ_1, and the inverse", async () => {
    for (let a = 7; a <= 20; a++) {
      const n = 2 ** a, x = arr(d, 4 * n);
      x.set(uniformArray(2 * n, a));
      x[2 * n + 2] = 1;
      const F = await wasmKernel(`input x: ${d}[2, ${n}]\noutput y = dft(${n}) @ x`);
      const G = await wasmKernel(`input y: ${d}[2, ${n}]\noutput z = idft(${n}) @ y`);
      expect(wasmKernelCount(F.source), "rendered in wasm").toBe(1);
      const Y = floats(F.kernel.run({ x }).y), Z = floats(G.kernel.run({ y: Y }).z);
      const bins = [0, 1, 2, n / 4 + 1, n / 2, n - 1];
      const got = bins.flatMap((k) => [Y[2 * k], Y[2 * k + 1]]), want = bins.flatMap((k) => dftBin(x, n, k, -1));
      expect(peakRelErr(got, want), `bins n=${n}`).toBeLessThan(tol(d, n) * Math.sqrt(n) / 8);
      expect(peakRelErr(Array.from(Y.subarray(2 * n)), Array.from({ length: n }, (_, k) => omega(n, k, -1)).flat()), `δ_1 n=${n}`).toBeLessThan(tol(d, n));
      expect(peakRelErr(Z, x), `inverse n=${n}`).toBeLessThan(tol(d, n));
    }
  }, 180_000); // the lowering now also builds each size's stage programs (the cpu generator's fallback), float64 tables up to 2^20
});
