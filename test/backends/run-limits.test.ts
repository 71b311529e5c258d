// The element limit at run time (issue 10, item 11): symbolic dims bound at run time get the
// limit compile-time shapes have (2^26 elements, E0304), checked before anything of that size is
// allocated, on every in-process backend and in the emitted cpu and gpujs modules. The spec
// below has a small input and a huge intermediate: batch 2048 gives a 2048 x 65536 padded value.
import { describe, expect, it } from "vitest";
import { compileCpu, runCpu } from "../../src/backends/cpu/index.js";
import { compileGpujs, runGpujs } from "../../src/backends/gpujs/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, LincError, sizeLimits } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";

const SPEC = "input x: f64[batch, 4]\noutput y = dft(65536) @ pad(x, 65536)\n";
const p = parseProgram(SPEC, "pad.linc");
const x = (batch: number): HostArray => ({ dtype: "f64", shape: [batch, 4], data: new Float64Array(batch * 4) });

/** The LincError code of a call, or "none". */
async function codeOf(f: () => unknown): Promise<string> {
  try {
    await f();
    return "none";
  } catch (e) {
    return e instanceof LincError ? e.code : `not a LincError: ${String(e)}`;
  }
}

describe("run-time element limit", () => {
  it("the limit is the IR's one constant", () => expect(sizeLimits.maxOperatorSide).toBe(2 ** 26));

  it("in-process backends refuse a dim that makes a value too large (E0304), before allocating", async () => {
    expect(await codeOf(() => evaluate(p, { x: x(2048) }))).toBe("E0304");
    expect(await codeOf(() => runCpu(lowerForBackend(p, { target: "cpu" }), { x: x(2048) }))).toBe("E0304");
    expect(await codeOf(() => runGpujs(lowerForBackend(p, { target: "gpujs" }), { x: x(2048) }))).toBe("E0304");
    // the message names the dim, the value and the limit
    expect(() => evaluate(p, { x: x(2048) })).toThrow(/with batch = 2048, 'y' \(c128\[batch, 65536\]\) would hold 134217728 elements, above the limit of 67108864/);
  });

  it("at the limit itself the check passes (batch 1024: 2^26 elements)", async () => {
    const q = parseProgram("input x: f64[batch, 4]\noutput y = pad(x, 65536)\n", "p.linc");
    // only the size check: run the check without evaluating 2^26 elements
    const { checkRunSizes } = await import("../../src/ir/index.js");
    expect(() => checkRunSizes(q, new Map([["batch", 1024]]))).not.toThrow();
    expect(() => checkRunSizes(q, new Map([["batch", 1025]]))).toThrow(/'y' \(f64\[batch, 65536\]\) would hold 67174400 elements/);
  });

  it("the emitted cpu module refuses it with a RangeError coded E0304", () => {
    const k = compileCpu(lowerForBackend(p, { target: "cpu" })).createKernel();
    const t0 = performance.now();
    let err: unknown;
    try {
      k.run({ x: new Float64Array(2048 * 4) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RangeError);
    expect((err as { code?: string }).code).toBe("E0304");
    expect(String(err)).toMatch(/E0304: .*134217728 elements, above the limit of 67108864/);
    expect(performance.now() - t0).toBeLessThan(5000); // refused, not attempted (a generous bound)
    // and a batch within the limit still runs
    expect(k.run({ x: new Float64Array(4) }).y.length).toBe(2 * 65536);
  });

  it("the emitted gpujs module refuses it the same way", async () => {
    const k = await compileGpujs(lowerForBackend(p, { target: "gpujs" })).createKernel({}, { mode: "cpu" });
    try {
      const err = await k.run({ x: new Float64Array(2048 * 4) }).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(RangeError);
      expect((err as { code?: string }).code).toBe("E0304");
      expect(String(err)).toMatch(/above the limit of 67108864/);
    } finally {
      k.destroy();
    }
  });
});
