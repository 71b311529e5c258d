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
import { bufRelErr, randomBuf, rng } from "./helpers.js";

const runStages = onnxBackend.runStages!;
const TOL = { f64: 1e-12, f32: 1e-5 };
const cis = (a: number): [number, number] => [Math.cos(a), Math.sin(a)];
const complexTable = (n: number, f: (k: number) => [number, number]) => Float64Array.from({ length: 2 * n }, (_, i) => f(i >> 1)[i % 2]);

/** One stage over sources x0 (and x1), destination y: its argument, axis, dtypes, tables. */
interface Case {
  arg: object;
  n: number;
  src: StageDType[];
  dst: StageDType;
  tables?: Record<string, Float64Array>;
  /** butterfly_pass: the shared weights' length. */
  weights?: number;
}

const n = 12;
const CASES: { readonly [K in StageOp]: Case[] } = {
  cast: [{ arg: { to: "complex" }, n, src: ["real"], dst: "complex" }, { arg: { to: "real" }, n, src: ["complex"], dst: "real" }],
  as_complex: [{ arg: {}, n, src: ["real"], dst: "complex" }],
  as_real: [{ arg: {}, n, src: ["complex"], dst: "real" }],
  gather: [false, true].map((conj) => ({ arg: { index: "i", m: 7, conj }, n, src: ["complex"], dst: "complex", tables: { i: Float64Array.from([3, 0, -1, 11, 3, 7, -1]) } })),
  place: [{ arg: { index: "i", m: 14 }, n, src: ["complex"], dst: "complex", tables: { i: Float64Array.from([9, 0, 4, 13, 2, 7, 1, 11, 5, 3, 8, 6]) } }],
  window: [[n, 0], [20, -3], [5, 4], [8, 10], [3, 15], [4, -9]].map(([m, offset]) => ({ arg: { m, offset }, n, src: ["real"], dst: "real" })),
  transpose: [[3, 4], [12, 1]].map(([a, b]) => ({ arg: { a, b }, n, src: ["complex"], dst: "complex" })),
  scale: [{ arg: { s: -0.75 }, n, src: ["complex"], dst: "complex" }],
  mul: [false, true].map((conj) => ({ arg: { table: "t", conj }, n, src: ["complex"], dst: "complex", tables: { t: complexTable(n, (k) => [Math.cos(k) * 2, Math.sin(3 * k)]) } })),
  add: [{ arg: {}, n, src: ["complex", "complex"], dst: "complex" }, { arg: {}, n, src: ["real", "real"], dst: "real" }],
  codelet: [1, 5, 12].flatMap((len) => [-1, 1].map((sign) => ({ arg: { sign }, n: len, src: ["complex"], dst: "complex" }) as Case)),
  stockham: ([[3, 1], [2, 2], [4, 3], [2, 6]] as const).map(([r, s]) => {
    const m = n / (r * s), sign = -1;
    return { arg: m > 1 ? { r, s, sign, twiddles: "w" } : { r, s, sign }, n, src: ["complex"], dst: "complex", tables: m > 1 ? { w: complexTable(m * r, (k) => cis((sign * 2 * Math.PI * Math.floor(k / r) * (k % r)) / (r * m))) } : {} } as Case;
  }),
  real_split: [{ arg: { twiddles: "w" }, n: 6, src: ["complex"], dst: "complex", tables: { w: complexTable(7, (k) => cis((-2 * Math.PI * k) / 12)) } }],
  real_join: [{ arg: { twiddles: "v" }, n: 7, src: ["complex"], dst: "complex", tables: { v: complexTable(6, (k) => cis((2 * Math.PI * k) / 12)) } }],
  wht_pass: [1, 2, 6].map((s) => ({ arg: { s }, n, src: ["complex"], dst: "complex" })),
  butterfly_pass: [[1, 0, "complex"], [2, 1, "real"], [6, 2, "complex"]].map(([s, factor, wt]) => ({ arg: { s, factor }, n, src: ["complex", wt as StageDType], dst: "complex", weights: 3 * (n / 2) * 4 })),
};

/** A one-stage program of geometry g; place's destination first filled by a window (the stage keeps the rest). */
function program(op: StageOp, c: Case, g: Geom): StageProgram {
  const st = { op, src: c.src.map((_, i) => `x${i}`), dst: "y", geom: g, arg: c.arg as StageArgs[StageOp] } as StageInstr;
  const out = outLength(st);
  const inputs = c.src.map((d, i) => (c.weights && i === 1 ? { name: `x${i}`, len: c.weights, dtype: d, shared: true } : { name: `x${i}`, len: g.outer * c.n * g.inner, dtype: d }));
  const y = { name: "y", len: g.outer * out * g.inner, dtype: c.dst };
  if (op !== "place") return { inputs, outputs: [y], temps: [], tables: c.tables ?? {}, stages: [st] };
  const fill: StageInstr = { op: "window", src: ["z"], dst: "y", geom: { outer: g.outer, n: out, inner: g.inner }, arg: { m: out, offset: 0 } };
  return { inputs: [...inputs, { name: "z", len: y.len, dtype: c.dst }], outputs: [y], temps: [], tables: c.tables ?? {}, stages: [fill, st] };
}

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

describe("onnx runStages against evalStages, every stage op", () => {
  it.each(STAGE_OPS)("%s, outer and inner > 1 (stage and batch geometry)", async (op) => {
    expect(CASES[op].length).toBeGreaterThan(0);
    for (const [i, c] of CASES[op].entries())
      for (const [g, run] of [[{ outer: 2, inner: 3 }, { outer: 3, inner: 1 }], [{ outer: 1, inner: 1 }, { outer: 2, inner: 2 }], [{ outer: 3, inner: 2 }, { outer: 2, inner: 3 }]] as const) {
        const e = await compare(program(op, c, { ...g, n: c.n }), 10 * i + g.outer, run);
        expect([op, i, g, run, e.f64 < TOL.f64, e.f32 < TOL.f32]).toEqual([op, i, g, run, true, true]);
      }
  });
});

it("a Stockham pass too large to fold its twiddles into its matrices (m·4r² > 2^24: r = 64, m = 1025) renders as a DFT and a twiddle Mul", async () => {
  const r = 64, m = 1025, len = r * m, sign = 1;
  const tw = complexTable(m * r, (k) => cis((sign * 2 * Math.PI * Math.floor(k / r) * (k % r)) / (r * m)));
  const p = program("stockham", { arg: { r, s: 1, sign, twiddles: "w" }, n: len, src: ["complex"], dst: "complex", tables: { w: tw } }, { outer: 1, n: len, inner: 1 });
  const e = await compare(p, 3, { outer: 1, inner: 2 });
  expect(e.f64).toBeLessThan(TOL.f64 * 10);
  expect(e.f32).toBeLessThan(TOL.f32 * 2);
});

describe("onnx runStages on the lowered programs of the kernel ops it renders from stages", () => {
  const S = SCHEDULES.onnx, planner = { fft: (m: number) => planFft(m, S.fft), real: (m: number) => ({ via: S.realFft, fft: planFft(S.realFft === "half" && m % 2 === 0 ? m / 2 : m, S.fft) }) };
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
    const p = lowerOp(node() as NodeOf<LoweredOp>, planner);
    const e = await compare(p, 7, { outer: 3, inner: 2 });
    expect(e.f64).toBeLessThan(TOL.f64 * 10);
    expect(e.f32).toBeLessThan(TOL.f32 * 2);
  });
});
