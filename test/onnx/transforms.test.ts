// rdft / irdft, DCT types 1-4 (and idct) and Bluestein through their stage programs (the plans the
// onnx schedule records, src/passes/schedule, lowered by src/passes/lower), compiled from specs
// and run in onnxruntime against direct sums in float64: every strategy at n in {8, 12, 64, 1000,
// 1024, 4096}, odd sizes (staged, Bluestein).
import { describe, expect, it } from "vitest";
import "../../src/ir/index.js";
import { dctMatrix, math } from "../../src/ir/index.js";
import { compileOnnx } from "../../src/backends/onnx/index.js";
import { runModel } from "../../src/backends/onnx/run.js";
import { SCHEDULES, lowerForBackend, planFft } from "../../src/passes/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { FftRoute } from "../../src/ir/index.js";
import { uniform } from "../support/random.js";
import { peakRelErr } from "../support/compare.js";

const S = SCHEDULES.onnx;

const SIZES = [8, 12, 64, 1000, 1024, 4096];
const BATCH = 3;

/**
 * Compile `output y = <expr>` on an input x: dtype[b, n] for the onnx target with an FFT route
 * (structured: tiny operators too run their stage programs), run it on `data`; y as float64.
 */
async function run(expr: string, dtype: "f32" | "f64" | "c128", n: number, data: Float64Array, route: FftRoute = "auto", out: "f32" | "f64" | "c128" = dtype) {
  const spec = `input x: ${dtype}[b, ${n}]\noutput y = ${expr}\n`;
  const model = compileOnnx(lowerForBackend(parseProgram(spec, "t.linc"), { target: "onnx", fft: route }), { fft: route, structured: "always" });
  const rows = data.length / (n * (dtype === "c128" ? 2 : 1));
  const host = { dtype, shape: [rows, n], data: dtype === "f32" ? Float32Array.from(data) : data } as const;
  const got = await runModel(model, { x: host as never }, { y: out });
  return Float64Array.from(got.y.data as Float64Array, Number);
}

/** Direct DFT of real rows: bins [0, m). */
function naiveRdft(x: Float64Array, n: number, m: number, len = n) {
  const rows = x.length / len, out = new Float64Array(rows * m * 2);
  for (let r = 0; r < rows; r++)
    for (let k = 0; k < m; k++) {
      let sr = 0, si = 0;
      for (let j = 0; j < len; j++) {
        const a = (2 * Math.PI * ((j * k) % n)) / n;
        sr += x[r * len + j] * Math.cos(a);
        si -= x[r * len + j] * Math.sin(a);
      }
      out[2 * (r * m + k)] = sr;
      out[2 * (r * m + k) + 1] = si;
    }
  return out;
}

/** rdft(n) of real rows of len (zero-tailed), and irdft back to the first len samples, compiled with an FFT route. */
async function rdftRoundTrip(n: number, len: number, route: FftRoute, x: Float64Array) {
  const spec = `input x: f64[b, ${len}]\nX = rdft(${n}) @ pad(x, ${n})\noutput y = X\noutput z = (irdft(${n}) @ X)[0:${len}]\n`;
  const model = compileOnnx(lowerForBackend(parseProgram(spec, "r.linc"), { target: "onnx", fft: route }), { fft: route });
  const out = await runModel(model, { x: { dtype: "f64", shape: [BATCH, len], data: x } }, { y: "c128", z: "f64" });
  return { X: Float64Array.from(out.y.data as Float64Array), shape: out.y.shape, back: Float64Array.from(out.z.data as Float64Array) };
}

describe("onnx rdft / irdft", () => {
  for (const route of ["auto", "fourstep", "matmul", "dft"] as FftRoute[])
    for (const n of [...SIZES, 75, 1031]) {
      if ((route === "matmul" || route === "dft") && n > 1024) continue;
      it(`${route} n=${n}: rdft of a zero-tailed input, and irdft back`, async () => {
        const r = uniform(n), len = Math.max(1, Math.ceil(n * 0.6)), m = Math.floor(n / 2) + 1;
        const x = Float64Array.from({ length: BATCH * len }, r);
        const { X, shape, back } = await rdftRoundTrip(n, len, route, x);
        expect(shape).toEqual([BATCH, m]);
        // onnxruntime's own DFT kernel loses precision off powers of two (about 3e-8 in f64)
        const tol = route === "dft" ? 1e-6 : 1e-12 * Math.log2(n) * 10;
        expect(peakRelErr(X, naiveRdft(x, n, m, len))).toBeLessThan(tol);
        expect(peakRelErr(back, x)).toBeLessThan(tol);
      });
    }
  it("f32 rdft at n=4096 to 1e-4 relative", async () => {
    const n = 4096, x = Float64Array.from({ length: BATCH * n }, uniform(5)).map((v) => Math.fround(v));
    const model = compileOnnx(lowerForBackend(parseProgram(`input x: f32[b, ${n}]\noutput y = rdft(${n}) @ x\n`, "r.linc"), { target: "onnx" }));
    const out = await runModel(model, { x: { dtype: "f32", shape: [BATCH, n], data: Float32Array.from(x) } }, { y: "c64" });
    expect(peakRelErr(Float64Array.from(out.y.data as Float32Array), naiveRdft(x, n, n / 2 + 1))).toBeLessThan(1e-4);
  });
});

describe("onnx dct / idct", () => {
  const NORMS = ["backward", "ortho", "forward"];
  for (const strategy of ["auto", "fourstep"] as FftRoute[])
    for (const n of SIZES)
      it(`${strategy} n=${n}: types 1-4 against scipy's matrices, idct(dct x) = x`, async () => {
        const r = uniform(3 * n), x = Float64Array.from({ length: BATCH * n }, r);
        const norms = n <= 1024 ? NORMS : ["ortho"];
        for (const type of [1, 2, 3, 4])
          for (const norm of norms) {
            const args = `${n}, type=${type}, norm="${norm}"`;
            if (n <= 1024) {
              const C = dctMatrix(n, type, norm as never);
              const want = new Float64Array(BATCH * n);
              for (let b = 0; b < BATCH; b++)
                for (let k = 0; k < n; k++) {
                  let s = 0;
                  for (let j = 0; j < n; j++) s += C.re[k * n + j] * x[b * n + j];
                  want[b * n + k] = s;
                }
              const got = await run(`dct(${args}) @ x`, "f64", n, x, strategy);
              expect(peakRelErr(got, want), `type ${type} ${norm}`).toBeLessThan(1e-11 * Math.log2(n) * 10);
            }
            // idct @ (dct @ x), two ops (the optimiser would cancel the pair: apply them one after the other on y)
            const y = await run(`dct(${args}) @ x`, "f64", n, x, strategy);
            const round = await run(`idct(${args}) @ x`, "f64", n, y, strategy);
            expect(peakRelErr(round, x), `idct type ${type} ${norm}`).toBeLessThan(1e-11 * Math.log2(n) * 10);
          }
      }, 60_000);
  it("f32 dct-II ortho at n=1024 to 1e-4 relative", async () => {
    const n = 1024, x = Float64Array.from({ length: BATCH * n }, uniform(9)).map((v) => Math.fround(v));
    const C = dctMatrix(n, 2, "ortho");
    const want = new Float64Array(BATCH * n);
    for (let b = 0; b < BATCH; b++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) want[b * n + k] += C.re[k * n + j] * x[b * n + j];
    const got = await run(`dct(${n}, type=2, norm="ortho") @ x`, "f32", n, x);
    expect(peakRelErr(got, want)).toBeLessThan(1e-4);
  });
});

describe("onnx Bluestein", () => {
  for (const n of [1009, 2053])
  it(`a prime size above the dense-stage limit (n = ${n}) matches the direct DFT, forward and inverse`, async () => {
    expect(planFft(n, S.fft).algo).toBe("bluestein");
    const x = Float64Array.from({ length: 2 * 2 * n }, uniform(11));
    for (const inverse of [false, true]) {
      const got = await run(`${inverse ? "idft" : "dft"}(${n}) @ x`, "c128", n, x);
      const want = new Float64Array(4 * n);
      for (let b = 0; b < 2; b++) {
        const re = Float64Array.from({ length: n }, (_, j) => x[2 * (b * n + j)]), im = Float64Array.from({ length: n }, (_, j) => x[2 * (b * n + j) + 1]);
        const [yr, yi] = math.fftVec(re, im, inverse ? 1 : -1);
        for (let k = 0; k < n; k++) (want[2 * (b * n + k)] = yr[k] * (inverse ? 1 / n : 1)), (want[2 * (b * n + k) + 1] = yi[k] * (inverse ? 1 / n : 1));
      }
      expect(peakRelErr(got, want)).toBeLessThan(1e-10);
    }
  });
});
