// Every stage op on every backend that renders stages, against the stage interpreter (in the
// spirit of tinygrad's test_uops): a handful of small programs per op (SAMPLES, a Record that
// tsc checks for completeness), seeded random inputs, each backend's `runStages` against
// `evalStages` in f64 (1e-12) and f32 (1e-5), relative to the output's peak. A backend joins by
// gaining `runStages`; the backends that have it must be exactly those whose schedule records
// stage programs (SCHEDULES[t].stageOps) plus the reference, so none is left out silently.
// Every sample a backend is not given, and every known gap, is named with its reason below.
import { describe, expect, it } from "vitest";
import { BACKENDS, BACKEND_NAMES, type Backend } from "../../src/backends/index.js";
import {
  type BufDecl, type Geom, type RunGeom, type StageArgs, type StageBuf, type StageDType, type StageInstr, type StageOp, type StageProgram, type Target,
  LincError, STAGES, STAGE_OPS, bufferSize, checkProgram, evalStages, outLength, twiddle,
} from "../../src/ir/index.js";
import { SCHEDULES } from "../../src/passes/index.js";
import { type Exclusions, skipExcluded } from "../support/backends.js";
import { uniformArray } from "../support/random.js";
import { bufRelErr } from "./helpers.js";

const TOL = { f64: 1e-12, f32: 1e-5 } as const;
type Precision = keyof typeof TOL;

/** One stage program to run, for a batch geometry. */
interface Sample {
  readonly name: string;
  readonly program: StageProgram;
  readonly run: RunGeom;
  /** The Stockham radix, for the backends whose schedule never produces some radices. */
  readonly radix?: number;
}

// ---- building samples

/** A one-stage instruction. */
const stage = <K extends StageOp>(op: K, src: string[], dst: string, geom: Geom, arg: StageArgs[K]): StageInstr => ({ op, src, dst, geom, arg }) as unknown as StageInstr;
const buf = (name: string, len: number, dtype: StageDType, shared = false): BufDecl => (shared ? { name, len, dtype, shared } : { name, len, dtype });
const geomLen = (g: Geom, n = g.n) => g.outer * n * g.inner;

interface One<K extends StageOp> {
  arg: StageArgs[K];
  geom: Geom;
  /** The dtype of each source (the destination's follows the registry). */
  src: StageDType[];
  tables?: StageProgram["tables"];
  /** Shared weights as the second source: their length. */
  weights?: number;
  /** Run for this batch geometry (default 1 x 1). */
  run?: RunGeom;
  /** Write in place: copy x0 to y (a window), then the stage y (, x1) -> y. */
  inPlace?: boolean;
}

/** The destination dtype the registry gives a stage with these sources. */
function dstType(op: StageOp, arg: unknown, src: StageDType[]): StageDType {
  const d = STAGES[op].dst;
  return d === "same" ? (op === "cast" ? (arg as StageArgs["cast"]).to : src[0]) : d;
}

function describeGeom(g: Geom, run: RunGeom): string {
  const batch = run.outer === 1 && run.inner === 1 ? "" : ` batch ${run.outer}x${run.inner}`;
  return `${g.outer}x${g.n}x${g.inner}${batch}`;
}

/** A program of one stage of op (after a copy into its destination when in place), named after its arguments. */
function one<K extends StageOp>(op: K, c: One<K>): Sample {
  const g = c.geom, run = c.run ?? { outer: 1, inner: 1 };
  const inputs = c.src.map((d, i) => (c.weights && i === 1 ? buf(`x${i}`, c.weights, d, true) : buf(`x${i}`, geomLen(g), d)));
  const st0 = stage(op, inputs.map((b) => b.name), "y", g, c.arg);
  const y = buf("y", geomLen(g, outLength(st0)), dstType(op, c.arg, c.src));
  const stages = c.inPlace
    ? [stage("window", ["x0"], "y", g, { m: g.n, offset: 0 }), stage(op, ["y", ...inputs.slice(1).map((b) => b.name)], "y", g, c.arg)]
    : [st0];
  const args = Object.entries(c.arg).map(([k, v]) => `${k}=${v}`).join(" ");
  const weights = c.weights ? ` ${c.src[1]} shared weights` : "";
  const name = `${op}(${args}) ${c.src.join("+")}${weights} ${describeGeom(g, run)}${c.inPlace ? " in place" : ""}`;
  return { name, program: { inputs, outputs: [y], temps: [], tables: c.tables ?? {}, stages }, run };
}

const G = (outer: number, n: number, inner: number): Geom => ({ outer, n, inner });
const DTYPES: StageDType[] = ["real", "complex"];
/** A complex table of n entries: twiddle-like unit values from the one trig routine. */
const unitTable = (n: number, seed: number): Float64Array => Float64Array.from({ length: 2 * n }, (_, i) => twiddle((i >> 1) * (seed + 1), 2 * n + 1, 1)[i % 2]);
/** The Stockham pass table w_{p,j} = ω_{rm}^{jp} ([p][j], m·r complex). */
const stockhamTable = (r: number, m: number, sign: 1 | -1): Float64Array => Float64Array.from({ length: 2 * m * r }, (_, i) => twiddle(Math.floor(i / 2 / r) * ((i >> 1) % r), r * m, sign)[i % 2]);
/** The real-FFT tables: e^{sign 2πik/n} for k < len. */
const realTable = (len: number, n: number, sign: 1 | -1): Float64Array => Float64Array.from({ length: 2 * len }, (_, i) => twiddle(i >> 1, n, sign)[i % 2]);

/** A Stockham pass of radix r at stride s with m groups (n = r s m), as it appears in a transform. */
function stockham(r: number, s: number, m: number, sign: 1 | -1, outer: number, inner: number, run?: RunGeom): Sample {
  const arg = m > 1 ? { r, s, sign, twiddles: "w" } : { r, s, sign };
  return { ...one("stockham", { arg, geom: G(outer, r * s * m, inner), src: ["complex"], tables: m > 1 ? { w: stockhamTable(r, m, sign) } : {}, run }), radix: r };
}

/** Two stages writing one buffer: a window of x0 (n) onto an axis of m, then `place` of x1 over it (the entries it does not index kept). */
function placeOver(dtype: StageDType, n: number, m: number, index: number[], g: [number, number]): Sample {
  const [outer, inner] = g;
  const program: StageProgram = {
    inputs: [buf("x0", outer * m * inner, dtype), buf("x1", outer * n * inner, dtype)],
    outputs: [buf("y", outer * m * inner, dtype)],
    temps: [],
    tables: { i: Float64Array.from(index) },
    stages: [stage("window", ["x0"], "y", G(outer, m, inner), { m, offset: 0 }), stage("place", ["x1"], "y", G(outer, n, inner), { index: "i", m })],
  };
  return { name: `place(m=${m}) ${dtype} over a copy ${outer}x${n}x${inner}`, program, run: { outer: 1, inner: 1 } };
}

/** The samples of each stage op: tsc requires an entry for every op. */
const SAMPLES: { readonly [K in StageOp]: readonly Sample[] } = {
  cast: DTYPES.flatMap((from) => DTYPES.map((to) => one("cast", { arg: { to }, geom: G(2, from === "real" ? 5 : 4, 3), src: [from] }))),
  as_complex: [
    one("as_complex", { arg: {}, geom: G(2, 6, 3), src: ["real"] }),
    one("as_complex", { arg: {}, geom: G(1, 10, 1), src: ["real"], run: { outer: 3, inner: 2 } }),
  ],
  as_real: [5, 4].map((n) => one("as_real", { arg: {}, geom: G(2, n, 3), src: ["complex"] })),
  gather: DTYPES.flatMap((d) => [
    one("gather", { arg: { index: "i", m: 5, conj: d === "complex" }, geom: G(2, 7, 3), src: [d], tables: { i: Float64Array.from([6, -1, 0, 3, 3]) } }),
    one("gather", { arg: { index: "i", m: 11, conj: false }, geom: G(3, 8, 2), src: [d], tables: { i: Float64Array.from([7, 0, 1, 1, -1, 2, 6, 5, 4, 3, -1]) }, run: { outer: 2, inner: 1 } }),
  ]),
  place: DTYPES.flatMap((d) => [
    one("place", { arg: { index: "i", m: 9 }, geom: G(2, 5, 3), src: [d], tables: { i: Float64Array.from([8, 0, 4, 2, 5]) } }),
    placeOver(d, 4, 7, [6, 1, 0, 3], [3, 2]),
  ]),
  window: DTYPES.flatMap((d) => ([[9, 0, 5], [4, 2, 7], [10, -3, 6], [3, 8, 6]] as const).map(([m, offset, n]) => one("window", { arg: { m, offset }, geom: G(2, n, 3), src: [d] }))),
  transpose: DTYPES.flatMap((d) => ([[3, 4], [4, 3], [1, 5], [5, 1], [3, 5]] as const).map(([a, b]) => one("transpose", { arg: { a, b }, geom: G(2, a * b, 3), src: [d] }))),
  scale: DTYPES.flatMap((d) => [false, true].map((inPlace) => one("scale", { arg: { s: -0.75 }, geom: G(2, inPlace ? 6 : 5, 3), src: [d], inPlace }))),
  mul: [false, true].flatMap((conj) => [5, 8].map((n) => one("mul", { arg: { table: "t", conj }, geom: G(2, n, 3), src: ["complex"], tables: { t: unitTable(n, n) }, inPlace: conj }))),
  add: DTYPES.flatMap((d) => [false, true].map((inPlace) => one("add", { arg: {}, geom: G(2, inPlace ? 5 : 6, 3), src: [d, d], inPlace }))),
  // every codelet size 1 .. 16, both signs, along a middle axis or for a batch
  codelet: Array.from({ length: 16 }, (_, i) => i + 1).map((n) =>
    one("codelet", { arg: { sign: n % 2 ? 1 : -1 }, geom: n % 3 ? G(2, n, 3) : G(1, n, 1), src: ["complex"], run: n % 3 ? undefined : { outer: 2, inner: 2 } })),
  // radices 2 .. 16 and two odd primes beyond: a first pass (twiddled), a middle one, a last one (s > 1, m = 1)
  stockham: [...Array.from({ length: 15 }, (_, i) => i + 2), 17, 23].flatMap((r) => [
    stockham(r, 1, 3, -1, 2, 2),
    stockham(r, 2, 2, 1, 1, 1, { outer: 2, inner: 1 }),
    stockham(r, 3, 1, r % 2 ? 1 : -1, 2, 1),
  ]),
  real_split: [3, 4, 8].map((h) => one("real_split", { arg: { twiddles: "w" }, geom: h === 8 ? G(1, h, 1) : G(2, h, 3), src: ["complex"], tables: { w: realTable(h + 1, 2 * h, -1) }, run: h === 8 ? { outer: 2, inner: 3 } : undefined })),
  real_join: [3, 4, 8].map((h) => one("real_join", { arg: { twiddles: "v" }, geom: h === 8 ? G(1, h + 1, 1) : G(2, h + 1, 3), src: ["complex"], tables: { v: realTable(h, 2 * h, 1) }, run: h === 8 ? { outer: 2, inner: 3 } : undefined })),
  wht_pass: DTYPES.flatMap((d) => ([[1, 12, false], [2, 8, true], [3, 12, false], [4, 8, true]] as const).map(([s, n, inPlace]) => one("wht_pass", { arg: { s }, geom: G(2, n, 3), src: [d], inPlace }))),
  // shared weights [L, n/2, 2, 2] (L = 3), of either dtype, at each factor
  butterfly_pass: DTYPES.flatMap((w) => ([[1, 0, 8, false], [2, 1, 8, true], [4, 2, 8, false], [3, 2, 12, true]] as const).map(([s, factor, n, inPlace]) =>
    one("butterfly_pass", { arg: { s, factor }, geom: G(2, n, 3), src: ["complex", w], weights: 3 * 2 * n, inPlace }))),
  matmul: DTYPES.flatMap((w) => [
    one("matmul", { arg: { blocks: 3, rows: 2, cols: 4 }, geom: G(2, 12, 3), src: ["complex", w], weights: 3 * 2 * 4 }),
    one("matmul", { arg: { blocks: 3, rows: 5, cols: 3, strides: [1, 3, 15] }, geom: G(2, 9, 2), src: ["complex", w], weights: 45 }),
  ]),
};

// ---- named exclusions (each checked to be still needed)

/**
 * Backends whose runs in f64 compute in float32 inside: their f64 results are held to the f32
 * bound, and a test fails once they meet the f64 one (then remove the entry).
 */
const F64_AS_F32: Exclusions = {
  gpujs: "GPU.js kernels compute in float32 ('single' precision) whatever the data's dtype",
};

/** Stage ops a backend renders with a known gap: expected to fail on some sample (a test fails once they all pass). */
const KNOWN_GAPS: Partial<Record<Target, Partial<Record<StageOp, string>>>> = {
};

/**
 * Backends whose schedule lists stage ops but that have no runStages of their own, with the
 * reason; a test fails once they gain one (then the entry goes and the harness runs them).
 */
const NO_RUNNER: Exclusions = {
};

/** The bound a backend's results are held to in a precision. */
const boundOf = (target: Target, precision: Precision): number => (precision === "f64" && target in F64_AS_F32 ? TOL.f32 : TOL[precision]);

/** Whether a backend is given a sample: the Stockham radices its schedule may produce (the reference: all). */
function given(target: Target, s: Sample): boolean {
  return target === "reference" || s.radix === undefined || SCHEDULES[target].fft.radixOk(s.radix);
}

// ---- running

function inputsOf(s: Sample, seed: number): Record<string, StageBuf> {
  return Object.fromEntries(s.program.inputs.map((b, i) => {
    const len = bufferSize(b, s.run);
    const re = uniformArray(len, seed + 2 * i), im = b.dtype === "real" ? new Float64Array(len) : uniformArray(len, seed + 2 * i + 1);
    return [b.name, { re, im }];
  }));
}

/** The problems of one backend on one op's samples in one precision: a line per failing sample. */
async function problems(backend: Backend, op: StageOp, precision: Precision, tol: number): Promise<string[]> {
  const out: string[] = [];
  for (const [k, s] of SAMPLES[op].entries()) {
    if (!given(backend.name, s)) continue;
    const inputs = inputsOf(s, 1000 * STAGE_OPS.indexOf(op) + 10 * k);
    const want = evalStages(s.program, inputs, s.run);
    try {
      const got = await backend.runStages!(s.program, inputs, s.run, precision);
      for (const o of s.program.outputs) {
        const err = got[o.name] ? bufRelErr(got[o.name], want[o.name]) : Infinity;
        if (!(err <= tol)) out.push(`${s.name}: ${o.name} off by ${err.toExponential(2)} (bound ${tol})`);
      }
    } catch (e) {
      out.push(`${s.name}: ${e instanceof LincError ? `${e.code} ${e.message}` : String(e)}`);
    }
  }
  return out;
}

const loaded: Backend[] = await Promise.all(BACKEND_NAMES.map((n) => BACKENDS[n]()));
const runners = loaded.filter((b) => b.runStages);

describe("the samples", () => {
  it.each(STAGE_OPS)("%s: sound programs covering what the registry allows", (op) => {
    const samples = SAMPLES[op], info = STAGES[op];
    for (const s of samples) expect([s.name, checkProgram(s.program)]).toEqual([s.name, []]);
    const main = samples.flatMap((s) => s.program.stages.filter((st) => st.op === op).map((st) => ({ st, s })));
    expect(main.length).toBeGreaterThanOrEqual(2);
    // along a middle axis and for a batch
    expect(main.some(({ st, s }) => st.geom.outer * s.run.outer > 1 && st.geom.inner * s.run.inner > 1)).toBe(true);
    // in place where the op allows it
    if (info.inPlace) expect(main.some(({ st }) => st.src[0] === st.dst)).toBe(true);
    // both dtypes where a source may be either
    info.src.forEach((want, i) => {
      if (want !== "any") return;
      const seen = new Set(main.map(({ st, s }) => [...s.program.inputs, ...s.program.outputs].find((b) => b.name === st.src[i])!.dtype));
      expect([...seen].sort()).toEqual(["complex", "real"]);
    });
    // odd and even axes wherever the op admits both
    const parities = new Set(main.map(({ st }) => st.geom.n % 2));
    const evenOnly = op === "as_complex" || op === "wht_pass" || op === "butterfly_pass";
    expect([...parities].sort()).toEqual(evenOnly ? [0] : [0, 1]);
  });

  it("Stockham passes of every radix 2 .. 16 and odd primes beyond, codelets of every size 1 .. 16", () => {
    const radices = new Set(SAMPLES.stockham.map((s) => s.radix));
    for (let r = 2; r <= 16; r++) expect(radices.has(r)).toBe(true);
    expect([...radices].filter((r) => r! > 16 && r! % 2 === 1).length).toBeGreaterThan(0);
    expect(SAMPLES.codelet.map((s) => s.program.stages[0].geom.n)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });
});

describe("the backends that render stages", () => {
  it("are exactly those whose schedule records stage programs, and the reference", () => {
    const scheduled = BACKEND_NAMES.filter((n) => (n === "reference" || SCHEDULES[n].stageOps.length > 0) && !(n in NO_RUNNER));
    expect(runners.map((b) => b.name)).toEqual(scheduled);
    for (const n of Object.keys(NO_RUNNER) as Target[]) expect([n, loaded.find((b) => b.name === n)?.runStages === undefined, SCHEDULES[n].stageOps.length > 0]).toEqual([n, true, true]);
  });

  it("named exclusions name backends (and stage ops) that exist", () => {
    for (const t of [...Object.keys(F64_AS_F32), ...Object.keys(KNOWN_GAPS), ...Object.keys(NO_RUNNER)]) expect(BACKEND_NAMES).toContain(t);
    for (const gaps of Object.values(KNOWN_GAPS)) for (const op of Object.keys(gaps ?? {})) expect(STAGE_OPS).toContain(op);
  });
});

for (const backend of runners) {
  describe(`${backend.name}: every stage op against evalStages`, () => {
    const gaps = KNOWN_GAPS[backend.name] ?? {};
    for (const precision of ["f64", "f32"] as const)
      it.each(STAGE_OPS)(`%s in ${precision}`, async (op) => {
        const found = await problems(backend, op, precision, boundOf(backend.name, precision));
        if (gaps[op]) expect(found.length, `${backend.name} ${op} passes every sample now: remove its known gap (${gaps[op]})`).toBeGreaterThan(0);
        else expect(found).toEqual([]);
      });

    if (backend.name in F64_AS_F32)
      it("still misses the f64 bound somewhere (else its F64_AS_F32 entry goes)", async () => {
        const errs = await Promise.all(STAGE_OPS.map(async (op) => (await problems(backend, op, "f64", TOL.f64)).length));
        expect(errs.some((n) => n > 0)).toBe(true);
      });

    const left = STAGE_OPS.flatMap((op) => SAMPLES[op].filter((s) => !given(backend.name, s)).map((s) => s.name));
    if (left.length) skipExcluded({ [backend.name]: `its schedule produces no Stockham pass of these radices (fft.radixOk): ${left.join("; ")}` });
  });
}

describe("real_split keeps a finite result finite for parts near the largest double", () => {
  // Z = [0, b, b, b] (h = 4): X_k = (Z_k + conj Z_{h-k})/2 = b for 0 < k < h, X_0 = X_h = 0; adding first overflows
  const h = 4, big = 1.5e308;
  const program: StageProgram = {
    inputs: [buf("x", h, "complex")],
    outputs: [buf("y", h + 1, "complex")],
    temps: [],
    tables: { w: Float64Array.from({ length: 2 * (h + 1) }, (_, i) => (i % 2 ? 0 : 1)) },
    stages: [stage("real_split", ["x"], "y", { outer: 1, n: h, inner: 1 }, { twiddles: "w" })],
  };
  // a backend computing in float32 (F64_AS_F32) has no 1.5e308
  it.each(runners.filter((b) => !(b.name in F64_AS_F32)).map((b) => [b.name, b] as const))("%s", async (_name, backend) => {
    const x = { re: Float64Array.from([0, big, big, big]), im: new Float64Array(h) };
    const y = (await backend.runStages!(program, { x }, { outer: 1, inner: 1 }, "f64")).y;
    expect(Array.from(y.re.slice(1, h))).toEqual([big, big, big]);
    expect([...y.re, ...y.im].every(Number.isFinite)).toBe(true);
  });
});

describe("real_join keeps a finite result finite for bins near the largest double", () => {
  // X_0 = X_h = b (h = 4): Z_0 = ((X_0 + X_h) + i (X_0 - X_h)) / 2 = b, the rest 0; a doubled Z_0 (2b) overflowed
  const h = 4, big = 1.5e308;
  const program: StageProgram = {
    inputs: [buf("x", h + 1, "complex")],
    outputs: [buf("y", h, "complex")],
    temps: [],
    tables: { v: realTable(h, 2 * h, 1) },
    stages: [stage("real_join", ["x"], "y", { outer: 1, n: h + 1, inner: 1 }, { twiddles: "v" })],
  };
  it.each(runners.filter((b) => !(b.name in F64_AS_F32)).map((b) => [b.name, b] as const))("%s", async (_name, backend) => {
    const x = { re: Float64Array.from([big, 0, 0, 0, big]), im: new Float64Array(h + 1) };
    const y = (await backend.runStages!(program, { x }, { outer: 1, inner: 1 }, "f64")).y;
    expect([...y.re, ...y.im].map((v) => v + 0)).toEqual([big, 0, 0, 0, 0, 0, 0, 0]); // the sign of a zero aside
  });
});
