// The standalone gpujs module: written to disk, imported as an ES module (it imports gpu.js
// only), run in GPU.js 'cpu' mode against the reference interpreter; plus the backend's
// refusals (unlowered ops, bad bindings) and the plan's param/run split.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { compileGpujs, runGpujs } from "../../src/backends/gpujs/index.js";
import { emitGpujsModule } from "../../src/backends/gpujs/module.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, mk, tensorType } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { relErr } from "../support/golden.js";
import { uniformArray } from "../support/random.js";

// inside the repository, so that the module's `import "gpu.js"` resolves from node_modules
// inside the repository, so that the emitted module's `import "gpu.js"` resolves from node_modules
mkdirSync(resolve("tmp"), { recursive: true });
const dir = mkdtempSync(join(resolve("tmp"), "gpujs-module-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rnd(shape: number[], dtype: "f32" | "c64", seed: number): HostArray {
  const n = shape.reduce((a, b) => a * b, 1) * (dtype === "c64" ? 2 : 1);
  return { dtype, shape, data: Float32Array.from(uniformArray(n, seed)) };
}

const CAUSAL = `const n = 64\ninput x: f32[batch, n]\nparam h: f32[n]\nT = toeplitz(h, zeros(n))\noutput y = T @ x\n`;
const SPECTRAL = `const n = 32\ninput x: f32[batch, n]\nparam w: c64[17]\nX = rdft(n) @ x\noutput y = tanh(irdft(n) @ (diag(w) @ X))\n`;

describe("gpujs standalone module", () => {
  for (const [name, src, bind] of [
    ["causal conv", CAUSAL, { x: rnd([3, 64], "f32", 1), h: rnd([64], "f32", 2) }],
    ["spectral filter", SPECTRAL, { x: rnd([2, 32], "f32", 3), w: rnd([17], "c64", 4) }],
  ] as const) {
    it(`${name}: module on disk matches the reference`, async () => {
      const p = parseProgram(src, `${name}.linc`);
      const low = lowerForBackend(p, { target: "gpujs" });
      const path = emitGpujsModule(low, join(dir, `${name.replace(" ", "_")}.mjs`));
      const text = readFileSync(path, "utf8");
      expect(text).toContain(`import gpujs from "gpu.js"`);
      expect(text).not.toMatch(/from "\.\.?\//); // nothing from linc
      const mod = await import(pathToFileURL(path).href);
      const params = Object.fromEntries(p.params.map((d) => [d.name, (bind as Record<string, HostArray>)[d.name].data]));
      const k = await mod.createKernel(params, { mode: "cpu" });
      const out = await k.run({ x: bind.x.data });
      k.destroy();
      const want = evaluate(p, bind as Record<string, HostArray>).y;
      expect(out.y).toBeInstanceOf(Float32Array);
      expect(relErr(out.y, Array.from(want.data as Float64Array))).toBeLessThanOrEqual(1e-4);
    });
  }

  it("runs again with another batch size (run stages rebuilt, params kept)", async () => {
    const p = parseProgram(CAUSAL, "c.linc");
    const art = compileGpujs(lowerForBackend(p, { target: "gpujs" }));
    const h = rnd([64], "f32", 5);
    const k = await art.createKernel({ h }, { mode: "cpu" });
    for (const batch of [1, 4, 2]) {
      const x = rnd([batch, 64], "f32", batch);
      const out = await k.run({ x });
      const want = evaluate(p, { x, h }).y;
      expect(out.y.length).toBe(batch * 64);
      expect(relErr(out.y as Float32Array, Array.from(want.data as Float64Array))).toBeLessThanOrEqual(1e-4);
    }
    k.destroy();
    // the filter's spectrum is a param stage: computed once, not per run
    expect(art.plan.stages.some((s) => s.phase === 0)).toBe(true);
  });

  it("refuses ops the lowering removes, and bad bindings", async () => {
    const raw = parseProgram(`input x: f32[4]\noutput y = inv(dft(4)) @ x\n`, "r.linc");
    expect(() => compileGpujs(raw)).toThrow(/E0801|lowered/);
    const p = lowerForBackend(parseProgram(CAUSAL, "c.linc"), { target: "gpujs" });
    await expect(runGpujs(p, { x: rnd([2, 64], "f32", 1) })).rejects.toThrow(/missing value/);
    await expect(runGpujs(p, { x: rnd([2, 63], "f32", 1), h: rnd([64], "f32", 1) })).rejects.toThrow(/axis 1 must have length 64/);
  });

  it("refuses a kernel op its table marks unsupported, saying why (E0801)", () => {
    const A = mk("hippo_A", tensorType("f64", [4, 4]), [], { kind: "legs", n: 4 });
    const prog = { file: "h.linc", source: "", consts: new Map<string, number>(), inputs: [], params: [], outputs: [{ name: "y", node: A }] };
    expect(() => compileGpujs(prog)).toThrow(/E0801.*'hippo_A' is not supported by the gpujs backend: evaluated at compile time only/);
  });
});
