// The cpu backend's arithmetic is the reference's bit for bit where IEEE defines it: real
// division and products (x / 0, no needless overflow), Smith's complex division, and the sign
// of zero of literals folded into the emitted code.
import { describe, expect, it } from "vitest";
import { runCpu } from "../../src/backends/cpu/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { HostArray } from "../../src/ir/index.js";
import { lowered } from "./support.js";

const f64 = (data: number[]): HostArray => ({ dtype: "f64", shape: [data.length], data: Float64Array.from(data) });
const c128 = (parts: [number, number][]): HostArray => ({ dtype: "c128", shape: [parts.length], data: Float64Array.from(parts.flat()) });
const same = (got: number[], want: number[]) => expect(got.map((v, i) => Object.is(v, want[i]))).toEqual(want.map(() => true));

async function both(src: string, b: Record<string, HostArray>) {
  const p = parseProgram(src, "ieee.linc");
  const want = Array.from(evaluate(p, b).y.data as Float64Array);
  const got = Array.from((await runCpu(lowered(p), b)).y.data as Float64Array);
  return { got, want };
}

describe("cpu: IEEE arithmetic as the reference", () => {
  const cases: [string, string, Record<string, HostArray>, number[]][] = [
    ["x / 0", "input x: f64[4]\noutput y = x / 0", { x: f64([1, -1, 0, 2]) }, [Infinity, -Infinity, NaN, Infinity]],
    ["x / 1e200", "input x: f64[2]\noutput y = x / 1e200", { x: f64([1e-100, -1e-100]) }, [1e-100 / 1e200, -1e-100 / 1e200]],
    ["x * 1e200 / 1e200", "input x: f64[3]\noutput y = x * 1e200 / 1e200", { x: f64([1, -2.5, 3]) }, [1, -2.5, 3]],
    ["x * -0.0 keeps the sign of zero", "input x: f64[4]\noutput y = x * -0.0", { x: f64([1, -1, 0, 2]) }, [-0, 0, -0, -0]],
    ["x + -0.0 keeps -0", "input x: f64[2]\noutput y = x + -0.0", { x: f64([-0, 1]) }, [-0, 1]],
    ["-(x * -0.0)", "input x: f64[2]\noutput y = -(x * -0.0)", { x: f64([1, -1]) }, [0, -0]],
    ["(x / 0) * i", "input x: f64[2]\noutput y = (x / 0) * complex(0, 1)", { x: f64([1, -1]) }, [NaN, Infinity, NaN, -Infinity]],
    [
      "Smith: (1e300 + 1e300i) / (1e300 + 1e300i)",
      "input x: c128[2]\ninput z: c128[2]\noutput y = x / z",
      { x: c128([[1e300, 1e300], [1e-300, -1e-300]]), z: c128([[1e300, 1e300], [1e-300, -1e-300]]) },
      [1, 0, 1, 0],
    ],
    ["real / complex", "input x: f64[2]\ninput z: c128[2]\noutput y = x / z", { x: f64([1e300, 2]), z: c128([[1e300, 1e300], [0, 0]]) }, [0.5, -0.5, Infinity, NaN]],
    ["complex / real 0", "input x: c128[2]\noutput y = x / 0", { x: c128([[1, -2], [0, 3]]) }, [Infinity, -Infinity, NaN, Infinity]],
  ];
  for (const [name, src, b, want] of cases)
    it(name, async () => {
      const r = await both(src, b);
      same(r.want, want);
      same(r.got, r.want);
    });

  it("complex products match the reference bit for bit, zeros' signs included", async () => {
    const x = c128([[1, 2], [-0, 0], [3, 0], [0, -4], [1e200, 1e200]]), z = c128([[3, -1], [-2, 0], [1e300, 0], [0, 2], [1e200, -1e200]]);
    const r = await both("input x: c128[5]\ninput z: c128[5]\noutput y = x * z", { x, z });
    same(r.got, r.want);
  });
});
