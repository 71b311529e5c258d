// Complex FFT kernels against the naive O(n²) DFT, for every size class the planner has:
// direct codelets (n <= 16), mixed-radix Stockham, Rader, Bluestein. Tolerance: relative error
// (max abs error / largest bin) <= 1e-14·max(1, log2 n) in float64; 1e-5 in float32.
import { describe, expect, it } from "vitest";
import { stageKernel } from "../../src/backends/cpu/fft/index.js";
import { tuning } from "../../src/backends/cpu/stagepass.js";
import { math } from "../../src/ir/index.js";
import { codeletPow2Radices, fftProgram, nextPow2 } from "../../src/passes/index.js";
import { cpuPlan, dftBin, naiveDFT, planFFT, tol64 } from "./fft-helpers.js";
import { uniformArray } from "../support/random.js";
import { peakRelErr } from "../support/compare.js";

function checkFull(n: number, inverse: boolean, seed = n) {
  const x = uniformArray(2 * n, seed);
  const y = new Float64Array(2 * n);
  planFFT(n, { inverse }).run(x, 0, y, 0);
  return peakRelErr(y, naiveDFT(x, n, inverse ? 1 : -1));
}

function checkBins(n: number, inverse: boolean, bins: number[]) {
  const x = uniformArray(2 * n, n);
  const y = new Float64Array(2 * n);
  planFFT(n, { inverse }).run(x, 0, y, 0);
  const got: number[] = [], want: number[] = [];
  for (const k of bins) {
    got.push(y[2 * k], y[2 * k + 1]);
    want.push(...dftBin(x, n, k, inverse ? 1 : -1));
  }
  return peakRelErr(got, want);
}

describe("complex FFT vs naive DFT", () => {
  it("every n from 1 to 64, forward and inverse", () => {
    for (let n = 1; n <= 64; n++)
      for (const inv of [false, true]) expect(checkFull(n, inv), `n=${n} inverse=${inv}`).toBeLessThan(tol64(n));
  });

  it.each([6, 12, 60, 360, 1000, 4095, 7, 11, 13, 17, 97, 101, 257, 1031, 2 * 3 * 5 * 7 * 11])(
    "mixed and prime n = %i",
    (n) => {
      for (const inv of [false, true]) expect(checkFull(n, inv)).toBeLessThan(tol64(n));
    },
  );

  it("powers of two up to 4096 in full", () => {
    for (let a = 0; a <= 12; a++)
      for (const inv of [false, true]) expect(checkFull(2 ** a, inv), `n=2^${a}`).toBeLessThan(tol64(2 ** a));
  });

  it("large n on sampled bins: 2^13..2^16, 65537, 2^20, 45045", () => {
    for (const n of [2 ** 13, 2 ** 14, 2 ** 15, 2 ** 16, 65537, 2 ** 20, 3 * 3 * 5 * 7 * 11 * 13]) {
      const bins = [0, 1, 2, 3, n >> 1, (n >> 1) + 1, n - 1, 12345 % n, 777 % n, (n / 3) | 0];
      for (const inv of [false, true]) expect(checkBins(n, inv, bins), `n=${n}`).toBeLessThan(tol64(n));
    }
  });

  it("uses each strategy where expected", () => {
    // the cpu schedule's plans (src/passes/schedule), as the kernels render them
    expect(cpuPlan(16)).toEqual({ algo: "direct", n: 16 });
    expect(cpuPlan(1024)).toEqual({ algo: "mixed", n: 1024, radices: [8, 8, 16] });
    expect(cpuPlan(65537)).toEqual({ algo: "rader", n: 65537, inner: { algo: "mixed", n: 65536, radices: codeletPow2Radices(16) } });
    expect(cpuPlan(17)).toEqual({ algo: "rader", n: 17, inner: { algo: "direct", n: 16 } });
    expect(cpuPlan(1019)).toMatchObject({ algo: "bluestein", m: 2048 }); // 1018 = 2·509
    expect(cpuPlan(1000).algo).toBe("mixed");
    expect(cpuPlan(4 * 17).algo).toBe("bluestein");
    expect(planFFT(1024).strategy).toBe("mixed [8,8,16]");
  });
});

const primitiveRoot = math.primitiveRoot;

describe("Rader and Bluestein", () => {
  it("primitive roots generate every nonzero residue", () => {
    expect([3, 5, 7, 17, 97, 257, 65537].map(primitiveRoot)).toEqual([2, 2, 3, 3, 5, 3, 3]);
    for (const n of [17, 97, 1201]) {
      const g = primitiveRoot(n), seen = new Set<number>();
      for (let q = 0, a = 1; q < n - 1; q++, a = (a * g) % n) seen.add(a);
      expect(seen.size).toBe(n - 1);
    }
  });

  it.each([17, 19, 23, 29, 37, 97, 193, 257, 1201])("Rader n = %i agrees with the naive DFT, forward and inverse", (n) => {
    expect(cpuPlan(n).algo).toBe("rader");
    for (const inv of [false, true]) expect(checkFull(n, inv)).toBeLessThan(tol64(n));
  });

  it("Rader and Bluestein give the same transform of the same prime (scaled, inverse)", () => {
    for (const n of [97, 257]) {
      const s = cpuPlan(n);
      if (s.algo !== "rader") throw new Error(`n=${n} should plan as Rader`);
      const x = uniformArray(2 * n, 3), a = new Float64Array(2 * n), b = new Float64Array(2 * n);
      const m = 4 * nextPow2(n);
      stageKernel(fftProgram(s, true, 0.25)).run(x, 0, a, 0);
      stageKernel(fftProgram({ algo: "bluestein", n, m, inner: cpuPlan(m) }, true, 0.25)).run(x, 0, b, 0);
      expect(peakRelErr(a, b), `n=${n}`).toBeLessThan(tol64(n));
      expect(peakRelErr(a, naiveDFT(x, n, 1).map((v) => v * 0.25)), `n=${n}`).toBeLessThan(tol64(n));
    }
  });

  it("Bluestein where n − 1 is not smooth, and composite n with a large prime", () => {
    for (const n of [1019, 4 * 17, 3 * 1019])
      for (const inv of [false, true]) expect(checkFull(n, inv), `n=${n}`).toBeLessThan(tol64(n));
  });
});

describe("complex FFT algebra", () => {
  const sizes = [5, 16, 30, 64, 100, 128, 243, 1024, 1000, 17, 97, 4096, 65537];

  it("inverse(forward(x)) = n·x, and scale = 1/n makes it the identity", () => {
    for (const n of sizes) {
      const x = uniformArray(2 * n, 3 * n);
      const X = new Float64Array(2 * n), y = new Float64Array(2 * n);
      planFFT(n).run(x, 0, X, 0);
      planFFT(n, { inverse: true }).run(X, 0, y, 0);
      expect(peakRelErr(y, x.map((v) => v * n)), `n=${n}`).toBeLessThan(tol64(n));
      planFFT(n, { inverse: true, scale: 1 / n }).run(X, 0, y, 0);
      expect(peakRelErr(y, x), `n=${n} scaled`).toBeLessThan(tol64(n));
    }
  });

  it("linearity: F(a x + b y) = a F x + b F y (complex a, b)", () => {
    for (const n of sizes) {
      const x = uniformArray(2 * n, 1), y = uniformArray(2 * n, 2);
      const [ar, ai, br, bi] = [0.7, -1.3, 2.1, 0.4];
      const z = new Float64Array(2 * n);
      for (let j = 0; j < n; j++) {
        z[2 * j] = ar * x[2 * j] - ai * x[2 * j + 1] + br * y[2 * j] - bi * y[2 * j + 1];
        z[2 * j + 1] = ar * x[2 * j + 1] + ai * x[2 * j] + br * y[2 * j + 1] + bi * y[2 * j];
      }
      const f = planFFT(n);
      const X = new Float64Array(2 * n), Y = new Float64Array(2 * n), Z = new Float64Array(2 * n), W = new Float64Array(2 * n);
      f.run(x, 0, X, 0), f.run(y, 0, Y, 0), f.run(z, 0, Z, 0);
      for (let k = 0; k < n; k++) {
        W[2 * k] = ar * X[2 * k] - ai * X[2 * k + 1] + br * Y[2 * k] - bi * Y[2 * k + 1];
        W[2 * k + 1] = ar * X[2 * k + 1] + ai * X[2 * k] + br * Y[2 * k + 1] + bi * Y[2 * k];
      }
      expect(peakRelErr(Z, W), `n=${n}`).toBeLessThan(tol64(n));
    }
  });

  it("impulse response: F δ_t = (e^{-2πi kt/n})_k", () => {
    for (const n of sizes) {
      for (const t of [0, 1, n - 1, n >> 1]) {
        const x = new Float64Array(2 * n);
        x[2 * t] = 1;
        const X = new Float64Array(2 * n), want = new Float64Array(2 * n);
        planFFT(n).run(x, 0, X, 0);
        for (let k = 0; k < n; k++) {
          const e = (k * t) % n;
          want[2 * k] = Math.cos((2 * Math.PI * e) / n);
          want[2 * k + 1] = -Math.sin((2 * Math.PI * e) / n);
        }
        expect(peakRelErr(X, want), `n=${n} t=${t}`).toBeLessThan(tol64(n));
      }
    }
  });

  it("time shift: F(x shifted by s)_k = e^{-2πi ks/n} (F x)_k", () => {
    for (const n of sizes) {
      const s = Math.max(1, Math.floor(n / 3));
      const x = uniformArray(2 * n, 9), xs = new Float64Array(2 * n);
      for (let j = 0; j < n; j++) ((xs[2 * ((j + s) % n)] = x[2 * j]), (xs[2 * ((j + s) % n) + 1] = x[2 * j + 1]));
      const X = new Float64Array(2 * n), XS = new Float64Array(2 * n), want = new Float64Array(2 * n);
      planFFT(n).run(x, 0, X, 0);
      planFFT(n).run(xs, 0, XS, 0);
      for (let k = 0; k < n; k++) {
        const a = (-2 * Math.PI * ((k * s) % n)) / n, c = Math.cos(a), si = Math.sin(a);
        want[2 * k] = X[2 * k] * c - X[2 * k + 1] * si;
        want[2 * k + 1] = X[2 * k] * si + X[2 * k + 1] * c;
      }
      expect(peakRelErr(XS, want), `n=${n}`).toBeLessThan(tol64(n));
    }
  });
});

describe("complex FFT buffers", () => {
  it("batches with offsets, in place and out of place", () => {
    for (const n of [1, 8, 12, 64, 1024, 97, 360, 1019]) {
      const batch = 3, off = 6;
      const x = uniformArray(2 * n * batch + off, n);
      const out = new Float64Array(2 * n * batch + 4);
      const plan = planFFT(n);
      plan.run(x, off, out, 4, batch);
      const inplace = x.slice();
      plan.run(inplace, off, inplace, off, batch);
      for (let b = 0; b < batch; b++) {
        const want = naiveDFT(x, n, -1, off + 2 * n * b);
        expect(peakRelErr(out.subarray(4 + 2 * n * b, 4 + 2 * n * (b + 1)), want), `n=${n} b=${b}`).toBeLessThan(tol64(n));
        expect(peakRelErr(inplace.subarray(off + 2 * n * b, off + 2 * n * (b + 1)), want), `n=${n} b=${b} in place`).toBeLessThan(tol64(n));
      }
    }
  });

  it("f32 plans on Float32Array agree with the f64 DFT to 1e-5", () => {
    for (const n of [1, 7, 16, 60, 1000, 1024, 4095, 97, 4096, 1019]) {
      for (const inverse of [false, true]) {
        const x64 = uniformArray(2 * n, n + 5);
        const x = Float32Array.from(x64), y = new Float32Array(2 * n);
        planFFT(n, { precision: "f32", inverse }).run(x, 0, y, 0);
        expect(peakRelErr(y, naiveDFT(Float64Array.from(x), n, inverse ? 1 : -1)), `n=${n}`).toBeLessThan(1e-5);
        planFFT(n, { precision: "f32", inverse }).run(x, 0, x, 0);
        expect(peakRelErr(x, y), `n=${n} in place`).toBeLessThan(1e-6);
      }
    }
  });

  it("the emitted source is standalone and computes the same transform", () => {
    for (const n of [8, 1024, 97, 1019]) {
      const plan = planFFT(n, { scale: 0.5 });
      const run = new Function(`"use strict"; return (${plan.source})();`)();
      const x = uniformArray(2 * n, 4), a = new Float64Array(2 * n), b = new Float64Array(2 * n);
      plan.run(x, 0, a, 0);
      run(x, 0, b, 0);
      expect(Array.from(b)).toEqual(Array.from(a));
      expect(peakRelErr(a, naiveDFT(x, n, -1).map((v) => v * 0.5))).toBeLessThan(tol64(n));
    }
  });

  it("every code-shape knob and radix order gives the same transform", () => {
    const saved = { ...tuning };
    const knobs = [
      { deriveTwiddles: "pow2", intIndex: false, flatMiddle: true },
      { deriveTwiddles: "one", intIndex: true, flatMiddle: false },
    ] as const;
    const cases: [number, number[]][] = [[1024, [16, 8, 8]], [1024, [4, 8, 32]], [360, [5, 8, 9]], [210, [7, 2, 5, 3]], [4096, [4, 4, 4, 4, 4, 4]]];
    try {
      for (const k of knobs)
        for (const [n, radices] of cases) {
          Object.assign(tuning, k);
          const run = stageKernel(fftProgram({ algo: "mixed", n, radices }, false, 1), { strategy: JSON.stringify(k) }).run;
          const x = uniformArray(2 * n, 11), y = new Float64Array(2 * n);
          run(x, 0, y, 0);
          expect(peakRelErr(y, naiveDFT(x, n, -1)), `${JSON.stringify(k)} n=${n} [${radices}]`).toBeLessThan(tol64(n));
        }
    } finally {
      Object.assign(tuning, saved);
    }
  });
});
