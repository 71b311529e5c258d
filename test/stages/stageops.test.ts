// Every stage op (src/ir/stages.ts) through the stage interpreter (src/ir/stageeval.ts) against
// a direct float64 definition written with explicit addresses (o·n·inner + k·inner + j), on
// random data, for several geometries (outer > 1, inner > 1); the Fourier passes by what they
// compose to (the DFT, the real FFT, the Hadamard matrix); and by algebra: every stage is
// linear, never mixes two lines of its geometry, and runs the same for a batch geometry.
import { describe, expect, it } from "vitest";
import {
  type Geom, type StageArgs, type StageBuf, type StageDType, type StageInstr, type StageOp, type StageProgram,
  STAGE_OPS, checkProgram, evalStages, outLength,
} from "../../src/ir/index.js";
import { stockhamPasses } from "../../src/ir/fftplan.js";
import { type Rng, randomBuf, bufRelErr, rng } from "./helpers.js";

const GEOMS: [number, number][] = [[1, 1], [3, 1], [1, 4], [2, 3]]; // [outer, inner]
const TOL = 1e-12;
type Tables = Record<string, Float64Array>;
const at = (g: Geom, n: number, o: number, k: number, j: number) => (o * n + k) * g.inner + j;
const zeros = (n: number): StageBuf => ({ re: new Float64Array(n), im: new Float64Array(n) });
const cis = (a: number): [number, number] => [Math.cos(a), Math.sin(a)];

/** A one-stage case: its stage, tables, source dtypes and extra shared weights, and its direct definition. */
interface Case<K extends StageOp> {
  arg: StageArgs[K];
  n: number;
  src: StageDType[];
  dst: StageDType;
  tables?: Tables;
  /** Shared weights (butterfly_pass's and matmul's second source), their length. */
  weights?: number;
  direct: (g: Geom, x: StageBuf[], y: StageBuf) => void;
}

/** Run one stage on random sources; compare with its direct definition. */
function runCase<K extends StageOp>(op: K, c: Case<K>, g0: [number, number], r: Rng): number {
  const g: Geom = { outer: g0[0], n: c.n, inner: g0[1] };
  const st = { op, src: c.src.map((_, i) => `x${i}`), dst: "y", geom: g, arg: c.arg } as StageInstr;
  const out = outLength(st);
  const inputs = c.src.map((d, i) => (c.weights && i === 1 ? { name: `x${i}`, len: c.weights, dtype: d, shared: true } : { name: `x${i}`, len: g.outer * c.n * g.inner, dtype: d }));
  const p: StageProgram = { inputs, outputs: [{ name: "y", len: g.outer * out * g.inner, dtype: c.dst }], temps: [], tables: c.tables ?? {}, stages: [st] };
  expect(checkProgram(p)).toEqual([]);
  const xs = inputs.map((b) => randomBuf(r, b.len, b.dtype === "real"));
  const got = evalStages(p, Object.fromEntries(xs.map((x, i) => [`x${i}`, x]))).y;
  const want = zeros(g.outer * out * g.inner);
  c.direct(g, xs, want);
  return bufRelErr(got, want);
}

const randomTable = (r: Rng, n: number) => Float64Array.from({ length: 2 * n }, () => r.normal());

/** The cases of each op, for an axis of about n. */
function cases(r: Rng): { [K in StageOp]: Case<K>[] } {
  const n = 12;
  const each = (g: Geom, len: number, f: (o: number, k: number, j: number) => void) => {
    for (let o = 0; o < g.outer; o++) for (let k = 0; k < len; k++) for (let j = 0; j < g.inner; j++) f(o, k, j);
  };
  const copyTo = (y: StageBuf, i: number, re: number, im: number) => ((y.re[i] = re), (y.im[i] = im));
  const gatherIdx = Float64Array.from({ length: 7 }, (_, k) => (k === 3 ? -1 : r.int(0, n - 1)));
  const placeIdx = Float64Array.from([9, 0, 4, 13, 2, 7, 1, 11, 5, 3, 8, 6]);
  const table = randomTable(r, n);
  const dft = (sign: 1 | -1, len: number) => (g: Geom, [x]: StageBuf[], y: StageBuf) =>
    each(g, len, (o, k, j) => {
      let sr = 0, si = 0;
      for (let q = 0; q < len; q++) {
        const [c, s] = cis((sign * 2 * Math.PI * ((q * k) % len)) / len), i = at(g, len, o, q, j);
        (sr += x.re[i] * c - x.im[i] * s), (si += x.re[i] * s + x.im[i] * c);
      }
      copyTo(y, at(g, len, o, k, j), sr, si);
    });
  const pairs = (s: number, len: number, f: (i0: number, i1: number, q: number) => void) => {
    for (let b = 0; b < len / (2 * s); b++) for (let j = 0; j < s; j++) f(2 * s * b + j, 2 * s * b + j + s, b * s + j);
  };
  return {
    cast: (["complex", "real"] as const).map((to) => ({
      arg: { to }, n, src: [to === "complex" ? "real" : "complex"], dst: to,
      direct: (g, [x], y) => each(g, n, (o, k, j) => copyTo(y, at(g, n, o, k, j), x.re[at(g, n, o, k, j)], to === "complex" ? x.im[at(g, n, o, k, j)] : 0)),
    })),
    as_complex: [{ arg: {}, n, src: ["real"], dst: "complex", direct: (g, [x], y) => each(g, n / 2, (o, k, j) => copyTo(y, at(g, n / 2, o, k, j), x.re[at(g, n, o, 2 * k, j)], x.re[at(g, n, o, 2 * k + 1, j)])) }],
    as_real: [{ arg: {}, n, src: ["complex"], dst: "real", direct: (g, [x], y) => each(g, n, (o, k, j) => ((y.re[at(g, 2 * n, o, 2 * k, j)] = x.re[at(g, n, o, k, j)]), (y.re[at(g, 2 * n, o, 2 * k + 1, j)] = x.im[at(g, n, o, k, j)]))) }],
    gather: [false, true].map((conj) => ({
      arg: { index: "i", m: 7, conj }, n, src: ["complex"], dst: "complex", tables: { i: gatherIdx },
      direct: (g, [x], y) => each(g, 7, (o, k, j) => {
        const i = gatherIdx[k];
        if (i >= 0) copyTo(y, at(g, 7, o, k, j), x.re[at(g, n, o, i, j)], (conj ? -1 : 1) * x.im[at(g, n, o, i, j)]);
      }),
    })),
    place: [{
      arg: { index: "i", m: 14 }, n, src: ["complex"], dst: "complex", tables: { i: placeIdx },
      direct: (g, [x], y) => each(g, n, (o, k, j) => copyTo(y, at(g, 14, o, placeIdx[k], j), x.re[at(g, n, o, k, j)], x.im[at(g, n, o, k, j)])),
    }],
    window: [[n, 0], [20, -3], [5, 4], [8, 10]].map(([m, offset]) => ({
      arg: { m, offset }, n, src: ["complex"], dst: "complex",
      direct: (g, [x], y) => each(g, m, (o, k, j) => {
        const i = k + offset;
        if (i >= 0 && i < n) copyTo(y, at(g, m, o, k, j), x.re[at(g, n, o, i, j)], x.im[at(g, n, o, i, j)]);
      }),
    })),
    transpose: [[3, 4], [4, 3], [1, 12], [12, 1]].map(([a, b]) => ({
      arg: { a, b }, n, src: ["real"], dst: "real",
      direct: (g, [x], y) => each(g, n, (o, k, j) => copyTo(y, at(g, n, o, (k % b) * a + Math.floor(k / b), j), x.re[at(g, n, o, k, j)], 0)),
    })),
    scale: [{ arg: { s: -0.75 }, n, src: ["complex"], dst: "complex", direct: (g, [x], y) => each(g, n, (o, k, j) => copyTo(y, at(g, n, o, k, j), -0.75 * x.re[at(g, n, o, k, j)], -0.75 * x.im[at(g, n, o, k, j)])) }],
    mul: [false, true].map((conj) => ({
      arg: { table: "t", conj }, n, src: ["complex"], dst: "complex", tables: { t: table },
      direct: (g, [x], y) => each(g, n, (o, k, j) => {
        const a = x.re[at(g, n, o, k, j)], b = x.im[at(g, n, o, k, j)], c = table[2 * k], d = (conj ? -1 : 1) * table[2 * k + 1];
        copyTo(y, at(g, n, o, k, j), a * c - b * d, a * d + b * c);
      }),
    })),
    add: [{ arg: {}, n, src: ["complex", "complex"], dst: "complex", direct: (g, [x, z], y) => each(g, n, (o, k, j) => copyTo(y, at(g, n, o, k, j), x.re[at(g, n, o, k, j)] + z.re[at(g, n, o, k, j)], x.im[at(g, n, o, k, j)] + z.im[at(g, n, o, k, j)])) }],
    codelet: [1, 2, 5, 12].flatMap((len) => ([-1, 1] as const).map((sign) => ({ arg: { sign }, n: len, src: ["complex"] as StageDType[], dst: "complex" as const, direct: dft(sign, len) }))),
    // a single pass: m = n/(r s) groups, w_{p,j} = e^{sign 2πi jp/(rm)}
    stockham: ([[3, 1], [2, 2], [4, 3], [2, 6]] as const).map(([rr, s]) => {
      const m = n / (rr * s), sign = -1, tw = Float64Array.from({ length: 2 * m * rr }, (_, i) => cis((sign * 2 * Math.PI * Math.floor(i / 2 / rr) * ((i >> 1) % rr)) / (rr * m))[i % 2]);
      return {
        arg: m > 1 ? { r: rr, s, sign, twiddles: "w" } : { r: rr, s, sign }, n, src: ["complex"], dst: "complex", tables: m > 1 ? { w: tw } : {},
        direct: (g: Geom, [x]: StageBuf[], y: StageBuf) => each(g, 1, (o, _k, j) => {
          for (let p = 0; p < m; p++) for (let q = 0; q < s; q++) for (let jj = 0; jj < rr; jj++) {
            let sr = 0, si = 0;
            for (let k = 0; k < rr; k++) {
              const [c, sn] = cis((sign * 2 * Math.PI * jj * k) / rr), i = at(g, n, o, q + s * (p + k * m), j);
              (sr += x.re[i] * c - x.im[i] * sn), (si += x.re[i] * sn + x.im[i] * c);
            }
            const [wr, wi] = m > 1 ? cis((sign * 2 * Math.PI * jj * p) / (rr * m)) : [1, 0];
            copyTo(y, at(g, n, o, q + s * (rr * p + jj), j), sr * wr - si * wi, sr * wi + si * wr);
          }
        }),
      } as Case<"stockham">;
    }),
    real_split: [], // by composition below
    real_join: [],
    wht_pass: [1, 2, 6].map((s) => ({
      arg: { s }, n, src: ["real"], dst: "real",
      direct: (g, [x], y) => each(g, 1, (o, _k, j) => pairs(s, n, (i0, i1) => {
        const a = x.re[at(g, n, o, i0, j)], b = x.re[at(g, n, o, i1, j)];
        (y.re[at(g, n, o, i0, j)] = a + b), (y.re[at(g, n, o, i1, j)] = a - b);
      })),
    })),
    butterfly_pass: [[1, 0], [2, 1], [6, 2]].map(([s, factor]) => ({
      arg: { s, factor }, n, src: ["complex", "complex"], dst: "complex", weights: 3 * (n / 2) * 4,
      direct: (g, [x, w], y) => each(g, 1, (o, _k, j) => pairs(s, n, (i0, i1, q) => {
        const e = (t: number) => [w.re[4 * (factor * (n / 2) + q) + t], w.im[4 * (factor * (n / 2) + q) + t]];
        const v = [i0, i1].map((i) => [x.re[at(g, n, o, i, j)], x.im[at(g, n, o, i, j)]]);
        const row = (a: number[], b: number[]) => [a[0] * v[0][0] - a[1] * v[0][1] + b[0] * v[1][0] - b[1] * v[1][1], a[0] * v[0][1] + a[1] * v[0][0] + b[0] * v[1][1] + b[1] * v[1][0]];
        const [y0, y1] = [row(e(0), e(1)), row(e(2), e(3))];
        copyTo(y, at(g, n, o, i0, j), y0[0], y0[1]);
        copyTo(y, at(g, n, o, i1, j), y1[0], y1[1]);
      })),
    })),
    // blocks x rows x cols on an axis of blocks·cols: one block, square blocks, wide and tall blocks, 1 x 1 blocks; real and complex
    // weights; strided weights: transposed blocks ([1, 12, 3] reads W[o, i, b]), one matrix for every block (s_b = 0)
    matmul: ([
      [1, 5, 12, "complex"], [3, 4, 4, "real"], [4, 2, 3, "complex"], [2, 9, 6, "real"], [12, 1, 1, "complex"], [3, 4, 4, "complex", [1, 12, 3]], [4, 2, 3, "real", [0, 3, 1]],
    ] as const).map(([blocks, rows, cols, wt, strides]: readonly [number, number, number, StageDType, (readonly [number, number, number])?]) => ({
      arg: { blocks, rows, cols, ...(strides ? { strides } : {}) }, n, src: ["complex", wt], dst: "complex",
      weights: strides ? (blocks - 1) * strides[0] + (rows - 1) * strides[1] + (cols - 1) * strides[2] + 1 : blocks * rows * cols,
      direct: (g, [x, w], y) => each(g, 1, (o, _k, j) => {
        const [sb, so, sc] = strides ?? [rows * cols, cols, 1];
        for (let b = 0; b < blocks; b++)
          for (let q = 0; q < rows; q++) {
            let sr = 0, si = 0;
            for (let i = 0; i < cols; i++) {
              const wr = w.re[b * sb + q * so + i * sc], wi = w.im[b * sb + q * so + i * sc], xi = at(g, n, o, b * cols + i, j);
              (sr += wr * x.re[xi] - wi * x.im[xi]), (si += wr * x.im[xi] + wi * x.re[xi]);
            }
            copyTo(y, at(g, blocks * rows, o, b * rows + q, j), sr, si);
          }
      }),
    })),
  };
}

describe("each stage op against its direct definition", () => {
  const all = cases(rng(1));
  it.each(STAGE_OPS.filter((op) => all[op].length))("%s, every geometry", (op) => {
    const r = rng(2);
    for (const c of all[op] as Case<StageOp>[]) for (const g of GEOMS) expect(runCase(op, c, g, r)).toBeLessThan(TOL);
  });
});

/** A program of several stages over temporaries (each stage's n given), complex in and out. */
function chain(n: number, steps: { op: StageOp; n: number; arg: object; out: number; dtype?: StageDType }[], tables: Tables, inDtype: StageDType = "complex", g: [number, number] = [1, 1]): StageProgram {
  const [outer, inner] = g, names = steps.map((_, i) => (i === steps.length - 1 ? "y" : `t${i}`));
  const stages = steps.map((s, i) => ({ op: s.op, src: [i ? names[i - 1] : "x"], dst: names[i], geom: { outer, n: s.n, inner }, arg: s.arg }) as StageInstr);
  const decl = (i: number) => ({ name: names[i], len: outer * steps[i].out * inner, dtype: steps[i].dtype ?? "complex" });
  return { inputs: [{ name: "x", len: outer * n * inner, dtype: inDtype }], outputs: [decl(steps.length - 1)], temps: steps.slice(0, -1).map((_, i) => decl(i)), tables, stages };
}

const dftOf = (x: StageBuf, sign: number, n: number, lines: number, stride = 1): StageBuf => {
  const y = zeros(x.re.length);
  for (let l = 0; l < lines; l++) {
    const o = Math.floor(l / stride), j = l % stride;
    for (let k = 0; k < n; k++) {
      let sr = 0, si = 0;
      for (let q = 0; q < n; q++) {
        const i = (o * n + q) * stride + j, [c, s] = cis((sign * 2 * Math.PI * ((q * k) % n)) / n);
        (sr += x.re[i] * c - x.im[i] * s), (si += x.re[i] * s + x.im[i] * c);
      }
      (y.re[(o * n + k) * stride + j] = sr), (y.im[(o * n + k) * stride + j] = si);
    }
  }
  return y;
};

describe("the Fourier passes compose to the transforms they factor", () => {
  it.each([[[2, 3, 2]], [[4, 4]], [[5, 3, 4]], [[7, 2]], [[8, 2, 3]], [[3, 3, 3]]])("Stockham passes of radices %j are the DFT, along a middle axis too", (radices) => {
    const n = radices.reduce((a, b) => a * b, 1), r = rng(n);
    for (const sign of [-1, 1] as const)
      for (const [outer, inner] of GEOMS) {
        const tables: Tables = {};
        const steps = stockhamPasses(radices).map(({ r: rr, s, m }) => {
          const w = `w${rr}:${m}`;
          if (m > 1) tables[w] = Float64Array.from({ length: 2 * m * rr }, (_, i) => cis((sign * 2 * Math.PI * Math.floor(i / 2 / rr) * ((i >> 1) % rr)) / (rr * m))[i % 2]);
          return { op: "stockham" as const, n, out: n, arg: m > 1 ? { r: rr, s, sign, twiddles: w } : { r: rr, s, sign } };
        });
        const p = chain(n, steps, tables, "complex", [outer, inner]);
        expect(checkProgram(p)).toEqual([]);
        const x = randomBuf(r, outer * n * inner);
        expect(bufRelErr(evalStages(p, { x }).y, dftOf(x, sign, n, outer * inner, inner))).toBeLessThan(TOL);
      }
  });

  it.each([2, 4, 6, 10, 16])("as_complex, codelet and real_split are the first n/2 + 1 bins of a real signal's DFT (n = %i)", (n) => {
    const h = n / 2, r = rng(n);
    const w = Float64Array.from({ length: 2 * (h + 1) }, (_, i) => cis((-2 * Math.PI * (i >> 1)) / n)[i % 2]);
    for (const [outer, inner] of GEOMS) {
      const p = chain(n, [{ op: "as_complex", n, out: h, arg: {} }, { op: "codelet", n: h, out: h, arg: { sign: -1 } }, { op: "real_split", n: h, out: h + 1, arg: { twiddles: "w" } }], { w }, "real", [outer, inner]);
      expect(checkProgram(p)).toEqual([]);
      const x = randomBuf(r, outer * n * inner, true), full = dftOf(x, -1, n, outer * inner, inner), want = zeros(outer * (h + 1) * inner);
      for (let o = 0; o < outer; o++) for (let k = 0; k <= h; k++) for (let j = 0; j < inner; j++) (want.re[(o * (h + 1) + k) * inner + j] = full.re[(o * n + k) * inner + j]), (want.im[(o * (h + 1) + k) * inner + j] = full.im[(o * n + k) * inner + j]);
      expect(bufRelErr(evalStages(p, { x }).y, want)).toBeLessThan(TOL);
    }
  });

  it.each([2, 4, 6, 10, 16])("real_join, an inverse codelet and as_real are n/2 times numpy's irfft (the join leaves its factor 2 to the closing scale), edge imaginary parts ignored (n = %i)", (n) => {
    const h = n / 2, r = rng(n);
    const v = Float64Array.from({ length: 2 * h }, (_, i) => cis((2 * Math.PI * (i >> 1)) / n)[i % 2]);
    for (const [outer, inner] of GEOMS) {
      const p = chain(h + 1, [{ op: "real_join", n: h + 1, out: h, arg: { twiddles: "v" } }, { op: "codelet", n: h, out: h, arg: { sign: 1 } }, { op: "as_real", n: h, out: n, arg: {}, dtype: "real" }], { v }, "complex", [outer, inner]);
      expect(checkProgram(p)).toEqual([]);
      const X = randomBuf(r, outer * (h + 1) * inner), full = zeros(outer * n * inner);
      for (let o = 0; o < outer; o++)
        for (let k = 0; k < n; k++)
          for (let j = 0; j < inner; j++) {
            const src = (o * (h + 1) + (k <= h ? k : n - k)) * inner + j, edge = k === 0 || k === h;
            (full.re[(o * n + k) * inner + j] = X.re[src]), (full.im[(o * n + k) * inner + j] = edge ? 0 : (k <= h ? 1 : -1) * X.im[src]);
          }
      const want = dftOf(full, 1, n, outer * inner, inner);
      want.im.fill(0);
      want.re.forEach((v, i) => (want.re[i] = v / 2));
      expect(bufRelErr(evalStages(p, { x: X }).y, want)).toBeLessThan(TOL);
    }
  });

  it.each([2, 8, 32])("wht passes at strides 1 .. n/2 are the Sylvester Hadamard matrix (n = %i)", (n) => {
    const r = rng(n), x = randomBuf(r, 3 * n * 2);
    const steps = Array.from({ length: Math.log2(n) }, (_, i) => ({ op: "wht_pass" as const, n, out: n, arg: { s: 1 << i } }));
    const y = evalStages(chain(n, steps, {}, "complex", [3, 2]), { x }).y, want = zeros(x.re.length);
    const sign = (a: number, b: number) => { let c = 0; for (let t = a & b; t; t &= t - 1) c++; return c % 2 ? -1 : 1; };
    for (let o = 0; o < 3; o++) for (let k = 0; k < n; k++) for (let j = 0; j < 2; j++) for (let q = 0; q < n; q++) {
      (want.re[(o * n + k) * 2 + j] += sign(k, q) * x.re[(o * n + q) * 2 + j]), (want.im[(o * n + k) * 2 + j] += sign(k, q) * x.im[(o * n + q) * 2 + j]);
    }
    expect(bufRelErr(y, want)).toBeLessThan(TOL);
  });
});

describe("stage algebra", () => {
  const all = cases(rng(3));
  const ops = STAGE_OPS.filter((op) => all[op].length);
  it.each(ops)("%s is linear (real coefficients) and never mixes two lines of its geometry", (op) => {
    const r = rng(4);
    for (const c of all[op] as Case<StageOp>[]) {
      const g: Geom = { outer: 2, n: c.n, inner: 3 };
      const st = { op, src: c.src.map((_, i) => `x${i}`), dst: "y", geom: g, arg: c.arg } as StageInstr;
      const out = outLength(st);
      const inputs = c.src.map((d, i) => (c.weights && i === 1 ? { name: `x${i}`, len: c.weights, dtype: d, shared: true } : { name: `x${i}`, len: g.outer * c.n * g.inner, dtype: d }));
      const p: StageProgram = { inputs, outputs: [{ name: "y", len: g.outer * out * g.inner, dtype: c.dst }], temps: [], tables: c.tables ?? {}, stages: [st] };
      const run = (xs: StageBuf[]) => evalStages(p, Object.fromEntries(xs.map((x, i) => [`x${i}`, x]))).y;
      const w = c.weights ? randomBuf(r, c.weights) : undefined;
      const src = (extra?: StageBuf) => inputs.map((b, i) => (b.shared ? w! : extra ?? randomBuf(r, b.len, b.dtype === "real")));
      const [x, z] = [src(), src()], [a, b] = [r.normal(), r.normal()];
      const comb = x.map((xi, i) => (inputs[i].shared ? xi : { re: xi.re.map((v, t) => a * v + b * z[i].re[t]), im: xi.im.map((v, t) => a * v + b * z[i].im[t]) }));
      const [yx, yz] = [run(x), run(z)];
      expect(bufRelErr(run(comb), { re: yx.re.map((v, t) => a * v + b * yz.re[t]), im: yx.im.map((v, t) => a * v + b * yz.im[t]) })).toBeLessThan(TOL);
      // an impulse at (o, k, j) reaches line (o, j) only
      const [o, k, j] = [1, r.int(0, c.n - 1), 2], imp = zeros(g.outer * c.n * g.inner);
      imp.re[(o * c.n + k) * g.inner + j] = 1;
      const y = run(inputs.map((b) => (b.shared ? w! : imp)));
      for (let i = 0; i < y.re.length; i++) {
        const io = Math.floor(i / (out * g.inner)), ij = i % g.inner;
        if (io !== o || ij !== j) expect([Math.abs(y.re[i]) + Math.abs(y.im[i]), i]).toEqual([0, i]);
      }
    }
  });

  it("a batch geometry runs each stage with outer and inner multiplied", () => {
    const r = rng(5), c = cases(r).codelet[6], n = c.n, g: Geom = { outer: 2, n, inner: 1 };
    const p: StageProgram = { inputs: [{ name: "x", len: 2 * c.n, dtype: "complex" }], outputs: [{ name: "y", len: 2 * c.n, dtype: "complex" }], temps: [], tables: {}, stages: [{ op: "codelet", src: ["x"], dst: "y", geom: g, arg: c.arg }] };
    const x = randomBuf(r, 3 * 2 * n * 4);
    // batch (3, 4) around a stage of (2, 1): the same as one stage of (6, 4)
    const q: StageProgram = { ...p, inputs: [{ name: "x", len: 3 * 2 * n * 4, dtype: "complex" }], outputs: [{ name: "y", len: 3 * 2 * n * 4, dtype: "complex" }], stages: [{ ...p.stages[0], geom: { outer: 6, n, inner: 4 } } as StageInstr] };
    expect(bufRelErr(evalStages(p, { x }, { outer: 3, inner: 4 }).y, evalStages(q, { x }).y)).toBe(0);
  });

  it("the verifier names what is unsound", () => {
    const ok: StageProgram = { inputs: [{ name: "x", len: 4, dtype: "complex" }], outputs: [{ name: "y", len: 4, dtype: "complex" }], temps: [], tables: {}, stages: [{ op: "codelet", src: ["x"], dst: "y", geom: { outer: 1, n: 4, inner: 1 }, arg: { sign: -1 } }] };
    expect(checkProgram(ok)).toEqual([]);
    const bad = (p: Partial<StageProgram>) => checkProgram({ ...ok, ...p }).join("; ");
    expect(bad({ stages: [{ ...ok.stages[0], dst: "x" } as StageInstr] })).toMatch(/writes the input 'x'/);
    expect(bad({ stages: [{ ...ok.stages[0], geom: { outer: 1, n: 5, inner: 1 } } as StageInstr] })).toMatch(/has 4 entries/);
    expect(bad({ stages: [{ op: "stockham", src: ["x"], dst: "y", geom: { outer: 1, n: 4, inner: 1 }, arg: { r: 2, s: 1, sign: -1 } }] })).toMatch(/twiddles exactly when m > 1/);
    expect(bad({ stages: [{ op: "stockham", src: ["x"], dst: "y", geom: { outer: 1, n: 4, inner: 1 }, arg: { r: 2, s: 1, sign: -1, twiddles: "w" } }] })).toMatch(/table 'w'/);
    expect(bad({ stages: [{ op: "as_real", src: ["x"], dst: "y", geom: { outer: 1, n: 2, inner: 1 }, arg: {} }] })).toMatch(/destination 'y' is complex, expected real/);
    expect(bad({ stages: [{ op: "codelet", src: ["x"], dst: "x", geom: { outer: 1, n: 4, inner: 1 }, arg: { sign: 1 } }] })).toMatch(/both read and written|writes the input/);
    expect(bad({ stages: [] })).toMatch(/output 'y' is never written/);
    const w = { name: "w", len: 10, dtype: "complex" as const, shared: true };
    const mm = (arg: StageArgs["matmul"], weights = w) => bad({ inputs: [ok.inputs[0], weights], stages: [{ op: "matmul", src: ["x", "w"], dst: "y", geom: { outer: 1, n: 4, inner: 1 }, arg }] });
    expect(mm({ blocks: 2, rows: 2, cols: 2 })).toMatch(/weights 'w' must be shared and hold 2 x 2 x 2 entries/);
    expect(mm({ blocks: 2, rows: 2, cols: 2, strides: [1, 4, 8] })).toMatch(/hold at least 14 entries/);
    expect(mm({ blocks: 2, rows: 2, cols: 2, strides: [1, 2, 4] })).toBe("");
    expect(mm({ blocks: 2, rows: 2, cols: 2, strides: [1, 2, 4] }, { ...w, shared: false })).toMatch(/must be shared/);
    expect(mm({ blocks: 3, rows: 2, cols: 2 })).toMatch(/3 blocks of 2 x 2 on an axis of 4/);
  });
});
