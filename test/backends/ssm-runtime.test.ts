// State-space kernels from run-time parameters (issue 13 item 1, first part): s4d_kernel with
// lam, B, C unbound (cpu: params handed to createKernel; onnx: --params-as-inputs graph inputs)
// renders as a graph/loop computation and equals the reference's s4dKernel, including λ = 0 and
// the small-dt·λ (expm1) regime; and examples/s4_layer with its params as run-time inputs equals
// the folded compile (params bound) to 1e-9.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCpu } from "../../src/backends/cpu/index.js";
import { runOnnx } from "../../src/backends/onnx/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, toposort } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { relErr } from "../support/golden.js";
import { randomBindings } from "../support/random.js";

const data = (h: HostArray) => h.data as Float64Array;

const S4D = (dtC: string, dt: number) => `const N = 8
const L = 100
input  u: f64[batch, L]
param  lam: c128[N]
param  B: c128[N]
param  C: ${dtC}[N]
K = s4d_kernel(lam, B, C, ${dt}, L)
output y = toeplitz(K, zeros(L)) @ u
output k = K
`;

describe("s4d_kernel from run-time parameters", () => {
  for (const [dtC, dt] of [["c128", 0.01], ["f64", 1e-5], ["c128", 0.3]] as const)
    it(`cpu and onnx (params as inputs) equal the reference: C ${dtC}, dt ${dt}, with a λ = 0 state`, async () => {
      const p = parseProgram(S4D(dtC, dt), "s4d.linc"), b = randomBindings(p, 11);
      const lam = data(b.lam);
      for (let i = 0; i < lam.length; i += 2) lam[i] = -0.5 * Math.abs(lam[i]) - 0.01; // stable: Re λ < 0
      (lam[0] = 0), (lam[1] = 0);
      const want = evaluate(p, b);
      const cpuLow = lowerForBackend(p, { target: "cpu" }), onnxLow = lowerForBackend(p, { target: "onnx" });
      // nothing was folded: the kernel op itself reaches both backends
      for (const low of [cpuLow, onnxLow]) expect(toposort(low.outputs.map((o) => o.node)).some((n) => n.op === "s4d_kernel")).toBe(true);
      const cpu = await runCpu(cpuLow, b), onnx = await runOnnx(onnxLow, b, { paramsAsInputs: true });
      for (const o of ["k", "y"]) {
        expect(relErr(data(cpu[o]), data(want[o])), `cpu ${o}`).toBeLessThan(1e-12);
        expect(relErr(data(onnx[o]), data(want[o])), `onnx ${o}`).toBeLessThan(1e-12);
      }
    });
});

describe("s4d_kernel with a run-time step dt (one model, many step sizes: S4D trains log_dt)", () => {
  const SRC = (decl: string, dt: string) => `param lam: c128[8]\nparam B: c128[8]\nparam C: c128[8]\n${decl}output k = s4d_kernel(lam, B, C, ${dt}, 100)\n`;
  it("dt as a param [], an input [1] and exp(log_dt): cpu and onnx (params as inputs) equal the folded kernel of each dt", async () => {
    const p0 = parseProgram(SRC("", "0.01"), "lit.linc"), b = randomBindings(p0, 17);
    const lam = data(b.lam);
    for (let i = 0; i < lam.length; i += 2) lam[i] = -0.5 * Math.abs(lam[i]) - 0.01;
    (lam[0] = 0), (lam[1] = 0); // the λ = 0 limit, dt itself
    const forms = [["param dt: f64[]\n", "dt", "dt", []], ["input dt: f64[1]\n", "dt", "dt", [1]], ["param log_dt: f64[]\n", "exp(log_dt)", "log_dt", []]] as const;
    for (const [decl, expr, name, shape] of forms) {
      const p = parseProgram(SRC(decl, expr), "dt.linc");
      const cpuLow = lowerForBackend(p, { target: "cpu" }), onnxLow = lowerForBackend(p, { target: "onnx" });
      for (const low of [cpuLow, onnxLow]) expect(toposort(low.outputs.map((o) => o.node)).some((n) => n.op === "s4d_kernel")).toBe(true);
      for (const dt of [0.01, 0.2]) {
        const params = { lam: b.lam, B: b.B, C: b.C }, lit = parseProgram(SRC("", String(dt)), "lit.linc");
        const want = data((await runCpu(lowerForBackend(lit, { target: "cpu", params }), params)).k);
        const v = name === "log_dt" ? Math.log(dt) : dt;
        const bb = { ...params, [name]: { dtype: "f64", shape: [...shape], data: Float64Array.of(v) } as HostArray };
        expect(relErr(data(evaluate(p, bb).k), want), `reference ${decl} ${dt}`).toBeLessThan(1e-12);
        expect(relErr(data((await runCpu(cpuLow, bb)).k), want), `cpu ${decl} ${dt}`).toBeLessThan(1e-12);
        expect(relErr(data((await runOnnx(onnxLow, bb, { paramsAsInputs: true })).k), want), `onnx ${decl} ${dt}`).toBeLessThan(1e-12);
      }
    }
  });

  it("a non-positive run-time dt: E0603 on the reference, a RangeError from the cpu module", async () => {
    const p = parseProgram(SRC("param dt: f64[]\n", "dt"), "neg.linc"), b = randomBindings(p, 3);
    b.dt = { dtype: "f64", shape: [], data: Float64Array.of(0) };
    expect(() => evaluate(p, b)).toThrow(/E0603|positive/);
    await expect(runCpu(lowerForBackend(p, { target: "cpu" }), b)).rejects.toThrow(/positive finite/);
  });
});

describe("s4_layer with its params as run-time inputs", () => {
  it("cpu (params unbound) and onnx (--params-as-inputs) equal the folded compile to 1e-9", async () => {
    const p = parseProgram(readFileSync(new URL("../../examples/s4_layer.linc", import.meta.url), "utf8"), "s4_layer.linc");
    const b = randomBindings(p, 21), params = Object.fromEntries(p.params.map((d) => [d.name, b[d.name]]));
    const folded = await runCpu(lowerForBackend(p, { target: "cpu", params }), b);
    const cpu = await runCpu(lowerForBackend(p, { target: "cpu" }), b);
    const onnx = await runOnnx(lowerForBackend(p, { target: "onnx" }), b, { paramsAsInputs: true });
    expect(relErr(data(cpu.y), data(folded.y))).toBeLessThan(1e-9);
    expect(relErr(data(onnx.y), data(folded.y))).toBeLessThan(1e-9);
    expect(relErr(data(folded.y), data(evaluate(p, b).y))).toBeLessThan(1e-10);
  });
});
