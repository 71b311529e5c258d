// The wasm butterfly product (src/backends/wasm/bfly.ts): for every n = 2^k, k = 1..13 (complex
// weights: 1..11), real and complex weights, on real and complex rows, in f32 and f64, increasing
// and decreasing strides, a batch of 3, the kernel is rendered in wasm and agrees with the
// reference interpreter; weights given at run time (an input, new values each call) are taken
// afresh by every call; fixed weights (params) are loaded once into each kernel's own memory.
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { loadBinaryen } from "../../src/backends/wasm/binaryen.js";
import { compileWasm } from "../../src/backends/wasm/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { HostArray } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { peakRelErr } from "../support/compare.js";
import { rng } from "../support/random.js";
import { floats, wasmKernel, wasmKernelCount } from "./support.js";

beforeAll(loadBinaryen);

const DTYPES = ["f32", "f64", "c64", "c128"] as const;
type D = (typeof DTYPES)[number];
const single = (d: D) => d === "f32" || d === "c64";
const B = 3;

function data(d: D, len: number, seed: number): Float32Array | Float64Array {
  const r = rng(seed), a = single(d) ? new Float32Array(len) : new Float64Array(len);
  for (let i = 0; i < len; i++) a[i] = r.normal() / Math.SQRT2; // factors of 2x2 blocks of norm ~1
  return a;
}

/** Every n = 2^k, k = 1..kMax, both stride orders, batch B: rendered in wasm, within tol(k) of the reference. */
async function sweep(d: D, wd: "f32" | "f64" | "c64" | "c128", kMax: number, seed: number, tol: (k: number) => number): Promise<void> {
  const w = d === "c64" || d === "c128" ? 2 : 1, per = wd.startsWith("c") ? 4 : 2;
  for (let k = 1; k <= kMax; k++)
    for (const inc of [true, false]) {
      const n = 2 ** k, src = `param W: ${wd}[${k}, ${n / 2}, 2, 2]\ninput x: ${d}[${B}, ${n}]\noutput y = butterfly(W, increasing=${inc}) @ x`;
      const W = data(wd, per * n * k, k), x = data(d, B * n * w, seed + k);
      const { kernel, source } = await wasmKernel(src, { W });
      expect(wasmKernelCount(source), `${d} n=${n} in wasm`).toBe(1);
      const got = floats(kernel.run({ x }).y);
      const want = evaluate(parseProgram(src, "t.linc"), { W: { dtype: wd, shape: [k, n / 2, 2, 2], data: W }, x: { dtype: d, shape: [B, n], data: x } } as Record<string, HostArray>).y.data as Float64Array;
      expect(peakRelErr(got, want), `${d} n=${n} increasing=${inc}`).toBeLessThan(tol(k));
    }
}

describe.each(DTYPES)("wasm butterfly, %s rows", (d) => {
  it("real weights: every n = 2^k, k = 1..13, both stride orders, batch 3: rendered in wasm, against the reference", () =>
    sweep(d, single(d) ? "f32" : "f64", 13, 50, (k) => (single(d) ? 2e-6 : 1e-15) * k));
  it("complex weights: every n = 2^k, k = 1..11, both stride orders, batch 3: rendered in wasm, against the reference", () =>
    sweep(d, single(d) ? "c64" : "c128", 11, 70, (k) => (single(d) ? 2e-6 : 2e-15) * k));
});

it("weights given at run time: each call takes the call's weights", async () => {
  const n = 64, src = `input W: f32[6, 32, 2, 2]\ninput x: f32[${B}, ${n}]\noutput y = butterfly(W) @ x`;
  const { kernel, source } = await wasmKernel(src);
  expect(wasmKernelCount(source)).toBe(1);
  const x = data("f32", B * n, 1);
  for (const seed of [2, 3]) {
    const W = data("f32", 2 * n * 6, seed);
    const want = evaluate(parseProgram(src, "t.linc"), { W: { dtype: "f32", shape: [6, 32, 2, 2], data: W }, x: { dtype: "f32", shape: [B, n], data: x } }).y.data as Float64Array;
    expect(peakRelErr(floats(kernel.run({ W, x }).y), want), `weights ${seed}`).toBeLessThan(1e-5);
  }
});

describe("fixed weights (params): loaded into each kernel's memory once", () => {
  const SRC = `param V: f32[6, 32, 2, 2]\nparam U: f64[6, 32, 2, 2]\ninput x: f32[${B}, 64]\ninput u: c64[${B}, 128]
output a = butterfly(V) @ x
output b = butterfly(U, increasing=false) @ x
output c = dft(128) @ u
output d = butterfly(V) @ (dft(64) @ x)`;
  const want = (V: Float32Array | Float64Array, U: Float32Array | Float64Array, x: Float32Array | Float64Array, u: Float32Array | Float64Array) =>
    evaluate(parseProgram(SRC, "t.linc"), {
      V: { dtype: "f32", shape: [6, 32, 2, 2], data: V },
      U: { dtype: "f64", shape: [6, 32, 2, 2], data: U },
      x: { dtype: "f32", shape: [B, 64], data: x },
      u: { dtype: "c64", shape: [B, 128], data: u },
    });

  it("two butterflies of one size (each its own weights), beside FFTs; two kernels; the views, after the memory grows", async () => {
    const art = compileWasm(lowerForBackend(parseProgram(SRC, "t.linc"), { target: "wasm" }));
    const source = art.moduleSource();
    expect(source.match(/\.load\(/g)?.length, "the weights of a, b and d loaded once").toBeGreaterThanOrEqual(2);
    const params = [1, 2].map((s) => ({ V: data("f32", 768, s), U: data("f64", 768, 10 + s) }));
    const kernels = [await art.createKernel(params[0]), await art.createKernel(params[1])];
    const x = data("f32", B * 64, 5), u = data("c64", B * 256, 6);
    for (const round of [0, 1])
      for (const [i, k] of kernels.entries()) {
        const w = want(params[i].V, params[i].U, x, u);
        let got = k.run({ x, u });
        if (round === 1) {
          const v = k.views!();
          (v.inputs.x as Float32Array).set(x);
          (v.inputs.u as Float32Array).set(u);
          got = k.run(v.inputs, v.outputs);
        }
        for (const o of ["a", "b", "c", "d"]) expect(peakRelErr(floats(got[o]), w[o].data as Float64Array), `kernel ${i} round ${round} ${o}`).toBeLessThan(2e-5);
      }
  });
});
