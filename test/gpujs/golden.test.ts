// Every golden case of every family through DSL -> lowerForBackend("gpujs") -> GPU.js kernels in
// Node (GPU.js 'cpu' mode; a spread of them in 'webasm' mode too), held to float32 accuracy:
// max |got - want| <= 1e-4 * max(1, max |want|) for each output. Params stay unbound at lowering
// (they reach the kernels at createKernel) except for the listed cases, which are also run with
// their params bound at compile time (folded into constants). The cases it does not pass are
// named below with the reason, and checked to still fail.
import { describe, expect, it } from "vitest";
import { runGpujs } from "../../src/backends/gpujs/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { toposort } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { type GoldenCase, GoldenTests, type KnownFailures, bindingsOf, loadGolden, relErr, toHost } from "../support/golden.js";

const TOL = 1e-4;
const cases = loadGolden();
const KNOWN: KnownFailures = {
  "butterfly_inv/inv_butterfly_n256_inc_f64": "float32 kernels: the ill-conditioned inverse at n = 256 is off by about 2e-4",
  "dplr/dplr_rank2_n6_L50_dt_param": "E0801: gpujs renders rank-1 DPLR spectra of run-time data only (test/backends/dplr-golden.test.ts)",
  "dplr/dplr_rank3_n10_L128_logdt": "E0801: gpujs renders rank-1 DPLR spectra of run-time data only (test/backends/dplr-golden.test.ts)",
  "channels/dplr_kernel_channels_r2": "E0801: gpujs renders rank-1 DPLR spectra of run-time data only (test/backends/dplr-golden.test.ts)",
  "channels/ssm_kernel_channels_bilinear": "E0801: gpujs has no ssm_kernel of a run-time A (ssm_powers)",
  "cpu channels/ssm_kernel_channels_zoh": "E0801: gpujs has no ssm_kernel of a run-time A (ssm_powers)",
  ssm_runtime: "E0801: gpujs has no ssm_kernel of a run-time A (ssm_powers)",
  "cpu tensor/erf_via_gelu_small": "float32: the case divides gelu(x) by x, and its 1e-300 and 1e-30 round to 0 in float32, so 0/0 is NaN (a case-data artefact of the f32 variant, not an erf defect)",
};
/** Run a second time with params bound at lowering: the sphere and ssm cases that have params. */
const ALSO_BOUND = new Set(cases.filter((c) => (c.family === "sphere" || c.family === "ssm") && Object.keys(c.params).length).map((c) => c.name));

async function check(c: GoldenCase, mode: "cpu" | "webasm", bound: boolean) {
  const params = bound ? Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, toHost(v)])) : undefined;
  const p = lowerForBackend(parseProgram(c.source, `${c.name}.linc`), { target: "gpujs", params });
  if (!bound && Object.keys(c.params).length)
    expect(toposort(p.outputs.map((o) => o.node)).some((n) => n.op === "param")).toBe(true);
  const out = await runGpujs(p, bindingsOf(c), { mode });
  for (const [name, want] of Object.entries(c.outputs)) {
    expect(out[name].dtype).toBe(want.dtype);
    expect(out[name].shape).toEqual(want.shape);
    expect(relErr(out[name].data as Float64Array, want.data)).toBeLessThanOrEqual(TOL);
  }
}

describe("golden cases on the gpujs backend", () => {
  it("has cases to run", () => expect(cases.length).toBeGreaterThan(60));
  it("covers the sphere and ssm families", () => {
    expect(cases.filter((c) => c.family === "sphere").length).toBeGreaterThan(0);
    expect(cases.filter((c) => c.family === "ssm").length).toBeGreaterThan(0);
  });
  const t = new GoldenTests(KNOWN);
  cases.forEach((c, i) => {
    const modes = i % 5 === 0 ? (["cpu", "webasm"] as const) : (["cpu"] as const);
    for (const mode of modes) t.it(`${mode} ${c.family}/${c.name}`, () => check(c, mode, false));
    if (ALSO_BOUND.has(c.name)) t.it(`cpu ${c.family}/${c.name}`, () => check(c, "cpu", true), " (params bound at lowering)");
  });
  t.checkKnown();
});
