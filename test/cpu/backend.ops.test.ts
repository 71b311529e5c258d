// Each kernel op on random inputs against the reference interpreter: symbolic batch sizes
// (two runs of one kernel with different batch sizes), preallocated outputs, f64 and f32.
import { describe, expect, it } from "vitest";
import { cpuBackend } from "../../src/backends/cpu/backend.js";
import { compileCpu, runCpu } from "../../src/backends/cpu/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, type Node, type Program, type TensorType, declare, mk, operatorType, tensorType } from "../../src/ir/index.js";
import { circEmbedNode } from "../../src/ir/ops/toeplitz.js";
import { randomHost, scheduled, toSingle } from "./support.js";
import { relErr } from "../support/compare.js";
import { uniform } from "../support/random.js";

/** Specs of one op each; x: [batch, n] input, the rest params. */
const SPECS: Record<string, string> = {
  dft_c: `input x: c128[batch, 12]\noutput y = dft(12, norm="ortho") @ x`,
  dft_real_input: `input x: f64[batch, 10]\noutput y = idft(10) @ x`,
  dft_bluestein: `input x: c128[batch, 37]\noutput y = dft(37) @ x`,
  rdft: `input x: f64[batch, 16]\noutput y = rdft(16, norm="forward") @ x`,
  irdft: `input x: c128[batch, 8]\noutput y = irdft(14) @ x`,
  dct2_complex: `input x: c128[batch, 9]\noutput y = dct(9, type=2, norm="ortho") @ x`,
  dct1_n2: `input x: f64[batch, 2]\noutput y = dct(2, type=1) @ x`,
  idct4_n1: `input x: f64[batch, 1]\noutput y = idct(1, type=4) @ x`,
  dct3_large: `input x: f64[batch, 100]\noutput y = dct(100, type=3, norm="forward") @ x`,
  wht_complex: `input x: c128[batch, 16]\noutput y = wht(16, norm="ortho") @ x`,
  eye: `input x: f64[batch, 5]\noutput y = I(5) @ x`,
  diag_complex_v: `param v: c128[6]\ninput x: f64[batch, 6]\noutput y = diag(v) @ x`,
  diag_real_v_complex_x: `param v: f64[6]\ninput x: c128[batch, 6]\noutput y = diag(v) @ x`,
  perm: `param p: i64[5]\ninput x: c128[batch, 5]\noutput y = perm(p) @ x`,
  bitrev: `input x: c128[batch, 16]\noutput y = bitrev(16) @ x`,
  stride: `input x: f64[batch, 15]\noutput y = stride(3, 5) @ x`,
  dense_complex: `param W: c128[4, 6]\ninput x: f64[batch, 6]\noutput y = dense(W) @ x`,
  dense_real_w_complex_x: `param W: f64[4, 6]\ninput x: c128[batch, 6]\noutput y = dense(W) @ x`,
  lowrank_complex: `param U: c128[5, 2]\nparam V: f64[7, 2]\ninput x: c128[batch, 7]\noutput y = lowrank(U, V) @ x`,
  kron_mixed: `param A: c128[2, 3]\ninput x: f64[batch, 24]\noutput y = kron(dense(A), dft(4), wht(2)) @ x`,
  kron_dense_inner: `param A: f64[3, 4]\nparam B: f64[2, 5]\ninput x: c128[batch, 20]\noutput y = kron(dense(A), dense(B)) @ x`,
  blockdiag: `param a: f64[3]\ninput x: c128[batch, 11]\noutput y = blockdiag(diag(a), dft(8)) @ x`,
  butterfly_complex: `param w: c128[3, 4, 2, 2]\ninput x: f64[batch, 8]\noutput y = butterfly(w, increasing=false) @ x`,
  butterfly_real_complex_x: `param w: f64[4, 8, 2, 2]\ninput x: c128[batch, 16]\noutput y = butterfly(w) @ x`,
  monarch_complex: `param w1: c128[2, 3, 4]\nparam w2: f64[3, 5, 2]\ninput x: f64[batch, 8]\noutput y = monarch(w1, w2) @ x`,
  algebra: `param d: f64[8]\ninput x: c128[batch, 8]\noutput y = (2 * (dft(8) @ diag(d)) + wht(8) - idft(8)) @ x`,
  elementwise: `param h: c128[8]\ninput s: f64[batch, 1]\ninput x: f64[batch, 8]\noutput y = (x * h + 2) / (h - s) - conj(h) * s\noutput z = softshrink(relu(x) - tanh(x) + sin(x), lambda=0.1)\noutput u = exp(h * x) + abs(h) + real(h) * imag(h) - x`,
  slice_pad: `input x: c128[batch, 8]\noutput y = pad(x[2:-1], 9)`,
  outputs_shared: `param h: f64[4]\ninput x: f64[batch, 4]\noutput y = x * h\noutput z = y\noutput k = h\noutput w = x`,
};

function bindingsFor(p: Program, batch: number, seed: number): Record<string, HostArray> {
  const r = uniform(seed);
  const out: Record<string, HostArray> = {};
  for (const d of [...p.inputs, ...p.params]) {
    const t = d.node.type as TensorType;
    const shape = t.shape.map((s) => (typeof s === "number" ? s : batch));
    if (t.dtype === "i64") {
      const n = shape[0], perm = Array.from({ length: n }, (_, i) => i).sort((a, b) => ((a * 7 + seed) % n) - ((b * 7 + seed) % n));
      out[d.name] = { dtype: "i64", shape, data: BigInt64Array.from(perm.map(BigInt)) };
    } else out[d.name] = randomHost(t.dtype, shape, r);
  }
  return out;
}

function check(p: Program, tol: number): void {
  const art = compileCpu(scheduled(p));
  const b3 = bindingsFor(p, 3, 1);
  const params = Object.fromEntries(p.params.map((d) => [d.name, b3[d.name]]));
  // params with a batch dim are inputs in disguise: pass them per run
  const kernel = art.createKernel(params);
  for (const [batch, prealloc] of [[3, false], [5, true], [3, true]] as const) {
    const b = bindingsFor(p, batch, batch);
    for (const d of p.params) b[d.name] = params[d.name];
    const want = evaluate(p, b);
    const outs = prealloc
      ? Object.fromEntries(p.outputs.map((o) => [o.name, new (want[o.name].data.constructor as Float64ArrayConstructor)(want[o.name].data.length)]))
      : undefined;
    const got = kernel.run(Object.fromEntries(p.inputs.map((d) => [d.name, b[d.name].data])), outs);
    for (const o of p.outputs) {
      if (outs) expect(got[o.name]).toBe(outs[o.name]);
      expect(got[o.name].constructor).toBe(want[o.name].data.constructor);
      expect(relErr(got[o.name] as Float64Array, want[o.name].data as Float64Array)).toBeLessThanOrEqual(tol);
    }
  }
}

describe("kernel ops against the reference interpreter", () => {
  for (const [name, src] of Object.entries(SPECS)) {
    const single = name !== "perm" && name !== "outputs_shared" && !src.includes("batch, 1]");
    it(`${name} f64`, () => check(parseProgram(src, `${name}.linc`), 1e-11));
    it.runIf(single)(`${name} f32`, () => check(parseProgram(toSingle(src), `${name}.linc`), 2e-5));
  }
});

/** Programs over ops only the lowering produces (no DSL syntax): built from IR nodes. */
function irProgram(inputs: Node[], params: Node[], outputs: Node[]): Program {
  const decl = (n: Node) => {
    if (n.op !== "input" && n.op !== "param") throw new Error(`${n.op} is not a declaration`);
    return { name: n.arg.name, node: n };
  };
  return { file: "ir.linc", source: "", consts: new Map(), inputs: inputs.map(decl), params: params.map(decl), outputs: outputs.map((node, i) => ({ name: `out${i}`, node })) };
}
const applyN = (A: Node, x: Node, dtype: TensorType["dtype"]) => {
  const t = x.type as TensorType, rows = (A.type as { rows: number }).rows;
  return mk("apply", tensorType(dtype, [...t.shape.slice(0, -1), rows]), [A, x], {});
};

describe("lowering-only ops against the reference interpreter", () => {
  const x = declare("input", "x", "c128", ["batch", 6]);
  const xr = declare("input", "xr", "f64", ["batch", 6]);
  const c = declare("param", "c", "f64", [4]), r = declare("param", "r", "c128", [3]);
  const W = declare("param", "W", "c128", [6, 6]);
  it("window, reverse, toeplitz/hankel/circulant/conv direct, circ_embed", () => {
    const win = mk("window", operatorType(4, 6, false), [], { rows: 4, cols: 6, offset: 3 });
    const winNeg = mk("window", operatorType(8, 6, false), [], { rows: 8, cols: 6, offset: -1 });
    const rev = mk("reverse", operatorType(6, 6, false), [], { n: 6 });
    const toe = mk("toeplitz", operatorType(4, 3, true), [c, r], {});
    const han = mk("hankel", operatorType(4, 3, true), [c, r], {});
    const circ = mk("circulant", operatorType(4, 4, false), [c], {});
    const conv = mk("conv", operatorType(4, 3, false), [c], { n: 3, mode: "same" });
    const x3 = mk("slice", tensorType("f64", ["batch", 3]), [xr], { start: 1, stop: 4 });
    const emb = circEmbedNode(c, r, 8, "hankel");
    const outs = [
      applyN(win, x, "c128"), applyN(winNeg, xr, "f64"), applyN(rev, x, "c128"), applyN(toe, x3, "c128"), applyN(han, x3, "c128"),
      applyN(circ, mk("slice", tensorType("c128", ["batch", 4]), [x], { start: 0, stop: 4 }), "c128"), applyN(conv, x3, "f64"), emb,
    ];
    check(irProgram([x, xr], [c, r], outs), 1e-11);
  });
  it("materialize, minverse, mtranspose, cast, the real part of a complex operator's product", () => {
    const A = mk("compose", operatorType(6, 6, true), [mk("dft", operatorType(6, 6, true), [], { n: 6, norm: "ortho", inverse: false }), mk("dct", operatorType(6, 6, false), [], { n: 6, type: 2, norm: "backward", inverse: false })], {});
    const M = mk("materialize", tensorType("c128", [6, 6]), [A], {});
    const Minv = mk("minverse", tensorType("c128", [6, 6]), [W], {});
    const Mt = mk("mtranspose", tensorType("c128", [6, 6]), [W], { conj: true });
    const cast = mk("cast", tensorType("c128", ["batch", 6]), [xr], { dtype: "c128" });
    const realPart = applyN(mk("dft", operatorType(6, 6, true), [], { n: 6, norm: "backward", inverse: false }), xr, "f64");
    const dense = (T: Node) => applyN(mk("dense", operatorType(6, 6, true), [T], {}), x, "c128");
    check(irProgram([x, xr], [W], [M, dense(Minv), dense(Mt), cast, realPart]), 1e-10);
  });
});

describe("runCpu", () => {
  it("checks bindings against the declarations", async () => {
    const p = parseProgram(SPECS.eye, "eye.linc");
    await expect(runCpu(p, {})).rejects.toMatchObject({ code: "E0704" });
    await expect(runCpu(p, { x: { dtype: "f32", shape: [2, 5], data: new Float32Array(10) } })).rejects.toMatchObject({ code: "E0703" });
    await expect(runCpu(p, { x: { dtype: "f64", shape: [2, 4], data: new Float64Array(8) } })).rejects.toMatchObject({ code: "E0703" });
  });
  it("refuses ops that must be lowered first", () => {
    const p = parseProgram(`input x: f64[4]\noutput y = dft(4).T @ x`, "t.linc");
    expect(() => compileCpu(p)).toThrow(/E0801.*'transpose' reached the cpu backend unlowered/);
    // a kernel op the schedule never planned (the program was not lowered for the cpu)
    const q = parseProgram(`input x: f64[4]\noutput y = dft(4) @ x`, "d.linc");
    expect(() => compileCpu(q)).toThrow(/E0801.*dft\(4\) carries no FFT plan/);
  });
  it("says which kernel ops it cannot render, and refuses them with the reason", () => {
    const refused = Object.entries(cpuBackend.coverage).filter(([, why]) => why !== undefined).map(([op]) => op).sort();
    expect(refused).toEqual(["cg_path", "hippo_A", "hippo_B", "ssm_basis", "ssm_dplr"]);
    const A = mk("hippo_A", tensorType("f64", [4, 4]), [], { kind: "legs", n: 4 });
    const p: Program = { file: "h.linc", source: "", consts: new Map(), inputs: [], params: [], outputs: [{ name: "A", node: A }] };
    expect(() => compileCpu(p)).toThrow(/E0801.*'hippo_A' is not supported by the cpu backend: evaluated at compile time only/);
  });
});
