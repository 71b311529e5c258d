// Issue 24 #10: spreading a large array into a call (`Math.max(...a)`, `push(...a)`) overflows
// the stack past about 10^5 elements. `linc tune` failed this way for every FFT length >= 65536;
// the same pattern in the rewrite rules' literal range check. Each runs here on an array far past
// the overflow point.
import { describe, expect, it } from "vitest";
import { tune } from "../../src/api/index.js";
import { declare, mk, tensorType } from "../../src/ir/index.js";
import { SCHEDULES, applyLevelRules } from "../../src/passes/index.js";

describe("no spread of large arrays into calls", () => {
  it("linc tune measures an FFT of 65536 (the tuner's agreement check)", async () => {
    const r = await tune("input x: c128[batch, 65536]\noutput y = dft(65536) @ x\n", { budgetMs: 50, maxCandidates: 2 });
    expect(r.sizes.map((s) => s.n)).toContain(65536);
    expect(r.wisdom.plans.some((p) => p.n === 65536)).toBe(true);
  }, 60_000);

  it("the rewrite rules' range check of two large constants ((x * a) * b)", () => {
    const n = 1 << 19;
    const t = tensorType("f64", [n]);
    const big = (v: number) => mk("const", t, [], { data: new Float64Array(n).fill(v) });
    const x = declare("input", "x", "f64", [n]);
    const prod = mk("mul", t, [mk("mul", t, [x, big(1e200)], {}), big(1e200)], {});
    const rule = applyLevelRules.find((r) => r.name === "mul-static-reassoc")!;
    const ctx = { boundParams: new Set<string>(), schedule: SCHEDULES.cpu, fired: new Map<string, number>() };
    // 1e200 * 1e200 leaves float64's range: the rule keeps the order
    expect(rule.rewrite(prod as never, ctx)).toBeUndefined();
  });
});
