// The one compiled-kernel cache (src/backends/backend.ts) that the cpu, wasm, onnx and gpujs
// backends' `run` go through: one kernel per program and bound param arrays (by identity), a new
// one when the arrays change, and a rejected (asynchronous) kernel forgotten so the next run retries.
import { describe, expect, it } from "vitest";
import { KernelCache, boundParams } from "../../src/backends/backend.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { HostArray } from "../../src/ir/index.js";

const program = () => parseProgram("param h: f64[4]\ninput x: f64[4]\noutput y = circulant(h) @ x\n", "k.linc");
const arr = (): HostArray => ({ dtype: "f64", shape: [4], data: new Float64Array(4) });

describe("KernelCache", () => {
  it("makes one kernel per program and param arrays, and a new one when an array changes", () => {
    const cache = new KernelCache<object>(), p = program(), q = program(), h = arr();
    let made = 0;
    const make = () => ({ n: ++made });
    const a = cache.get(p, boundParams(p, { h }), make);
    expect(cache.get(p, boundParams(p, { h, x: arr() }), make)).toBe(a); // inputs are not part of the key
    expect(made).toBe(1);
    const b = cache.get(p, boundParams(p, { h: arr() }), make); // an equal but different array
    expect(b).not.toBe(a);
    expect(cache.get(q, boundParams(q, { h: arr() }), make)).not.toBe(b); // another program
    expect(made).toBe(3);
  });

  it("forgets a kernel whose promise rejects, so the next run tries again", async () => {
    const cache = new KernelCache<Promise<string>>(), p = program();
    let tries = 0;
    const make = () => (++tries === 1 ? Promise.reject(new Error("no runtime")) : Promise.resolve("kernel"));
    await expect(cache.get(p, [], make)).rejects.toThrow("no runtime");
    await new Promise((r) => setTimeout(r, 0));
    await expect(cache.get(p, [], make)).resolves.toBe("kernel");
    await expect(cache.get(p, [], make)).resolves.toBe("kernel");
    expect(tries).toBe(2);
  });
});
