// inv(perm(p)), perm(p).T and perm(p).H lower to perm(invperm(p)): an O(n) gather by the
// inverse permutation, never a dense matrix. Checked at n = 7 and at n = 5000 (above the old
// dense fallback's 2^20 entries) on every compiling backend, with p bound at compile time
// (invperm folds to an i64 constant) and unbound (invperm computed by the backend), against the
// reference interpreter on random inputs.
import { describe, expect, it } from "vitest";
import { runCpu } from "../../src/backends/cpu/index.js";
import { getBackend } from "../../src/backends/index.js";
import { runOnnx } from "../../src/backends/onnx/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import {
  type HostArray, type Program, type TensorType, LincError, evalNodes, invpermNode, mk, toposort,
} from "../../src/ir/index.js";
import { lowerForBackend, verifyGraph } from "../../src/passes/index.js";
import { type Compiled, compiledBackends } from "../support/backends.js";
import { relErr } from "../support/golden.js";
import { rng } from "../support/random.js";
import { permutation } from "../../src/ir/math/random.js";

const TOL = 1e-12;
/** A gather moves values without arithmetic: exact on every backend, gpujs to float32 rounding of the data. */
const RUN_TOL: Record<Compiled, number> = { cpu: TOL, onnx: TOL, wasm: TOL, gpujs: 1e-7 };
const BATCH = 3;
const FORMS = [
  { name: "inv", expr: "inv(perm(p))", dtype: "f64" },
  { name: ".T", expr: "perm(p).T", dtype: "f64" },
  { name: ".H", expr: "perm(p).H", dtype: "c128" },
] as const;
/** Ops that would mean a dense or unlowered inverse/transpose survived. */
const DENSE_OR_UNLOWERED = ["materialize", "mtranspose", "minverse", "transpose", "adjoint", "inv"];

const shuffled = (n: number, seed: number): number[] => permutation(n, rng(seed));

function bindingsFor(n: number, dtype: "f64" | "c128", seed: number) {
  const r = rng(seed);
  const p = shuffled(n, seed + 1);
  const x: HostArray = { dtype, shape: [BATCH, n], data: Float64Array.from({ length: BATCH * n * (dtype === "c128" ? 2 : 1) }, () => r.normal()) };
  const pArr: HostArray = { dtype: "i64", shape: [n], data: BigInt64Array.from(p.map(BigInt)) };
  return { p, bindings: { p: pArr, x } as Record<string, HostArray> };
}

/**
 * The reference result. At n = 7 the reference evaluates the written program itself (its dense
 * inverse and transposes); at n = 5000 that matrix is above the reference's dense limit, so it
 * evaluates perm(q) with q inverted here by hand (q[p[i]] = i), which it applies as a gather.
 */
function reference(source: string, p: number[], bindings: Record<string, HostArray>, dtype: string): Float64Array {
  const n = p.length;
  if (n * n <= 1 << 16) return evaluate(parseProgram(source, "ref.linc"), bindings).y.data as Float64Array;
  const q = new Array<number>(n);
  p.forEach((v, i) => (q[v] = i));
  const inverse = parseProgram(`param q: i64[${n}]\ninput x: ${dtype}[batch, ${n}]\noutput y = perm(q) @ x`, "ref.linc");
  return evaluate(inverse, { q: { dtype: "i64", shape: [n], data: BigInt64Array.from(q.map(BigInt)) }, x: bindings.x }).y.data as Float64Array;
}

const opsOf = (prog: Program) => toposort(prog.outputs.map((o) => o.node)).map((n) => n.op);

describe("inv / .T / .H of perm lower to perm(invperm(p))", () => {
  for (const n of [7, 5000])
    for (const form of FORMS) {
      const source = `param p: i64[${n}]\ninput x: ${form.dtype}[batch, ${n}]\noutput y = ${form.expr} @ x`;
      const program = parseProgram(source, `invperm-${form.name}-${n}.linc`);
      const { p, bindings } = bindingsFor(n, form.dtype, n + form.name.length);
      const want = reference(source, p, bindings, form.dtype);

      it(`${form.expr} at n=${n}: the reference agrees with the hand-computed inverse gather`, () => {
        // y[b, p[i]] = x[b, i] (interleaved re, im for c128)
        const w = form.dtype === "c128" ? 2 : 1, x = bindings.x.data as Float64Array;
        const direct = new Float64Array(x.length);
        for (let b = 0; b < BATCH; b++) for (let i = 0; i < n; i++) for (let k = 0; k < w; k++) direct[(b * n + p[i]) * w + k] = x[(b * n + i) * w + k];
        expect(relErr(want, Array.from(direct))).toBe(0);
      });

      for (const target of compiledBackends())
        for (const bound of [true, false]) {
          const label = `${form.expr} at n=${n}, ${target}, p ${bound ? "bound" : "unbound"}`;
          it(label, async () => {
            const lowered = lowerForBackend(program, { target, params: bound ? { p: bindings.p } : undefined });
            verifyGraph(lowered.outputs.map((o) => o.node), "test");
            const ops = opsOf(lowered);
            expect(ops.filter((o) => DENSE_OR_UNLOWERED.includes(o))).toEqual([]);
            expect(ops).toContain("perm");
            // bound: the inverse folds to an i64 constant; unbound: the backend computes it
            expect(ops.includes("invperm")).toBe(!bound);
            // the reference on the lowered graph (its perm is a gather, so this works at any n)
            expect(relErr(evaluate(lowered, bindings).y.data as Float64Array, Array.from(want))).toBeLessThan(TOL);
            const got = await (await getBackend(target)).run(lowered, bindings);
            expect(relErr(got.y.data as Float64Array, Array.from(want)), label).toBeLessThan(RUN_TOL[target]);
            if (target === "onnx") {
              // params as graph inputs: nothing folds, invperm becomes ScatterElements (when unbound)
              const asInputs = await runOnnx(lowered, bindings, { paramsAsInputs: true });
              expect(relErr(asInputs.y.data as Float64Array, Array.from(want)), `${label}, params as inputs`).toBeLessThan(TOL);
            }
          });
        }
    }

  it("folding gives an i64 constant holding q[p[i]] = i", () => {
    const { p, bindings } = bindingsFor(9, "f64", 3);
    const program = parseProgram("param p: i64[9]\ninput x: f64[batch, 9]\noutput y = inv(perm(p)) @ x", "fold.linc");
    const lowered = lowerForBackend(program, { target: "cpu", params: { p: bindings.p } });
    const permNode = toposort(lowered.outputs.map((o) => o.node)).find((n) => n.op === "perm")!;
    const q = permNode.src[0];
    expect(q.op).toBe("const");
    expect(q.type).toEqual({ kind: "tensor", dtype: "i64", shape: [9] });
    if (q.op !== "const") return;
    expect(Array.from(q.arg.data, (v, i) => p[v] === i)).toEqual(new Array(9).fill(true));
  });

  it("the reference refuses an invperm of a non-permutation (E0603)", () => {
    const bad = mk("const", { kind: "tensor", dtype: "i64", shape: [4] }, [], { data: Float64Array.from([0, 2, 2, 1]) });
    const node = invpermNode(bad);
    let err: unknown;
    try {
      evalNodes([node], { bindings: new Map() });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LincError);
    expect((err as LincError).code).toBe("E0603");
  });

  it("the cpu kernel refuses a run-time p that is not a permutation", async () => {
    const program = parseProgram("param p: i64[4]\ninput x: f64[batch, 4]\noutput y = perm(p).T @ x", "bad.linc");
    const lowered = lowerForBackend(program, { target: "cpu" });
    const bindings = { p: { dtype: "i64", shape: [4], data: BigInt64Array.from([0n, 3n, 3n, 1n]) }, x: { dtype: "f64", shape: [1, 4], data: new Float64Array(4) } } as Record<string, HostArray>;
    await expect(runCpu(lowered, bindings)).rejects.toThrow(/not a permutation/);
  });

  it("invperm's verify() rejects a result type other than the source's i64 vector", () => {
    const p = mk("param", { kind: "tensor", dtype: "i64", shape: [5] }, [], { name: "p" });
    expect(() => verifyGraph([invpermNode(p)])).not.toThrow();
    const wrong = mk("invperm", { kind: "tensor", dtype: "f64", shape: [5] } as TensorType, [p], {});
    expect(() => verifyGraph([wrong])).toThrow(/invperm's result must be i64\[5\]/);
  });
});
