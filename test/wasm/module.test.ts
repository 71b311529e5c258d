// The wasm backend end to end: `linc compile --target wasm` writes a standalone ES module (the
// wasm bytes embedded) that Node imports and runs without linc, with the same
// createKernel(params).run(inputs, outputs?) API as the cpu's, writing into the outputs passed;
// `linc run --backend wasm` runs the same spec. Both agree with the reference interpreter.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { readNpy, writeNpy } from "../../src/cli/npy.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { HostArray } from "../../src/ir/index.js";
import { rng } from "../support/random.js";
import { wasmKernelCount } from "./support.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const work = mkdtempSync(join(tmpdir(), "linc-wasm-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const linc = (...args: string[]) => spawnSync(process.execPath, [join(root, "bin/linc.mjs"), ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });

// a causal convolution long enough to go through FFTs: rfft, spectral product, irfft
const N = 1024;
const SPEC = `const n = ${N}\ninput  x: f64[batch, n]\nparam  h: f64[n]\noutput y = toeplitz(h, zeros(n)) @ x\n`;
const specFile = join(work, "conv.linc");
writeFileSync(specFile, SPEC);
const r = rng(11);
const h: HostArray = { dtype: "f64", shape: [N], data: Float64Array.from({ length: N }, () => r.normal()) };
const x: HostArray = { dtype: "f64", shape: [3, N], data: Float64Array.from({ length: 3 * N }, () => r.normal()) };
const want = evaluate(parseProgram(SPEC, "conv.linc"), { x, h }).y.data as Float64Array;
const relMax = (got: ArrayLike<number>) => Math.max(...Array.from(want, (w, i) => Math.abs(w - got[i]))) / Math.max(...Array.from(want, Math.abs));

describe("the wasm backend's emitted module and run command", () => {
  it("linc compile --target wasm writes a standalone module Node imports and runs", async () => {
    const out = join(work, "k", "kernel.mjs");
    const res = linc("compile", specFile, "--target", "wasm", "-o", out);
    expect(res.status, res.stderr).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text).not.toMatch(/from "|import\(/); // self-contained: no imports
    expect(wasmKernelCount(text)).toBe(3); // the rfft of x, the rfft of h's spectrum (its 1/N in the scale) and the irfft are wasm
    expect(readFileSync(join(work, "k", "kernel.d.mts"), "utf8")).toMatch(/"x": Float64Array/); // the typings TypeScript finds beside kernel.mjs
    const mod = await import(pathToFileURL(out).href);
    const kernel = mod.createKernel({ h: h.data });
    expect(relMax(kernel.run({ x: x.data }).y)).toBeLessThan(1e-13);
    const y = new Float64Array(3 * N);
    expect(kernel.run({ x: x.data }, { y }).y).toBe(y); // written into the output passed
    expect(relMax(y)).toBeLessThan(1e-13);
  });

  it("linc run --backend wasm", () => {
    writeNpy(join(work, "x.npy"), x);
    writeNpy(join(work, "h.npy"), h);
    const res = linc("run", specFile, "--backend", "wasm", "--in", `x=${join(work, "x.npy")}`, "--param", `h=${join(work, "h.npy")}`, "--out", join(work, "run"));
    expect(res.status, res.stderr).toBe(0);
    expect(relMax(readNpy(join(work, "run", "y.npy")).data as Float64Array)).toBeLessThan(1e-13);
  });
});
