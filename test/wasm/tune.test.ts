// The measured planner on the wasm target: JavaScript against wasm per FFT. A wisdom entry with
// "kernel": "js" makes the wasm renderer hand that FFT to the cpu's JavaScript kernel (the
// emitted module has no wasm function for it) with the reference's results; `tune` times that
// JavaScript candidate beside the wasm plans, per length and precision, and what it records runs
// with the reference's results too. Without wisdom the schedule decides: short FFTs (below its
// jsBelow, per precision) in JavaScript, the others in wasm.
import { describe, expect, it } from "vitest";
import { compile, currentMachine, explain, run, tune } from "../../src/api/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { HostArray } from "../../src/ir/index.js";
import { WISDOM_FORMAT, WISDOM_VERSION, parseWisdom } from "../../src/passes/index.js";
import { rng } from "../support/random.js";
import { wasmKernelCount } from "./support.js";
import { peakRelErr } from "../support/compare.js";

// a c64 dft of 64 and a c128 one of 48 (one FFT each), an f64 rdft(96) (the same f64 FFT of 48)
const SPEC = "input u: c64[2, 64]\ninput v: c128[2, 48]\ninput x: f64[2, 96]\noutput a = dft(64) @ u\noutput b = dft(48) @ v\noutput c = rdft(96) @ x\n";
const r = rng(5);
const data = (n: number, f32: boolean) => {
  const a = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = r.normal();
  return a;
};
const inputs: Record<string, HostArray> = {
  u: { dtype: "c64", shape: [2, 64], data: data(256, true) },
  v: { dtype: "c128", shape: [2, 48], data: data(192, false) },
  x: { dtype: "f64", shape: [2, 96], data: data(192, false) },
};
const want = evaluate(parseProgram(SPEC, "t.linc"), inputs);
const wisdomText = (plans: unknown[]) => JSON.stringify({ format: WISDOM_FORMAT, version: WISDOM_VERSION, machine: currentMachine(), plans });

describe("JavaScript or wasm per FFT on the wasm target", () => {
  it("without wisdom the schedule gives the short f64 FFT of 48 (below jsBelow.f64 = 64) to JavaScript; a wasm plan in the wisdom moves both of its users back", async () => {
    const plain = await compile(SPEC, { target: "wasm" });
    expect(wasmKernelCount(plain.text!)).toBe(1); // only the f32 FFT of 64 (not below jsBelow.f32 = 32)
    const e0 = await explain(SPEC, { target: "wasm" });
    expect(e0.plans[0]).toBe("dft(64): mixed [4,4,4]");
    expect(e0.plans[1]).toMatch(/^dft\(48\): .* \(js\)$/);
    expect(e0.plans[2]).toMatch(/^rdft\(96\): half-size complex FFT, .* \(js\)$/);
    const w = wisdomText([{ target: "wasm", n: 48, precision: "f64", plan: { algo: "mixed", n: 48, radices: [3, 16] } }]);
    const e = await explain(SPEC, { target: "wasm", wisdom: w });
    expect(e.warnings).toBeUndefined();
    expect(e.plans).toEqual(["dft(64): mixed [4,4,4]", "dft(48): mixed [3,16]", "rdft(96): half-size complex FFT, mixed [3,16]"]);
    const forced = await compile(SPEC, { target: "wasm", wisdom: w });
    expect(forced.warnings).toEqual([]);
    expect(wasmKernelCount(forced.text!)).toBe(3); // fft 64 f32, fft 48 f64, rfft 96 f64
    for (const wisdom of [undefined, w]) {
      const got = await run(SPEC, { backend: "wasm", inputs, wisdom });
      expect(peakRelErr(got.a.data, want.a.data)).toBeLessThan(1e-5);
      expect(peakRelErr(got.b.data, want.b.data)).toBeLessThan(1e-13);
      expect(peakRelErr(got.c.data, want.c.data)).toBeLessThan(1e-13);
    }
  });

  it("a tiny-budget tune times the JavaScript kernel beside the wasm plans, per length and precision; its wisdom runs with the reference's results", async () => {
    const res = await tune(SPEC, { target: "wasm", budgetMs: 300 });
    // (a dft also records the half-size FFT it would run on real rows: 24 for dft(48), 32 for dft(64))
    expect(res.sizes.map((s) => `${s.n} ${s.precision}`)).toEqual(["24 f64", "32 f32", "48 f64", "64 f32"]);
    for (const s of res.sizes) {
      expect(s.timings.length).toBeGreaterThanOrEqual(2);
      expect(s.timings[1].plan).toMatch(/ \(js\)$/); // the JavaScript candidate, second
      expect(s.timings.map((t) => t.plan)).toContain(s.best);
    }
    const w = parseWisdom(JSON.parse(JSON.stringify(res.wisdom)));
    expect(w.plans.map((p) => [p.target, p.n, p.precision])).toEqual([["wasm", 24, "f64"], ["wasm", 32, "f32"], ["wasm", 48, "f64"], ["wasm", 64, "f32"]]);
    // what it chose is what explain shows; the kernels count follows the choices
    const e = await explain(SPEC, { target: "wasm", wisdom: res.wisdom });
    const p64 = w.plans.find((p) => p.n === 64)!, p48 = w.plans.find((p) => p.n === 48)!;
    const best = (n: number) => res.sizes.find((s) => s.n === n)!.best;
    expect(e.plans[0]).toBe(`dft(64): ${best(64)}`);
    expect(e.plans[1]).toBe(`dft(48): ${best(48)}`);
    const c = await compile(SPEC, { target: "wasm", wisdom: res.wisdom });
    expect(wasmKernelCount(c.text!)).toBe((p64.kernel === "js" ? 0 : 1) + (p48.kernel === "js" ? 0 : 2));
    const got = await run(SPEC, { backend: "wasm", inputs, wisdom: res.wisdom });
    expect(peakRelErr(got.a.data, want.a.data)).toBeLessThan(1e-5);
    expect(peakRelErr(got.b.data, want.b.data)).toBeLessThan(1e-13);
    expect(peakRelErr(got.c.data, want.c.data)).toBeLessThan(1e-13);
  });
});
