// `linc compile` and `linc explain` end to end: the emitted ES module is imported and run, the
// emitted ONNX model is run by onnxruntime-node, and both agree with the reference
// interpreter on random data.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as ort from "onnxruntime-node";
import { afterAll, describe, expect, it } from "vitest";
import { writeNpy } from "../../src/cli/npy.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { HostArray } from "../../src/ir/index.js";
import { rng } from "../support/random.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const work = mkdtempSync(join(tmpdir(), "linc-compile-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const linc = (...args: string[]) => spawnSync(process.execPath, [join(root, "bin/linc.mjs"), ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });

const SPEC = `const n = 96
input  x: f64[batch, n]
param  h: f64[n]
output y = toeplitz(h, zeros(n)) @ x
`;
const specFile = join(work, "conv.linc");
writeFileSync(specFile, SPEC);
const r = rng(7);
const h: HostArray = { dtype: "f64", shape: [96], data: Float64Array.from({ length: 96 }, () => r.normal()) };
const x: HostArray = { dtype: "f64", shape: [3, 96], data: Float64Array.from({ length: 288 }, () => r.normal()) };
writeNpy(join(work, "h.npy"), h);
const want = evaluate(parseProgram(SPEC, "conv.linc"), { x, h }).y.data as Float64Array;
const maxErr = (got: ArrayLike<number>) => Math.max(...Array.from(want, (w, i) => Math.abs(w - got[i])));

describe("linc compile", () => {
  it("--target js writes kernel.mjs + kernel.d.ts that run without linc", async () => {
    const out = join(work, "js", "kernel.mjs");
    spawnSync("mkdir", ["-p", dirname(out)]);
    const res = linc("compile", specFile, "-t", "js", "-o", out);
    expect(res.status, res.stderr).toBe(0);
    expect(readFileSync(join(work, "js", "kernel.d.ts"), "utf8")).toMatch(/"x": Float64Array/);
    expect(readFileSync(out, "utf8")).not.toMatch(/from "\.\.?\/|src\/ir/); // self-contained
    const mod = await import(pathToFileURL(out).href);
    const y = mod.createKernel({ h: h.data }).run({ x: x.data }).y as Float64Array;
    expect(maxErr(y)).toBeLessThan(1e-12);
  });

  it("--target onnx with a bound param writes a model onnxruntime runs", async () => {
    const out = join(work, "conv.onnx");
    const res = linc("compile", specFile, "-t", "onnx", "--param", `h=${join(work, "h.npy")}`, "-o", out);
    expect(res.status, res.stderr).toBe(0);
    const session = await ort.InferenceSession.create(readFileSync(out), { graphOptimizationLevel: "all" });
    const result = await session.run({ x: new ort.Tensor("float64", x.data as Float64Array, x.shape) });
    expect(maxErr(result.y.data as Float64Array)).toBeLessThan(1e-9);
  });

  it("refuses an ONNX model with unbound params unless they become inputs, writing nothing", () => {
    const out = join(work, "none.onnx");
    const res = linc("compile", specFile, "-t", "onnx", "-o", out);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/error\[E0704\].*--params-as-inputs/);
    expect(existsSync(out)).toBe(false);
  });

  it("rejects an unknown target", () => {
    const res = linc("compile", specFile, "-t", "cuda", "-o", join(work, "k.cu"));
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/unknown target 'cuda'/);
  });
});

describe("linc explain", () => {
  it("lists each pass with the rules it fired and the cost before and after", () => {
    const res = linc("explain", specFile, "--dump-after", "halve-real");
    expect(res.status, res.stderr).toBe(0);
    for (const p of ["algebra", "lower-structure", "lower-apply", "halve-real", "fold-constants"]) expect(res.stdout).toContain(p);
    expect(res.stdout).toMatch(/toeplitz-embed x1/);
    expect(res.stdout).toMatch(/real-halving x1/);
    expect(res.stdout).toMatch(/IR after pass 'halve-real'[\s\S]*irdft/);
  });
  it("names the passes when --dump-after is unknown", () => {
    const res = linc("explain", specFile, "--dump-after", "nope");
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/unknown pass 'nope'; passes are algebra/);
  });
});

describe("linc explain shows the planner's choices", () => {
  const planSpec = join(work, "plans.linc");
  writeFileSync(planSpec, `input x: c128[batch, 1024]
input y: c128[batch, 65537]
input z: c128[batch, 1019]
output a = dft(1024) @ x
output b = dft(65537) @ y
output c = dft(1019) @ z
`);
  /** The plan line of dft(n), and the radices of its (inner) mixed-radix FFT. */
  const plan = (stdout: string, n: number) => {
    const line = stdout.match(new RegExp(`^\\s*dft\\(${n}\\): (.*)$`, "m"))?.[1];
    const radices = line?.match(/mixed \[([\d,]+)\]/)?.[1].split(",").map(Number) ?? [];
    return { line, product: radices.reduce((a, b) => a * b, 1) };
  };

  it("cpu: mixed radix for 1024, Rader for the prime 65537, Bluestein for the prime 1019", () => {
    const res = linc("explain", planSpec); // default target cpu
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/plans for target 'cpu':/);
    const p1024 = plan(res.stdout, 1024), p65537 = plan(res.stdout, 65537), p1019 = plan(res.stdout, 1019);
    expect(p1024.line).toMatch(/^mixed \[/);
    expect(p1024.product).toBe(1024);
    expect(p65537.line).toMatch(/^rader via mixed \[/);
    expect(p65537.product).toBe(65536); // the cyclic convolution of size p - 1
    expect(p1019.line).toMatch(/^bluestein m=2048 via mixed \[/); // m = nextPow2(2n - 1)
    expect(p1019.product).toBe(2048);
  });

  it("--backend picks the schedule: onnx runs large primes through Bluestein; the reference plans nothing", () => {
    const onnx = linc("explain", planSpec, "--backend", "onnx");
    expect(onnx.status, onnx.stderr).toBe(0);
    expect(onnx.stdout).toMatch(/plans for target 'onnx':/);
    expect(plan(onnx.stdout, 65537).line).toMatch(/^bluestein m=262144 via mixed \[/);
    const ref = linc("explain", planSpec, "-t", "reference");
    expect(ref.status, ref.stderr).toBe(0);
    expect(ref.stdout).toMatch(/plans for target 'reference':\n {2}\(no planned transforms\)/);
  });

  it("rejects an unknown target", () => {
    const res = linc("explain", planSpec, "-t", "tpu");
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/unknown target 'tpu'; choose one of reference, cpu, gpujs, onnx/);
  });
});

describe("linc bench", () => {
  it("times each backend and relates it to the reference", () => {
    const res = linc("bench", specFile, "-b", "reference,cpu", "--runs", "3", "--dim", "batch=4");
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/reference\s+[\d.]+ ms/);
    expect(res.stdout).toMatch(/cpu\s+[\d.]+ ms\s+[\d.]+x the reference/);
  });
});
