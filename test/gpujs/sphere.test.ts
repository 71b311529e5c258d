// The sphere kernel ops and the invperm host step on the gpujs backend (GPU.js 'cpu' mode),
// against the reference interpreter's exact (float64) results: gaunt by both routes (the test
// forces each, whichever the cost model would pick), with complex data, a symbolic batch and
// broadcasting; sh_eval with run-time angles (the Legendre recursion kernel) and with param
// angles (the float64 host step); perm(p).T with p a run-time param (invperm on the host).
// Tolerance: float32, max |got - want| <= 1e-4 * max(1, max |want|) as for the golden cases.
import { describe, expect, it } from "vitest";
import { compileGpujs, runGpujs } from "../../src/backends/gpujs/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, type Program, type TensorType, mk, toposort, withOutputs } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { relErr } from "../support/golden.js";
import { uniform } from "../support/random.js";

const TOL = 1e-4;

/** Random host arrays for a program's inputs and params, symbolic dims bound by `dims`. */
function randomBindings(p: Program, dims: Record<string, number>, seed: number, scale: Record<string, number> = {}): Record<string, HostArray> {
  const r = uniform(seed), out: Record<string, HostArray> = {};
  for (const d of [...p.inputs, ...p.params]) {
    const t = d.node.type as TensorType;
    const shape = t.shape.map((s) => (typeof s === "number" ? s : dims[s]));
    const count = shape.reduce((a, b) => a * b, 1) * (t.dtype.startsWith("c") ? 2 : 1);
    const k = scale[d.name] ?? 1;
    const values = Array.from({ length: count }, () => k * r());
    // the class of the dtype, which the module checks (as the cpu module does)
    out[d.name] = { dtype: t.dtype, shape, data: t.dtype === "f32" || t.dtype === "c64" ? Float32Array.from(values) : Float64Array.from(values) };
  }
  return out;
}

async function expectMatches(lowered: Program, reference: Program, bindings: Record<string, HostArray>, mode: "cpu" | "webasm" = "cpu") {
  const want = evaluate(reference, bindings);
  const got = await runGpujs(lowered, bindings, { mode });
  for (const o of reference.outputs) {
    expect(got[o.name].shape).toEqual(want[o.name].shape);
    expect(relErr(got[o.name].data as Float64Array, want[o.name].data as Float64Array)).toBeLessThanOrEqual(TOL);
  }
}

const opsOf = (p: Program) => new Set(toposort(p.outputs.map((o) => o.node)).map((n) => n.op));

/** The program with every gaunt output replaced by the given kernel route. */
const withRoute = (p: Program, route: "gaunt_direct" | "gaunt_fourier"): Program =>
  withOutputs(p, p.outputs.map((o) => (o.node.op === "gaunt" ? mk(route, o.node.type, o.node.src, o.node.arg) : o.node)));

const GAUNT: { name: string; source: string; dims?: Record<string, number> }[] = [
  { name: "real 2 x 3 -> 5", source: "input a: f64[9]\ninput b: f64[16]\noutput c = gaunt(a, b, lmax=5)" },
  { name: "6 x 6 -> 6", source: "input a: f64[49]\ninput b: f64[49]\noutput c = gaunt(a, b, lmax=6)" },
  { name: "lmax above l1 + l2", source: "input a: f64[4]\ninput b: f64[9]\noutput c = gaunt(a, b, lmax=4)" },
  { name: "complex, symbolic batch against one vector", source: "input a: c128[B, 16]\ninput b: c128[9]\noutput c = gaunt(a, b, lmax=4)", dims: { B: 3 } },
  { name: "one vector against a batch", source: "input a: f32[9]\ninput b: f32[2, 9]\noutput c = gaunt(a, b, lmax=3)" },
  { name: "general broadcast", source: "input a: f64[2, 3, 9]\ninput b: f64[3, 4]\noutput c = gaunt(a, b, lmax=3)" },
];

describe("gaunt on the gpujs backend", () => {
  for (const route of ["gaunt_direct", "gaunt_fourier"] as const)
    for (const c of GAUNT)
      it(`${route}: ${c.name}`, async () => {
        const p = parseProgram(c.source, "gaunt.linc");
        const lowered = withRoute(p, route);
        expect(opsOf(lowered).has(route)).toBe(true);
        await expectMatches(lowered, p, randomBindings(p, c.dims ?? {}, 7));
      });

  it("both routes in GPU.js 'webasm' mode too", async () => {
    const p = parseProgram(GAUNT[3].source, "gaunt.linc"), bindings = randomBindings(p, GAUNT[3].dims ?? {}, 13);
    for (const route of ["gaunt_direct", "gaunt_fourier"] as const) await expectMatches(withRoute(p, route), p, bindings, "webasm");
  });

  it("lowering picks a route the backend runs, for a larger product", async () => {
    const p = parseProgram("input a: f64[3, 100]\ninput b: f64[100]\noutput c = gaunt(a, b, lmax=9)", "g.linc");
    const lowered = lowerForBackend(p, { target: "gpujs" });
    expect(opsOf(lowered).has("gaunt_fourier") || opsOf(lowered).has("gaunt_direct")).toBe(true);
    await expectMatches(lowered, p, randomBindings(p, {}, 11));
  });
});

describe("sh_eval (sh_matrix) on the gpujs backend", () => {
  it("run-time angles: the recursion kernel, degree 10", async () => {
    const p = parseProgram("input a: f64[2, 121]\ninput theta: f64[9]\ninput phi: f64[9]\noutput f = sh_eval(a, theta, phi)", "s.linc");
    const lowered = lowerForBackend(p, { target: "gpujs" });
    const plan = compileGpujs(lowered).plan;
    expect(plan.stages.some((s) => s.host === "shmatrix")).toBe(false);
    // theta over (-pi, pi) and phi over (-2pi, 2pi): both hemispheres, negative angles too
    const bindings = randomBindings(p, {}, 3, { theta: Math.PI, phi: 2 * Math.PI });
    await expectMatches(lowered, p, bindings);
    await expectMatches(lowered, p, bindings, "webasm");
  });

  it("param angles, unbound: a float64 host step in the param phase", async () => {
    const p = parseProgram("input a: c128[B, 64]\nparam theta: f64[5]\nparam phi: f64[5]\noutput f = sh_eval(a, theta, phi)", "s.linc");
    const lowered = lowerForBackend(p, { target: "gpujs" });
    const plan = compileGpujs(lowered).plan;
    expect(plan.stages.filter((s) => s.host === "shmatrix").map((s) => s.phase)).toEqual([0]);
    await expectMatches(lowered, p, randomBindings(p, { B: 2 }, 5, { theta: Math.PI, phi: Math.PI }));
  });
});

describe("invperm on the gpujs backend", () => {
  const source = "param p: i64[6]\ninput x: c128[2, 6]\noutput y = perm(p).T @ x";
  const p = parseProgram(source, "ip.linc");
  const perm = (v: number[]): HostArray => ({ dtype: "i64", shape: [6], data: BigInt64Array.from(v.map(BigInt)) });
  const x = randomBindings(p, {}, 9).x;

  it("perm(p).T with p a run-time param: inverted on the host in the param phase", async () => {
    const lowered = lowerForBackend(p, { target: "gpujs" });
    expect(opsOf(lowered).has("invperm")).toBe(true);
    expect(compileGpujs(lowered).plan.stages.filter((s) => s.host === "invperm").map((s) => s.phase)).toEqual([0]);
    await expectMatches(lowered, p, { p: perm([3, 0, 5, 1, 4, 2]), x });
  });

  it("rejects a p that is not a permutation", async () => {
    const lowered = lowerForBackend(p, { target: "gpujs" });
    await expect(runGpujs(lowered, { p: perm([3, 0, 5, 1, 3, 2]), x }, { mode: "cpu" })).rejects.toThrow(/not a permutation/);
  });
});
