// The wasm Walsh-Hadamard transform (src/backends/wasm/wht.ts): for every n = 2^k, k = 0..16, on
// real and complex rows, in f32 and f64, a batch of 3 and each norm, the kernel is rendered in
// wasm and agrees with the reference interpreter (its dense Sylvester matrix, up to n = 2^10) or,
// above, with the definition y_i = s·Σ_j (−1)^popcount(i AND j) x_j at sampled rows i. A module
// with several WHTs and an FFT (buffers shared) and the zero-copy views run it too.
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { loadBinaryen } from "../../src/backends/wasm/binaryen.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { HostArray } from "../../src/ir/index.js";
import { peakRelErr } from "../support/compare.js";
import { rng } from "../support/random.js";
import { floats, wasmKernel, wasmKernelCount } from "./support.js";

beforeAll(loadBinaryen);

const DTYPES = ["f32", "f64", "c64", "c128"] as const;
type D = (typeof DTYPES)[number];
const NORMS = ["backward", "ortho", "forward"] as const;
const single = (d: D) => d === "f32" || d === "c64";
const widthOf = (d: D) => (d === "c64" || d === "c128" ? 2 : 1);
const tol = (d: D, n: number) => (single(d) ? 2e-6 * Math.max(1, Math.log2(n)) : 1e-15 * Math.max(1, Math.log2(n)));
const B = 3;

function data(d: D, len: number, seed: number): Float32Array | Float64Array {
  const r = rng(seed), a = single(d) ? new Float32Array(len) : new Float64Array(len);
  for (let i = 0; i < len; i++) a[i] = r.normal();
  return a;
}

/** popcount(v) mod 2: the sign of H[i, j] with v = i AND j. */
const parity = (v: number): number => {
  let p = 0;
  for (; v; v &= v - 1) p ^= 1;
  return p;
};

/** Max relative error of sampled rows of y against the definition, per batch item and part. */
function sampledErr(x: ArrayLike<number>, y: ArrayLike<number>, n: number, w: number, s: number, seed: number): number {
  const r = rng(seed);
  let err = 0, size = 0;
  for (let b = 0; b < B; b++)
    for (let t = 0; t < 24; t++) {
      const i = t < 2 ? t * (n - 1) : r.int(0, n - 1); // the first and last rows, then random ones
      for (let c = 0; c < w; c++) {
        let sum = 0, comp = 0, abs = 0; // Neumaier's compensated sum: exact enough to judge float64
        for (let j = 0; j < n; j++) {
          const v = parity(i & j) ? -x[(b * n + j) * w + c] : x[(b * n + j) * w + c], t = sum + v;
          comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
          sum = t;
          abs += Math.abs(v);
        }
        sum += comp;
        err = Math.max(err, Math.abs(y[(b * n + i) * w + c] - s * sum));
        size = Math.max(size, s * abs / Math.sqrt(n)); // the typical size of an entry
      }
    }
  return err / size;
}

describe.each(DTYPES)("wasm wht, %s", (d) => {
  it("every n = 2^k, k = 0..16, each norm, batch 3: rendered in wasm, against the reference", async () => {
    for (let k = 0; k <= 16; k++) {
      const n = 2 ** k, w = widthOf(d), norm = NORMS[k % 3];
      const src = `input x: ${d}[${B}, ${n}]\noutput y = wht(${n}, "${norm}") @ x`;
      const { kernel, source } = await wasmKernel(src);
      expect(wasmKernelCount(source), `${d} n=${n} in wasm`).toBe(1);
      const x = data(d, B * n * w, 100 + k), y = floats(kernel.run({ x }).y);
      expect(y.length).toBe(B * n * w);
      if (n <= 1024) {
        const want = evaluate(parseProgram(src, "t.linc"), { x: { dtype: d, shape: [B, n], data: x } as HostArray }).y.data as Float64Array;
        expect(peakRelErr(y, want), `${d} n=${n} ${norm}`).toBeLessThan(tol(d, n));
      } else {
        const s = norm === "backward" ? 1 : norm === "ortho" ? 1 / Math.sqrt(n) : 1 / n;
        expect(sampledErr(x, y, n, w, s, k), `${d} n=${n} ${norm}`).toBeLessThan(tol(d, n));
      }
    }
  });
});

describe("wasm wht in a module", () => {
  const SRC = `input x: f32[2, 64]\ninput z: c128[2, 8]\ninput u: c64[2, 256]
output a = wht(64, "ortho") @ x
output b = wht(8) @ z
output c = dft(256) @ u
output d = wht(64, "ortho") @ (wht(64) @ x)`;
  const bindings = (): Record<string, HostArray> => ({
    x: { dtype: "f32", shape: [2, 64], data: data("f32", 128, 1) },
    z: { dtype: "c128", shape: [2, 8], data: data("c128", 32, 2) },
    u: { dtype: "c64", shape: [2, 256], data: data("c64", 1024, 3) },
  });

  it("several WHTs and an FFT share the buffers: each output as the reference's", async () => {
    const { kernel, source } = await wasmKernel(SRC);
    expect(wasmKernelCount(source)).toBeGreaterThanOrEqual(3);
    const b = bindings(), want = evaluate(parseProgram(SRC, "t.linc"), b);
    const got = kernel.run(Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.data as Float32Array | Float64Array])));
    for (const o of ["a", "b", "c", "d"]) expect(peakRelErr(floats(got[o]), want[o].data as Float64Array), o).toBeLessThan(o === "b" ? 1e-14 : 1e-5);
  });

  it("runs on the zero-copy views of its memory", async () => {
    const { kernel } = await wasmKernel(SRC);
    const b = bindings(), want = evaluate(parseProgram(SRC, "t.linc"), b), v = kernel.views();
    for (const [k, h] of Object.entries(b)) (v.inputs[k] as Float32Array | Float64Array).set(h.data as Float32Array | Float64Array);
    const got = kernel.run(v.inputs, v.outputs);
    expect(got.a).toBe(v.outputs.a);
    for (const o of ["a", "b", "c", "d"]) expect(peakRelErr(floats(got[o]), want[o].data as Float64Array), o).toBeLessThan(o === "b" ? 1e-14 : 1e-5);
  });
});
