// Each FFT route of the onnx schedule (`--fft`: "dft" every FFT one direct stage rendered by ONNX's
// DFT op, "matmul" one dense MatMul, "fourstep" Stockham passes at every size, "auto" the
// schedule's plans), lowered and compiled from a spec, against a naive DFT, forward and inverse
// with a norm scale, at powers of two and other sizes, f64 and f32.
import { describe, expect, it } from "vitest";
import type { Prec } from "../../src/backends/onnx/graph.js";
import { compileOnnx } from "../../src/backends/onnx/index.js";
import { runModel } from "../../src/backends/onnx/run.js";
import { decodeModel } from "../../src/backends/onnx/proto.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { FftRoute as FftStrategy } from "../../src/ir/index.js";
import { uniform } from "../support/random.js";
import { peakRelErr } from "../support/compare.js";

function naiveDft(re: Float64Array, im: Float64Array, n: number, inverse: boolean, scale: number) {
  const b = re.length / n;
  const yr = new Float64Array(re.length), yi = new Float64Array(re.length);
  for (let r = 0; r < b; r++)
    for (let k = 0; k < n; k++) {
      let sr = 0, si = 0;
      for (let j = 0; j < n; j++) {
        const a = (2 * Math.PI * ((j * k) % n)) / n;
        const c = Math.cos(a), s = inverse ? Math.sin(a) : -Math.sin(a);
        sr += re[r * n + j] * c - im[r * n + j] * s;
        si += re[r * n + j] * s + im[r * n + j] * c;
      }
      yr[r * n + k] = scale * sr;
      yi[r * n + k] = scale * si;
    }
  return { yr, yi };
}

async function check(n: number, strategy: FftStrategy, inverse: boolean, prec: Prec, opset: 17 | 20 = 17) {
  const batch = 3;
  const scale = inverse ? 1 / n : 1 / Math.sqrt(n);
  const t = prec === "f32" ? "c64" : "c128";
  const spec = `input x: ${t}[batch, ${n}]\noutput y = ${inverse ? `idft(${n})` : `dft(${n}, norm="ortho")`} @ x\n`;
  const model = compileOnnx(lowerForBackend(parseProgram(spec, "f.linc"), { target: "onnx", fft: strategy }), { fft: strategy, opset });
  const outName = "y";
  const r = uniform(n * 7 + (inverse ? 1 : 0));
  const re = Float64Array.from({ length: batch * n }, r), im = Float64Array.from({ length: batch * n }, r);
  const data = prec === "f32" ? new Float32Array(2 * batch * n) : new Float64Array(2 * batch * n);
  for (let i = 0; i < batch * n; i++) (data[2 * i] = re[i]), (data[2 * i + 1] = im[i]);
  const xr = Float64Array.from({ length: batch * n }, (_, i) => data[2 * i]), xi = Float64Array.from({ length: batch * n }, (_, i) => data[2 * i + 1]);
  const out = await runModel(model, { x: { dtype: t, shape: [batch, n], data } }, { [outName]: t });
  const got = out[outName];
  expect(got.shape).toEqual([batch, n]);
  const { yr, yi } = naiveDft(xr, xi, n, inverse, scale);
  const want = new Float64Array(2 * batch * n);
  for (let i = 0; i < batch * n; i++) (want[2 * i] = yr[i]), (want[2 * i + 1] = yi[i]);
  return { err: peakRelErr(got.data, want), model };
}

describe("onnx fft routes", () => {
  const sizes = [8, 12, 64, 1000, 1024, 4096];
  for (const strategy of ["dft", "matmul", "fourstep", "auto"] as FftStrategy[])
    for (const n of sizes) {
      if (strategy === "matmul" && n > 1024) continue; // a dense 2n x 2n matrix is the wrong tool there
      it(`${strategy} n=${n} f64 forward and inverse`, async () => {
        for (const inverse of [false, true]) {
          const { err } = await check(n, strategy, inverse, "f64");
          // onnxruntime's own DFT kernel loses precision off powers of two (about 3e-8 in f64),
          // which is why `auto` never picks it for double precision
          const opLoose = strategy === "dft" && (n & (n - 1)) !== 0;
          expect(err).toBeLessThan(opLoose ? 1e-6 : 1e-12 * Math.max(1, Math.log2(n)) * 10);
        }
      });
    }
  for (const strategy of ["dft", "matmul", "fourstep"] as FftStrategy[])
    it(`${strategy} n=1024 f32 to 1e-4 relative`, async () => {
      const { err } = await check(1024, strategy, false, "f32");
      expect(err).toBeLessThan(1e-4);
    });
  it("DFT op at opset 20 (axis as an input)", async () => {
    for (const inverse of [false, true]) {
      const { err, model } = await check(128, "dft", inverse, "f64", 20); // above the size a known operator goes dense
      expect(err).toBeLessThan(1e-12);
      expect(decodeModel(model).graph.node.some((x) => x.opType === "DFT")).toBe(true);
    }
  });
  it("four-step model carries no O(n^2) tensor", async () => {
    const { model } = await check(4096, "fourstep", false, "f32");
    const m = decodeModel(model);
    const largest = Math.max(...m.graph.initializer.map((t) => t.dims.reduce((a, b) => a * Number(b), 1)));
    // stacked pass weights: a twiddled pass of radix r holds m = n/(r s) realified r x r matrices, O(n·r)
    expect(largest).toBeLessThanOrEqual(64 * 4096);
    expect(m.graph.node.some((x) => x.opType === "DFT")).toBe(false);
    expect(Number(m.irVersion)).toBe(8);
  });
});
