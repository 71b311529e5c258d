// Every golden case of the operator families through DSL -> lowerForBackend("gpujs") -> GPU.js
// kernels in Node (GPU.js 'cpu' mode; a spread of them in 'webasm' mode too), held to float32
// accuracy: max |got - want| <= 1e-4 * max(1, max |want|) for each output. Params stay unbound
// at lowering (they reach the kernels at createKernel) except for the listed cases, which are
// also run with their params bound at compile time (folded into constants).
import { describe, expect, it } from "vitest";
import { runGpujs } from "../../src/backends/gpujs/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { toposort } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { type GoldenCase, bindingsOf, loadGolden, relErr, toHost } from "../support/golden.js";

const FAMILIES = ["dft", "dct", "dst", "wht", "structure", "algebra", "butterfly", "toeplitz", "sphere", "ssm"];
const TOL = 1e-4;
const cases = loadGolden(FAMILIES);
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
  cases.forEach((c, i) => {
    const modes = i % 5 === 0 ? (["cpu", "webasm"] as const) : (["cpu"] as const);
    for (const mode of modes) it(`${mode} ${c.family}/${c.name}`, () => check(c, mode, false));
    if (ALSO_BOUND.has(c.name)) it(`cpu ${c.family}/${c.name} (params bound at lowering)`, () => check(c, "cpu", true));
  });
});
