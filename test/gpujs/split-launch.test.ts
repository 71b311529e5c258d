// Launches past float32's exact thread indices (issue 10, item 1): on a GPU, GPU.js thread
// indices are float32, exact only below 2^24, so a stage longer than that (x: f32[8192, 2048],
// y = x[1:]) gave wrong elements from index ~2^23 on. The runtime now splits such a run along the
// leading symbolic dimension into launches within the limit. In Node GPU.js runs in 'cpu' mode
// (float64 indices, no limit by default), so here the limit is lowered with `maxLaunch` and
// the split runs must equal the unsplit ones exactly, and the reference.
import gpujs from "gpu.js";
import { describe, expect, it } from "vitest";
import { compileGpujs } from "../../src/backends/gpujs/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { uniformArray } from "../support/random.js";

const rows = (batch: number, n: number, seed: number) => Float32Array.from(uniformArray(batch * n, seed));

const CASES: [string, string, number][] = [
  ["slice (the issue's x[1:])", "input x: f32[batch, 64]\noutput y = x[1:]\n", 64],
  ["spectral: real(dft(16) @ x)", "input x: f32[batch, 16]\noutput y = real(dft(16) @ x)\n", 16],
  ["a param broadcast over rows and two outputs", "input x: f32[batch, 8]\nparam w: f32[8]\noutput y = tanh(x * w)\noutput z = rdft(8) @ x\n", 8],
];

describe("gpujs launches split by rows", () => {
  for (const [name, src, n] of CASES)
    it(name, async () => {
      const p = parseProgram(src, "split.linc");
      const art = compileGpujs(lowerForBackend(p, { target: "gpujs" }));
      const w = Float32Array.from({ length: 8 }, (_, i) => 0.1 * (i + 1));
      const params: Record<string, Float32Array> = p.params.length ? { w } : {};
      const whole = await art.createKernel(params, { mode: "cpu" });
      // a GPU.js instance that records the length of every kernel it launches
      const gpu = new gpujs.GPU({ mode: "cpu" }), lens: number[] = [];
      const create = gpu.createKernel.bind(gpu) as (src: unknown, settings: { output: number[] }) => unknown;
      (gpu as unknown as { createKernel: typeof create }).createKernel = (src, settings) => (lens.push(settings.output[0]), create(src, settings));
      const maxLaunch = 4 * 2 * n; // at most 4 rows per launch
      const split = await art.createKernel(params, { mode: "cpu", gpu, maxLaunch });
      const batch = 13, x = rows(batch, n, 3);
      const a = (await whole.run({ x })) as Record<string, Float32Array>;
      const b = (await split.run({ x })) as Record<string, Float32Array>;
      const want = evaluate(p, { x: { dtype: "f32", shape: [batch, n], data: x }, ...(p.params.length ? { w: { dtype: "f32", shape: [8], data: w } } : {}) });
      // every launch within the limit, where the whole batch is 13 rows
      expect(lens.length).toBeGreaterThan(0);
      expect(Math.max(...lens)).toBeLessThanOrEqual(maxLaunch);
      for (const o of p.outputs) {
        expect(Array.from(b[o.name]), o.name).toEqual(Array.from(a[o.name]));
        const ref = Array.from(want[o.name].data as Float32Array);
        const scale = Math.max(...ref.map(Math.abs));
        expect(Math.max(...Array.from(b[o.name], (v, i) => Math.abs(v - ref[i]))) / scale).toBeLessThan(1e-4);
      }
      // and a second, smaller batch on the same kernel (kernels rebuilt for the new lengths)
      const x2 = rows(2, n, 5);
      expect(Array.from(((await split.run({ x: x2 })) as Record<string, Float32Array>)[p.outputs[0].name])).toEqual(Array.from(((await whole.run({ x: x2 })) as Record<string, Float32Array>)[p.outputs[0].name]));
      whole.destroy();
      split.destroy();
    });

  it("a kernel that cannot be split by rows is refused, not run wrong", async () => {
    const p = parseProgram("input x: f32[batch, 8]\ninput z: f32[m, 8]\noutput y = -x\noutput u = -z\n", "two.linc");
    const k = await compileGpujs(lowerForBackend(p, { target: "gpujs" })).createKernel({}, { mode: "cpu", maxLaunch: 16 });
    await expect(k.run({ x: rows(4, 8, 1), z: rows(4, 8, 2) })).rejects.toThrow(/past float32's exact thread indices .* cannot be split by rows/);
    k.destroy();
    // one row longer than the limit cannot be split either
    const q = parseProgram("input x: f32[batch, 8]\noutput y = -x\n", "row.linc");
    const k2 = await compileGpujs(lowerForBackend(q, { target: "gpujs" })).createKernel({}, { mode: "cpu", maxLaunch: 8 });
    await expect(k2.run({ x: rows(4, 8, 1) })).rejects.toThrow(/cannot be split by rows/);
    k2.destroy();
  });
});
