// `linc tune` and `--wisdom FILE` end to end: the tuner with a tiny budget writes a wisdom file
// for this machine; a wisdom that forces another plan changes what `linc explain` shows and `linc
// run` still gives the reference's numbers; a wisdom measured elsewhere is ignored with a warning
// (the default plan); a malformed one is a clear error. The library's { wisdom } option alike.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { compile, explain, run } from "../../src/api/index.js";
import { currentMachine } from "../../src/api/wisdom.js";
import { parseBudget } from "../../src/cli/commands/tune.js";
import { readNpy, writeNpy } from "../../src/cli/npy.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, describePlan } from "../../src/ir/index.js";
import { WISDOM_FORMAT, parseWisdom } from "../../src/passes/index.js";
import { maxAbsErr } from "../support/compare.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const work = mkdtempSync(join(tmpdir(), "linc-tune-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const linc = (...args: string[]) => spawnSync(process.execPath, [join(root, "bin/linc.mjs"), ...args], { cwd: root, encoding: "utf8", timeout: 180_000 });

const SPEC = "const n = 48\ninput x: f64[batch, n]\ninput u: c128[batch, 24]\nparam h: f64[n]\noutput y = toeplitz(h, zeros(n)) @ x\noutput z = dft(24) @ u\n";
const specFile = join(work, "conv.linc");
writeFileSync(specFile, SPEC);
const r = (k: number) => Math.sin(1.1 * k) + 0.3 * Math.cos(0.37 * k * k);
const arrays: Record<string, HostArray> = {
  x: { dtype: "f64", shape: [2, 48], data: Float64Array.from({ length: 96 }, (_, k) => r(k)) },
  u: { dtype: "c128", shape: [2, 24], data: Float64Array.from({ length: 96 }, (_, k) => r(k + 300)) },
  h: { dtype: "f64", shape: [48], data: Float64Array.from({ length: 48 }, (_, k) => r(k + 700) / (k + 1)) },
};
for (const [name, a] of Object.entries(arrays)) writeNpy(join(work, `${name}.npy`), a);
const want = evaluate(parseProgram(SPEC, "conv.linc"), arrays);

// a wisdom for this machine forcing plans the cost model does not pick (dft(24): [8,3]; the FFT of 48 of rdft/irdft(96): [16,3])
const FORCED = [
  { target: "cpu", n: 24, plan: { algo: "mixed", n: 24, radices: [2, 12] } },
  { target: "cpu", n: 48, plan: { algo: "mixed", n: 48, radices: [3, 16] } },
];
// (version 1, plans keyed by length alone: still read, each plan for both precisions)
const wisdomText = (machine = currentMachine(), plans: unknown[] = FORCED) => JSON.stringify({ format: WISDOM_FORMAT, version: 1, machine, plans });
const forcedFile = join(work, "forced.wisdom.json");
writeFileSync(forcedFile, wisdomText());
const elsewhereFile = join(work, "elsewhere.wisdom.json");
writeFileSync(elsewhereFile, wisdomText({ ...currentMachine(), cpu: "Some Other CPU 9000" }));
const planLinesOf = (stdout: string) => stdout.split("\n").filter((l) => /^ {2}(dft|rdft|irdft)\(/.test(l)).map((l) => l.trim());

describe("linc tune", () => {
  it("with a tiny budget writes a wisdom file for this machine, one checked plan per FFT length", () => {
    const out = join(work, "sub", "conv.wisdom.json");
    const res = linc("tune", specFile, "--budget", "300ms", "-o", out);
    expect(res.stderr).toBe(""); // no progress bar when not on a terminal
    expect(res.status).toBe(0);
    expect(res.stdout).toContain(`wrote ${out}`);
    const w = parseWisdom(JSON.parse(readFileSync(out, "utf8")), out);
    expect(w.machine).toEqual(currentMachine());
    // rdft/irdft(96) run an FFT of 48, dft(24) one of 24 (and of 12 for real rows)
    expect(w.plans.map((p) => p.n).sort((a, b) => a - b)).toEqual([12, 24, 48]);
    for (const p of w.plans) expect([p.target, p.precision]).toEqual(["cpu", "f64"]); // keyed by length and precision (the spec is f64/c128)
    expect(JSON.parse(readFileSync(out, "utf8")).version).toBe(2);
    expect(res.stdout).toMatch(/^ {2}fft\(24, f64\): /m);
    // and the Toeplitz operator's direct-vs-FFT route, both timed
    expect(w.routes?.map(({ target, m, n }) => ({ target, m, n }))).toEqual([{ target: "cpu", m: 48, n: 48 }]);
    // (the FFT route per circulant embedding size: the schedule's 96, the power of two 128, the next 5-smooth 100)
    expect(res.stdout).toMatch(/toeplitz-like 48x48: (direct|fft N=(96|128|100)) {2}\(direct [\d.]+ ms, fft N=96 [\d.]+ ms, fft N=128 [\d.]+ ms, fft N=100 [\d.]+ ms\)/);
    const route = w.routes![0];
    expect(route.route === "fft" ? [96, 128, 100].includes(route.N!) : route.N === undefined).toBe(true);
    // the file it wrote is usable at once, with no warning
    const ex = linc("explain", specFile, "--wisdom", out);
    expect(ex.status).toBe(0);
    expect(ex.stderr).toBe("");
    // explain shows the measured plans (whichever won), and run with them gives the reference's numbers
    const dft24 = w.plans.find((p) => p.n === 24)!.plan;
    expect(planLinesOf(ex.stdout)).toContain(`dft(24): ${describePlan(dft24)}`);
    const dir = join(work, "run-tuned");
    const res2 = linc("run", specFile, "-b", "cpu", "--wisdom", out, "--in", `x=${join(work, "x.npy")}`, "--in", `u=${join(work, "u.npy")}`, "--param", `h=${join(work, "h.npy")}`, "--out", dir, "-q");
    expect(res2.status).toBe(0);
    expect(maxAbsErr(readNpy(join(dir, "y.npy")).data, want.y.data)).toBeLessThan(1e-10);
    expect(maxAbsErr(readNpy(join(dir, "z.npy")).data, want.z.data)).toBeLessThan(1e-10);
  });

  it("rejects a bad target or budget as a usage error", () => {
    const t = linc("tune", specFile, "-t", "gpujs", "-o", join(work, "x.json"));
    expect(t.status).not.toBe(0);
    expect(t.stderr).toMatch(/--target must be one of cpu, wasm, onnx, got 'gpujs'/);
    expect(() => parseBudget("soon")).toThrow(/--budget must be a positive duration/);
    expect([parseBudget("10s"), parseBudget("500ms"), parseBudget("2m"), parseBudget("1.5")]).toEqual([10_000, 500, 120_000, 1500]);
  });
});

describe("--wisdom FILE", () => {
  const defaults = planLinesOf(linc("explain", specFile).stdout);

  it("forces its plans in `linc explain` and `linc run` keeps the reference's results", () => {
    expect(defaults).toContain("dft(24): mixed [8,3]");
    const ex = linc("explain", specFile, "--wisdom", forcedFile);
    expect(ex.status).toBe(0);
    expect(ex.stderr).toBe("");
    const forced = planLinesOf(ex.stdout);
    expect(forced).toContain("dft(24): mixed [2,12]");
    expect(forced).toContain("rdft(96): half-size complex FFT, mixed [3,16]");
    expect(forced).not.toEqual(defaults);
    const out = join(work, "run-forced");
    const res = linc("run", specFile, "-b", "cpu", "--wisdom", forcedFile, "--in", `x=${join(work, "x.npy")}`, "--in", `u=${join(work, "u.npy")}`, "--param", `h=${join(work, "h.npy")}`, "--out", out, "-q");
    expect(res.stderr).toBe("");
    expect(res.status).toBe(0);
    expect(maxAbsErr(readNpy(join(out, "y.npy")).data, want.y.data)).toBeLessThan(1e-10);
    expect(maxAbsErr(readNpy(join(out, "z.npy")).data, want.z.data)).toBeLessThan(1e-10);
  });

  it("a forced direct route keeps the Toeplitz product direct, with the reference's results", () => {
    const file = join(work, "direct.wisdom.json");
    writeFileSync(file, JSON.stringify({ ...JSON.parse(wisdomText()), routes: [{ target: "cpu", m: 48, n: 48, route: "direct" }] }));
    const ex = linc("explain", specFile, "--wisdom", file);
    expect(planLinesOf(ex.stdout)).toEqual(["dft(24): mixed [2,12]"]);
    const out = join(work, "run-direct");
    const res = linc("run", specFile, "-b", "cpu", "--wisdom", file, "--in", `x=${join(work, "x.npy")}`, "--in", `u=${join(work, "u.npy")}`, "--param", `h=${join(work, "h.npy")}`, "--out", out, "-q");
    expect(res.status).toBe(0);
    expect(maxAbsErr(readNpy(join(out, "y.npy")).data, want.y.data)).toBeLessThan(1e-10);
  });

  it("measured on another machine: a warning on stderr and the default plans", () => {
    const ex = linc("explain", specFile, "--wisdom", elsewhereFile);
    expect(ex.status).toBe(0);
    expect(ex.stderr).toMatch(/^warning: wisdom .*elsewhere\.wisdom\.json ignored: it was measured elsewhere \(cpu .*Some Other CPU 9000/);
    expect(planLinesOf(ex.stdout)).toEqual(defaults);
    const c = linc("compile", specFile, "-t", "js", "-o", join(work, "k", "kernel.mjs"), "--wisdom", elsewhereFile);
    expect(c.status).toBe(0);
    expect(c.stderr).toMatch(/^warning: wisdom .* ignored/);
  });

  it("malformed: a clear error, no stack trace, nothing run", () => {
    const bad = join(work, "bad.wisdom.json");
    writeFileSync(bad, wisdomText(currentMachine(), [{ target: "cpu", n: 24, plan: { algo: "mixed", n: 24, radices: [4, 4] } }]));
    const res = linc("explain", specFile, "--wisdom", bad);
    expect(res.status).not.toBe(0);
    expect(res.stderr.trim()).toBe(`error[E0205]: invalid wisdom (${bad}: plans[0]): the radices [4,4] multiply to 16, not n = 24`);
    writeFileSync(bad, "{ not json");
    const j = linc("run", specFile, "--wisdom", bad, "--in", `x=${join(work, "x.npy")}`, "--in", `u=${join(work, "u.npy")}`, "--param", `h=${join(work, "h.npy")}`, "--out", join(work, "no"));
    expect(j.status).not.toBe(0);
    expect(j.stderr).toMatch(/^error\[E0205\]: invalid wisdom \(.*bad\.wisdom\.json\): not JSON/);
    expect(j.stderr).not.toMatch(/\n\s+at /);
    const missing = linc("explain", specFile, "--wisdom", join(work, "none.json"));
    expect(missing.stderr).toMatch(/error\[E0205\]: cannot read wisdom file .*none\.json: no such file/);
  });
});

describe("the library's { wisdom }", () => {
  it("explain and run use it; results equal the reference", async () => {
    const e = await explain(SPEC, { target: "cpu", wisdom: wisdomText() });
    expect(e.plans).toContain("dft(24): mixed [2,12]");
    expect(e.warnings).toBeUndefined();
    const warnings: string[] = [];
    const out = await run(SPEC, { backend: "cpu", inputs: { x: arrays.x, u: arrays.u }, params: { h: arrays.h }, wisdom: JSON.parse(wisdomText()), onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([]);
    expect(maxAbsErr(out.y.data, want.y.data)).toBeLessThan(1e-10);
    expect(maxAbsErr(out.z.data, want.z.data)).toBeLessThan(1e-10);
  });

  it("a forced FFT route on a small Toeplitz (direct by the cost model) gives the reference's results", async () => {
    const small = "input x: f64[2, 8]\nparam h: f64[8]\noutput y = toeplitz(h, zeros(8)) @ x\n";
    const w = JSON.stringify({ ...JSON.parse(wisdomText(currentMachine(), [])), routes: [{ target: "cpu", m: 8, n: 8, route: "fft" }] });
    expect((await explain(small, { target: "cpu" })).plans).toEqual([]);
    expect((await explain(small, { target: "cpu", wisdom: w })).plans.length).toBeGreaterThan(0);
    const xs: HostArray = { dtype: "f64", shape: [2, 8], data: Float64Array.from({ length: 16 }, (_, k) => r(k + 40)) };
    const hs: HostArray = { dtype: "f64", shape: [8], data: Float64Array.from({ length: 8 }, (_, k) => r(k + 90)) };
    const ref = evaluate(parseProgram(small, "s.linc"), { x: xs, h: hs });
    const got = await run(small, { backend: "cpu", inputs: { x: xs }, params: { h: hs }, wisdom: w });
    expect(maxAbsErr(got.y.data, ref.y.data)).toBeLessThan(1e-12);
  });

  it("a measured embedding size replaces the schedule's, with the reference's results", async () => {
    const w = JSON.stringify({ ...JSON.parse(wisdomText()), routes: [{ target: "cpu", m: 48, n: 48, route: "fft", N: 100 }] });
    expect((await explain(SPEC, { target: "cpu" })).plans).toContain("rdft(96): half-size complex FFT, mixed [16,3]");
    const e = await explain(SPEC, { target: "cpu", wisdom: w });
    expect(e.plans).toContain("rdft(100): half-size complex FFT, mixed [2,5,5]");
    const out = await run(SPEC, { backend: "cpu", inputs: { x: arrays.x, u: arrays.u }, params: { h: arrays.h }, wisdom: w });
    expect(maxAbsErr(out.y.data, want.y.data)).toBeLessThan(1e-10);
  });

  it("measured elsewhere: a returned warning and the default plans", async () => {
    const other = wisdomText({ ...currentMachine(), node: "v0.0.1" });
    const e = await explain(SPEC, { target: "cpu", wisdom: other });
    expect(e.warnings).toEqual([expect.stringMatching(/ignored: it was measured elsewhere \(node/)]);
    expect(e.plans).toContain("dft(24): mixed [8,3]");
    const c = await compile(SPEC, { target: "js", wisdom: other });
    expect(c.warnings).toHaveLength(1);
    const c2 = await compile(SPEC, { target: "js", wisdom: wisdomText() });
    expect(c2.warnings).toEqual([]);
    expect(c2.text).toContain(": mixed [2,12]");
    expect(c.text).not.toContain(": mixed [2,12]");
  });

  it("malformed: E0205", async () => {
    await expect(run(SPEC, { backend: "cpu", wisdom: "[]" })).rejects.toThrow(/E0205|invalid wisdom/);
    await expect(compile(SPEC, { wisdom: wisdomText(currentMachine(), [{ target: "cpu", n: 24, plan: { algo: "mixed", n: 24, radices: [24] } }]) })).rejects.toThrow(/radix 24 is not one of this target's passes/);
  });
});
