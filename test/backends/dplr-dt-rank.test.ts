// dplr_kernel with its step dt as a run-time scalar (one ONNX model for parameter sets with
// different step sizes: S4 trains log_dt) and with a rank-2 correction P [N, 2] (HiPPO-LegT), on the
// reference, cpu and onnx (--params-as-inputs), each checked against the folded
// ssm_kernel(hippo_A(kind, N), B, C, dt, L) of the same system (f64, 1e-9).
import { describe, expect, it } from "vitest";
import { runCpu } from "../../src/backends/cpu/index.js";
import { runOnnx } from "../../src/backends/onnx/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, toposort } from "../../src/ir/index.js";
import { dplrSetup, hippoRankCorrection } from "../../src/ir/math/dplr.js";
import { hippo } from "../../src/ir/math/hippo.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { relErr } from "../support/golden.js";
import { uniformArray } from "../support/random.js";

const data = (h: HostArray) => h.data as Float64Array;
const complexHost = (re: ArrayLike<number>, im: ArrayLike<number>, shape: number[] = [re.length]): HostArray => {
  const d = new Float64Array(2 * re.length);
  for (let i = 0; i < re.length; i++) (d[2 * i] = re[i]), (d[2 * i + 1] = im[i]);
  return { dtype: "c128", shape, data: d };
};
const real = (v: Float64Array, shape: number[] = [v.length]): HostArray => ({ dtype: "f64", shape, data: v });


/** The folded kernel of ssm_kernel(hippo_A(kind, N), B, C, dt, L), params bound, on cpu. */
async function folded(kind: string, N: number, L: number, dt: number, B: Float64Array, C: Float64Array): Promise<Float64Array> {
  const p = parseProgram(`param B: f64[${N}]\nparam C: f64[${N}]\noutput k = ssm_kernel(hippo_A("${kind}", ${N}), B, C, ${dt}, ${L})`, "folded.linc");
  const b = { B: real(B), C: real(C) };
  return data((await runCpu(lowerForBackend(p, { target: "cpu", params: b }), b)).k);
}

/** dplr_kernel's parameters (λ, Q, V* B, C (I − Ā^L) V) of that system, as bindings. */
function dplrParams(kind: "legs" | "legt", N: number, L: number, dt: number, B: Float64Array, C: Float64Array): Record<string, HostArray> {
  const { A } = hippo(kind, N), P = hippoRankCorrection(kind, N), z = new Float64Array(N);
  const s = dplrSetup({ rows: N, cols: N, re: A, im: new Float64Array(N * N) }, P, { re: B, im: z }, { re: C, im: z }, dt, L);
  const r = s.Q.cols;
  return { lam: complexHost(s.lambda.re, s.lambda.im), P: complexHost(s.Q.re, s.Q.im, r === 1 ? [N] : [N, r]), B: complexHost(s.b.re, s.b.im), C: complexHost(s.c.re, s.c.im) };
}

async function expectAll(p: ReturnType<typeof parseProgram>, b: Record<string, HostArray>, want: Float64Array): Promise<void> {
  expect(relErr(data(evaluate(p, b).k), want), "reference").toBeLessThan(1e-10);
  const cpuLow = lowerForBackend(p, { target: "cpu" }), onnxLow = lowerForBackend(p, { target: "onnx" });
  for (const low of [cpuLow, onnxLow]) expect(toposort(low.outputs.map((o) => o.node)).some((n) => n.op === "dplr_spectrum")).toBe(true);
  expect(relErr(data((await runCpu(cpuLow, b)).k), want), "cpu").toBeLessThan(1e-9);
  expect(relErr(data((await runOnnx(onnxLow, b, { paramsAsInputs: true })).k), want), "onnx").toBeLessThan(1e-9);
}

describe("dplr_kernel with a run-time step dt", () => {
  const N = 16, L = 128;
  const SRC = (decl: string, dt: string) => `param lam: c128[${N}]\nparam P: c128[${N}]\nparam B: c128[${N}]\nparam C: c128[${N}]\n${decl}\noutput k = dplr_kernel(lam, P, B, C, ${dt}, ${L})`;
  const B = uniformArray(N, 31), C = uniformArray(N, 37);

  it("one program (dt a param [] / an input [1]) serves two step sizes, each equal to its folded kernel", async () => {
    for (const [decl, shape] of [["param dt: f64[]", []], ["input dt: f64[1]", [1]]] as const) {
      const p = parseProgram(SRC(decl, "dt"), "dt.linc");
      for (const dt of [0.01, 0.003]) {
        const b = { ...dplrParams("legs", N, L, dt, B, C), dt: real(Float64Array.of(dt), [...shape]) };
        await expectAll(p, b, await folded("legs", N, L, dt, B, C));
      }
    }
  });

  it("dt = exp(log_dt) (S4's trained parameter) equals the literal form", async () => {
    const dt = 0.02, p = parseProgram(SRC("param log_dt: f64[]", "exp(log_dt)"), "logdt.linc");
    const b = { ...dplrParams("legs", N, L, dt, B, C), log_dt: real(Float64Array.of(Math.log(dt)), []) };
    const lit = parseProgram(SRC("", String(dt)), "lit.linc"), rest = { ...b };
    delete (rest as Record<string, HostArray>).log_dt;
    const want = await folded("legs", N, L, dt, B, C);
    expect(relErr(data((await runCpu(lowerForBackend(lit, { target: "cpu" }), rest)).k), want), "literal dt").toBeLessThan(1e-9);
    await expectAll(p, b, want);
  });

  it("refuses a complex, non-scalar or non-positive dt", async () => {
    const bad = (decl: string) => () => parseProgram(SRC(decl, "dt"), "bad.linc");
    expect(bad("param dt: c128[]")).toThrow(/E0301.*real scalar/);
    expect(bad("param dt: f64[2]")).toThrow(/E0301.*real scalar/);
    const p = parseProgram(SRC("param dt: f64[]", "dt"), "neg.linc");
    const b = { ...dplrParams("legs", N, L, 0.01, B, C), dt: real(Float64Array.of(-0.01), []) };
    expect(() => evaluate(p, b)).toThrow(/E0603|positive/);
    await expect(runCpu(lowerForBackend(p, { target: "cpu" }), b)).rejects.toThrow(/positive finite/);
  });
});

describe("dplr_kernel of rank 2 (HiPPO-LegT, P [N, 2])", () => {
  for (const [N, L] of [[8, 64], [32, 256]] as const)
    it(`N = ${N}, L = ${L}: dplr_kernel with run-time parameters and ssm_kernel(hippo_A("legt")) with run-time B, C equal the folded kernel`, async () => {
      const dt = 0.05, B = uniformArray(N, 41 + N), C = uniformArray(N, 43 + N), want = await folded("legt", N, L, dt, B, C);
      const p = parseProgram(`param lam: c128[${N}]\nparam P: c128[${N}, 2]\nparam B: c128[${N}]\nparam C: c128[${N}]\noutput k = dplr_kernel(lam, P, B, C, ${dt}, ${L})`, "legt.linc");
      await expectAll(p, dplrParams("legt", N, L, dt, B, C), want);
      // the whole S4 route from ssm_kernel: the rule folds the LegT DPLR set-up and keeps B, C run-time
      const s = parseProgram(`param B: f64[${N}]\nparam C: f64[${N}]\noutput k = ssm_kernel(hippo_A("legt", ${N}), B, C, ${dt}, ${L})`, "s4legt.linc");
      await expectAll(s, { B: real(B), C: real(C) }, want);
    });

  it("refuses a P whose rows are not the state size, and onnx refuses a rank above its unrolled solve", async () => {
    expect(() => parseProgram("param lam: c128[8]\nparam P: c128[4, 2]\nparam B: c128[8]\nparam C: c128[8]\noutput k = dplr_kernel(lam, P, B, C, 0.1, 16)", "bad.linc")).toThrow(/E0301.*P must be/);
    const p = parseProgram("param lam: c128[8]\nparam P: c128[8, 5]\nparam B: c128[8]\nparam C: c128[8]\noutput k = dplr_kernel(lam, P, B, C, 0.1, 16)", "r5.linc");
    const b = { lam: complexHost(uniformArray(8, 1).map((x) => -1 - Math.abs(x)), uniformArray(8, 2)), P: complexHost(uniformArray(40, 3), uniformArray(40, 4), [8, 5]), B: complexHost(uniformArray(8, 5), uniformArray(8, 6)), C: complexHost(uniformArray(8, 7), uniformArray(8, 8)) };
    const want = data(evaluate(p, b).k);
    expect(relErr(data((await runCpu(lowerForBackend(p, { target: "cpu" }), b)).k), want), "cpu, rank 5").toBeLessThan(1e-12);
    await expect(runOnnx(lowerForBackend(p, { target: "onnx" }), b, { paramsAsInputs: true })).rejects.toThrow(/E0801|rank-5/);
  });
});
