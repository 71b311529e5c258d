// Convolutions through the optimiser's kernel graph (rdft/irdft with a folded filter spectrum,
// idft·diag·dft for complex circulants) rendered as one staged spectral pipeline: answers
// against the reference interpreter, odd batches (two real rows share one complex row), extra
// leading axes, windows of the result; and the model size of the n = 16384 causal convolution.
import { describe, expect, it } from "vitest";
import "../../src/ir/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, evaluate } from "../../src/ir/index.js";
import { compileOnnx, decodeModel, runOnnx } from "../../src/backends/onnx/index.js";
import { lowerForOnnx } from "./lowered.js";
import { uniform } from "../support/random.js";
import { peakRelErr } from "../support/compare.js";

const arr = (dtype: HostArray["dtype"], shape: number[], seed: number): HostArray => {
  const len = shape.reduce((a, b) => a * b, 1) * (dtype.startsWith("c") ? 2 : 1);
  const r = uniform(seed), data = Float64Array.from({ length: len }, r);
  return { dtype, shape, data: dtype === "f32" || dtype === "c64" ? Float32Array.from(data) : data };
};

async function check(src: string, inputs: Record<string, HostArray>, params: Record<string, HostArray>, tol: number) {
  const p = parseProgram(src, "s.linc");
  const low = lowerForOnnx(p, params);
  const got = await runOnnx(low, { ...inputs, ...params });
  const want = evaluate(p, { ...inputs, ...params });
  for (const [k, w] of Object.entries(want)) {
    expect(got[k].shape).toEqual(w.shape);
    let e = 0, s = 0;
    w.data.forEach((v, i) => ((e = Math.max(e, Math.abs(Number(got[k].data[i]) - Number(v)))), (s = Math.max(s, Math.abs(Number(v))))));
    expect(e).toBeLessThanOrEqual(tol * Math.max(1, s));
  }
  return compileOnnx(low, { params });
}

const matmuls = (m: Uint8Array) => decodeModel(m).graph.node.filter((n) => n.opType === "MatMul").length;

describe("onnx spectral products", () => {
  it("causal conv n=1000, odd batch, f64: one staged pipeline, no spectrum pass", async () => {
    const src = `input x: f64[batch, 1000]\nparam h: f64[1000]\noutput y = toeplitz(h, zeros(1000)) @ x\n`;
    const model = await check(src, { x: arr("f64", [3, 1000], 1) }, { h: arr("f64", [1000], 2) }, 1e-9);
    const ops = decodeModel(model).graph.node.map((n) => n.opType);
    expect(ops).not.toContain("DFT");
    expect(matmuls(model)).toBeGreaterThanOrEqual(3); // forward stages, the middle, inverse stages
    expect(matmuls(model) % 2).toBe(1);
  });
  it("conv mode same with two leading axes, f32", async () => {
    const src = `input x: f32[a, b, 700]\nparam h: f32[90]\noutput y = conv(h, 700, mode="same") @ x\n`;
    await check(src, { x: arr("f32", [2, 3, 700], 3) }, { h: arr("f32", [90], 4) }, 1e-4);
  });
  it("complex circulant n=512 (idft . diag . dft), c128", async () => {
    const src = `input x: c128[batch, 512]\nparam c: c128[512]\noutput y = circulant(c) @ x\n`;
    await check(src, { x: arr("c128", [2, 512], 5) }, { c: arr("c128", [512], 6) }, 1e-9);
  });
  it("params left unbound still lower (spectrum computed in the graph)", async () => {
    const src = `input x: f64[batch, 300]\nparam h: f64[300]\noutput y = toeplitz(h, zeros(300)) @ x\n`;
    const p = parseProgram(src, "s.linc");
    const x = arr("f64", [2, 300], 7), h = arr("f64", [300], 8);
    const got = await runOnnx(lowerForOnnx(p), { x, h });
    const want = evaluate(p, { x, h });
    want.y.data.forEach((v, i) => expect(Math.abs(Number(got.y.data[i]) - Number(v))).toBeLessThan(1e-9 * 30));
  });
  it("causal conv n=16384 f32: O(n) constants, right answers", async () => {
    const n = 16384;
    const src = `input x: f32[batch, ${n}]\nparam h: f32[${n}]\nT = toeplitz(h, zeros(${n}))\noutput y = T @ x\n`;
    const h = arr("f32", [n], 9), x = arr("f32", [1, n], 10);
    (h.data as Float32Array).forEach((v, i, a) => (a[i] = v * Math.exp(-i / 2000)));
    const p = parseProgram(src, "causal.linc");
    const low = lowerForOnnx(p, { h });
    const model = compileOnnx(low, { params: { h } });
    const inits = decodeModel(model).graph.initializer.map((t) => t.dims.reduce((a, b) => a * Number(b), 1));
    expect(Math.max(...inits)).toBeLessThanOrEqual(64 * n); // stacked stage weights: 4·N·n_L with N = 2n
    expect(inits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(256 * n);
    expect(model.length).toBeLessThan(16 * 1024 * 1024);
    const got = await runOnnx(low, { x, h });
    const hd = h.data as Float32Array, xd = x.data as Float32Array, want = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s += hd[i - j] * xd[j];
      want[i] = s;
    }
    expect(peakRelErr(got.y.data, want)).toBeLessThan(1e-4);
  });
});
