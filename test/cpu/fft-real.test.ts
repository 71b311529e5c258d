// Real FFTs (numpy.fft.rfft / irfft conventions) against the naive DFT and the golden
// numpy cases in test/golden/data/dft.json (rdft/irdft n = 7, 8, 12, and the complex
// dft/idft cases with each norm, applied through the scale option).
// Tolerances: 1e-14·max(1, log2 n) relative in float64, 1e-5 in float32, golden tol as given.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dftBin, naiveDFT, planFFT, planIRFFT, planRFFT, tol64 } from "./fft-helpers.js";
import { uniformArray } from "../support/random.js";
import { peakRelErr } from "../support/compare.js";
import { GOLDEN_DIR } from "../support/golden.js";

const complexOf = (x: Float64Array) => {
  const c = new Float64Array(2 * x.length);
  x.forEach((v, j) => (c[2 * j] = v));
  return c;
};

/** numpy.fft.irfft(X, n) · n, by the Hermitian extension and the naive inverse DFT. */
function naiveIRFFT(X: ArrayLike<number>, n: number): Float64Array {
  const full = new Float64Array(2 * n);
  const nb = Math.floor(n / 2) + 1;
  for (let k = 0; k < nb; k++) {
    const re = X[2 * k], im = k === 0 || (n % 2 === 0 && k === n / 2) ? 0 : X[2 * k + 1];
    full[2 * k] = re, full[2 * k + 1] = im;
    if (k > 0) (full[2 * (n - k)] = re), (full[2 * (n - k) + 1] = -im);
  }
  return naiveDFT(full, n, 1).filter((_, i) => i % 2 === 0);
}

const sizes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 30, 33, 34, 64, 97, 100, 194, 1000, 1024, 4096];

describe("rfft", () => {
  it("matches the first n/2+1 bins of the complex DFT", () => {
    for (const n of sizes) {
      const x = uniformArray(n, n);
      const y = new Float64Array(2 * (Math.floor(n / 2) + 1));
      planRFFT(n).run(x, 0, y, 0);
      expect(peakRelErr(y, naiveDFT(complexOf(x), n, -1).subarray(0, y.length)), `n=${n}`).toBeLessThan(tol64(n));
    }
  });

  it("large even n on sampled bins and batches with offsets", () => {
    const n = 65536, nb = n / 2 + 1;
    const x = uniformArray(n, 1), y = new Float64Array(2 * nb);
    planRFFT(n).run(x, 0, y, 0);
    const got: number[] = [], want: number[] = [];
    for (const k of [0, 1, 2, 100, n / 4, n / 2 - 1, n / 2]) got.push(y[2 * k], y[2 * k + 1]), want.push(...dftBin(complexOf(x), n, k, -1));
    expect(peakRelErr(got, want)).toBeLessThan(tol64(n));
    for (const m of [12, 13]) {
      const batch = 4, mb = Math.floor(m / 2) + 1, xs = uniformArray(m * batch + 3, 7), ys = new Float64Array(2 * mb * batch + 1);
      planRFFT(m, { scale: 2 }).run(xs, 3, ys, 1, batch);
      for (let b = 0; b < batch; b++) {
        const want = naiveDFT(complexOf(xs.slice(3 + m * b, 3 + m * (b + 1))), m, -1).map((v) => 2 * v);
        expect(peakRelErr(ys.subarray(1 + 2 * mb * b, 1 + 2 * mb * (b + 1)), want.subarray(0, 2 * mb)), `m=${m} b=${b}`).toBeLessThan(tol64(m));
      }
    }
  });

  it("f32 agrees to 1e-5", () => {
    for (const n of [8, 15, 1024, 1000]) {
      const x = Float32Array.from(uniformArray(n, 5)), y = new Float32Array(2 * (Math.floor(n / 2) + 1));
      planRFFT(n, { precision: "f32" }).run(x, 0, y, 0);
      expect(peakRelErr(y, naiveDFT(complexOf(Float64Array.from(x)), n, -1).subarray(0, y.length))).toBeLessThan(1e-5);
    }
  });
});

describe("irfft", () => {
  it("is n·numpy.irfft, ignoring the imaginary parts of DC and Nyquist", () => {
    for (const n of sizes) {
      const X = uniformArray(2 * (Math.floor(n / 2) + 1), n + 1);
      const y = new Float64Array(n);
      planIRFFT(n).run(X, 0, y, 0);
      expect(peakRelErr(y, naiveIRFFT(X, n)), `n=${n}`).toBeLessThan(tol64(n));
    }
  });

  it("irfft(rfft(x), scale 1/n) = x, batched, f64 and f32", () => {
    for (const n of [2, 7, 8, 100, 1024, 65536]) {
      const batch = 2, nb = Math.floor(n / 2) + 1, x = uniformArray(n * batch, n);
      const X = new Float64Array(2 * nb * batch), y = new Float64Array(n * batch);
      planRFFT(n).run(x, 0, X, 0, batch);
      planIRFFT(n, { scale: 1 / n }).run(X, 0, y, 0, batch);
      expect(peakRelErr(y, x), `n=${n}`).toBeLessThan(tol64(n));
      const x32 = Float32Array.from(x), X32 = new Float32Array(2 * nb * batch), y32 = new Float32Array(n * batch);
      planRFFT(n, { precision: "f32" }).run(x32, 0, X32, 0, batch);
      planIRFFT(n, { precision: "f32", scale: 1 / n }).run(X32, 0, y32, 0, batch);
      expect(peakRelErr(y32, x32), `n=${n} f32`).toBeLessThan(1e-5);
    }
  });
});

const GOLDEN = join(GOLDEN_DIR, "dft.json");
describe("golden numpy cases (dft.json)", () => {
  type Arr = { dtype: string; shape: number[]; data: number[] };
  type Case = { name: string; inputs: Record<string, Arr>; outputs: Record<string, Arr>; tol: number };
  const cases: Case[] = JSON.parse(readFileSync(GOLDEN, "utf8")).cases;
  const norm = (name: string, n: number, inverse: boolean) => {
    const mode = name.match(/_(backward|ortho|forward)$/)?.[1] ?? "backward";
    if (mode === "ortho") return 1 / Math.sqrt(n);
    return (mode === "forward") !== inverse ? 1 / n : 1;
  };

  it.each(cases.map((c) => [c.name, c] as const))("%s", (name, c) => {
    const input = Object.values(c.inputs)[0], output = Object.values(c.outputs)[0];
    const n = Number(name.match(/_n(\d+)/)![1]);
    const rows = input.shape[0];
    let data = Float64Array.from(input.data);
    let plan;
    if (name.startsWith("rdft")) plan = planRFFT(n);
    else if (name.startsWith("irdft")) plan = planIRFFT(n, { scale: 1 / n });
    else {
      const inverse = name.startsWith("idft");
      plan = planFFT(n, { inverse, scale: norm(name, n, inverse) });
      if (input.dtype === "f64") data = complexOf(data); // a real input is promoted to complex
    }
    const y = new Float64Array(output.data.length);
    plan.run(data, 0, y, 0, rows);
    expect(peakRelErr(y, output.data)).toBeLessThan(c.tol);
  });
});
