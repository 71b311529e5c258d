// Language pieces of frequency-domain layers: kron with an rdft/irdft factor (the real FFT along
// one axis of a token x channel layout), softshrink of complex values (real and imaginary parts
// shrunk apart, as AFNO does), and complex scalars; each through the reference and every
// compiling backend of the registry.
import { describe, expect, it } from "vitest";
import { getBackend } from "../../src/backends/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { checkSource, parseProgram } from "../../src/dsl/index.js";
import type { HostArray } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { rng } from "../support/random.js";
import { type Compiled, compiledBackends } from "../support/backends.js";
import { maxAbsErr } from "../support/compare.js";

const r = rng(11);
/** Absolute tolerances of the two tests: float64 backends, and gpujs (float32 on the device). */
const TOL_RDFT: Record<Compiled, number> = { cpu: 1e-12, onnx: 1e-12, gpujs: 1e-4, wasm: 1e-12 };
const TOL_SHRINK: Record<Compiled, number> = { cpu: 1e-14, onnx: 1e-14, gpujs: 1e-5, wasm: 1e-14 };
const arr = (dtype: "f64" | "c128", shape: number[]): HostArray => ({
  dtype, shape, data: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) * (dtype === "c128" ? 2 : 1) }, () => r.normal()),
});

describe("kron with a real-FFT factor", () => {
  const T = 12, C = 3, F = T / 2 + 1;
  const x = arr("f64", [2, T * C]);
  it("kron(rdft(T), I(C)) is numpy.fft.rfft along the token axis of every channel", () => {
    const p = parseProgram(`input x: f64[batch, ${T * C}]\noutput y = kron(rdft(${T}), I(${C})) @ x\n`, "k.linc");
    const y = evaluate(p, { x }).y;
    expect(y.shape).toEqual([2, F * C]);
    const xd = x.data as Float64Array, yd = y.data as Float64Array;
    for (let b = 0; b < 2; b++)
      for (let c = 0; c < C; c++)
        for (let k = 0; k < F; k++) {
          let re = 0, im = 0;
          for (let t = 0; t < T; t++) {
            const a = (-2 * Math.PI * k * t) / T, v = xd[b * T * C + t * C + c];
            re += v * Math.cos(a);
            im += v * Math.sin(a);
          }
          const o = 2 * (b * F * C + k * C + c);
          expect(Math.abs(yd[o] - re) + Math.abs(yd[o + 1] - im)).toBeLessThan(1e-12);
        }
  });
  it("kron(irdft(T), I(C)) inverts it, on every backend", async () => {
    const src = `input x: f64[batch, ${T * C}]\nX = kron(rdft(${T}), I(${C})) @ x\noutput y = kron(irdft(${T}), I(${C})) @ softshrink(X, 0.05)\noutput back = kron(irdft(${T}), I(${C})) @ X\n`;
    const p = parseProgram(src, "k.linc");
    const want = evaluate(p, { x });
    expect(maxAbsErr(want.back.data as Float64Array, x.data as Float64Array)).toBeLessThan(1e-12);
    for (const target of compiledBackends()) {
      const got = await (await getBackend(target)).run(lowerForBackend(p, { target }), { x });
      for (const k of ["y", "back"]) expect(maxAbsErr(got[k].data as Float64Array, want[k].data as Float64Array), `${target} ${k}`).toBeLessThan(TOL_RDFT[target]);
    }
  });
  it("refuses an rdft factor next to a complex factor, and in a blockdiag", () => {
    expect(checkSource("input x: f64[b, 16]\noutput y = kron(rdft(4), dft(4)) @ x\n", "k.linc")[0]).toMatchObject({ code: "E0502" });
    expect(checkSource("input x: f64[b, 16]\noutput y = blockdiag(rdft(8), rdft(8)) @ x\n", "k.linc")[0]).toMatchObject({ code: "E0502" });
  });
});

describe("complex softshrink and complex scalars", () => {
  it("shrinks real and imaginary parts apart; complex(re, im) is a scalar", async () => {
    const z = arr("c128", [3, 5]);
    const p = parseProgram("input z: c128[batch, 5]\noutput y = softshrink(z, 0.3) * complex(0, 1)\n", "s.linc");
    const want = evaluate(p, { z }).y.data as Float64Array;
    const zd = z.data as Float64Array, s = (v: number) => Math.sign(v) * Math.max(Math.abs(v) - 0.3, 0);
    for (let i = 0; i < 15; i++) {
      // (a + ib) * i = -b + ia
      expect(want[2 * i]).toBeCloseTo(-s(zd[2 * i + 1]), 14);
      expect(want[2 * i + 1]).toBeCloseTo(s(zd[2 * i]), 14);
    }
    for (const target of compiledBackends())
      expect(maxAbsErr((await (await getBackend(target)).run(lowerForBackend(p, { target }), { z })).y.data as Float64Array, want), target).toBeLessThan(TOL_SHRINK[target]);
  });
});
