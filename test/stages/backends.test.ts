// Every stage op rendered by every backend that renders stages (Backend.runStages), against the
// stage interpreter evalStages (tinygrad's test_uops): one-stage programs on random data, along
// a middle axis (outer 2, inner 3) and under a batch geometry (outer 2, inner 2), each op's
// argument variants; random tables where the meaning takes any table; then a few programs of
// several stages (a place over a written buffer, a scale fused into the stage before it).
import { describe, expect, it } from "vitest";
import { BACKEND_NAMES, getBackend } from "../../src/backends/index.js";
import { type BufDecl, type RunGeom, type StageArgs, type StageBuf, type StageDType, type StageInstr, type StageOp, type StageProgram, type Target, STAGE_OPS, bufferSize, checkProgram, evalStages, outLength } from "../../src/ir/index.js";
import { randomBuf, relErr, rng } from "./helpers.js";

/** Max-norm relative error allowed per precision of the data inside. */
const TOL = { f32: 2e-6, f64: 1e-12 } as const;
const RUNS: RunGeom[] = [{ outer: 1, inner: 1 }, { outer: 2, inner: 2 }];
/** Backends whose kernels hold no float64 data, with the reason: f64 must be refused (E0801), not rounded. */
const F32_ONLY: Partial<Record<Target, string>> = { gpujs: "GPU.js has no float64 kernels" };

/** One variant of a stage op: its argument, axis, source dtypes (a second one shared weights of `weights` entries), tables. */
interface Variant<K extends StageOp> {
  arg: StageArgs[K];
  n: number;
  src: StageDType[];
  tables?: Record<string, Float64Array>;
  weights?: number;
}

const r0 = rng(180);
const table = (n: number) => Float64Array.from({ length: 2 * n }, () => r0.normal());
const cis = (e: number, n: number, sign: number): [number, number] => [Math.cos((sign * 2 * Math.PI * e) / n), Math.sin((sign * 2 * Math.PI * e) / n)];
/** The twiddles of a Stockham pass, w_{p,j} = ω_{rm}^{jp}, [p][j]: their j = 0 entries are exactly 1. */
const twiddles = (r: number, m: number, sign: number) => Float64Array.from({ length: 2 * r * m }, (_, i) => cis(Math.floor(i / 2 / r) * ((i >> 1) % r), r * m, sign)[i % 2]);
const stockham = (r: number, s: number, n: number, sign: 1 | -1, proper: boolean): Variant<"stockham"> => {
  const m = n / (r * s);
  return m > 1 ? { arg: { r, s, sign, twiddles: "w" }, n, src: ["complex"], tables: { w: proper ? twiddles(r, m, sign) : table(r * m) } } : { arg: { r, s, sign }, n, src: ["complex"] };
};

const VARIANTS: { [K in StageOp]: Variant<K>[] } = {
  cast: [{ arg: { to: "complex" }, n: 12, src: ["real"] }, { arg: { to: "real" }, n: 12, src: ["complex"] }],
  as_complex: [{ arg: {}, n: 12, src: ["real"] }],
  as_real: [{ arg: {}, n: 6, src: ["complex"] }],
  gather: [false, true].map((conj) => ({ arg: { index: "i", m: 7, conj }, n: 12, src: ["complex"], tables: { i: Float64Array.from([3, -1, 11, 0, 3, 7, -1]) } })),
  place: [{ arg: { index: "i", m: 14 }, n: 12, src: ["complex"], tables: { i: Float64Array.from([9, 0, 4, 13, 2, 7, 1, 11, 5, 3, 8, 6]) } }],
  window: [[12, 0], [20, -3], [5, 4], [8, 10]].map(([m, offset]) => ({ arg: { m, offset }, n: 12, src: ["complex"] })),
  transpose: [[3, 4], [4, 3], [1, 12]].map(([a, b]) => ({ arg: { a, b }, n: 12, src: ["complex"] })),
  scale: [{ arg: { s: -0.75 }, n: 12, src: ["complex"] }],
  mul: [false, true].map((conj) => ({ arg: { table: "t", conj }, n: 12, src: ["complex"], tables: { t: table(12) } })),
  add: [{ arg: {}, n: 12, src: ["complex", "complex"] }],
  codelet: [1, 2, 5, 12, 16].flatMap((n) => ([-1, 1] as const).map((sign) => ({ arg: { sign }, n, src: ["complex"] as StageDType[] }))),
  stockham: [stockham(3, 1, 12, -1, false), stockham(2, 2, 12, -1, true), stockham(4, 3, 12, 1, false), stockham(2, 6, 12, -1, false), stockham(5, 1, 35, 1, true), stockham(7, 5, 35, -1, false), stockham(8, 2, 16, -1, true)],
  real_split: [{ arg: { twiddles: "w" }, n: 6, src: ["complex"], tables: { w: table(7) } }],
  real_join: [{ arg: { twiddles: "v" }, n: 7, src: ["complex"], tables: { v: table(6) } }],
  wht_pass: [1, 2, 6].map((s) => ({ arg: { s }, n: 12, src: ["complex"] })),
  butterfly_pass: [[1, 0, "complex"], [2, 1, "real"], [6, 2, "complex"]].map(([s, factor, w]) => ({ arg: { s: s as number, factor: factor as number }, n: 12, src: ["complex", w as StageDType], weights: 3 * 6 * 4 })),
};

/** The one-stage program of a variant, along a middle axis: outer 2, inner 3. */
function program<K extends StageOp>(op: K, v: Variant<K>): StageProgram {
  const geom = { outer: 2, n: v.n, inner: 3 };
  const st = { op, src: v.src.map((_, i) => `x${i}`), dst: "y", geom, arg: v.arg } as StageInstr;
  const dst: StageDType = op === "cast" ? (v.arg as StageArgs["cast"]).to : op === "as_real" ? "real" : op === "as_complex" ? "complex" : v.src[0];
  const inputs: BufDecl[] = v.src.map((dtype, i) => (i === 1 && v.weights ? { name: `x${i}`, len: v.weights, dtype, shared: true } : { name: `x${i}`, len: 2 * v.n * 3, dtype }));
  return { inputs, outputs: [{ name: "y", len: 2 * outLength(st) * 3, dtype: dst }], temps: [], tables: v.tables ?? {}, stages: [st] };
}

const inputsOf = (p: StageProgram, run: RunGeom, seed: number): Record<string, StageBuf> => {
  const r = rng(seed);
  return Object.fromEntries(p.inputs.map((b) => [b.name, randomBuf(r, bufferSize(b, run), b.dtype === "real")]));
};

/** Several stages: a place over a buffer already written, a scale fused into the stage before it, a buffer read before it is written (zeros). */
const MULTI: [string, StageProgram][] = [
  ["window, place over it, scale in place, add a temporary never written", {
    inputs: [{ name: "x", len: 12, dtype: "complex" }, { name: "u", len: 5, dtype: "complex" }],
    outputs: [{ name: "y", len: 14, dtype: "complex" }],
    temps: [{ name: "t", len: 14, dtype: "complex" }, { name: "z", len: 14, dtype: "complex" }],
    tables: { i: Float64Array.from([2, 5, 0, 11, 7]) },
    stages: [
      { op: "window", src: ["x"], dst: "t", geom: { outer: 1, n: 12, inner: 1 }, arg: { m: 14, offset: -1 } },
      { op: "place", src: ["u"], dst: "t", geom: { outer: 1, n: 5, inner: 1 }, arg: { index: "i", m: 14 } },
      { op: "scale", src: ["t"], dst: "t", geom: { outer: 1, n: 14, inner: 1 }, arg: { s: 0.5 } },
      { op: "add", src: ["t", "z"], dst: "y", geom: { outer: 1, n: 14, inner: 1 }, arg: {} },
    ],
  }],
];

const BACKENDS = await Promise.all(BACKEND_NAMES.map((name) => getBackend(name)));
const RENDERING = BACKENDS.filter((b) => b.runStages);

describe("the backends that render stages", () => {
  it("include the reference interpreter", () => expect(RENDERING.map((b) => b.name)).toContain("reference"));
  for (const b of BACKENDS) if (!b.runStages) it.skip(`${b.name}: renders no stages yet (no runStages)`, () => {});
});

describe.each(RENDERING.map((b) => [b.name, b] as const))("%s renders stages", (name, backend) => {
  const runStages = backend.runStages!;
  it.each(STAGE_OPS)("%s against evalStages, along a middle axis and in a batch geometry", async (op) => {
    for (const v of VARIANTS[op] as Variant<StageOp>[]) {
      const p = program(op, v);
      expect(checkProgram(p)).toEqual([]);
      for (const run of RUNS)
        for (const precision of ["f32", "f64"] as const) {
          const x = inputsOf(p, run, v.n + run.inner);
          if (precision === "f64" && F32_ONLY[name]) {
            await expect(runStages(p, x, run, precision)).rejects.toMatchObject({ code: "E0801" });
            continue;
          }
          const got = await runStages(p, x, run, precision), want = evalStages(p, x, run);
          expect([JSON.stringify(v.arg), run, precision, relErr(got.y, want.y) < TOL[precision]]).toEqual([JSON.stringify(v.arg), run, precision, true]);
        }
    }
  });

  it.each(MULTI)("a program of several stages: %s", async (_what, p) => {
    expect(checkProgram(p)).toEqual([]);
    for (const run of RUNS) {
      const x = inputsOf(p, run, 7), want = evalStages(p, x, run).y;
      expect(relErr((await runStages(p, x, run, "f32")).y, want)).toBeLessThan(TOL.f32);
    }
  });
});
