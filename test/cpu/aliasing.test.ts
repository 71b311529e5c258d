// An output array that shares memory with an input (issue 10, item 5): the emitted kernel
// refuses it with an error naming both, rather than computing garbage; views of one buffer
// that do not overlap are fine.
import { describe, expect, it } from "vitest";
import { compileCpu } from "../../src/backends/cpu/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { lowered, randomHost } from "./support.js";
import { relErr } from "../support/compare.js";
import { uniform } from "../support/random.js";

const SRC = `input x: f64[batch, 16]\noutput y = real(dft(16) @ x)\n`;

function kernel() {
  return compileCpu(lowered(parseProgram(SRC, "a.linc"))).createKernel({});
}

describe("cpu output aliasing an input", () => {
  it("throws when the output is the input array", () => {
    const buf = new Float64Array(32);
    expect(() => kernel().run({ x: buf }, { y: buf })).toThrow(/output "y" overlaps input "x": pass a separate array/);
  });

  it("throws when a subarray view overlaps the input partly", () => {
    const mem = new Float64Array(48);
    const x = mem.subarray(0, 32), y = mem.subarray(16, 48);
    expect(() => kernel().run({ x }, { y })).toThrow(/output "y" overlaps input "x"/);
    // a view over the same bytes with another element type overlaps too
    const x2 = mem.subarray(16, 48), y2 = new Float64Array(mem.buffer, 0, 32);
    expect(() => kernel().run({ x: x2 }, { y: y2 })).toThrow(RangeError);
  });

  it("runs with non-overlapping views of one buffer", () => {
    const mem = new Float64Array(64);
    const x = mem.subarray(0, 32), y = mem.subarray(32, 64);
    x.set(randomHost("f64", [2, 16], uniform(5)).data as Float64Array);
    const want = kernel().run({ x: Float64Array.from(x) }).y as Float64Array;
    const got = kernel().run({ x }, { y }).y as Float64Array;
    expect(got).toBe(y);
    expect(relErr(got, want)).toBe(0);
  });
});
