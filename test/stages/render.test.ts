// Every stage op rendered by every backend that renders stages (Backend.runStages, from the
// backend registry) against the stage interpreter (evalStages), on random data, with stage
// geometry outer and inner > 1 and a batch geometry on top (outer and inner > 1 again), in
// float64 and float32.
import { describe, expect, it } from "vitest";
import { BACKENDS, BACKEND_NAMES } from "../../src/backends/index.js";
import { type Geom, type RunGeom, type StageArgs, type StageDType, type StageInstr, type StageOp, type StageProgram, STAGE_OPS, bufferSize, checkProgram, evalStages, outLength } from "../../src/ir/index.js";
import { randomBuf, relErr, rng } from "./helpers.js";

const G = { outer: 2, inner: 2 }, RUN: RunGeom = { outer: 3, inner: 2 };
const TOL = { f64: 1e-12, f32: 1e-5 };
const r = rng(180);
const table = (entries: number) => Float64Array.from({ length: 2 * entries }, () => r.normal());
/** A Stockham pass's twiddles [p][j], random but for w_{p,0} = ω^0 = 1 (the op's definition, which renderers may rely on). */
const twiddles = (m: number, radix: number) => table(m * radix).map((v, i) => ((i >> 1) % radix === 0 ? (i % 2 ? 0 : 1) : v));

/** One stage from x (dtype `src`, axis n) into y, over the geometry G; tables and shared weights as given. */
function one<K extends StageOp>(op: K, n: number, arg: StageArgs[K], src: StageDType, dst: StageDType, tables: Record<string, Float64Array> = {}, weights?: { len: number; dtype: StageDType }): StageProgram {
  const geom: Geom = { outer: G.outer, n, inner: G.inner };
  const st = { op, src: weights ? ["x", "w"] : ["x"], dst: "y", geom, arg } as StageInstr;
  return {
    inputs: [{ name: "x", len: G.outer * n * G.inner, dtype: src }, ...(weights ? [{ name: "w", len: weights.len, dtype: weights.dtype, shared: true }] : [])],
    outputs: [{ name: "y", len: G.outer * outLength(st) * G.inner, dtype: dst }],
    temps: [],
    tables,
    stages: [st],
  };
}

const CASES: { readonly [K in StageOp]: StageProgram[] } = {
  cast: [one("cast", 6, { to: "complex" }, "real", "complex"), one("cast", 6, { to: "real" }, "complex", "real")],
  as_complex: [one("as_complex", 6, {}, "real", "complex")],
  as_real: [one("as_real", 3, {}, "complex", "real")],
  gather: [false, true].map((conj) => one("gather", 6, { index: "i", m: 5, conj }, "complex", "complex", { i: Float64Array.from([2, -1, 0, 5, 5]) })),
  place: [one("place", 6, { index: "i", m: 9 }, "complex", "complex", { i: Float64Array.from([8, 0, 3, 1, 2, 7]) }), one("place", 6, { index: "i", m: 9 }, "real", "real", { i: Float64Array.from([8, 0, 3, 1, 2, 7]) })],
  window: [one("window", 6, { m: 9, offset: -2 }, "complex", "complex"), one("window", 6, { m: 4, offset: 3 }, "real", "real")],
  transpose: [one("transpose", 6, { a: 2, b: 3 }, "real", "real"), one("transpose", 6, { a: 3, b: 2 }, "complex", "complex")],
  scale: [one("scale", 6, { s: -0.75 }, "complex", "complex"), one("scale", 6, { s: 3 }, "real", "real")],
  mul: [false, true].map((conj) => one("mul", 6, { table: "t", conj }, "complex", "complex", { t: table(6) })),
  add: [{
    // y = 2x + x through a temporary, so that both sources are batched buffers of the program
    inputs: [{ name: "x", len: 2 * 6 * 2, dtype: "complex" }], outputs: [{ name: "y", len: 2 * 6 * 2, dtype: "complex" }], temps: [{ name: "t", len: 2 * 6 * 2, dtype: "complex" }], tables: {},
    stages: [{ op: "scale", src: ["x"], dst: "t", geom: { outer: 2, n: 6, inner: 2 }, arg: { s: 2 } }, { op: "add", src: ["t", "x"], dst: "y", geom: { outer: 2, n: 6, inner: 2 }, arg: {} }],
  }],
  codelet: [one("codelet", 5, { sign: -1 }, "complex", "complex"), one("codelet", 8, { sign: 1 }, "complex", "complex")],
  stockham: [
    one("stockham", 12, { r: 3, s: 1, sign: -1, twiddles: "w" }, "complex", "complex", { w: twiddles(4, 3) }),
    one("stockham", 12, { r: 2, s: 2, sign: 1, twiddles: "w" }, "complex", "complex", { w: twiddles(3, 2) }),
    one("stockham", 12, { r: 2, s: 6, sign: -1 }, "complex", "complex"),
  ],
  real_split: [one("real_split", 4, { twiddles: "w" }, "complex", "complex", { w: table(5) })],
  real_join: [one("real_join", 5, { twiddles: "w" }, "complex", "complex", { w: table(4) })],
  wht_pass: [one("wht_pass", 8, { s: 1 }, "real", "real"), one("wht_pass", 8, { s: 2 }, "complex", "complex")],
  butterfly_pass: (["real", "complex"] as const).map((dtype) => one("butterfly_pass", 8, { s: 2, factor: 1 }, "complex", "complex", {}, { len: 2 * 4 * 4, dtype })),
};

const loaded = await Promise.all(BACKEND_NAMES.map((n) => BACKENDS[n]()));
const reference = loaded.find((b) => b.name === "reference")!;
const renderers = loaded.filter((b) => b.runStages && b.name !== "reference");

describe.each(renderers.map((b) => [b.name, b] as const))("the %s backend renders every stage op as the stage interpreter computes it", (_name, backend) => {
  it.each(STAGE_OPS)("%s", async (op) => {
    for (const p of CASES[op]) {
      expect(checkProgram(p)).toEqual([]);
      const inputs = Object.fromEntries(p.inputs.map((b) => [b.name, randomBuf(r, bufferSize(b, RUN), b.dtype === "real")]));
      const want = evalStages(p, inputs, RUN);
      for (const precision of ["f64", "f32"] as const) {
        const got = await backend.runStages!(p, inputs, RUN, precision);
        expect(relErr(got.y, want.y), `${op} ${precision}`).toBeLessThan(TOL[precision]);
      }
    }
  });
});

describe("real_split keeps a finite result finite for parts near the largest double", () => {
  // Z = [0, b, b, b] (h = 4): X_k = (Z_k + conj Z_{h-k})/2 = b for 0 < k < h, X_0 = X_h = 0; adding first overflows
  it.each([["reference", reference] as const, ...renderers.map((b) => [b.name, b] as const)])("%s", async (_name, backend) => {
    const h = 4, big = 1.5e308;
    const split = one("real_split", h, { twiddles: "w" }, "complex", "complex", { w: table(h + 1) });
    const single = { ...split, inputs: [{ ...split.inputs[0], len: h }], outputs: [{ ...split.outputs[0], len: h + 1 }], stages: [{ ...split.stages[0], geom: { outer: 1, n: h, inner: 1 } }] } as StageProgram;
    const x = { re: Float64Array.from([0, big, big, big]), im: new Float64Array(h) };
    const y = (await backend.runStages!(single, { x }, { outer: 1, inner: 1 }, "f64")).y;
    expect(Array.from(y.re.slice(1, h))).toEqual([big, big, big]);
    expect([...y.re, ...y.im].every(Number.isFinite)).toBe(true);
  });
});
