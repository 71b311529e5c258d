// Orthogonal convolutions by the Cayley transform (examples/orthogonal_conv.linc, cayley,
// block_circulant, filter_adjoint): Q = cayley(A) for the skew-symmetric block circulant A
// equals (I - A)(I + A)^-1 computed here densely in float64 (the block matrix built entry by
// entry, a Gaussian-elimination solve), preserves norms to 1e-12, and Q^T undoes it, on the
// reference (lowered), cpu, onnx and wasm; the lowered graph keeps the FFT and the per-frequency
// solves and has no (n c) x (n c) dense matrix; gpujs refuses with E0801 and its reason.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BACKENDS } from "../../src/backends/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, type Node, type Program, type TensorType, toposort } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { relErr } from "../support/golden.js";
import { rng } from "../support/random.js";
import { denseSolveRows } from "../qmc/points.js";

const c = 4, n = 64, N = c * n, batch = 3;
const example = parseProgram(readFileSync(new URL("../../examples/orthogonal_conv.linc", import.meta.url), "utf8"), "orthogonal_conv.linc");
const f64 = (shape: number[], data: Float64Array): HostArray => ({ dtype: "f64", shape, data });
const r = rng(11);
const W = Float64Array.from({ length: c * c * n }, () => 0.3 * r.normal());
const x = Float64Array.from({ length: batch * N }, () => r.normal());

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
function denseCayley(A: Float64Array, xs: Float64Array): Float64Array {
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

const norms = (v: ArrayLike<number>) => Array.from({ length: batch }, (_, b) => Math.hypot(...Array.from(v).slice(b * N, (b + 1) * N)));
const opsOf = (p: Program) => toposort(p.outputs.map((o) => o.node));

/** No dense matrix, inverse or materialisation, and no tensor as large as the (n c)^2 matrix. */
function expectStructured(p: Program, what: string) {
  const nodes = opsOf(p), ops = new Set(nodes.map((m: Node) => m.op));
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

  for (const target of ["reference", "cpu", "onnx", "wasm"] as const)
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

  it("onnx: W given at run() folds there and agrees; a model with W as a graph input is refused (E0801); gpujs refuses (E0801)", async () => {
    const onnx = await BACKENDS.onnx(), low0 = lowerForBackend(example, { target: "onnx" });
    expect(relErr((await onnx.run(low0, bindings)).y.data as Float64Array, want)).toBeLessThan(1e-12);
    expect(() => onnx.compile!(low0, { paramsAsInputs: true })).toThrow(/op 'mcayley' is not supported by the onnx backend: a per-frequency Cayley solve of run-time data/);
    const gpujs = await BACKENDS.gpujs();
    const low = lowerForBackend(example, { target: "gpujs", params: { W: bindings.W } });
    await expect(gpujs.run(low, bindings)).rejects.toThrow(/op 'diagblocks' is not supported by the gpujs backend/);
  });

  it("cayley(B - B.T) with B = block_circulant(W) is the same operator, fused to one block circulant", async () => {
    const p = parseProgram(`input x: f64[batch, ${N}]\nparam W: f64[${c}, ${c}, ${n}]\nB = block_circulant(W)\noutput y = cayley(B - B.T) @ x\n`, "bt.linc");
    const low = lowerForBackend(p, { target: "cpu", params: { W: bindings.W } });
    expectStructured(low, "B - B.T");
    const out = await (await BACKENDS.cpu()).run(low, bindings);
    expect(relErr(out.y.data as Float64Array, want)).toBeLessThan(1e-12);
  });
});
