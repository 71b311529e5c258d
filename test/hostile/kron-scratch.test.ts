// Issue 24 #8: on cpu, kron(A1, ..., Am) took a new scratch array per factor (three, for a factor
// brought to the last axis and back), so memory grew with m x n: 20 dft(2) factors on 8 MB used
// 529 MB, 26 on 512 MB were killed at 24 GB. The scratch is now reused from factor to factor
// (ping-pong): the emitted module allocates a few arrays of n whatever m, and still computes kron.
import { describe, expect, it } from "vitest";
import { compile, run } from "../../src/api/index.js";
import type { HostArray } from "../../src/ir/index.js";
import { peakRelErr } from "../support/compare.js";

const spec = (m: number) => `input x: c128[batch, ${2 ** m}]\noutput y = kron(${Array(m).fill("dft(2)").join(", ")}) @ x\n`;
/** The run-time arrays the module allocates per call (`v = new Float64Array(...)` lines). */
const runAllocations = (text: string) => (text.match(/^\s*v\d+ = new Float(64|32)Array\(/gm) ?? []).length;

describe("kron's scratch on cpu is O(n), not O(m n)", () => {
  it("20 factors allocate as many arrays as 4", async () => {
    const a4 = runAllocations((await compile(spec(4), { target: "js" })).text!);
    const a20 = runAllocations((await compile(spec(20), { target: "js" })).text!);
    expect(a20).toBeLessThanOrEqual(Math.max(a4, 4));
  });

  it("and still computes kron (against the reference)", async () => {
    const m = 6, n = 2 ** m;
    const x: HostArray = { dtype: "c128", shape: [3, n], data: Float64Array.from({ length: 6 * n }, (_, k) => Math.sin(0.7 * k) + 0.1 * k) };
    const want = (await run(spec(m), { backend: "reference", inputs: { x } })).y.data as Float64Array;
    const got = (await run(spec(m), { backend: "cpu", inputs: { x } })).y.data as Float64Array;
    expect(peakRelErr(got, want)).toBeLessThan(1e-12);
  });
});
