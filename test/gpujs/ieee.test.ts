// The gpujs backend (GPU.js 'cpu' mode) divides and multiplies as the reference does where
// float32 IEEE arithmetic defines it: x / 0 is +-inf or NaN, complex quotients by Smith's
// algorithm, and literals keep the sign of zero and may be infinite.
import { describe, expect, it } from "vitest";
import { runGpujs } from "../../src/backends/gpujs/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { HostArray } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";

const f32 = (data: number[]): HostArray => ({ dtype: "f32", shape: [data.length], data: Float32Array.from(data) });
const c64 = (parts: [number, number][]): HostArray => ({ dtype: "c64", shape: [parts.length], data: Float32Array.from(parts.flat()) });
const same = (got: number[], want: number[]) => expect(got.map((v, i) => Object.is(v, want[i]))).toEqual(want.map(() => true));

describe("gpujs: IEEE arithmetic as the reference (float32, cpu mode)", () => {
  const cases: [string, string, Record<string, HostArray>, number[]][] = [
    ["x / 0", "input x: f32[4]\noutput y = x / 0", { x: f32([1, -1, 0, 2]) }, [Infinity, -Infinity, NaN, Infinity]],
    ["x * -0.0 keeps the sign of zero", "input x: f32[4]\noutput y = x * -0.0", { x: f32([1, -1, 0, 2]) }, [-0, 0, -0, -0]],
    ["x + -0.0 keeps -0", "input x: f32[2]\noutput y = x + -0.0", { x: f32([-0, 1]) }, [-0, 1]],
    ["x * 1e300 overflows to inf as the reference rounded to f32 does", "input x: f32[3]\noutput y = x * 1e300", { x: f32([1, -1, 2]) }, [Infinity, -Infinity, Infinity]],
    [
      "complex quotients: (1e30 + 1e30i) / (1e30 + 1e30i)",
      "input x: c64[2]\ninput z: c64[2]\noutput y = x / z",
      { x: c64([[1e30, 1e30], [1e-30, -1e-30]]), z: c64([[1e30, 1e30], [1e-30, -1e-30]]) },
      [1, 0, 1, 0],
    ],
  ];
  for (const [name, src, b, want] of cases)
    it(name, async () => {
      const p = parseProgram(src, "ieee.linc");
      same(Array.from(evaluate(p, b).y.data as Float32Array), want);
      same(Array.from((await runGpujs(lowerForBackend(p, { target: "gpujs" }), b)).y.data as Float32Array), want);
    });
});

// issue 10, item 16: 1e308 * x * 10 is IEEE arithmetic on gpujs, never an internal error. The
// passes keep the literals' order (reassociating gave x * inf, NaN at x = 0 on every backend);
// on the device 1e308 itself is past float32, so x = 0 gives float32's inf * 0 = NaN there
// while the reference (float64 inside) gives 0: the one place the float32 backend differs.
describe("gpujs: a constant product past float32", () => {
  for (const dtype of ["f32", "f64"] as const)
    it(`1e308 * x * 10 (${dtype})`, async () => {
      const p = parseProgram(`input x: ${dtype}[4]\noutput y = 1e308 * x * 10`, "big.linc");
      const b = { x: { dtype, shape: [4], data: (dtype === "f32" ? Float32Array : Float64Array).from([1, -1, 0, 2]) } };
      same(Array.from(evaluate(p, b).y.data as Float64Array), [Infinity, -Infinity, 0, Infinity]);
      same(Array.from(evaluate(lowerForBackend(p, { target: "reference" }), b).y.data as Float64Array), [Infinity, -Infinity, 0, Infinity]);
      same(Array.from((await runGpujs(lowerForBackend(p, { target: "gpujs" }), b)).y.data as Float64Array), [Infinity, -Infinity, NaN, Infinity]);
    });
});
