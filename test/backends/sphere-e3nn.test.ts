// basis="e3nn" (sh_eval, gaunt, cg_path) on every compiling backend (the registry's): the golden
// cases of test/sphere/data/e3nn.json (ports of e3nn's own definitions) through
// DSL -> lowerForBackend -> cpu and wasm (f64 at the case's tolerance, f32 at 1e-5), onnx
// (onnxruntime, f64 at 1e-9, f32 at 1e-4) and gpujs ('cpu' mode, 1e-4), with the params bound at lowering
// (angles and cg_path weights fold, as the CLI does) and, where the ops take run-time data,
// unbound. The change of basis is plain dense/blockdiag factors, so no backend has code of its own for it.
import { describe, expect, it } from "vitest";
import { getBackend } from "../../src/backends/index.js";
import { runGpujs } from "../../src/backends/gpujs/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { HostArray } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { type GoldenCase, bindingsOf, relErr } from "../support/golden.js";
import { e3nnCases } from "../sphere/e3nn-golden.js";
import { type Compiled, compiledBackends } from "../support/backends.js";

/** Each backend's bounds: f64 (0: the case's own tolerance) and f32; gpujs computes in float32 whatever the dtype, so its f64 run is its single-precision check. */
const TOL: Record<Compiled, { f64: number; f32?: number }> = { cpu: { f64: 0, f32: 1e-5 }, wasm: { f64: 0, f32: 1e-5 }, onnx: { f64: 1e-9, f32: 1e-4 }, gpujs: { f64: 1e-4 } };

const single = (src: string) => src.replace(/\bf64\b/g, "f32");
const toF32 = (h: HostArray): HostArray => ({ dtype: "f32", shape: h.shape, data: Float32Array.from(h.data as Float64Array) });

async function check(c: GoldenCase, target: Compiled, opts: { bound: boolean; f32: boolean; tol: number }) {
  const all = bindingsOf(c);
  const b = opts.f32 ? Object.fromEntries(Object.entries(all).map(([k, v]) => [k, toF32(v)])) : all;
  const params = opts.bound ? Object.fromEntries(Object.keys(c.params).map((k) => [k, b[k]])) : undefined;
  const p = lowerForBackend(parseProgram(opts.f32 ? single(c.source) : c.source, `${c.name}.linc`), { target, params });
  const out = target === "gpujs" ? await runGpujs(p, b, { mode: "cpu" }) : await (await getBackend(target)).run(p, b);
  for (const [name, want] of Object.entries(c.outputs)) {
    expect(out[name].shape).toEqual(want.shape);
    expect(out[name].dtype).toBe(opts.f32 ? "f32" : "f64");
    expect(relErr(out[name].data as Float64Array, want.data)).toBeLessThanOrEqual(opts.tol);
  }
}

const cases = e3nnCases();
describe("basis=\"e3nn\" golden cases on every compiling backend", () => {
  it("covers the three ops", () => {
    for (const op of ["sh_eval", "gaunt", "cg_path"]) expect(cases.filter((c) => c.name.startsWith(`e3nn_${op}`)).length).toBeGreaterThan(2);
  });
  for (const c of cases) {
    // cg_path folds to constants (its weights are params); the others also run on run-time data
    const unbound = !c.name.startsWith("e3nn_cg_path");
    for (const bound of unbound ? [true, false] : [true]) {
      const how = bound ? "params bound" : "params at run time";
      for (const target of compiledBackends()) {
        const { f64, f32 } = TOL[target];
        it(`${target} f64 ${c.name} (${how})`, () => check(c, target, { bound, f32: false, tol: f64 || c.tol }));
        if (f32 !== undefined) it(`${target} f32 ${c.name} (${how})`, () => check(c, target, { bound, f32: true, tol: f32 }));
      }
    }
  }
});
