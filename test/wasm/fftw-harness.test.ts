// The FFTW physical-limit row's plumbing (bench/fftw): where gcc and libfftw3 are present the C
// harness builds and, in alternating rounds with a JavaScript contender, reports positive finite
// times per transform and their spread; where they are not, the row is skipped with a message
// naming what is missing. No timing is asserted: only that the numbers are numbers.
import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { expect, it } from "vitest";
import { buildHarness, timeAgainstFftw } from "../../bench/fftw/fftw.js";

const hasGcc = (() => {
  try {
    execFileSync("gcc", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

it("builds the FFTW harness, or says why not", () => {
  const { exe, notes, dir } = buildHarness();
  try {
    if (!hasGcc) expect(notes.join("\n")).toMatch(/skipped: no gcc/);
    else if (!exe.f64) expect(notes.join("\n")).toMatch(/FFTW f64 row skipped: the harness does not build/);
    else expect(existsSync(exe.f64)).toBe(true);
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});

it.runIf(hasGcc)("times FFTW against a contender in alternating rounds", async () => {
  const { exe, dir } = buildHarness();
  try {
    if (!exe.f64) return; // no libfftw3: the test above checked the message
    let calls = 0, sink = 0;
    const data = Float64Array.from({ length: 4096 }, (_, i) => Math.sin(i));
    const run = () => {
      calls++;
      for (let i = 0; i < data.length; i++) sink += data[i] * data[i]; // some microseconds of work
    };
    const r = await timeAgainstFftw(exe.f64, { prec: "f64", n: 64, impl: "a loop", run }, 5);
    expect(sink).toBeGreaterThan(0);
    expect(calls).toBeGreaterThan(5);
    for (const t of [r.linc, r.fftw, ...r.lincSpread, ...r.fftwSpread]) expect(Number.isFinite(t) && t > 0).toBe(true);
    expect(r.fftwSpread[0]).toBeLessThanOrEqual(r.fftwSpread[1]);
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});
