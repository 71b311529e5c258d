// The ops the gpujs schedule lists render from their stage programs (the `matmul` stage among
// them: dense, monarch, kron, blockdiag), and what the lowering does not cover keeps a kernel
// path: a kron or blockdiag with a Toeplitz factor (kept direct), a run-time perm. Each against
// the reference interpreter, to the gpujs float32 bound.
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { runGpujs } from "../../src/backends/gpujs/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, type Node, type TensorType, toposort } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { F64_BOUND } from "../support/backends.js";
import { relErr } from "../support/compare.js";
import { uniformArray } from "../support/random.js";

const host = (dtype: string, shape: number[], seed: number): HostArray => {
  const len = shape.reduce((a, b) => a * b, 1) * (dtype.startsWith("c") ? 2 : 1);
  return { dtype, shape, data: dtype === "f32" || dtype === "c64" ? Float32Array.from(uniformArray(len, seed)) : uniformArray(len, seed) } as HostArray;
};
const staged = (n: Node) => (n.arg as { stages?: unknown }).stages !== undefined;

const CASES = [
  { what: "monarch, dense, lowrank, dct and idst from programs", staged: ["monarch", "dense", "lowrank", "dct"], spec: "param w1: c64[4, 4, 4]\nparam w2: c64[4, 4, 4]\nparam W: f32[16, 16]\nparam U: f32[16, 3]\nparam V: f32[16, 3]\ninput x: c64[batch, 16]\noutput a = monarch(w1, w2) @ x\noutput b = dense(W) @ x + lowrank(U, V) @ x\noutput c = dct(16, type=2) @ x + idst(16, type=3) @ x\n" },
  { what: "kron and blockdiag of covered ops, from programs", staged: ["kron", "blockdiag"], spec: "param W: f32[3, 3]\ninput x: c64[batch, 12]\noutput y = kron(dense(W), dft(4)) @ x\noutput z = blockdiag(dft(4), I(3), dct(5)) @ x\n" },
  { what: "kron and blockdiag with a Toeplitz factor, and a run-time perm, as kernel ops", unstaged: ["kron", "blockdiag", "perm"], spec: "input c: f32[3]\ninput r: f32[3]\nparam W: f32[4, 4]\ninput p: i64[12]\ninput x: c64[batch, 12]\noutput y = kron(toeplitz(c, r), dense(W)) @ x\noutput z = blockdiag(toeplitz(c, r), dft(4), dct(5)) @ x\noutput q = perm(p) @ x\n" },
];

describe("gpujs stage programs and kernel fallbacks against the reference", () => {
  it.each(CASES)("$what", async (c) => {
    const program = parseProgram(c.spec, "staged.linc");
    const low = lowerForBackend(program, { target: "gpujs" });
    const nodes = toposort(low.outputs.map((o) => o.node));
    for (const op of c.staged ?? []) expect([op, nodes.filter((n) => n.op === op).every(staged)]).toEqual([op, true]);
    for (const op of c.unstaged ?? []) expect([op, nodes.some((n) => n.op === op && !staged(n))]).toEqual([op, true]);
    const bindings: Record<string, HostArray> = {};
    [...program.inputs, ...program.params].forEach((d, i) => {
      const t = d.node.type as TensorType;
      const shape = t.shape.map((s) => (typeof s === "number" ? s : 2));
      bindings[d.name] = d.name === "p" ? { dtype: "i64", shape, data: BigInt64Array.from([3, 0, 11, 5, 1, 2, 10, 4, 6, 9, 8, 7].map(BigInt)) } : host(t.dtype, shape, 100 + i);
    });
    const want = evaluate(program, bindings), got = await runGpujs(low, bindings);
    for (const o of program.outputs) expect([o.name, relErr(got[o.name].data as Float64Array, want[o.name].data as Float64Array) <= F64_BOUND.gpujs]).toEqual([o.name, true]);
  });
});
