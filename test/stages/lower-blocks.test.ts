// The lowerings of dense, lowrank, diagblocks, monarch, kron, blockdiag and the index and
// diagonal operators (eye, diag, perm, bitrev, stride, window, reverse; src/passes/lower/ops.ts), evaluated by the
// stage interpreter against the ops' reference meanings to 1e-12 relative, on real and complex
// rows and along a middle axis: dense and diagonal products as the batched block matmul stage,
// Monarch's two block products and stride transposes, kron's factors each along its own axis of
// the vector (any covered op, identities skipped, real-input and real-output factors), and
// blockdiag's blocks on their windows (runs of equal blocks along one axis). Weights are shared
// inputs found through their source paths, however deeply nested.
import { describe, expect, it } from "vitest";
import { type Node, type NodeOf, type TensorType, mk, monarchFlip, operatorType, reverseNode, tensorType, windowNode } from "../../src/ir/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { lowerOp } from "../../src/passes/lower/ops.js";
import { randomTensor, rng } from "./helpers.js";
import { type Params, check, planner } from "./lowering.js";

/** The operator of `output y = OP @ x` in a spec, and random values of its params. */
function operator(spec: string, seed: number): { op: Node; params: Params } {
  const p = parseProgram(spec, "t.linc"), r = rng(seed);
  const params = Object.fromEntries(p.params.map((d) => {
    const t = d.node.type as TensorType;
    return [d.name, randomTensor(r, t.shape as number[], !t.dtype.startsWith("c"))];
  }));
  return { op: p.outputs[0].node.src[0], params };
}

const lowered = (spec: string, seed: number) => {
  const { op, params } = operator(spec, seed);
  return check(op, seed, params);
};

describe("dense and monarch", () => {
  it.each([["f64", 5, 3], ["c128", 3, 7], ["f64", 1, 1], ["c128", 8, 8]] as const)("dense(W: %s[%i, %i])", (dt, rows, cols) => {
    const p = lowered(`param W: ${dt}[${rows}, ${cols}]\ninput x: c128[${cols}]\noutput y = dense(W) @ x\n`, rows * cols);
    expect(p.stages.map((s) => s.op)).toEqual(["matmul"]);
    expect(p.inputs[1]).toMatchObject({ name: "W", shared: true, source: [0] });
  });

  it.each([
    [[4, 4, 4], [4, 4, 4], "f64"], [[4, 3, 2], [3, 5, 4], "f64"], [[2, 6, 3], [4, 2, 3], "c128"], [[8, 2, 2], [4, 1, 4], "c128"], [[1, 5, 7], [5, 3, 1], "f64"],
  ] as const)("monarch(w1: %j, w2: %j) of %s weights", (w1, w2, dt) => {
    const p = lowered(`param w1: ${dt}[${w1.join(", ")}]\nparam w2: ${dt}[${w2.join(", ")}]\ninput x: c128[${w1[0] * w1[2]}]\noutput y = monarch(w1, w2) @ x\n`, w1[1] + w2[1]);
    expect(p.stages.map((s) => s.op)).toEqual(["matmul", "transpose", "matmul", "transpose"]);
  });

  it.each(["inv", "transpose", "adjoint"] as const)("the two Monarch factors of its structural %s (one trivial factor each)", (mode) => {
    const { op, params } = operator("param w1: c128[4, 3, 3]\nparam w2: c128[3, 4, 4]\ninput x: c128[12]\noutput y = monarch(w1, w2) @ x\n", 7);
    const flip = monarchFlip(op as NodeOf<"monarch">, mode)!;
    for (const part of flip.src) check(part, 8, params);
  });
});

describe("the index and diagonal operators", () => {
  it.each([
    ["diag(v)", "param v: c128[5]", 5], ["diag(v)", "param v: f64[1]", 1], ["I(4)", "", 4], ["bitrev(16)", "", 16], ["bitrev(1)", "", 1],
    ["stride(3, 4)", "", 12], ["stride(1, 5)", "", 5],
  ])("%s", (op, params, n) => {
    lowered(`${params}\ninput x: c128[2, ${n}]\noutput y = ${op} @ x\n`, n);
  });

  it("reverse and window (the ops the dst and conv rewrites build)", () => {
    for (const n of [1, 2, 7]) check(reverseNode(n), n);
    for (const [rows, cols, offset] of [[3, 6, 2], [8, 3, -2], [2, 5, 4], [4, 4, 0], [2, 3, 5]]) check(windowNode(rows, cols, offset), rows + cols);
    check(mk("kron", operatorType(6, 12, false), [reverseNode(3), windowNode(2, 4, 1)], {}), 12);
  });

  it("perm(p) of a constant p is a gather; of a run-time p it is not lowered", () => {
    const { op } = operator("param p: i64[4]\ninput x: c128[4]\noutput y = perm(p) @ x\n", 1);
    expect(lowerOp(op as NodeOf<"perm">, planner)).toBeUndefined();
    const p = mk("const", tensorType("i64", [5]), [], { data: [3, 0, 4, 1, 2] });
    const prog = check(mk("perm", operatorType(5, 5, false), [p], {}), 2);
    expect(prog.stages.map((s) => s.op)).toEqual(["gather"]);
    // a table per distinct permutation: two in kron(P, Q), one in kron(P, P)
    const P = mk("perm", operatorType(5, 5, false), [p], {}), Q = mk("perm", operatorType(5, 5, false), [mk("const", tensorType("i64", [5]), [], { data: [4, 3, 2, 0, 1] })], {});
    expect(Object.keys(check(mk("kron", operatorType(25, 25, false), [P, Q], {}), 3).tables)).toEqual(["perm n=5 #0", "perm n=5 #1"]);
    expect(Object.keys(check(mk("kron", operatorType(25, 25, false), [P, P], {}), 4).tables)).toEqual(["perm n=5 #0"]);
  });
});

describe("lowrank and diagblocks: weights read through strides", () => {
  it.each([[5, 7, 2, "f64"], [4, 4, 1, "c128"], [1, 3, 3, "c128"]] as const)("lowrank(U: [%i, r], V: [%i, r]), r = %i, %s", (m, n, r, dt) => {
    const p = lowered(`param U: ${dt}[${m}, ${r}]\nparam V: ${dt}[${n}, ${r}]\ninput x: c128[2, ${n}]\noutput y = lowrank(U, V) @ x\n`, m * n);
    expect(p.stages.map((s) => s.op)).toEqual(["matmul", "matmul"]);
  });

  it.each([[2, 3, 5], [1, 1, 4], [3, 1, 2], [2, 2, 1]])("diagblocks(D: [%i, %i, %i])", (co, ci, n) => {
    for (const dt of ["f64", "c128"] as const) {
      const D = mk("param", tensorType(dt, [co, ci, n]), [], { name: "D" });
      check(mk("diagblocks", operatorType(co * n, ci * n, dt === "c128"), [D], {}), co + ci + n, { D: randomTensor(rng(n), [co, ci, n], dt === "f64") });
    }
  });
});

describe("kron", () => {
  it.each([
    ["kron(dft(4), dense(W))", "param W: c128[3, 5]", 20],
    ["kron(dense(W), I(3))", "param W: f64[2, 4]", 12],
    ["kron(I(2), dct(5, type=3, norm=\"ortho\"))", "", 10],
    ["kron(dense(W), dft(3), I(2))", "param W: f64[4, 2]", 12],
    ["kron(wht(4), idft(3), dense(W))", "param W: c128[2, 2]", 24],
    ["kron(butterfly(w), dct(3, type=1))", "param w: f64[2, 2, 2, 2]", 12],
    ["kron(monarch(w1, w2), I(2))", "param w1: f64[2, 2, 2]\nparam w2: f64[2, 2, 2]", 8],
    ["kron(I(2), I(3))", "", 6],
    ["kron(bitrev(4), diag(v), stride(2, 3))", "param v: c128[2]", 48],
  ])("%s", (op, params, n) => {
    lowered(`${params}\ninput x: c128[2, ${n}]\noutput y = ${op} @ x\n`, n);
  });

  it("a real-input factor (rdft) with real operators, and a real-output one (irdft)", () => {
    lowered("input x: f64[6 * 3]\noutput y = kron(rdft(6), I(3)) @ x\n", 1);
    lowered("param W: f64[2, 3]\ninput x: f64[3 * 8]\noutput y = kron(dense(W), rdft(8)) @ x\n", 2);
    lowered("input x: c128[2 * 5]\noutput y = kron(I(2), irdft(8)) @ x\n", 3);
  });

  it("names nested weights after their factor and binds them through their source paths", () => {
    const p = lowered("param A: f64[2, 3]\nparam B: c128[3, 2]\ninput x: c128[3 * 2]\noutput y = kron(dense(A), dense(B)) @ x\n", 4);
    expect(p.inputs.filter((b) => b.shared).map((b) => [b.name, b.source])).toEqual([["0.W", [0, 0]], ["1.W", [1, 0]]]);
  });
});

describe("blockdiag", () => {
  it.each([
    ["blockdiag(dft(4), dense(W))", "param W: f64[3, 2]", 6],
    ["blockdiag(dct(4), dct(4), dct(4))", "", 12],
    ["blockdiag(I(3), wht(4), wht(4), dense(W))", "param W: c128[2, 5]", 16],
    ["blockdiag(diag(v), dft(3) @ dense(W))", "param v: c128[4]\nparam W: f64[3, 3]", 7],
    ["blockdiag(2 * dft(4), dft(4) + wht(4), I(2))", "", 10],
    ["blockdiag(kron(dense(W), I(2)), monarch(w1, w2))", "param W: f64[2, 2]\nparam w1: f64[2, 2, 2]\nparam w2: f64[2, 2, 2]", 8],
  ])("%s", (op, params, n) => {
    lowered(`${params}\ninput x: c128[2, ${n}]\noutput y = ${op} @ x\n`, n);
  });

  it("runs a run of equal blocks as one body along the axis, with no window or place", () => {
    const p = lowered("input x: c128[12]\noutput y = blockdiag(dft(4), dft(4), dft(4)) @ x\n", 5);
    expect(p.stages.some((s) => s.op === "window" || s.op === "place")).toBe(false);
    expect(p.stages[0].geom.outer).toBe(3);
  });

  it("lowers nothing where a block or factor is not covered (a Toeplitz matrix)", () => {
    for (const spec of ["param c: f64[3]\ninput x: c128[6]\noutput y = blockdiag(toeplitz(c, c), dft(3)) @ x\n", "param c: f64[3]\ninput x: c128[6]\noutput y = kron(I(2), circulant(c)) @ x\n"])
      expect(lowerOp(operator(spec, 6).op as NodeOf<"kron">, planner)).toBeUndefined();
  });
});
