// Orthogonal convolutions by the Cayley transform (examples/orthogonal_conv.linc, cayley,
// block_circulant, filter_adjoint): Q = cayley(A) for the skew-symmetric block circulant A
// equals (I - A)(I + A)^-1 computed here densely in float64 (the block matrix built entry by
// entry, a Gaussian-elimination solve), preserves norms to 1e-12, and Q^T undoes it, on the
// reference (lowered), cpu, onnx and wasm; the lowered graph keeps the FFT and the per-frequency
// solves and has no (n c) x (n c) dense matrix. With W given at run time: cpu solves at the param
// stage; onnx with W a graph input (--params-as-inputs) renders the per-frequency solve as an
// elimination unrolled over c (f64 to 1e-12 with the orthogonality check, f32, a non-skew A that
// needs row exchanges, E0801 above MCAYLEY_MAX_C); gpujs (single precision) runs chan_transpose
// as a kernel and mcayley as a float64 host step, W bound or not.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BACKENDS } from "../../src/backends/index.js";
import { compileOnnx, decodeModel, runOnnx } from "../../src/backends/onnx/index.js";
import { MCAYLEY_MAX_C } from "../../src/backends/onnx/cayley.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, type Node, type Program, type TensorType, toposort } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { relErr } from "../support/golden.js";
import { type Exclusions, allBackends, compiledBackends, skipExcluded } from "../support/backends.js";

/** The backends held to 1e-12 below leave out gpujs, which has its own single-precision cases. */
const SINGLE: Exclusions = { gpujs: "single precision: its own cases below hold it to 1e-4 / 1e-5" };
import { rng } from "../support/random.js";
import { denseSolveRows } from "../qmc/points.js";

const c = 4, n = 64, N = c * n, batch = 3;
const example = parseProgram(readFileSync(new URL("../../examples/orthogonal_conv.linc", import.meta.url), "utf8"), "orthogonal_conv.linc");
const f64 = (shape: number[], data: Float64Array): HostArray => ({ dtype: "f64", shape, data });
const r = rng(11);
const W = Float64Array.from({ length: c * c * n }, () => 0.3 * r.normal());
const x = Float64Array.from({ length: batch * N }, () => r.normal());

/** Entry (row, col) of the dense block matrix of block_circulant(h), h [c, c, n]. */
const blockEntry = (h: Float64Array, row: number, col: number) => {
  const o = Math.floor(row / n), i = Math.floor(col / n), a = row % n, b = col % n;
  return h[(o * c + i) * n + (((a - b) % n) + n) % n];
};

/** The dense block matrix of block_circulant(S) with S[o, i, t] = W[o, i, t] - W[i, o, (-t) mod n]. */
function skewBlockMatrix(w: Float64Array): Float64Array {
  const A = new Float64Array(N * N);
  const S = (o: number, i: number, t: number) => w[(o * c + i) * n + t] - w[(i * c + o) * n + ((n - t) % n)];
  for (let o = 0; o < c; o++)
    for (let i = 0; i < c; i++)
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) A[(o * n + a) * N + i * n + b] = S(o, i, (((a - b) % n) + n) % n);
  return A;
}

/** Q x = (I - A)(I + A)^-1 x, densely: z = (I + A)^-1 x by elimination, then (I - A) z. */
function denseCayley(A: Float64Array, xs: Float64Array, N = c * n): Float64Array {
  const P = Float64Array.from(A, (v, k) => v + (k % (N + 1) === 0 ? 1 : 0));
  const z = denseSolveRows(P, N, xs, batch), y = new Float64Array(batch * N);
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < N; i++) {
      let s = z[b * N + i];
      for (let j = 0; j < N; j++) s -= A[i * N + j] * z[b * N + j];
      y[b * N + i] = s;
    }
  return y;
}

const norms = (v: ArrayLike<number>, N = c * n) => Array.from({ length: batch }, (_, b) => Math.hypot(...Array.from(v).slice(b * N, (b + 1) * N)));
const opsOf = (p: Program) => toposort(p.outputs.map((o) => o.node));

/** No dense matrix, inverse or materialisation, and no tensor as large as the (n c)^2 matrix. */
function expectStructured(p: Program, what: string) {
  const nodes = opsOf(p), ops = new Set<string>(nodes.map((m: Node) => m.op));
  for (const slow of ["dense", "minverse", "inv", "materialize", "cayley", "block_circulant"]) expect(ops.has(slow), `${what}: ${[...ops].join(", ")}`).toBe(false);
  for (const want of ["dft", "diagblocks"]) expect(ops.has(want), `${what}: ${[...ops].join(", ")}`).toBe(true);
  for (const m of nodes)
    if (m.type.kind === "tensor") {
      const size = (m.type as TensorType).shape.reduce<number>((a, d) => a * (typeof d === "number" ? d : 1), 1);
      expect(size, `${what}: ${m.op} holds ${size} entries`).toBeLessThan(N * N);
    }
}

describe("orthogonal_conv.linc: cayley(block_circulant(W - filter_adjoint(W)))", () => {
  const want = denseCayley(skewBlockMatrix(W), x);
  const bindings = { x: f64([batch, N], x), W: f64([c, c, n], W) };

  it("the dense float64 Cayley transform preserves norms (the test's own check of its ground truth)", () => {
    norms(want).forEach((v, b) => expect(Math.abs(v - norms(x)[b]) / norms(x)[b]).toBeLessThan(1e-12));
  });

  skipExcluded(SINGLE);
  for (const target of allBackends(SINGLE))
    it(`${target}: equals the dense solve, keeps norms to 1e-12, Q^T Q x = x; lowered to FFT + per-frequency solves`, async () => {
      const low = lowerForBackend(example, { target, params: { W: bindings.W } });
      expectStructured(low, target);
      const out = await (await BACKENDS[target]()).run(low, bindings);
      const y = out.y.data as Float64Array, back = out.back.data as Float64Array;
      expect(relErr(y, want), `${target} vs dense`).toBeLessThan(1e-12);
      norms(y).forEach((v, b) => expect(Math.abs(v - norms(x)[b]) / norms(x)[b], `${target} norm`).toBeLessThan(1e-12));
      expect(relErr(back, x), `${target} Q^T Q x`).toBeLessThan(1e-12);
    });

  it("cpu with W bound at run time: the per-frequency solve runs at the param stage and agrees", async () => {
    const low = lowerForBackend(example, { target: "cpu" });
    expect(opsOf(low).some((m) => m.op === "mcayley")).toBe(true);
    const out = await (await BACKENDS.cpu()).run(low, bindings);
    expect(relErr(out.y.data as Float64Array, want)).toBeLessThan(1e-12);
  });

  it("onnx: W given at run() folds there and agrees", async () => {
    const onnx = await BACKENDS.onnx(), low0 = lowerForBackend(example, { target: "onnx" });
    expect(relErr((await onnx.run(low0, bindings)).y.data as Float64Array, want)).toBeLessThan(1e-12);
  });

  for (const prec of ["f64", "f32"] as const)
    it(`onnx with W as a graph input (--params-as-inputs), ${prec}: the solve unrolled over c, equal to the dense transform, orthogonal`, async () => {
      const p = prec === "f64" ? example : parseProgram(readFileSync(new URL("../../examples/orthogonal_conv.linc", import.meta.url), "utf8").replaceAll("f64", "f32"), "oc32.linc");
      const low = lowerForBackend(p, { target: "onnx" });
      expect(opsOf(low).some((m) => m.op === "mcayley")).toBe(true);
      const model = decodeModel(compileOnnx(low, { paramsAsInputs: true }));
      expect(model.graph.input.map((i) => i.name)).toEqual(["x", "W"]);
      expect(model.graph.node.map((q) => q.opType)).toContain("ArgMax"); // the per-frequency pivot search
      for (const t of model.graph.initializer) expect(t.dims.reduce((a, b) => a * Number(b), 1), t.name).toBeLessThan(N * N);
      const b32 = { x: { ...bindings.x, dtype: "f32" as const, data: Float32Array.from(x) }, W: { ...bindings.W, dtype: "f32" as const, data: Float32Array.from(W) } };
      const out = await runOnnx(low, prec === "f64" ? bindings : b32, { paramsAsInputs: true });
      const y = Float64Array.from(out.y.data as ArrayLike<number>), back = Float64Array.from(out.back.data as ArrayLike<number>);
      const tol = prec === "f64" ? 1e-12 : 2e-6;
      expect(relErr(y, want), `${prec} vs dense`).toBeLessThan(tol);
      norms(y).forEach((v, b) => expect(Math.abs(v - norms(x)[b]) / norms(x)[b], `${prec} norm`).toBeLessThan(tol));
      expect(relErr(back, x), `${prec} Q^T Q x`).toBeLessThan(tol);
    });

  it("onnx params as inputs: a block circulant that is not skew, I + Ĥ_k needing row exchanges at every frequency, equals the reference", async () => {
    // h[0, 0, :] = -δ makes (I + Ĥ_k)[0, 0] = 0 at every k: elimination without pivoting would divide by zero
    const r2 = rng(23), h = Float64Array.from({ length: c * c * n }, (_, q) => (q < n ? (q === 0 ? -1 : 0) : 0.3 * r2.normal()));
    const p = parseProgram(`input x: f64[batch, ${N}]\nparam h: f64[${c}, ${c}, ${n}]\noutput y = cayley(block_circulant(h)) @ x\n`, "g.linc");
    const hb = f64([c, c, n], h), wantG = evaluate(lowerForBackend(p, { target: "reference", params: { h: hb } }), { x: bindings.x, h: hb }).y.data as Float64Array;
    expect(relErr(wantG, denseCayley(Float64Array.from({ length: N * N }, (_, k) => blockEntry(h, Math.floor(k / N), k % N)), x))).toBeLessThan(1e-11);
    const y = (await runOnnx(lowerForBackend(p, { target: "onnx" }), { x: bindings.x, h: hb }, { paramsAsInputs: true })).y.data as Float64Array;
    expect(Array.from(y).every(Number.isFinite)).toBe(true);
    expect(relErr(y, wantG)).toBeLessThan(1e-12);
  });

  it(`onnx params as inputs: c = ${MCAYLEY_MAX_C + 1} channels is refused (E0801, with the limit)`, async () => {
    const k = MCAYLEY_MAX_C + 1, p = parseProgram(`input x: f64[batch, ${4 * k}]\nparam h: f64[${k}, ${k}, 4]\noutput y = cayley(block_circulant(h)) @ x\n`, "big.linc");
    expect(() => compileOnnx(lowerForBackend(p, { target: "onnx" }), { paramsAsInputs: true })).toThrow(
      expect.objectContaining({ code: "E0801", message: expect.stringMatching(new RegExp(`op 'mcayley' is not supported by the onnx backend: .*up to c = ${MCAYLEY_MAX_C}, got c = ${k}: bind`)) }),
    );
  });

  it("gpujs (single precision) with W given at run time: chan_transpose a gather kernel, mcayley a float64 host step; equal to the dense transform to 1e-5", async () => {
    const low = lowerForBackend(example, { target: "gpujs" });
    const ops = new Set<string>(opsOf(low).map((m) => m.op));
    for (const want of ["mcayley", "chan_transpose", "diagblocks", "dft"]) expect(ops.has(want), want).toBe(true);
    const out = await (await BACKENDS.gpujs()).run(low, bindings);
    expect(relErr(out.y.data as Float64Array, want)).toBeLessThan(1e-5);
    expect(relErr(out.back.data as Float64Array, x)).toBeLessThan(1e-5);
  });

  it("gpujs (single precision) with W bound at compile time: the diagblocks kernel, equal to the dense transform to 1e-4", async () => {
    const low = lowerForBackend(example, { target: "gpujs", params: { W: bindings.W } });
    expectStructured(low, "gpujs");
    const out = await (await BACKENDS.gpujs()).run(low, bindings);
    expect(relErr(out.y.data as Float64Array, want)).toBeLessThan(1e-4);
    expect(relErr(out.back.data as Float64Array, x)).toBeLessThan(1e-4);
  });

  it("cayley(B - B.T) with B = block_circulant(W) is the same operator, fused to one block circulant", async () => {
    const p = parseProgram(`input x: f64[batch, ${N}]\nparam W: f64[${c}, ${c}, ${n}]\nB = block_circulant(W)\noutput y = cayley(B - B.T) @ x\n`, "bt.linc");
    const low = lowerForBackend(p, { target: "cpu", params: { W: bindings.W } });
    expectStructured(low, "B - B.T");
    const out = await (await BACKENDS.cpu()).run(low, bindings);
    expect(relErr(out.y.data as Float64Array, want)).toBeLessThan(1e-12);
  });
});

describe("cayley of a circulant, of other operators, and block_circulant alone", () => {
  const m = 50; // not a power of two
  const a = Float64Array.from({ length: m }, () => 0.4 * r.normal());
  const skew = Float64Array.from({ length: m }, (_, t) => a[t] - a[(m - t) % m]);
  const xm = Float64Array.from({ length: batch * m }, () => r.normal());
  const circ = (v: Float64Array) => Float64Array.from({ length: m * m }, (_, k) => v[(((Math.floor(k / m) - (k % m)) % m) + m) % m]);
  const spec = `input x: f64[batch, ${m}]\nparam c: f64[${m}]\noutput y = cayley(circulant(c)) @ x\n`;

  skipExcluded(SINGLE);
  for (const target of allBackends(SINGLE))
    it(`${target}: cayley(circulant(c)) for a skew-symmetric c is idft . diag((1 - λ)/(1 + λ)) . dft, orthogonal, equal to the dense transform`, async () => {
      const p = parseProgram(spec, "circ.linc"), cb = f64([m], skew);
      const low = lowerForBackend(p, { target, params: { c: cb } });
      const ops = new Set<string>(opsOf(low).map((q) => q.op));
      expect([...ops].filter((o) => ["dense", "inv", "minverse", "materialize", "circulant"].includes(o))).toEqual([]);
      const y = (await (await BACKENDS[target]()).run(low, { x: f64([batch, m], xm), c: cb })).y.data as Float64Array;
      expect(relErr(y, denseCayley(circ(skew), xm, m))).toBeLessThan(1e-12);
      norms(y, m).forEach((v, b) => expect(Math.abs(v - norms(xm, m)[b]) / norms(xm, m)[b]).toBeLessThan(1e-12));
    });

  it("onnx with c as a graph input (--params-as-inputs): the [n] spectrum (c = 1) by the same elimination, orthogonal, equal to the dense transform", async () => {
    const p = parseProgram(spec, "circ.linc"), cb = f64([m], skew);
    const y = (await runOnnx(lowerForBackend(p, { target: "onnx" }), { x: f64([batch, m], xm), c: cb }, { paramsAsInputs: true })).y.data as Float64Array;
    expect(relErr(y, denseCayley(circ(skew), xm, m))).toBeLessThan(1e-12);
    norms(y, m).forEach((v, b) => expect(Math.abs(v - norms(xm, m)[b]) / norms(xm, m)[b]).toBeLessThan(1e-12));
  });

  it("a singular I + A: E0501 naming the frequency when c is bound at compile time; IEEE (non-finite) on cpu, onnx and gpujs at run time", async () => {
    const p = parseProgram(spec, "circ.linc");
    const minusDelta = Float64Array.from({ length: m }, (_, t) => (t === 0 ? -0.5 : 0) + (t === 1 ? -0.5 : 0)); // λ_0 = -1
    expect(() => lowerForBackend(p, { target: "cpu", params: { c: f64([m], minusDelta) } })).toThrow(/E0501|singular/);
    try {
      lowerForBackend(p, { target: "cpu", params: { c: f64([m], minusDelta) } });
    } catch (e) {
      expect((e as { code?: string }).code).toBe("E0501");
      expect(String((e as Error).message)).toContain("singular to working precision at frequency 0");
    }
    const low = lowerForBackend(p, { target: "cpu" });
    const y = (await (await BACKENDS.cpu()).run(low, { x: f64([batch, m], xm), c: f64([m], minusDelta) })).y.data as Float64Array;
    expect(Array.from(y).some((v) => !Number.isFinite(v))).toBe(true);
    // the same on onnx with c a graph input and on gpujs with c given at run time: IEEE, no error
    const yo = (await runOnnx(lowerForBackend(p, { target: "onnx" }), { x: f64([batch, m], xm), c: f64([m], minusDelta) }, { paramsAsInputs: true })).y.data as Float64Array;
    expect(Array.from(yo).some((v) => !Number.isFinite(v))).toBe(true);
    const yg = (await (await BACKENDS.gpujs()).run(lowerForBackend(p, { target: "gpujs" }), { x: f64([batch, m], xm), c: f64([m], minusDelta) })).y.data as Float64Array;
    expect(Array.from(yg).some((v) => !Number.isFinite(v))).toBe(true);
  });

  it("any other square operator: (I - A) inv(I + A) by the dense fallback (small), E0801 above the dense limit; non-square: E0301", async () => {
    const k = 6, M = Float64Array.from({ length: k * k }, () => 0.3 * r.normal()), xk = Float64Array.from({ length: batch * k }, () => r.normal());
    const p = parseProgram(`input x: f64[batch, ${k}]\nparam M: f64[${k}, ${k}]\noutput y = cayley(dense(M)) @ x\n`, "g.linc");
    const low = lowerForBackend(p, { target: "cpu", params: { M: f64([k, k], M) } });
    const y = (await (await BACKENDS.cpu()).run(low, { x: f64([batch, k], xk), M: f64([k, k], M) })).y.data as Float64Array;
    expect(relErr(y, denseCayley(M, xk, k))).toBeLessThan(1e-12);
    const big = parseProgram("input x: c128[batch, 2048]\noutput y = cayley(dft(2048)) @ x\n", "big.linc");
    expect(() => lowerForBackend(big, { target: "cpu" })).toThrow(/E0801|not supported|inv/);
    expect(() => parseProgram("input x: f64[batch, 8]\nparam M: f64[4, 8]\noutput y = cayley(dense(M)) @ x\n", "ns.linc")).toThrow(/E0301.*cayley\(\) needs a square operator, got 4x8/);
  });

  for (const target of compiledBackends(SINGLE))
    it(`${target}: block_circulant(h) with c_out = 3, c_in = 2 equals the dense block matrix (channel-major rows)`, async () => {
      const co = 3, ci = 2, L = 16, h = Float64Array.from({ length: co * ci * L }, () => r.normal());
      const xs = Float64Array.from({ length: batch * ci * L }, () => r.normal()), want = new Float64Array(batch * co * L);
      for (let b = 0; b < batch; b++)
        for (let o = 0; o < co; o++)
          for (let t = 0; t < L; t++) {
            let sum = 0;
            for (let i = 0; i < ci; i++) for (let s2 = 0; s2 < L; s2++) sum += h[(o * ci + i) * L + ((t - s2 + L) % L)] * xs[b * ci * L + i * L + s2];
            want[b * co * L + o * L + t] = sum;
          }
      const p = parseProgram(`input x: f64[batch, ${ci * L}]\ninput h: f64[${co}, ${ci}, ${L}]\noutput y = block_circulant(h) @ x\n`, "bc.linc");
      const low = lowerForBackend(p, { target });
      expect(opsOf(low).some((q) => q.op === "diagblocks")).toBe(true);
      const y = (await (await BACKENDS[target]()).run(low, { x: f64([batch, ci * L], xs), h: f64([co, ci, L], h) })).y.data as Float64Array;
      expect(relErr(y, want)).toBeLessThan(1e-12);
    });
});
