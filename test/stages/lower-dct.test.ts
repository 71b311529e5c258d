// The DCT and DST lowerings (src/passes/lower/dct.ts), evaluated by the stage interpreter, against
// the ops' reference meanings (scipy.fft's dct/idct/dst/idst, src/ir/math/dct.ts) to 1e-12
// relative: every type, norm and direction, real and complex rows (the lowering is
// complex-linear), n = 1 and 2 (type 1 from n = 2), odd, prime and smooth n, through every FFT
// size the lowering runs (types 2 and 3: n by Makhoul's permutation, or 2n) and every target's
// recorded plan, and along a middle axis.
import { describe, expect, it } from "vitest";
import { type FftPlan, type Norm, evalStages, mk, operatorType } from "../../src/ir/index.js";
import { SCHEDULES, TARGETS } from "../../src/passes/schedule/table.js";
import { planFft } from "../../src/passes/schedule/fft.js";
import { inverseType } from "../../src/passes/schedule/record.js";
import { dctFftSizes } from "../../src/passes/lower/dct.js";
import { asBuf, randomBuf, bufRelErr, rng } from "./helpers.js";
import { check, reference } from "./lowering.js";

const NORMS: Norm[] = ["backward", "ortho", "forward"];
const SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 16, 17, 31, 32, 45, 64, 97, 100, 128, 257, 1000];
const cpu = (n: number) => planFft(n, SCHEDULES.cpu.fft);
const dct = (n: number, type: number, norm: Norm, inverse: boolean, fft?: FftPlan) => mk("dct", operatorType(n, n, false), [], { n, type, norm, inverse, ...(fft ? { plan: { via: "full" as const, fft } } : {}) });
const dst = (n: number, type: number, norm: Norm, inverse: boolean) => mk("dst", operatorType(n, n, false), [], { n, type, norm, inverse });

describe("dct lowered through one FFT", () => {
  it.each(SIZES)("n = %i: every type, norm and direction, through every FFT size the type runs", (n) => {
    for (const type of [1, 2, 3, 4]) {
      if (type === 1 && n < 2) continue;
      for (const inverse of [false, true])
        for (const norm of NORMS)
          for (const size of dctFftSizes(n, inverse ? inverseType(type) : type)) check(dct(n, type, norm, inverse, cpu(size)), n * type);
    }
  });

  it.each([2, 3, 8, 17, 100])("n = %i: every target's recorded plan (gpujs records n for every type: the lowering plans its own size)", (n) => {
    for (const t of TARGETS)
      for (const type of [1, 2, 3, 4])
        for (const inverse of [false, true]) {
          const size = SCHEDULES[t].dctFftSize(n, inverse ? inverseType(type) : type);
          check(dct(n, type, "ortho", inverse, planFft(size, SCHEDULES[t].fft)), n);
        }
  });

  it("types 2 and 3 run an FFT of n where the plan says so, of 2n otherwise; types 1 and 4 of 2(n-1) and 2n", () => {
    const ffts = (node: ReturnType<typeof dct>) => check(node, 1).stages.filter((s) => s.op === "codelet" || s.op === "stockham").map((s) => s.geom.n);
    expect(ffts(dct(12, 2, "backward", false, cpu(12)))).toEqual(expect.arrayContaining([12]));
    expect(ffts(dct(12, 2, "backward", false, cpu(24)))).toEqual(expect.arrayContaining([24]));
    expect(ffts(dct(12, 3, "ortho", false, cpu(12)))).toEqual(expect.arrayContaining([12]));
    expect(ffts(dct(12, 2, "ortho", true, cpu(24)))).toEqual(expect.arrayContaining([24])); // idct-II runs a type III
    expect(ffts(dct(12, 1, "ortho", false))).toEqual(expect.arrayContaining([22]));
    expect(ffts(dct(12, 4, "forward", true))).toEqual(expect.arrayContaining([24]));
  });

  it("type 1 of n = 2 is the 2 x 2 butterfly [[1, 1], [1, -1]] (backward), and types 2-4 of n = 1 scale the one sample", () => {
    const p = check(dct(2, 1, "backward", false), 3), x = randomBuf(rng(3), 2);
    const y = evalStages(p, { x }).y;
    expect(bufRelErr(y, { re: Float64Array.of(x.re[0] + x.re[1], x.re[0] - x.re[1]), im: Float64Array.of(x.im[0] + x.im[1], x.im[0] - x.im[1]) })).toBeLessThan(1e-15);
    for (const type of [2, 3, 4]) {
      const one = randomBuf(rng(type), 1), node = dct(1, type, "backward", false);
      expect(bufRelErr(evalStages(check(node, type), { x: one }).y, reference(node, one, 1, {}))).toBeLessThan(1e-15);
    }
  });

  it("a real row gives a real result, to rounding", () => {
    const node = dct(24, 3, "ortho", false), p = check(node, 5), x = randomBuf(rng(5), 24, true);
    const y = evalStages(p, { x }).y;
    expect(Math.max(...y.im.map(Math.abs))).toBeLessThan(1e-13 * Math.max(...y.re.map(Math.abs)));
    expect(bufRelErr(y, asBuf({ shape: [24], re: reference(node, x, 1, {}).re, im: new Float64Array(24) }))).toBeLessThan(1e-12);
  });
});

describe("dst lowered through the DCT (types 2-4) or the DFT of the odd extension (type 1)", () => {
  it.each(SIZES)("n = %i: every type, norm and direction", (n) => {
    for (const type of [1, 2, 3, 4]) for (const inverse of [false, true]) for (const norm of NORMS) check(dst(n, type, norm, inverse), n + type);
  });
});
