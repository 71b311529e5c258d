// s4d_kernel on the gpujs backend with its params unbound (one kernel, GPU.js 'cpu' mode),
// against the reference's float64 kernel: decaying and oscillating modes, one at λ = 0 (the
// dt limit of (e^{dt λ} - 1)/λ) and small |dt λ| (the expm1 series). Tolerance: float32,
// max |got - want| <= 1e-4 * max(1, max |want|) as for the golden cases.
import { describe, expect, it } from "vitest";
import { compileGpujs, runGpujs } from "../../src/backends/gpujs/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { HostArray } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { relErr } from "../support/golden.js";

const TOL = 1e-4;

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

describe("s4d_kernel on the gpujs backend", () => {
  it("N = 16, L = 300, params unbound", async () => {
    const src = "param lam: c128[16]\nparam B: c128[16]\nparam C: c128[16]\noutput K = s4d_kernel(lam, B, C, 0.05, 300)";
    const p = parseProgram(src, "s4d.linc");
    const lowered = lowerForBackend(p, { target: "gpujs" });
    expect(compileGpujs(lowered).plan.stages.length).toBe(1);
    const r = rng(21);
    const lam = new Float64Array(32);
    for (let n = 0; n < 16; n++) (lam[2 * n] = -0.5 * Math.abs(r()) - (n % 4 === 0 ? 0 : 0.01)), (lam[2 * n + 1] = Math.PI * n * r());
    (lam[0] = 0), (lam[1] = 0); // the λ = 0 mode
    const c = (data: Float64Array): HostArray => ({ dtype: "c128", shape: [16], data });
    const bindings = { lam: c(lam), B: c(Float64Array.from({ length: 32 }, r)), C: c(Float64Array.from({ length: 32 }, r)) };
    const want = evaluate(p, bindings).K.data as Float64Array;
    const got = (await runGpujs(lowered, bindings, { mode: "cpu" })).K.data as Float64Array;
    expect(relErr(got, want)).toBeLessThanOrEqual(TOL);
  });
});
