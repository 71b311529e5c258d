// Concurrent run calls on one gpujs kernel (issue 10, item 2): the runtime keeps per-kernel
// slots, so runs on one kernel are queued; Promise.all of two different inputs must give what
// two sequential runs give, and a failed run must not break the queue.
import { describe, expect, it } from "vitest";
import { compileGpujs } from "../../src/backends/gpujs/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { uniformArray } from "../support/random.js";

const SRC = `input x: f32[batch, 64]\noutput y = real(dft(64) @ x)\n`;

const rnd = (n: number, seed: number): Float32Array => Float32Array.from(uniformArray(n, seed));

describe("gpujs concurrent runs", () => {
  it("Promise.all of two different inputs equals two sequential runs", async () => {
    const art = compileGpujs(lowerForBackend(parseProgram(SRC, "c.linc"), { target: "gpujs" }));
    const a = rnd(2 * 64, 1), b = rnd(3 * 64, 2);
    const seq = await art.createKernel({}, { mode: "cpu" });
    const wantA = (await seq.run({ x: a })).y, wantB = (await seq.run({ x: b })).y;
    seq.destroy();
    const k = await art.createKernel({}, { mode: "cpu" });
    const [gotA, gotB] = await Promise.all([k.run({ x: a }), k.run({ x: b })]);
    expect(gotA.y.length).toBe(2 * 64);
    expect(gotB.y.length).toBe(3 * 64);
    expect(gotA.y).toEqual(wantA);
    expect(gotB.y).toEqual(wantB);
    k.destroy();
  });

  it("a failing run does not break the queue of the runs after it", async () => {
    const art = compileGpujs(lowerForBackend(parseProgram(SRC, "c.linc"), { target: "gpujs" }));
    const k = await art.createKernel({}, { mode: "cpu" });
    const a = rnd(64, 3);
    const want = (await k.run({ x: a })).y;
    const bad = k.run({ x: new Float32Array(65) });
    const good = k.run({ x: a });
    await expect(bad).rejects.toThrow(/input "x" has 65 elements, not a multiple of 64/);
    expect((await good).y).toEqual(want);
    k.destroy();
  });

  it("refuses an output that overlaps an input", async () => {
    const p = parseProgram(`input x: c64[8]\noutput y = x\noutput z = 2 * x\n`, "a.linc");
    const art = compileGpujs(lowerForBackend(p, { target: "gpujs" }));
    const k = await art.createKernel({}, { mode: "cpu" });
    const buf = new Float32Array(16);
    await expect(k.run({ x: buf }, { y: buf })).rejects.toThrow(/output "y" overlaps input "x"/);
    const mem = new Float32Array(48);
    const out = await k.run({ x: mem.subarray(0, 16).fill(1) }, { y: mem.subarray(16, 32), z: mem.subarray(32, 48) });
    expect(out.z).toEqual(new Float32Array(16).fill(2));
    k.destroy();
  });
});
