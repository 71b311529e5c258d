// `linc bench`, `linc run -v` and `linc compile -v` end to end, and the timing helpers they print
// with: every name and option refused before any work, a row per backend with min / median /
// max, GFLOP/s and the comparison in words, no progress bar when stdout is not a terminal.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { flopsPerRun } from "../../src/cli/flops.js";
import { writeNpy } from "../../src/cli/npy.js";
import { compared, duration, flopCount, gflops, spread } from "../../src/cli/timing.js";
import { NOISY, noiseWarning } from "../../src/cli/commands/bench.js";
import { parseProgram } from "../../src/dsl/index.js";
import { graphCost } from "../../src/passes/index.js";
import { TARGETS } from "../../src/ir/program.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const work = mkdtempSync(join(tmpdir(), "linc-bench-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const linc = (...args: string[]) => spawnSync(process.execPath, [join(root, "bin/linc.mjs"), ...args], { cwd: work, encoding: "utf8", timeout: 120_000 });
const file = (name: string, text: string) => (writeFileSync(join(work, name), text), join(work, name));

const DFT = file("dft.linc", "input x: c128[batch, 64]\noutput y = dft(64) @ x\n");
/** onnx refuses the inverse of a circulant built from run-time data (a matrix inverse it cannot fold). */
const NO_ONNX = file("inv.linc", "input d: f64[8]\ninput x: f64[2, 8]\noutput y = inv(circulant(d)) @ x\n");
const ROW = (name: string) => new RegExp(`^  ${name}\\s+min\\s+[\\d.]+ [µm]?s\\s+median\\s+[\\d.]+ [µm]?s\\s+max\\s+[\\d.]+ [µm]?s\\s+[\\d.e+-]+ GFLOP/s \\([\\d.]+ [kMG]?flop\\)`, "m");

describe("linc bench", () => {
  it("prints a row per backend: min/median/max, GFLOP/s, and the comparison in words", () => {
    const r = linc("bench", DFT, "-b", "reference,cpu", "--runs", "4", "--dim", "batch=3");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/dft\.linc \(batch=3\): up to 4 timed runs per backend/);
    expect(r.stdout).toMatch(ROW("reference"));
    expect(r.stdout).toMatch(ROW("cpu"));
    expect(r.stdout).toMatch(/^  cpu .* [\d.]+x (faster|slower) than reference$|^  cpu .* as fast as reference$/m);
    expect(r.stdout).not.toMatch(/^  reference .* than /m); // the baseline is not compared with itself
    expect(r.stdout).not.toMatch(/\x1b|\[=*-*\]|runs\s*$/m); // no progress bar: stdout is a pipe here
  });

  it("--baseline picks the backend the others are compared with, and times it first", () => {
    const r = linc("bench", DFT, "-b", "reference,cpu", "--runs", "3", "--baseline", "cpu");
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.split("\n").filter((l) => /^  \S+\s+min /.test(l));
    expect(rows.map((l) => l.trim().split(/\s+/)[0])).toEqual(["cpu", "reference"]);
    expect(rows[1]).toMatch(/x (faster|slower) than cpu$|as fast as cpu$/);
  });

  it("refuses an unknown backend before reading the spec, with the nearest name", () => {
    const r = linc("bench", join(work, "no-such.linc"), "-b", "reference,onx");
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`error: unknown backend 'onx'; choose one of ${TARGETS.join(", ")}; did you mean 'onnx'?`);
    expect(r.stdout).toBe("");
  });

  it("refuses a backend that cannot run the spec before timing any other", () => {
    const r = linc("bench", NO_ONNX, "-b", "reference,cpu,onnx", "--runs", "3");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error\[E0801\]: op 'minverse' is not supported by the onnx backend/);
    expect(r.stdout).not.toMatch(/min\s/); // no row was timed
  });

  it("with no --backend times every backend, skipping with a note those that cannot run the spec", () => {
    const r = linc("bench", NO_ONNX, "--runs", "3");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^  onnx\s+skipped: .*op 'minverse' is not supported by the onnx backend/m);
    for (const name of TARGETS.filter((t) => t !== "onnx")) expect(r.stdout).toMatch(new RegExp(`^  ${name}\\s+(min |skipped: )`, "m"));
    expect(r.stdout).toMatch(/^  wasm\s+min /m); // wasm is on the default list
  });

  it.each([
    [["--runs", "0"], "--runs must be at least 1, got 0"],
    [["-b", "cpu,cpu"], "backend 'cpu' is named twice in --backend"],
    [["-b", "cpu", "--baseline", "reference"], "--baseline 'reference' is not one of the benchmarked backends (cpu)"],
    [["--dim", "bacth=4"], "--dim bacth: the spec has no symbolic dimension 'bacth'; did you mean 'batch'?"],
  ])("refuses %j before timing", (args, message) => {
    const r = linc("bench", DFT, ...args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`error: ${message}`);
    expect(r.stdout).not.toMatch(/min\s/);
  });
});

describe("-v on run and compile", () => {
  it("linc run -v prints each step's time on stderr, stdout unchanged", () => {
    const spec = file("scale.linc", "input x: f64[2, 4]\noutput y = 2 * x\n");
    const x = join(work, "x.npy");
    writeNpy(x, { dtype: "f64", shape: [2, 4], data: new Float64Array(8).fill(1) });
    const r = linc("run", spec, "-b", "cpu", "--in", `x=${x}`, "--out", join(work, "o"), "-v");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`wrote ${join(work, "o", "y.npy")}\n`);
    expect(r.stderr).toMatch(/^linc run: load backend cpu [\d.]+ [µm]?s, parse and check [\d.]+ [µm]?s, read inputs .*, lower .*, run \(compile included\) .*, write outputs [\d.]+ [µm]?s$/m);
    expect(r.stderr).toMatch(/^linc run: done in \d+ ms$/m);
    expect(linc("run", spec, "-b", "cpu", "--in", `x=${x}`, "--out", join(work, "o")).stderr).toBe(""); // quiet without -v
  });

  it("linc compile -v prints its elapsed time on stderr", () => {
    const r = linc("compile", DFT, "-t", "js", "-o", join(work, "k.mjs"), "--verbose");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^linc compile: done in \d+ ms$/m);
  });
});

describe("timing helpers", () => {
  it("warns when a row's median is far from its fastest run (a busy machine), not otherwise", () => {
    expect(noiseWarning("cpu", { runs: 10, min: 1, median: NOISY * 1.01, max: 3 })).toMatch(/warning: cpu's median is 1\.21x its fastest run/);
    expect(noiseWarning("cpu", { runs: 10, min: 1, median: 1.05, max: 3 })).toBeUndefined();
    expect(noiseWarning("cpu", { runs: 2, min: 1, median: 2, max: 3 })).toBeUndefined(); // too few runs to say
  });

  it("spread: min, median (mean of the middle two when even), max", () => {
    expect(spread([5, 1, 3])).toEqual({ runs: 3, min: 1, median: 3, max: 5 });
    expect(spread([4, 1, 2, 3])).toEqual({ runs: 4, min: 1, median: 2.5, max: 4 });
    expect(() => spread([])).toThrow(RangeError);
  });
  it("durations, flop counts and rates in readable units", () => {
    expect([0.000812, 0.5, 14.61, 250, 2310].map(duration)).toEqual(["0.81 µs", "500 µs", "14.6 ms", "250 ms", "2.31 s"]);
    expect([240, 1900, 1.9e6, 3.4e9].map(flopCount)).toEqual(["240 flop", "1.90 kflop", "1.90 Mflop", "3.40 Gflop"]);
    expect(gflops(2e9, 1000)).toBe("2.0 GFLOP/s");
    expect(gflops(5e6, 1)).toBe("5.0 GFLOP/s");
  });
  it("a ratio in words, in the right direction", () => {
    expect(compared(10, 67, "reference")).toBe("6.7x faster than reference");
    expect(compared(16, 10, "cpu")).toBe("1.6x slower than cpu");
    expect(compared(10, 10.01, "cpu")).toBe("as fast as cpu");
    expect(compared(1, 250, "reference")).toBe("250x faster than reference");
  });
  it("flopsPerRun is the cost model's count, scaled by the bound batch size", () => {
    const p = parseProgram("input x: c128[batch, 64]\noutput y = dft(64) @ x\n", "t.linc");
    const one = graphCost(p.outputs.map((o) => o.node)).flops;
    expect(one).toBeGreaterThan(0);
    expect(flopsPerRun(p, new Map([["batch", 1]]))).toBe(one);
    expect(flopsPerRun(p, new Map([["batch", 5]]))).toBe(5 * one);
    expect(flopsPerRun(p, new Map())).toBeUndefined(); // an unbound dimension: unknown, not a guess
  });
});
