// The table budget of an FFT's stage program (src/passes/lower/fft.ts): fftTableBytes is what the
// lowering allocates, plan by plan; a plan above MAX_STAGE_TABLE_BYTES is refused with E0801
// before any table is made; every FFT the operator limit admits whose tables fit is lowered
// (dft(2^24) and dft(2^26) compile, as they did before the lowering).
import { describe, expect, it } from "vitest";
import { type FftPlan, sizeLimits } from "../../src/ir/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { MAX_STAGE_TABLE_BYTES, fftTableBytes } from "../../src/passes/lower/fft.js";
import { fftProgram } from "../../src/passes/lower/index.js";
import { planFft } from "../../src/passes/schedule/fft.js";
import { SCHEDULES, TARGETS } from "../../src/passes/schedule/table.js";
import { lincErrorOf } from "../support/errors.js";

const tableBytes = (p: FftPlan) => Object.values(fftProgram(p, false, 1).tables).reduce((t, a) => t + a.byteLength, 0);

describe("the tables of an FFT's stage program", () => {
  it("are what fftTableBytes counts, for every algorithm and target", () => {
    const algos = new Set<string>();
    for (const t of TARGETS)
      for (const n of [1, 5, 16, 60, 64, 97, 1000, 1009, 2003, 4096, 65537]) {
        const p = planFft(n, SCHEDULES[t].fft);
        algos.add(p.algo);
        expect([t, n, fftTableBytes(p)]).toEqual([t, n, tableBytes(p)]);
      }
    expect([...algos].sort()).toEqual(["bluestein", "direct", "mixed", "rader"]);
  });

  it("of every power of two the operator limit admits fit the budget, on every target", () => {
    for (const t of TARGETS) expect([t, fftTableBytes(planFft(sizeLimits.maxOperatorSide, SCHEDULES[t].fft)) <= MAX_STAGE_TABLE_BYTES]).toEqual([t, true]);
  });

  it("above the budget are refused with E0801 before any is made (Bluestein of a prime near 2^26)", () => {
    const n = 2 ** 26 - 5; // prime, n - 1 = 2·479·70051: Bluestein through two FFTs of 2^28
    expect(fftTableBytes(planFft(n, SCHEDULES.cpu.fft))).toBeGreaterThan(MAX_STAGE_TABLE_BYTES);
    const e = lincErrorOf(() => lowerForBackend(parseProgram(`input x: c128[${n}]\noutput y = dft(${n}) @ x`, "big.linc"), { target: "cpu" }));
    expect(e.code).toBe("E0801");
    expect(e.message).toMatch(/an FFT of 67108859 points \(bluestein.*\) needs \d+ MiB of twiddle tables, above the 2048 MiB a stage program may hold/);
  });
});
