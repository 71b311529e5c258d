// The reference interpreter's arithmetic is IEEE arithmetic on real values (x / 0 is +-inf or
// NaN, no overflow or underflow an IEEE quotient would not have, the sign of zero kept) and
// divides complex numbers by Smith's algorithm, which does not overflow needlessly.
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { HostArray } from "../../src/ir/index.js";

const f64 = (data: number[]): HostArray => ({ dtype: "f64", shape: [data.length], data: Float64Array.from(data) });
const c128 = (parts: [number, number][]): HostArray => ({ dtype: "c128", shape: [parts.length], data: Float64Array.from(parts.flat()) });
const run = (src: string, b: Record<string, HostArray>) => Array.from(evaluate(parseProgram(src, "ieee.linc"), b).y.data as Float64Array);
/** Equal as IEEE values: NaN equals NaN, -0 differs from 0. */
const same = (got: number[], want: number[]) => expect(got.map((v, i) => Object.is(v, want[i]))).toEqual(want.map(() => true));

describe("reference: IEEE real arithmetic", () => {
  it("x / 0 is +inf, -inf, NaN per IEEE", () => {
    same(run("input x: f64[4]\noutput y = x / 0", { x: f64([1, -1, 0, 2]) }), [Infinity, -Infinity, NaN, Infinity]);
  });
  it("x / 1e200 of x = 1e-100 is 1e-300 (no underflow of |b|^2)", () => {
    same(run("input x: f64[4]\noutput y = x / 1e200", { x: f64([1e-100, -2e-100, 0, 3e-100]) }), [1e-100 / 1e200, -2e-100 / 1e200, 0, 3e-100 / 1e200]);
    expect(run("input x: f64[1]\noutput y = x / 1e200", { x: f64([1e-100]) })[0]).toBeCloseTo(1e-300, 310);
  });
  it("x * 1e200 / 1e200 gives x back (no overflow of |b|^2)", () => {
    same(run("input x: f64[4]\noutput y = x * 1e200 / 1e200", { x: f64([1, -2.5, 0, 3]) }), [1, -2.5, 0, 3]);
  });
  it("a real product keeps the sign of zero and makes no NaN from inf * 0 cross terms", () => {
    same(run("input x: f64[4]\noutput y = x * -0.0", { x: f64([1, -1, 0, 2]) }), [-0, 0, -0, -0]);
    same(run("input x: f64[4]\noutput y = -x * 2", { x: f64([0, 1, -0, 2]) }), [-0, -2, 0, -4]);
    same(run("input x: f64[3]\noutput y = (x * 1e200) * 1e200 * 2", { x: f64([1, -1, 0]) }), [Infinity, -Infinity, 0]);
  });
  it("the NaN imaginary part of a real quotient does not leak into a complex product", () => {
    // (x / 0) is real inf; inf * i = NaN + inf i as numpy gives, not NaN + NaN i
    same(run("input x: f64[2]\noutput y = (x / 0) * complex(0, 1)", { x: f64([1, -1]) }), [NaN, Infinity, NaN, -Infinity]);
  });
});

describe("reference: complex division by Smith's algorithm", () => {
  it("(1e300 + 1e300i) / (1e300 + 1e300i) = 1 (the naive formula overflows)", () => {
    same(run("input x: c128[2]\ninput z: c128[2]\noutput y = x / z", { x: c128([[1e300, 1e300], [1e-300, -1e-300]]), z: c128([[1e300, 1e300], [1e-300, -1e-300]]) }), [1, 0, 1, 0]);
  });
  it("a large complex quotient neither overflows nor underflows needlessly", () => {
    const got = run("input x: c128[1]\ninput z: c128[1]\noutput y = x / z", { x: c128([[3e200, 4e200]]), z: c128([[1e200, 2e200]]) });
    // (3 + 4i) / (1 + 2i) = 2.2 - 0.4i
    expect(got[0]).toBeCloseTo(2.2, 14);
    expect(got[1]).toBeCloseTo(-0.4, 14);
  });
  it("a complex dividend over a real divisor divides each part; over zero as numpy does", () => {
    same(run("input x: c128[2]\noutput y = x / 0", { x: c128([[1, -2], [0, 3]]) }), [Infinity, -Infinity, NaN, Infinity]);
  });
});
