// rdft and irdft on the gpujs backend against the reference interpreter, for sizes whose
// recorded plans cover every route: even n through the half-size complex FFT (its inner plan
// direct, Stockham or Bluestein), odd n through the full-size one. irdft gets bins that are not
// a Hermitian half spectrum (imaginary DC and Nyquist parts too), which numpy.fft.irfft (and the
// reference) ignore. Float32: max |y - Y| <= 1e-5 * max(1, max |Y|).
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { runGpujs } from "../../src/backends/gpujs/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, toposort } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { relErr } from "../support/golden.js";
import { uniform } from "../support/random.js";

const TOL = 1e-5;

async function check(src: string, x: HostArray, via: "half" | "full") {
  const p = parseProgram(src, "real.linc");
  const low = lowerForBackend(p, { target: "gpujs" });
  const plans = toposort(low.outputs.map((o) => o.node)).flatMap((n) => (n.op === "rdft" || n.op === "irdft" ? [n.arg.plan?.via] : []));
  expect(plans).toEqual([via]);
  const got = (await runGpujs(low, { x }, { mode: "cpu" })).y;
  const want = evaluate(p, { x }).y;
  expect(got.shape).toEqual(want.shape);
  expect(relErr(got.data as Float32Array, Array.from(want.data as Float64Array))).toBeLessThanOrEqual(TOL);
}

describe("gpujs rdft / irdft against the reference", () => {
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 16, 30, 64, 97, 100, 128, 256, 1000]) {
    const via = n % 2 === 0 ? "half" : "full";
    const h = Math.floor(n / 2) + 1;
    it(`rdft(${n}) via ${via}`, async () => {
      const r = uniform(n);
      const x: HostArray = { dtype: "f32", shape: [3, n], data: Float32Array.from({ length: 3 * n }, r) };
      await check(`input x: f32[batch, ${n}]\noutput y = rdft(${n}, norm="ortho") @ x\n`, x, via);
    });
    it(`irdft(${n}) via ${via}`, async () => {
      const r = uniform(7 * n + 1);
      const x: HostArray = { dtype: "c64", shape: [3, h], data: Float32Array.from({ length: 6 * h }, r) };
      await check(`input x: c64[batch, ${h}]\noutput y = irdft(${n}, norm="ortho") @ x\n`, x, via);
    });
  }
});
