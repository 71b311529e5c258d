// Every lowered plan and kernel op (src/passes/lower), evaluated by the stage interpreter,
// against the kernel op's own reference meaning (src/ir/ops/*.ts) to 1e-12 relative: direct,
// mixed radices, Rader, Bluestein, half- and full-size real transforms, wht, butterfly in both
// orders, every norm, forward and inverse, n from 1 to a few thousand, and along a non-last
// axis (inner > 1) against moving the axis last, applying, and moving it back.
import { describe, expect, it } from "vitest";
import { type FftPlan, type Norm, type RealFftPlan, mk, operatorType, tensorType } from "../../src/ir/index.js";
import { SCHEDULES, TARGETS } from "../../src/passes/schedule/table.js";
import { planFft } from "../../src/passes/schedule/fft.js";
import { stockhamPasses } from "../../src/ir/fftplan.js";
import { randomTensor, rng } from "./helpers.js";
import { check } from "./lowering.js";

const NORMS: Norm[] = ["backward", "ortho", "forward"];
const dft = (n: number, norm: Norm, inverse: boolean, plan?: FftPlan) => mk("dft", operatorType(n, n, true), [], { n, norm, inverse, ...(plan ? { plan } : {}) });
const rdft = (n: number, norm: Norm, plan?: RealFftPlan) => mk("rdft", operatorType(Math.floor(n / 2) + 1, n, true, { realInput: true }), [], { n, norm, ...(plan ? { plan } : {}) });
const irdft = (n: number, norm: Norm, plan?: RealFftPlan) => mk("irdft", operatorType(n, Math.floor(n / 2) + 1, true, { realOutput: true }), [], { n, norm, ...(plan ? { plan } : {}) });

// sizes: every n to 40, primes, odd and smooth sizes, powers of two, up to a few thousand
const SIZES = [...Array.from({ length: 40 }, (_, i) => i + 1), 49, 60, 64, 97, 100, 121, 127, 128, 210, 243, 255, 256, 257, 343, 625, 1000, 1009, 1331, 2003, 2048, 3000];

describe("the stockham pass geometry", () => {
  it("strides multiply the radices before each pass, and the groups what is left", () => {
    expect(stockhamPasses([4, 3, 5])).toEqual([{ r: 4, s: 1, m: 15 }, { r: 3, s: 4, m: 5 }, { r: 5, s: 12, m: 1 }]);
  });
});

describe("dft lowered by every target's planner", () => {
  it.each(SIZES)("n = %i, forward and inverse, every target's plan", (n) => {
    const plans = new Map<string, FftPlan>();
    for (const t of TARGETS) plans.set(JSON.stringify(planFft(n, SCHEDULES[t].fft)), planFft(n, SCHEDULES[t].fft));
    for (const plan of plans.values()) for (const inverse of [false, true]) check(dft(n, inverse ? "backward" : "ortho", inverse, plan), n);
  });
});

describe("dft plans by hand", () => {
  const mixed = (radices: number[]): FftPlan => ({ algo: "mixed", n: radices.reduce((a, b) => a * b, 1), radices });
  it.each([[2], [3], [4], [5], [7], [8], [2, 3], [3, 2], [4, 4], [8, 2], [2, 8], [4, 3, 5], [5, 3, 4], [7, 8], [8, 7], [2, 3, 4, 5, 7, 8], [8, 8, 8, 4], [3, 3, 3, 3, 3], [5, 5, 5, 5], [7, 7, 7]])("mixed %j", (...radices) => {
    for (const norm of NORMS) for (const inverse of [false, true]) check(dft(mixed(radices).n, norm, inverse, mixed(radices)), radices.length);
  });
  it.each([3, 5, 7, 11, 13, 17, 31, 97, 101, 257, 1009, 2003])("rader n = %i", (n) => {
    const inner = planFft(n - 1, SCHEDULES.cpu.fft);
    for (const inverse of [false, true]) check(dft(n, "backward", inverse, { algo: "rader", n, inner }), n);
  });
  it.each([[2, 4], [3, 8], [5, 16], [17, 64], [31, 64], [97, 256], [1009, 2048], [2003, 4096]])("bluestein n = %i, m = %i", (n, m) => {
    for (const inverse of [false, true]) check(dft(n, "forward", inverse, { algo: "bluestein", n, m, inner: planFft(m, SCHEDULES.cpu.fft) }), n);
  });
  it("bluestein through a radix-2 inner plan and a direct one", () => {
    check(dft(5, "ortho", false, { algo: "bluestein", n: 5, m: 16, inner: { algo: "direct", n: 16 } }), 1);
    check(dft(7, "ortho", true, { algo: "bluestein", n: 7, m: 16, inner: { algo: "mixed", n: 16, radices: [2, 2, 2, 2] } }), 2);
  });
});

describe("real transforms", () => {
  it.each(SIZES)("rdft and irdft n = %i, half and full size, every norm", (n) => {
    const plans: RealFftPlan[] = [{ via: "full", fft: planFft(n, SCHEDULES.cpu.fft) }];
    if (n % 2 === 0) plans.push({ via: "half", fft: planFft(n / 2, SCHEDULES.cpu.fft) });
    for (const plan of plans)
      for (const norm of NORMS) {
        check(rdft(n, norm, plan), n);
        check(irdft(n, norm, plan), n + 1);
      }
  });
  it("irdft ignores the imaginary parts of the DC and Nyquist bins, as numpy does", () => {
    // check() draws complex bins, edge imaginary parts included; this names the case explicitly
    for (const via of ["half", "full"] as const) check(irdft(8, "backward", { via, fft: planFft(via === "half" ? 4 : 8, SCHEDULES.cpu.fft) }), 8);
  });
});

describe("wht and butterfly", () => {
  it.each([1, 2, 4, 8, 16, 64, 256])("wht n = %i, every norm (the reference is its dense matrix)", (n) => {
    for (const norm of NORMS) check(mk("wht", operatorType(n, n, false), [], { n, norm }), n);
  });
  it.each([2, 4, 8, 64, 1024])("butterfly n = %i, both orders, real and complex twiddles", (n) => {
    const L = Math.log2(n), shape = [L, n / 2, 2, 2];
    for (const increasing of [true, false])
      for (const real of [true, false]) {
        const w = mk("param", tensorType(real ? "f64" : "c128", shape), [], { name: "w" });
        const p = check(mk("butterfly", operatorType(n, n, !real), [w], { increasing }), n, { w: randomTensor(rng(n), shape, real) });
        expect(p.inputs[1]).toEqual({ name: "w", len: L * n * 2, dtype: real ? "real" : "complex", shared: true, source: [0] });
      }
  });
});

describe("the planner's plans where the schedule recorded none", () => {
  it("uses the planner for a dft, rdft and irdft without a plan", () => {
    for (const n of [12, 17, 64]) {
      check(dft(n, "backward", false), n);
      check(rdft(n, "ortho"), n);
      check(irdft(n, "forward"), n);
    }
  });
});
