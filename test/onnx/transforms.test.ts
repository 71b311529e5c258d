// rdft / irdft, DCT types 1-4 (and idct) and Bluestein through the staged MatMul FFT, run in
// onnxruntime against direct sums in float64: every strategy at n in {8, 12, 64, 1000, 1024, 4096},
// with the plans the onnx schedule records (src/passes/schedule) for those sizes; odd sizes (staged,
// Bluestein) and the half-size route that other schedules record.
import { describe, expect, it } from "vitest";
import "../../src/ir/index.js";
import { dctMatrix } from "../../src/ir/index.js";
import { GraphBuilder, type Prec } from "../../src/backends/onnx/graph.js";
import { fft } from "../../src/backends/onnx/fft.js";
import { compileOnnx } from "../../src/backends/onnx/index.js";
import { dctApply } from "../../src/backends/onnx/dct.js";
import { type Val } from "../../src/backends/onnx/complex.js";
import { sliceLast } from "../../src/backends/onnx/pieces.js";
import { runModel } from "../../src/backends/onnx/run.js";
import { stagedDft } from "../../src/backends/onnx/stages.js";
import { SCHEDULES, inverseType, lowerForBackend, planFft } from "../../src/passes/index.js";
import { withFftRoute } from "../../src/passes/schedule/table.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { FftRoute } from "../../src/ir/index.js";
import { uniform } from "../support/random.js";
import { peakRelErr } from "../support/compare.js";

const S = SCHEDULES.onnx;
/** The plan the schedule records on dct(n, type) (inverse: the type it runs). */
const dctPlan = (n: number, type: number, inverse: boolean, route: FftRoute) => ({ via: "full" as const, fft: planFft(S.dctFftSize(n, inverse ? inverseType(type) : type), withFftRoute(S, route).fft) });
const dct = (g: GraphBuilder, v: Val, n: number, type: number, norm: string, inverse: boolean, route: FftRoute) =>
  dctApply(g, v, { n, type, norm, inverse, plan: dctPlan(n, type, inverse, route) });

const SIZES = [8, 12, 64, 1000, 1024, 4096];
const BATCH = 3;

/** Build a one-input model around `f`, run it on `data`, return the output as float64. */
async function run(prec: Prec, shape: number[], complexIn: boolean, data: Float64Array, f: (g: GraphBuilder, x: Val) => Val) {
  const g = new GraphBuilder();
  g.input("x", prec, complexIn ? ["b", shape[1], 2] : ["b", shape[1]]);
  const y = f(g, { name: "x", shape: ["b", shape[1]], complex: complexIn, prec });
  const last = y.shape[y.shape.length - 1] as number;
  g.output(y.name, prec, y.complex ? ["b", last, 2] : ["b", last]);
  const dtype = complexIn ? (prec === "f32" ? "c64" : "c128") : prec;
  const host = { dtype, shape, data: prec === "f32" ? Float32Array.from(data) : data } as const;
  const out = await runModel(g.toModel({ opset: 17 }), { x: host as never }, { [y.name]: y.complex ? (prec === "f32" ? "c64" : "c128") : prec });
  return { y: Float64Array.from(out[y.name].data as Float64Array, Number), shape: out[y.name].shape };
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
            if (n <= 1024) {
              const C = dctMatrix(n, type, norm as never);
              const want = new Float64Array(BATCH * n);
              for (let b = 0; b < BATCH; b++)
                for (let k = 0; k < n; k++) {
                  let s = 0;
                  for (let j = 0; j < n; j++) s += C.re[k * n + j] * x[b * n + j];
                  want[b * n + k] = s;
                }
              const got = await run("f64", [BATCH, n], false, x, (g, v) => dct(g, v, n, type, norm, false, strategy));
              expect(peakRelErr(got.y, want), `type ${type} ${norm}`).toBeLessThan(1e-11 * Math.log2(n) * 10);
            }
            const round = await run("f64", [BATCH, n], false, x, (g, v) => dct(g, dct(g, v, n, type, norm, false, strategy), n, type, norm, true, strategy));
            expect(peakRelErr(round.y, x), `idct type ${type} ${norm}`).toBeLessThan(1e-11 * Math.log2(n) * 10);
          }
      }, 60_000);
  it("f32 dct-II ortho at n=1024 to 1e-4 relative", async () => {
    const n = 1024, x = Float64Array.from({ length: BATCH * n }, uniform(9)).map((v) => Math.fround(v));
    const C = dctMatrix(n, 2, "ortho");
    const want = new Float64Array(BATCH * n);
    for (let b = 0; b < BATCH; b++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) want[b * n + k] += C.re[k * n + j] * x[b * n + j];
    const got = await run("f32", [BATCH, n], false, x, (g, v) => dct(g, v, n, 2, "ortho", false, "auto"));
    expect(peakRelErr(got.y, want)).toBeLessThan(1e-4);
  });
});

describe("onnx Bluestein", () => {
  for (const n of [1009, 2053])
  it(`a prime size above the dense-stage limit (n = ${n}) matches the direct DFT, forward and inverse`, async () => {
    expect(planFft(n, S.fft).algo).toBe("bluestein");
    const x = Float64Array.from({ length: 2 * 2 * n }, uniform(11));
    for (const inverse of [false, true]) {
      const got = await run("f64", [2, n], true, x, (g, v) => fft(g, v, planFft(n, S.fft), { inverse, scale: inverse ? 1 / n : 1 }));
      const want = new Float64Array(4 * n);
      for (let b = 0; b < 2; b++) {
        const re = Float64Array.from({ length: n }, (_, j) => x[2 * (b * n + j)]), im = Float64Array.from({ length: n }, (_, j) => x[2 * (b * n + j) + 1]);
        const [yr, yi] = stagedDft(re, im, { n, dims: [n], sign: inverse ? 1 : -1 });
        for (let k = 0; k < n; k++) (want[2 * (b * n + k)] = yr[k] * (inverse ? 1 / n : 1)), (want[2 * (b * n + k) + 1] = yi[k] * (inverse ? 1 / n : 1));
      }
      expect(peakRelErr(got.y, want)).toBeLessThan(1e-10);
    }
  });
});
