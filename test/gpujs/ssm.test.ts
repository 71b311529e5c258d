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
import { uniform } from "../support/random.js";

const TOL = 1e-4;

describe("s4d_kernel on the gpujs backend", () => {
  it("N = 16, L = 300, params unbound", async () => {
    const src = "param lam: c128[16]\nparam B: c128[16]\nparam C: c128[16]\noutput K = s4d_kernel(lam, B, C, 0.05, 300)";
    const p = parseProgram(src, "s4d.linc");
    const lowered = lowerForBackend(p, { target: "gpujs" });
    expect(compileGpujs(lowered).plan.stages.length).toBe(1);
    const r = uniform(21);
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

describe("s4d_kernel on the gpujs backend with a run-time dt", () => {
  it("one lowered program, two step sizes, each equal to the reference", async () => {
    const p = parseProgram("param lam: c128[8]\nparam B: c128[8]\nparam C: c128[8]\nparam dt: f64[]\noutput K = s4d_kernel(lam, B, C, dt, 64)", "s4ddt.linc");
    const lowered = lowerForBackend(p, { target: "gpujs" }), r = uniform(9);
    const lam = new Float64Array(16);
    for (let n = 0; n < 8; n++) (lam[2 * n] = -0.3 - 0.5 * Math.abs(r())), (lam[2 * n + 1] = 4 * r());
    const c = (data: Float64Array): HostArray => ({ dtype: "c128", shape: [8], data });
    const b: Record<string, HostArray> = { lam: c(lam), B: c(Float64Array.from({ length: 16 }, r)), C: c(Float64Array.from({ length: 16 }, r)) };
    for (const dt of [0.05, 0.3]) {
      b.dt = { dtype: "f64", shape: [], data: Float64Array.of(dt) };
      const got = (await runGpujs(lowered, b, { mode: "cpu" })).K.data as Float64Array;
      expect(relErr(got, evaluate(p, b).K.data as Float64Array), `dt = ${dt}`).toBeLessThanOrEqual(TOL);
    }
  });
});

describe("dplr_kernel on the gpujs backend (its spectrum one thread per frequency, then the planned FFT)", () => {
  const c = (data: Float64Array, shape = [data.length / 2]): HostArray => ({ dtype: "c128", shape, data });
  const N = 16, L = 256;
  const SRC = (p: string, dt: string) => `param lam: c128[${N}]\nparam P: c128[${p}]\nparam B: c128[${N}]\nparam C: c128[${N}]\nparam dt: f64[]\noutput K = dplr_kernel(lam, P, B, C, ${dt}, ${L})`;
  function bindings(r: () => number, cols = 1): Record<string, HostArray> {
    const lam = new Float64Array(2 * N);
    for (let n = 0; n < N; n++) (lam[2 * n] = -0.2 - 0.5 * Math.abs(r())), (lam[2 * n + 1] = 10 * r()); // Re λ < 0
    const vec = (len: number) => Float64Array.from({ length: 2 * len }, r);
    return { lam: c(lam), P: c(vec(N * cols), cols === 1 ? [N] : [N, cols]), B: c(vec(N)), C: c(vec(N)), dt: { dtype: "f64", shape: [], data: Float64Array.of(0.05) } };
  }

  it(`N = ${N}, L = ${L}, lam, P, B, C and dt unbound: equals the reference`, async () => {
    const p = parseProgram(SRC(String(N), "dt"), "dplr.linc"), b = bindings(uniform(5));
    const lowered = lowerForBackend(p, { target: "gpujs" });
    const want = evaluate(p, b).K.data as Float64Array;
    expect(Math.max(...want.map(Math.abs))).toBeGreaterThan(1e-3);
    for (const dt of [0.05, 0.01]) {
      (b.dt.data as Float64Array)[0] = dt;
      const ref = evaluate(p, b).K.data as Float64Array;
      const got = (await runGpujs(lowered, b, { mode: "cpu" })).K.data as Float64Array;
      expect(relErr(got, ref), `dt = ${dt}`).toBeLessThanOrEqual(TOL);
    }
    expect(want.length).toBe(L);
  });

  it("refuses a rank-2 P with E0801 naming the op and the reason", async () => {
    const p = parseProgram(SRC(`${N}, 2`, "dt"), "dplr2.linc");
    await expect(runGpujs(lowerForBackend(p, { target: "gpujs" }), bindings(uniform(6), 2), { mode: "cpu" })).rejects.toThrow(/E0801|rank-2 correction/);
  });
});
