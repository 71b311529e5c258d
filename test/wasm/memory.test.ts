// The wasm kernel's memory, in the emitted module run by Node: the module compiles its wasm once
// and each createKernel instantiates it with its own linear memory (two kernels, with different
// params and batch sizes, interleaved, each give the reference's numbers); views(dims) gives
// zero-copy typed arrays in that memory which run() reads and writes in place; a views() call that
// needs more memory grows it, the FFT kernels keep working, and the views detached by the growth
// are refused by name. The typings declare views() for wasm modules (and a TypeScript app using
// them type-checks), not for the cpu's.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { artifactFiles, compile } from "../../src/api/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { HostArray } from "../../src/ir/index.js";
import { REPO_ROOT } from "../support/golden.js";
import { rng } from "../support/random.js";
import { wasmKernelCount } from "./support.js";
import { peakRelErr } from "../support/compare.js";

const work = mkdtempSync(join(tmpdir(), "linc-wasm-memory-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// a causal convolution through rfft / spectral product / irfft (f64), and a c64 FFT
const N = 256;
const SPEC = `const n = ${N}\ninput x: f64[batch, n]\ninput u: c64[batch, 64]\nparam h: f64[n]\noutput y = toeplitz(h, zeros(n)) @ x\noutput z = dft(64) @ u\n`;
const program = parseProgram(SPEC, "m.linc");
const r = rng(3);
const f64 = (n: number) => Float64Array.from({ length: n }, () => r.normal());
const f32 = (n: number) => Float32Array.from({ length: n }, () => r.normal());

interface Kernel {
  run(inputs: Record<string, Float32Array | Float64Array>, outputs?: Record<string, Float32Array | Float64Array>): Record<string, Float32Array | Float64Array>;
  views(dims?: Record<string, number>): { inputs: Record<string, Float32Array | Float64Array>; outputs: Record<string, Float32Array | Float64Array> };
}

async function emitted(spec: string, name: string): Promise<{ createKernel(params?: Record<string, Float64Array>): Kernel; text: string }> {
  const c = await compile(spec, { target: "wasm" });
  const file = join(work, `${name}.mjs`);
  writeFileSync(file, c.text!);
  return { ...(await import(pathToFileURL(file).href)), text: c.text! };
}

/** The reference's y and z for these data. */
function reference(h: Float64Array, x: Float64Array, u: Float32Array, batch: number): { y: Float64Array; z: Float64Array } {
  const b: Record<string, HostArray> = {
    h: { dtype: "f64", shape: [N], data: h },
    x: { dtype: "f64", shape: [batch, N], data: x },
    u: { dtype: "c64", shape: [batch, 64], data: u },
  };
  const w = evaluate(program, b);
  return { y: w.y.data as Float64Array, z: w.z.data as Float64Array };
}

describe("each wasm kernel has its own memory", () => {
  it("two kernels of one module, interleaved with different params and batch sizes, each match the reference", async () => {
    const mod = await emitted(SPEC, "two");
    expect(wasmKernelCount(mod.text)).toBe(4); // the two rffts (x's; h's spectrum, its 1/N in the scale), the irfft (f64) and the c64 FFT in wasm
    const h1 = f64(N), h2 = f64(N);
    const a = mod.createKernel({ h: h1 }), b = mod.createKernel({ h: h2 });
    // distinct memories: each kernel's views lie in a buffer of its own
    expect(a.views({ batch: 1 }).inputs.x.buffer).not.toBe(b.views({ batch: 1 }).inputs.x.buffer);
    for (const [k, h, batch] of [[a, h1, 2], [b, h2, 3], [a, h1, 1], [b, h2, 2], [a, h1, 3]] as const) {
      const x = f64(batch * N), u = f32(batch * 128);
      const want = reference(h, x, u, batch);
      const got = k.run({ x, u });
      expect(peakRelErr(got.y, want.y)).toBeLessThan(1e-13);
      expect(peakRelErr(got.z, want.z)).toBeLessThan(1e-5);
    }
  });

  it("views(dims): run reads and writes the kernel's memory in place, with the reference's numbers", async () => {
    const mod = await emitted(SPEC, "views");
    const h = f64(N), k = mod.createKernel({ h });
    const v = k.views({ batch: 2 });
    expect([v.inputs.x, v.inputs.u, v.outputs.y, v.outputs.z].map((a) => [a.constructor.name, a.length])).toEqual([
      ["Float64Array", 2 * N], ["Float32Array", 256], ["Float64Array", 2 * N], ["Float32Array", 256],
    ]);
    expect(new Set([v.inputs.x, v.inputs.u, v.outputs.y, v.outputs.z].map((a) => a.buffer)).size).toBe(1); // one memory
    const x = f64(2 * N), u = f32(256);
    v.inputs.x.set(x);
    v.inputs.u.set(u);
    const out = k.run(v.inputs, v.outputs);
    expect(out.y).toBe(v.outputs.y); // written in place, nothing allocated
    expect(out.z).toBe(v.outputs.z);
    const want = reference(h, x, u, 2);
    expect(peakRelErr(v.outputs.y, want.y)).toBeLessThan(1e-13);
    expect(peakRelErr(v.outputs.z, want.z)).toBeLessThan(1e-5);
    // the same dims again: the same region, the first views still valid
    const again = k.views({ batch: 2 });
    expect(again.inputs.x.byteOffset).toBe(v.inputs.x.byteOffset);
    expect(v.inputs.x.length).toBe(2 * N);
    expect(Array.from(again.outputs.y)).toEqual(Array.from(v.outputs.y));
  });

  it("a views() call that grows the memory detaches the earlier views (refused by name); new views and plain arrays still run right", async () => {
    const mod = await emitted(SPEC, "grow");
    const h = f64(N), k = mod.createKernel({ h });
    const small = k.views({ batch: 1 });
    const before = small.inputs.x.buffer.byteLength;
    const big = k.views({ batch: 64 }); // 64 rows of 256 f64 and 64 of c64: more than the first page holds
    expect(big.inputs.x.buffer.byteLength).toBeGreaterThan(before);
    expect(small.inputs.x.length).toBe(0); // detached by the growth
    expect(() => k.run(small.inputs, small.outputs)).toThrow(/input "x" is a view of this kernel's memory from before it grew/);
    expect(() => k.run({ x: f64(N), u: f32(128) }, { y: small.outputs.y })).toThrow(/output "y" is a view of this kernel's memory from before it grew|must have/);
    const x = f64(64 * N), u = f32(64 * 128);
    big.inputs.x.set(x);
    big.inputs.u.set(u);
    k.run(big.inputs, big.outputs);
    const want = reference(h, x, u, 64);
    expect(peakRelErr(big.outputs.y, want.y)).toBeLessThan(1e-13);
    expect(peakRelErr(big.outputs.z, want.z)).toBeLessThan(1e-5);
    // the FFT kernels work on the grown memory with the caller's own arrays too
    const x1 = f64(3 * N), u1 = f32(3 * 128), got = k.run({ x: x1, u: u1 }), want1 = reference(h, x1, u1, 3);
    expect(peakRelErr(got.y, want1.y)).toBeLessThan(1e-13);
    expect(peakRelErr(got.z, want1.z)).toBeLessThan(1e-5);
  });

  it("views need every symbolic dimension; a module with no FFT in wasm has views too", async () => {
    const mod = await emitted(SPEC, "dims");
    const k = mod.createKernel({ h: f64(N) });
    expect(() => k.views()).toThrow(/views: dimension "batch" must be given in dims/);
    expect(() => k.views({ batch: -1 })).toThrow(/dimension "batch" must be a non-negative integer/);
    const plain = await emitted("input x: f64[batch, 8]\noutput y = 2 * x\n", "plain");
    expect(wasmKernelCount(plain.text)).toBe(0);
    const p = plain.createKernel(), v = p.views({ batch: 3 });
    v.inputs.x.set(Float64Array.from({ length: 24 }, (_, i) => i));
    expect(Array.from(p.run(v.inputs, v.outputs).y)).toEqual(Array.from({ length: 24 }, (_, i) => 2 * i));
  });
});

describe("views() in the typings", () => {
  const APP = `import { createKernel } from "./kernel.mjs";
const k = createKernel({ h: new Float64Array(${N}) });
const v = k.views({ batch: 2 });
const x: Float64Array = v.inputs.x;
const z: Float32Array = k.run(v.inputs, v.outputs).z;
export default [x, z];
`;
  it("declared for wasm modules (a TypeScript app using them type-checks), not for the cpu's", async () => {
    const wasm = await compile(SPEC, { target: "wasm" }), js = await compile(SPEC, { target: "js" });
    expect(wasm.typings).toMatch(/views\(dims\?: Dims\): \{ inputs: Inputs; outputs: Outputs \};/);
    expect(js.typings).not.toMatch(/views\(/);
    const dir = mkdtempSync(join(work, "app-"));
    for (const [f, d] of artifactFiles(wasm, join(dir, "kernel.mjs"))) writeFileSync(f, d);
    writeFileSync(join(dir, "app.mts"), APP);
    const compilerOptions = { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, noEmit: true, types: [] };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["app.mts"] }));
    const res = spawnSync(process.execPath, [join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", dir], { encoding: "utf8", timeout: 120_000 });
    expect(res.stdout + res.stderr).toBe("");
    expect(res.status).toBe(0);
  });
});
