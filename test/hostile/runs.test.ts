// The hostile-input corpus at run time (issue 24's probe): specs that check cleanly and data that a
// hostile or careless caller might pass (mixed dtypes, NaN and huge values, index data that is
// not a permutation). Each row runs on every backend of src/backends/index.ts and must end either
// in its error code or in numbers that agree with the reference interpreter on the unlowered
// program (non-finite values in the same places): never an internal error, never silently wrong
// numbers. A row's `check` adds what agreement alone does not say (rows staying independent).
import { describe, expect, it } from "vitest";
import { BACKEND_NAMES, getBackend } from "../../src/backends/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, LincError, type Program, type Target } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { differs } from "../support/compare.js";

interface RunCase {
  what: string;
  spec: string;
  /** Inputs, and params passed at run time. */
  bindings: () => Record<string, HostArray>;
  /** Params bound when lowering (folded), also passed to run. */
  bound?: () => Record<string, HostArray>;
  /** Compare whole outputs with the reference (default); false where `check` says what holds. */
  agree?: false;
  /** The error code every backend (the reference included) must end in; otherwise agreement. */
  code?: string;
  /** Backends this row does not apply to, each with why. */
  except?: Partial<Record<Target, string>>;
  /** Extra checks of a backend's outputs. */
  check?: (out: Record<string, HostArray>, backend: Target, run: { program: Program; bindings: Record<string, HostArray> }) => void;
}

/** Relative tolerance against the reference, per backend (gpujs computes in float32 on the device). */
const TOL: Record<Target, number> = { reference: 1e-12, cpu: 1e-10, wasm: 1e-10, onnx: 1e-9, gpujs: 2e-4 };

const f64 = (shape: number[], f: (i: number) => number): HostArray => ({ dtype: "f64", shape, data: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)) });
const c128 = (shape: number[], f: (i: number) => number): HostArray => ({ dtype: "c128", shape, data: Float64Array.from({ length: 2 * shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)) });
const f32 = (shape: number[], f: (i: number) => number): HostArray => ({ dtype: "f32", shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)) });
const c64 = (shape: number[], f: (i: number) => number): HostArray => ({ dtype: "c64", shape, data: Float32Array.from({ length: 2 * shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)) });
const wave = (k: number) => (i: number) => Math.sin(k * (i + 1)) + 0.25;

/** Row r of a [rows, n] (real or complex) host array, as a batch of one. */
function rowOf(h: HostArray, r: number): HostArray {
  const n = h.shape[1], w = h.dtype.startsWith("c") ? 2 : 1;
  return { dtype: h.dtype, shape: [1, n], data: h.data.slice(r * n * w, (r + 1) * n * w) } as HostArray;
}

/** The reference's rows, computed once per run's bindings (a dense n = 4096 product takes seconds). */
const rowWants = new WeakMap<object, Map<number, HostArray>>();
/**
 * Rows stay independent: output y's row r (each r in `rows`) agrees with the reference run on input
 * x's row r alone, to `tol` of that row's own largest magnitude, whatever the other rows hold.
 */
const ownRows = (rows: number[], tol: Record<Target, number>): RunCase["check"] => (out, backend, { program, bindings }) => {
  const wants = rowWants.get(bindings) ?? new Map<number, HostArray>();
  rowWants.set(bindings, wants);
  for (const r of rows) {
    if (!wants.has(r)) wants.set(r, evaluate(program, { ...bindings, x: rowOf(bindings.x, r) }).y);
    const want = wants.get(r) as HostArray;
    expect(differs(rowOf(out.y, r), want, tol[backend]), `${backend}: row ${r} of y`).toBeUndefined();
  }
};

/** Outputs equal these values exactly, signed zeros and NaN included (Object.is). */
const exactly = (want: Record<string, number[]>): RunCase["check"] => (out, backend) => {
  for (const [o, w] of Object.entries(want)) {
    const got = Array.from(out[o].data as ArrayLike<number>, Number);
    expect(got.map((v, i) => Object.is(v, w[i]) || `[${i}] ${Object.is(v, -0) ? "-0" : v}`).filter((v) => v !== true), `${backend}: output ${o} vs ${w}`).toEqual([]);
  }
};

/** A causal filter of n taps decaying to 0 (order-1 outputs for order-1 inputs). */
const taps = (n: number, dtype: "f32" | "f64") => (dtype === "f32" ? f32 : f64)([n], (i) => Math.exp(-i / 16) * Math.cos(0.3 * i) / 4);
/** Rows of order 1, row `big` of them times `scale` and the element (row, col) `nan` NaN. */
function rows(dtype: "f32" | "f64", B: number, n: number, o: { big?: number; scale?: number; nan?: [number, number] } = {}): HostArray {
  const x = (dtype === "f32" ? f32 : f64)([B, n], (i) => Math.sin(0.7 * i + 0.3) + 0.5 * Math.cos(1.9 * i));
  if (o.big !== undefined) for (let j = 0; j < n; j++) x.data[o.big * n + j] = (x.data[o.big * n + j] as number) * (o.scale ?? 1);
  if (o.nan) x.data[o.nan[0] * n + o.nan[1]] = NaN;
  return x;
}
const causal = (dtype: "f32" | "f64", n: number) => `param h: ${dtype}[${n}]\ninput x: ${dtype}[batch, ${n}]\noutput y = toeplitz(h, zeros(${n})) @ x\n`;
/** The documented bounds (spec/backends.md), per row: f64, f32. */
const ROW64: Record<Target, number> = { reference: 1e-12, cpu: 1e-12, wasm: 1e-12, onnx: 1e-9, gpujs: 1e-4 };
const ROW32: Record<Target, number> = { reference: 1e-6, cpu: 1e-5, wasm: 1e-5, onnx: 1e-4, gpujs: 1e-4 };

const RUNS: RunCase[] = [
  // mixed dtypes in a two-operand op (cpu and wasm gave all NaN: the real batch was converted into an array sized by a symbolic shape)
  { what: "gaunt of an f64 and a c128 batch", spec: "input a: f64[batch, 4]\ninput b: c128[batch, 4]\noutput y = gaunt(a, b, 1)\n", bindings: () => ({ a: f64([2, 4], wave(1)), b: c128([2, 4], wave(2)) }) },
  { what: "gaunt of an f32 and a c64 batch", spec: "input a: f32[batch, 4]\ninput b: c64[batch, 4]\noutput y = gaunt(a, b, 1)\n", bindings: () => ({ a: f32([2, 4], wave(1)), b: c64([2, 4], wave(2)) }) },
  { what: "gaunt of an f64 and an f32 batch", spec: "input a: f64[batch, 4]\ninput b: f32[batch, 4]\noutput y = gaunt(a, b, 1)\n", bindings: () => ({ a: f64([2, 4], wave(1)), b: f32([2, 4], wave(2)) }) },
  // rows of one batch must not contaminate each other (onnx packed two real rows into one complex FFT)
  { what: "a NaN in row 0 of a causal convolution leaves rows 1-3 exact", spec: causal("f64", 256), bound: () => ({ h: taps(256, "f64") }), bindings: () => ({ x: rows("f64", 4, 256, { nan: [0, 5] }) }), agree: false, check: ownRows([1, 2, 3], ROW64) },
  { what: "an odd batch with a NaN in its last row", spec: causal("f64", 256), bound: () => ({ h: taps(256, "f64") }), bindings: () => ({ x: rows("f64", 3, 256, { nan: [2, 0] }) }), agree: false, check: ownRows([0, 1], ROW64) },
  { what: "a row scaled by 1e4 (f32, n = 4096) leaves its partner its own relative error", spec: causal("f32", 4096), bound: () => ({ h: taps(4096, "f32") }), bindings: () => ({ x: rows("f32", 2, 4096, { big: 0, scale: 1e4 }) }), agree: false, check: ownRows([0, 1], ROW32) },
  { what: "a row scaled by 1e8 (f64, n = 4096) leaves its partner its own relative error", spec: causal("f64", 4096), bound: () => ({ h: taps(4096, "f64") }), bindings: () => ({ x: rows("f64", 2, 4096, { big: 1, scale: 1e8 }) }), agree: false, check: ownRows([0, 1], ROW64) },
  // index data that is not a permutation (onnx and gpujs gave garbage, cpu and wasm an internal error)
  ...([["a repeated index", [0, 0, 1, 2]], ["an index of -1", [-1, 0, 1, 2]], ["an index past the end", [0, 1, 2, 4]], ["an index of 2^40", [0, 1, 2, 2 ** 40]]] as const).map(([what, p]): RunCase => ({
    what: `perm(p) of a run-time p with ${what}`,
    spec: "input x: f64[batch, 4]\ninput p: i64[4]\noutput y = perm(p) @ x\n",
    bindings: () => ({ x: f64([2, 4], wave(1)), p: { dtype: "i64", shape: [4], data: BigInt64Array.from(p.map(BigInt)) } }),
    code: "E0603",
  })),
  {
    what: "perm(p) of a run-time p that is a permutation",
    spec: "input x: f64[batch, 4]\ninput p: i64[4]\noutput y = perm(p) @ x\n",
    bindings: () => ({ x: f64([2, 4], wave(1)), p: { dtype: "i64", shape: [4], data: BigInt64Array.from([2n, 0n, 3n, 1n]) } }),
  },
  // spec/operators.md once said gpujs refuses filter_adjoint on run-time data: every backend runs it
  { what: "filter_adjoint of a run-time filter", spec: "input h: c128[2, 3, 4]\noutput y = filter_adjoint(h)\n", bindings: () => ({ h: c128([2, 3, 4], wave(3)) }) },
  // huge finite values: numpy's dft(1024) of this x is finite (cpu and wasm gave 1412 non-finite
  // parts: the real-input halving added two ~1e308 terms before halving)
  { what: "dft(1024) of a real f64 row holding 1e308", spec: "input x: f64[batch, 1024]\noutput y = dft(1024) @ x\n", bindings: () => ({ x: f64([1, 1024], (i) => (i === 3 ? 1e308 : Math.sin(i))) }), except: { gpujs: "float32 on the device: 1e308 is not a float32" } },
  { what: "rdft(1024) of real f64 rows holding -1e308 and 1e308", spec: "input x: f64[batch, 1024]\noutput y = rdft(1024) @ x\n", bindings: () => ({ x: f64([2, 1024], (i) => (i === 6 ? -1e308 : i === 1031 ? 1e308 : Math.cos(i))) }), except: { gpujs: "float32 on the device: 1e308 is not a float32" } },
  // one bin near the largest double: the true irdft is finite (|x| <= 2|X_k|/n, or 2|X_k| unscaled), but the
  // half-size route's real_join doubled its output, and the cpu's and wasm's 8-point codelet then overflowed
  { what: "irdft(16) of bins near the largest double", spec: `input X: c128[batch, 9]\noutput y = irdft(16) @ X\noutput z = irdft(16, norm="forward") @ X\n`, bindings: () => ({ X: c128([2, 9], (i) => (i === 2 ? -7.92e307 : i === 9 * 2 + 14 ? -8.24e307 : 0)) }), except: { gpujs: "float32 on the device: 1e308 is not a float32" } },
  // the Toeplitz FFT route (circulant embedding, spectrum product, inverse FFT): X(k) C(k) overflowed
  // for x[j] = 1e308 and the inverse turned inf - inf into NaN, where the dense product is finite
  { what: "a causal convolution (the FFT route) of a row holding 1e308", spec: causal("f64", 256), bound: () => ({ h: taps(256, "f64") }), bindings: () => ({ x: f64([1, 256], (i) => (i === 3 ? 1e308 : Math.sin(i))) }), except: { gpujs: "float32 on the device: 1e308 is not a float32" } },
  { what: "toeplitz(c, r) of run-time vectors (the FFT route) on a row holding 1e308", spec: "input c: f64[256]\ninput r: f64[256]\ninput x: f64[batch, 256]\noutput y = toeplitz(c, r) @ x\n", bindings: () => ({ c: taps(256, "f64"), r: f64([256], (i) => (i === 0 ? 0.25 : 0.1 * Math.cos(i))), x: f64([2, 256], (i) => (i === 3 ? 1e308 : i === 300 ? -1e308 : Math.sin(i))) }), except: { gpujs: "float32 on the device: 1e308 is not a float32" } },
  { what: "circulant(c) of a run-time c (the FFT route) on a row holding 1e308", spec: "input c: f64[512]\ninput x: f64[batch, 512]\noutput y = circulant(c) @ x\n", bindings: () => ({ c: taps(512, "f64"), x: f64([1, 512], (i) => (i === 7 ? 1e308 : Math.cos(i))) }), except: { gpujs: "float32 on the device: 1e308 is not a float32" } },
  // IEEE / numpy answers at the edges, the same on every backend (spec/operators.md)
  { what: "softshrink(NaN) is NaN, relu(-0) is +0, relu(NaN) is NaN", spec: "input x: f64[batch, 4]\noutput s = softshrink(x, 0.5)\noutput r = relu(x)\n", bindings: () => ({ x: f64([1, 4], (i) => [NaN, -0, 0.25, -3][i]) }), check: exactly({ s: [NaN, 0, 0, -2.5], r: [NaN, 0, 0.25, 0] }) },
  { what: "complex division by exactly 0 gives numpy's infinities and NaNs", spec: "input x: c128[batch, 3]\ninput d: c128[batch, 3]\noutput y = x / d\n", bindings: () => ({ x: c128([1, 3], (i) => [1, 1, 1, 0, 0, 0][i]), d: c128([1, 3], () => 0) }), check: exactly({ y: [Infinity, Infinity, Infinity, NaN, NaN, NaN] }) },
];

/** Whether any operand or output is single precision: then at least spec/backends.md's float32 bound. */
const TOL32 = 1e-4;
const single = (hs: HostArray[]) => hs.some((h) => h.dtype === "f32" || h.dtype === "c64");

// every backend, binaryen's first load among them, on a shared machine
describe("hostile run-time data: a coded error or the reference's numbers, on every backend", { timeout: 600_000 }, () => {
  for (const r of RUNS)
    it(r.what, async () => {
      const program = parseProgram(r.spec, "hostile.linc");
      const params = r.bound?.();
      const bindings = { ...params, ...r.bindings() };
      let want: Record<string, HostArray> | undefined;
      if (!r.code && r.agree !== false) want = evaluate(program, bindings);
      for (const name of BACKEND_NAMES) {
        if (r.except?.[name]) continue;
        const running = (async () => (await getBackend(name)).run(lowerForBackend(program, { target: name, params }), bindings))();
        if (r.code) {
          const err = await running.then(() => undefined, (e: unknown) => e);
          expect(err, `${name}: a LincError`).toBeInstanceOf(LincError);
          expect((err as LincError).code, `${name}: ${(err as Error).message}`).toBe(r.code);
          continue;
        }
        const got = await running;
        for (const [o, w] of Object.entries(want ?? {})) {
          const tol = single([...Object.values(bindings), w]) ? Math.max(TOL[name], TOL32) : TOL[name];
          expect(differs(got[o], w, tol), `${name}: output ${o}`).toBeUndefined();
        }
        r.check?.(got, name, { program, bindings });
      }
    });
});

// ---- the emitted modules on their own (no linc around them to check arrays first)

/** What a call threw (or resolved to), awaited. */
const thrown = async (f: () => unknown): Promise<unknown> => {
  try {
    await f();
  } catch (e) {
    return e;
  }
  return undefined;
};

describe("emitted modules check index data themselves", () => {
  const spec = (decl: "input" | "param") => `${decl} p: i64[4]\ninput x: f64[batch, 4]\noutput y = perm(p) @ x\n`;
  const x = new Float64Array(8).fill(1), bad = BigInt64Array.from([0n, 1n, 1n, 2n]);
  const modules = async (decl: "input" | "param") => {
    const program = parseProgram(spec(decl), "hostile.linc");
    const { compileCpu } = await import("../../src/backends/cpu/index.js");
    const { compileWasm } = await import("../../src/backends/wasm/index.js");
    const { compileGpujs } = await import("../../src/backends/gpujs/index.js");
    await getBackend("wasm"); // binaryen loaded
    return {
      cpu: (P: object, I: object) => compileCpu(lowerForBackend(program, { target: "cpu" })).createKernel(P as never).run(I as never),
      wasm: async (P: object, I: object) => (await compileWasm(lowerForBackend(program, { target: "wasm" })).createKernel(P as never)).run(I as never),
      gpujs: async (P: object, I: object) => (await compileGpujs(lowerForBackend(program, { target: "gpujs" })).createKernel(P as never, { mode: "cpu" })).run(I as never),
    };
  };
  for (const decl of ["input", "param"] as const)
    it(`${decl === "input" ? "an" : "a"} ${decl} p that is not a permutation: RangeError with code E0603 from the cpu, wasm and gpujs modules`, async () => {
      const m = await modules(decl);
      for (const [name, run] of Object.entries(m)) {
        const err = await thrown(() => (decl === "input" ? run({}, { p: bad, x }) : run({ p: bad }, { x })));
        expect(err, name).toBeInstanceOf(RangeError);
        expect((err as { code?: string }).code, `${name}: ${(err as Error).message}`).toBe("E0603");
      }
    });
});

describe("emitted modules refuse arrays that would corrupt a run", () => {
  const B = 2;
  it("two overlapping outputs: RangeError naming both (cpu, wasm, gpujs modules)", async () => {
    const program = parseProgram("input x: f64[batch, 8]\noutput y = dft(8) @ x\noutput z = x * 2\n", "hostile.linc");
    const { compileCpu } = await import("../../src/backends/cpu/index.js");
    const { compileWasm } = await import("../../src/backends/wasm/index.js");
    const { compileGpujs } = await import("../../src/backends/gpujs/index.js");
    await getBackend("wasm");
    const x = Float64Array.from({ length: 8 * B }, (_, i) => i);
    const buf = new ArrayBuffer(8 * 16 * B + 64);
    const outs = { y: new Float64Array(buf, 0, 16 * B), z: new Float64Array(buf, 64, 8 * B) };
    const runs = {
      cpu: () => compileCpu(lowerForBackend(program, { target: "cpu" })).createKernel().run({ x }, outs as never),
      wasm: async () => (await compileWasm(lowerForBackend(program, { target: "wasm" })).createKernel()).run({ x }, outs as never),
      gpujs: async () => (await compileGpujs(lowerForBackend(program, { target: "gpujs" })).createKernel(undefined, { mode: "cpu" })).run({ x }, outs as never),
    };
    for (const [name, run] of Object.entries(runs)) {
      const err = await thrown(run);
      expect(err, name).toBeInstanceOf(RangeError);
      expect((err as Error).message, name).toMatch(/output "y" overlaps output "z"|output "z" overlaps output "y"/);
    }
    // views of one buffer that do not overlap are fine
    const apart = { y: new Float64Array(buf, 0, 16), z: new Float64Array(buf, 8 * 16 * B, 8) };
    const got = compileCpu(lowerForBackend(program, { target: "cpu" })).createKernel().run({ x: x.subarray(0, 8) }, apart as never);
    expect(Array.from(got.z as Float64Array)).toEqual(Array.from(x.subarray(0, 8), (v) => 2 * v));
  });

  it("a wasm kernel refuses arrays in its own memory below the views region (its tables and work buffers), by name", async () => {
    const program = parseProgram("input x: c128[batch, 64]\noutput y = dft(64) @ x\n", "hostile.linc");
    const { compileWasm } = await import("../../src/backends/wasm/index.js");
    await getBackend("wasm");
    const k = await compileWasm(lowerForBackend(program, { target: "wasm" })).createKernel();
    const x = Float64Array.from({ length: 128 * B }, (_, i) => Math.sin(i));
    const want = Array.from(k.run({ x }).y as Float64Array);
    const mem = (k as unknown as { views(d: object): { inputs: Record<string, Float64Array> } }).views({ batch: B }).inputs.x.buffer;
    const low = () => new Float64Array(mem, 0, 128 * B);
    let err = await thrown(() => k.run({ x: low() })); // (writing x there would itself overwrite the tables)
    expect(err).toBeInstanceOf(RangeError);
    expect((err as Error).message).toMatch(/input "x"/);
    err = await thrown(() => k.run({ x }, { y: low() }));
    expect(err).toBeInstanceOf(RangeError);
    expect((err as Error).message).toMatch(/output "y"/);
    // the tables are intact: a later run still gives the first run's numbers
    expect(Array.from(k.run({ x }).y as Float64Array)).toEqual(want);
  });
});

describe("a bound param with a symbolic dimension", () => {
  // onnx failed with an internal error ("param 'a' has no value"); every compiled backend must say
  // what is wrong (the shape), never ask to bind what is bound
  for (const out of ["a * x", "gaunt(a, x, 1)", "x[0:3] * cg_path(a[0:3], a[0:3], 1, 1, 1)"])
    it(`output y = ${out}: the reference runs it, every compiled backend refuses it with E0801 naming the symbolic dimension`, async () => {
      const program = parseProgram(`param a: f64[batch, 4]\ninput x: f64[batch, 4]\noutput y = ${out}\n`, "hostile.linc");
      const a = f64([2, 4], wave(1)), x = f64([2, 4], wave(2));
      for (const name of BACKEND_NAMES) {
        const running = (async () => (await getBackend(name)).run(lowerForBackend(program, { target: name, params: { a } }), { a, x }))();
        if (name === "reference") {
          expect(differs((await running).y, evaluate(program, { a, x }).y, 1e-12)).toBeUndefined();
          continue;
        }
        const err = await running.then(() => undefined, (e: unknown) => e);
        expect(err, name).toBeInstanceOf(LincError);
        expect((err as LincError).code, `${name}: ${(err as Error).message}`).toBe("E0801");
        expect((err as Error).message, name).toMatch(/symbolic dimension/);
      }
    });
});
