// Mixed real and complex operands of one operator on the cpu backend, against the reference
// interpreter: monarch(w1, w2) @ x for every real/complex choice of w1, w2 and x (a real first
// stage whose second stage is complex once wrote real data into a complex buffer).
import { describe, expect, it } from "vitest";
import { runCpu } from "../../src/backends/cpu/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { HostArray } from "../../src/ir/index.js";
import { lowered } from "./support.js";
import { relErr } from "../support/compare.js";

const real = (shape: number[], data: number[]): HostArray => ({ dtype: "f64", shape, data: Float64Array.from(data) });
/** Complex data from (re, im) pairs of each element. */
const cplx = (shape: number[], parts: [number, number][]): HostArray => ({ dtype: "c128", shape, data: Float64Array.from(parts.flat()) });

describe("monarch with real and complex factors and input", () => {
  const w1 = [1, 2, 3, 4, 5, 6, 7, 8], w2 = w1.map((v) => v - 1);
  const values = {
    w1: { f64: real([2, 2, 2], w1), c128: cplx([2, 2, 2], w1.map((v) => [v, 0.5 * v])) },
    w2: { f64: real([2, 2, 2], w2), c128: cplx([2, 2, 2], w2.map((v) => [v + 1, 1])) },
    x: { f64: real([1, 4], [1, 0, 0, 0]), c128: cplx([1, 4], [[1, 0], [0, 2], [0, 0], [3, -1]]) },
  };

  it("the reported case: real w1 and x, complex w2 (w2 = arange(8) + 1j)", async () => {
    const src = "input x: f64[batch, 4]\nparam w1: f64[2, 2, 2]\nparam w2: c128[2, 2, 2]\noutput y = monarch(w1, w2) @ x";
    const p = parseProgram(src, "monarch.linc");
    const b = { x: values.x.f64, w1: values.w1.f64, w2: cplx([2, 2, 2], w2.map((v) => [v, 1])) };
    const want = [0, 1, 12, 3, 2, 1, 18, 3]; // [1j, 12+3j, 2+1j, 18+3j]
    expect(Array.from(evaluate(p, b).y.data as Float64Array)).toEqual(want);
    expect(relErr((await runCpu(lowered(p), b)).y.data as Float64Array, want)).toBeLessThan(1e-15);
  });

  for (const t1 of ["f64", "c128"] as const)
    for (const t2 of ["f64", "c128"] as const)
      for (const tx of ["f64", "c128"] as const)
        it(`w1: ${t1}, w2: ${t2}, x: ${tx}`, async () => {
          const src = `input x: ${tx}[batch, 4]\nparam w1: ${t1}[2, 2, 2]\nparam w2: ${t2}[2, 2, 2]\noutput y = monarch(w1, w2) @ x`;
          const p = parseProgram(src, "monarch.linc");
          const b = { x: values.x[tx], w1: values.w1[t1], w2: values.w2[t2] };
          const want = evaluate(p, b).y, got = (await runCpu(lowered(p), b)).y;
          expect(got.dtype).toBe(want.dtype);
          expect(relErr(got.data as Float64Array, want.data as Float64Array)).toBeLessThan(1e-14);
        });
});
