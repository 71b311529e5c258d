// The onnx backend's rendering of every stage op (backends/onnx/stagerender.ts), run in
// onnxruntime-node through Backend.runStages, against the stage interpreter (evalStages): one
// program per stage op with outer and inner > 1 in the stage's own geometry and in the batch
// geometry, float64 to 1e-12 and float32 to 1e-5; and the lowered programs of the five kernel ops
// the onnx schedule renders from stages (dft by Stockham passes, Rader and Bluestein, rdft and
// irdft full and half size, wht, butterfly).
import { describe, expect, it } from "vitest";
import {
  type Geom, type StageArgs, type StageBuf, type StageDType, type StageInstr, type StageOp, type StageProgram,
  type Node, type NodeOf, type RealFftPlan, STAGE_OPS, checkProgram, evalStages, mk, operatorType, outLength, tensorType,
} from "../../src/ir/index.js";
import { onnxBackend } from "../../src/backends/onnx/backend.js";
import { SCHEDULES } from "../../src/passes/schedule/table.js";
import { planFft } from "../../src/passes/schedule/fft.js";
import { type LoweredOp, lowerOp } from "../../src/passes/lower/ops.js";
import { bufRelErr, randomBuf, rng } from "../stages/helpers.js";

const runStages = onnxBackend.runStages!;
const TOL = { f64: 1e-12, f32: 1e-5 };
const cis = (a: number): [number, number] => [Math.cos(a), Math.sin(a)];
const complexTable = (n: number, f: (k: number) => [number, number]) => Float64Array.from({ length: 2 * n }, (_, i) => f(i >> 1)[i % 2]);

async function compare(p: StageProgram, seed: number, run: { outer: number; inner: number }): Promise<{ f64: number; f32: number }> {
  expect(checkProgram(p)).toEqual([]);
  const r = rng(seed);
  const inputs: Record<string, StageBuf> = Object.fromEntries(p.inputs.map((b) => [b.name, randomBuf(r, b.shared ? b.len : run.outer * b.len * run.inner, b.dtype === "real")]));
  const want = evalStages(p, inputs, run);
  const err = async (precision: "f32" | "f64") => {
    const got = await runStages(p, inputs, run, precision);
    return Math.max(...p.outputs.map((b) => bufRelErr(got[b.name], want[b.name])));
  };
  return { f64: await err("f64"), f32: await err("f32") };
}

it("a Stockham pass too large to fold its twiddles into its matrices (m·4r² > 2^24: r = 64, m = 1025) renders as a DFT and a twiddle Mul", async () => {
  const r = 64, m = 1025, len = r * m, sign = 1;
  const tw = complexTable(m * r, (k) => cis((sign * 2 * Math.PI * Math.floor(k / r) * (k % r)) / (r * m)));
  const p: StageProgram = {
    inputs: [{ name: "x", len, dtype: "complex" }], outputs: [{ name: "y", len, dtype: "complex" }], temps: [], tables: { w: tw },
    stages: [{ op: "stockham", src: ["x"], dst: "y", geom: { outer: 1, n: len, inner: 1 }, arg: { r, s: 1, sign, twiddles: "w" } }],
  };
  const e = await compare(p, 3, { outer: 1, inner: 2 });
  expect(e.f64).toBeLessThan(TOL.f64 * 10);
  expect(e.f32).toBeLessThan(TOL.f32 * 2);
});

describe("onnx runStages on the lowered programs of the kernel ops it renders from stages", () => {
  const S = SCHEDULES.onnx, planner = { fft: (m: number) => planFft(m, S.fft), real: (m: number) => ({ via: S.realFft, fft: planFft(S.realFft === "half" && m % 2 === 0 ? m / 2 : m, S.fft) }), dct: (m: number, type: number) => planFft(S.dctFftSize(m, type), S.fft) };
  const dft = (m: number, inverse: boolean) => mk("dft", operatorType(m, m, true), [], { n: m, norm: "ortho", inverse, plan: planFft(m, S.fft) });
  const half = (m: number): RealFftPlan => ({ via: "half", fft: planFft(m / 2, S.fft) }), full = (m: number): RealFftPlan => ({ via: "full", fft: planFft(m, S.fft) });
  const rdft = (m: number, plan: RealFftPlan) => mk("rdft", operatorType(Math.floor(m / 2) + 1, m, true, { realInput: true }), [], { n: m, norm: "backward", plan });
  const irdft = (m: number, plan: RealFftPlan) => mk("irdft", operatorType(m, Math.floor(m / 2) + 1, true, { realOutput: true }), [], { n: m, norm: "forward", plan });
  const wht = (m: number) => mk("wht", operatorType(m, m, false), [], { n: m, norm: "ortho" });
  const butterfly = (m: number, increasing: boolean) => {
    const w = mk("input", { kind: "tensor", dtype: "c128", shape: [Math.log2(m), m / 2, 2, 2] } as ReturnType<typeof tensorType>, [], { name: "w" });
    return mk("butterfly", operatorType(m, m, true), [w], { increasing });
  };
  const cases: [string, () => Node][] = [
    ["dft(96), mixed radices", () => dft(96, false)],
    ["idft(4096), mixed radices", () => dft(4096, true)],
    ["dft(257), Bluestein", () => dft(257, false)],
    ["dft(7), a codelet", () => dft(7, true)],
    ["rdft(200) full", () => rdft(200, full(200))],
    ["rdft(200) half", () => rdft(200, half(200))],
    ["irdft(130) full", () => irdft(130, full(130))],
    ["irdft(130) half", () => irdft(130, half(130))],
    ["wht(64)", () => wht(64)],
    ["butterfly(32), increasing", () => butterfly(32, true)],
    ["butterfly(16), decreasing", () => butterfly(16, false)],
  ];
  it.each(cases)("%s", async (_name, node) => {
    const p = lowerOp(node() as NodeOf<LoweredOp>, planner)!;
    const e = await compare(p, 7, { outer: 3, inner: 2 });
    expect(e.f64).toBeLessThan(TOL.f64 * 10);
    expect(e.f32).toBeLessThan(TOL.f32 * 2);
  });
});
