// dplr_kernel from run-time parameters (issue 13 item 1, DPLR part): S4's kernel from its DPLR
// parameters (Λ, P, B, C̃ as unbound params: cpu hands them to the module, onnx takes them as graph
// inputs with --params-as-inputs) equals the folded ssm_kernel(hippo_A("legs", N), B, C, dt, L)
// once (Λ, P, B, C̃) are S4's set-up of that system (src/ir/math/dplr.ts dplrSetup), on the
// reference, cpu and onnx, f64 to 1e-9 (the reference to 1e-10). dplr_kernel lowers to
// real(idft(L) @ dplr_spectrum(...)), so the inverse transform is the target's planned FFT and
// long kernels (L = 16384) run too.
import { describe, expect, it } from "vitest";
import { runCpu } from "../../src/backends/cpu/index.js";
import { runOnnx } from "../../src/backends/onnx/index.js";
import { runWasm } from "../../src/backends/wasm/index.js";
import { loadBinaryen } from "../../src/backends/wasm/binaryen.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, toposort } from "../../src/ir/index.js";
import { dplrSetup, hippoRankCorrection } from "../../src/ir/math/dplr.js";
import { hippo } from "../../src/ir/math/hippo.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { relErr } from "../support/golden.js";
import { uniformArray } from "../support/random.js";

const data = (h: HostArray) => h.data as Float64Array;
const complexHost = (re: ArrayLike<number>, im: ArrayLike<number>): HostArray => {
  const d = new Float64Array(2 * re.length);
  for (let i = 0; i < re.length; i++) (d[2 * i] = re[i]), (d[2 * i + 1] = im[i]);
  return { dtype: "c128", shape: [re.length], data: d };
};


const RUNTIME = (N: number, dt: number, L: number) => `param lam: c128[${N}]
param P: c128[${N}]
param B: c128[${N}]
param C: c128[${N}]
input u: f64[batch, ${L}]
K = dplr_kernel(lam, P, B, C, ${dt}, ${L})
output k = K
output y = toeplitz(K, zeros(${L})) @ u
`;
const FOLDED = (N: number, dt: number, L: number) => `param B: f64[${N}]
param C: f64[${N}]
input u: f64[batch, ${L}]
K = ssm_kernel(hippo_A("legs", ${N}), B, C, ${dt}, ${L})
output k = K
output y = toeplitz(K, zeros(${L})) @ u
`;

function cases(N: number, L: number, dt: number) {
  const { A } = hippo("legs", N), P = hippoRankCorrection("legs", N);
  const B = uniformArray(N, 3 * N + L), C = uniformArray(N, 7 * N + L), u = uniformArray(2 * L, 11 + L);
  const s = dplrSetup({ rows: N, cols: N, re: A, im: new Float64Array(N * N) }, P, { re: B, im: new Float64Array(N) }, { re: C, im: new Float64Array(N) }, dt, L);
  const uh: HostArray = { dtype: "f64", shape: [2, L], data: u };
  const runtime = { lam: complexHost(s.lambda.re, s.lambda.im), P: complexHost(s.Q.re, s.Q.im), B: complexHost(s.b.re, s.b.im), C: complexHost(s.c.re, s.c.im), u: uh };
  const folded = { B: { dtype: "f64", shape: [N], data: B } as HostArray, C: { dtype: "f64", shape: [N], data: C } as HostArray, u: uh };
  return { runtime, folded };
}

describe("dplr_kernel from run-time parameters equals the folded DPLR kernel", () => {
  for (const N of [16, 64])
    for (const L of [64, 256])
      it(`N = ${N}, L = ${L}: reference, cpu and onnx (params as inputs)`, async () => {
        const dt = 0.01 * (64 / L);
        const { runtime, folded } = cases(N, L, dt);
        const pf = parseProgram(FOLDED(N, dt, L), "folded.linc");
        const params = { B: folded.B, C: folded.C };
        const want = await runCpu(lowerForBackend(pf, { target: "cpu", params }), folded);
        const p = parseProgram(RUNTIME(N, dt, L), "dplr.linc");
        const ref = evaluate(p, runtime);
        expect(relErr(data(ref.k), data(want.k)), "reference k").toBeLessThan(1e-10);
        expect(relErr(data(ref.y), data(want.y)), "reference y").toBeLessThan(1e-10);
        const cpuLow = lowerForBackend(p, { target: "cpu" }), onnxLow = lowerForBackend(p, { target: "onnx" });
        for (const low of [cpuLow, onnxLow]) expect(toposort(low.outputs.map((o) => o.node)).some((n) => n.op === "dplr_spectrum")).toBe(true);
        const cpu = await runCpu(cpuLow, runtime), onnx = await runOnnx(onnxLow, runtime, { paramsAsInputs: true });
        for (const o of ["k", "y"]) {
          expect(relErr(data(cpu[o]), data(want[o])), `cpu ${o}`).toBeLessThan(1e-9);
          expect(relErr(data(onnx[o]), data(want[o])), `onnx ${o}`).toBeLessThan(1e-9);
        }
      });
});

describe("dplr_kernel on general complex parameters", () => {
  const SRC = (L: number) => `param lam: c128[8]
param P: c128[8]
param B: c128[8]
param C: f64[8]
output k = dplr_kernel(lam, P, B, C, 0.05, ${L})
`;
  for (const L of [37, 64])
    it(`cpu and onnx (params as inputs) equal the reference, not a conjugate-pair system, L = ${L}`, async () => {
      const p = parseProgram(SRC(L), "dplr.linc");
      const re = uniformArray(8, 5), im = uniformArray(8, 6);
      const b: Record<string, HostArray> = {
        lam: complexHost(re.map((x) => -0.2 - Math.abs(x)), im.map((x) => 20 * x)), // Re λ < 0
        P: complexHost(uniformArray(8, 7), uniformArray(8, 8)),
        B: complexHost(uniformArray(8, 9), uniformArray(8, 10)),
        C: { dtype: "f64", shape: [8], data: uniformArray(8, 12) },
      };
      const want = data(evaluate(p, b).k);
      expect(Math.max(...want.map(Math.abs))).toBeGreaterThan(1e-3);
      const cpu = await runCpu(lowerForBackend(p, { target: "cpu" }), b), onnx = await runOnnx(lowerForBackend(p, { target: "onnx" }), b, { paramsAsInputs: true });
      expect(relErr(data(cpu.k), want), "cpu").toBeLessThan(1e-12);
      expect(relErr(data(onnx.k), want), "onnx").toBeLessThan(1e-12);
      await loadBinaryen();
      const wasm = await runWasm(lowerForBackend(p, { target: "wasm" }), b);
      expect(relErr(data(wasm.k), want), "wasm (the cpu loop)").toBeLessThan(1e-12);
    });

  it("single precision (c64 params): cpu and onnx within f32 rounding of the f64 reference", async () => {
    const src = (t: string) => `param lam: ${t}[8]\nparam P: ${t}[8]\nparam B: ${t}[8]\nparam C: ${t}[8]\noutput k = dplr_kernel(lam, P, B, C, 0.05, 64)`;
    const re = uniformArray(8, 5), im = uniformArray(8, 6);
    const parts: Record<string, [Float64Array, Float64Array]> = {
      lam: [re.map((x) => -0.2 - Math.abs(x)), im.map((x) => 20 * x)], P: [uniformArray(8, 7), uniformArray(8, 8)], B: [uniformArray(8, 9), uniformArray(8, 10)], C: [uniformArray(8, 12), uniformArray(8, 13)],
    };
    const b64 = Object.fromEntries(Object.entries(parts).map(([k, [r, i]]) => [k, complexHost(r, i)]));
    const b32 = Object.fromEntries(Object.entries(b64).map(([k, h]) => [k, { dtype: "c64", shape: h.shape, data: Float32Array.from(h.data as Float64Array) } as HostArray]));
    const want = data(evaluate(parseProgram(src("c128"), "d.linc"), b64).k);
    const p = parseProgram(src("c64"), "d32.linc");
    const cpu = await runCpu(lowerForBackend(p, { target: "cpu" }), b32), onnx = await runOnnx(lowerForBackend(p, { target: "onnx" }), b32, { paramsAsInputs: true });
    expect(cpu.k.dtype).toBe("f32");
    expect(relErr(cpu.k.data as Float32Array, want), "cpu").toBeLessThan(1e-5);
    expect(relErr(onnx.k.data as Float32Array, want), "onnx").toBeLessThan(1e-4);
  });

  it("refuses mismatched lengths, a non-positive dt and an empty kernel", () => {
    const bad = (args: string) => () => parseProgram(`param lam: c128[8]\nparam P: c128[8]\nparam B: c128[8]\nparam C: c128[4]\noutput k = dplr_kernel(${args})`, "bad.linc");
    expect(bad("lam, P, B, C, 0.1, 8")).toThrow(/E0301|C must have length 8/);
    expect(bad("lam, P, B, B, 0, 8")).toThrow(/E0603|positive/);
    expect(bad("lam, P, B, B, 0.1, 0")).toThrow(/E0302|positive/);
  });
});

describe("ssm_kernel(hippo_A(\"legs\", N), B, C) with run-time B and C lowers to dplr_kernel (its spectrum, then an FFT)", () => {
  for (const [N, L] of [[16, 64], [64, 256]] as const)
    it(`N = ${N}, L = ${L}: cpu and onnx (params as inputs) equal the folded kernel`, async () => {
      const dt = 0.01 * (64 / L), src = FOLDED(N, dt, L);
      const { folded } = cases(N, L, dt);
      const p = parseProgram(src, "s4.linc"), params = { B: folded.B, C: folded.C };
      const want = await runCpu(lowerForBackend(p, { target: "cpu", params }), folded);
      const cpuLow = lowerForBackend(p, { target: "cpu" }), onnxLow = lowerForBackend(p, { target: "onnx" });
      for (const low of [cpuLow, onnxLow]) expect(toposort(low.outputs.map((o) => o.node)).some((n) => n.op === "dplr_spectrum")).toBe(true);
      const cpu = await runCpu(cpuLow, folded), onnx = await runOnnx(onnxLow, folded, { paramsAsInputs: true });
      expect(relErr(data(evaluate(p, folded).k), data(want.k)), "reference").toBeLessThan(1e-10);
      for (const o of ["k", "y"]) {
        expect(relErr(data(cpu[o]), data(want[o])), `cpu ${o}`).toBeLessThan(1e-9);
        expect(relErr(data(onnx[o]), data(want[o])), `onnx ${o}`).toBeLessThan(1e-9);
      }
    });

  it("a long kernel (L = 16384) takes the planned inverse FFT: reference, cpu and onnx equal the folded kernel", async () => {
    const N = 16, L = 16384, dt = 0.01 * (64 / L), only = (src: string) => src.split("\n").filter((l) => !/^input u|^output y/.test(l)).join("\n");
    const { runtime, folded } = cases(N, L, dt);
    const rt = { lam: runtime.lam, P: runtime.P, B: runtime.B, C: runtime.C };
    const pf = parseProgram(only(FOLDED(N, dt, L)), "folded.linc"), fb = { B: folded.B, C: folded.C };
    const want = data((await runCpu(lowerForBackend(pf, { target: "cpu", params: fb }), fb)).k);
    const p = parseProgram(only(RUNTIME(N, dt, L)), "dplr.linc");
    expect(relErr(data(evaluate(p, rt).k), want), "reference").toBeLessThan(1e-10);
    const cpuLow = lowerForBackend(p, { target: "cpu" }), onnxLow = lowerForBackend(p, { target: "onnx" });
    for (const low of [cpuLow, onnxLow]) {
      const nodes = toposort(low.outputs.map((o) => o.node));
      expect(nodes.some((n) => n.op === "dplr_spectrum")).toBe(true);
      // the inverse transform is the schedule's FFT of length L, its plan recorded
      expect(nodes.some((n) => n.op === "dft" && n.arg.inverse && n.arg.n === L && n.arg.plan !== undefined)).toBe(true);
    }
    const cpu = await runCpu(cpuLow, rt), onnx = await runOnnx(onnxLow, rt, { paramsAsInputs: true });
    expect(relErr(data(cpu.k), want), "cpu").toBeLessThan(1e-9);
    expect(relErr(data(onnx.k), want), "onnx").toBeLessThan(1e-9);
  });
});
