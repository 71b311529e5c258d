// Issue 24 #9: constant folding runs the reference interpreter at compile time, and was
// unbounded: `ssm_kernel(hippo_A("legs", 4096), ...)` folded in O(N³) for about 10 minutes. Its
// cost is now estimated before anything is evaluated (src/passes/foldcost.ts) and refused above a
// budget (E0604), which --fold-budget and the library's foldBudget option raise.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { compile, explain } from "../../src/api/index.js";
import { DEFAULT_FOLD_BUDGET, foldCost, runPipeline } from "../../src/passes/index.js";
import { parseProgram } from "../../src/dsl/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const work = mkdtempSync(join(tmpdir(), "linc-hostile-fold-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Run linc; killed after 60 s, so unbounded folding fails the test instead of hanging it. */
function linc(args: string[]): Promise<{ status: number | null; signal: string | null; stderr: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, [join(root, "bin/linc.mjs"), ...args], { cwd: root, timeout: 60_000 });
    let stderr = "";
    child.stderr.on("data", (b) => (stderr += b));
    child.on("error", failed);
    child.on("close", (status, signal) => done({ status, signal, stderr, ms: Date.now() - t0 }));
  });
}

const ssm = (N: number) =>
  `const N = ${N}\ninput x: f64[batch, 64]\nK = ssm_kernel(hippo_A("legs", N), hippo_B("legs", N), ones(N), 0.01, 64)\noutput y = toeplitz(K, zeros(64)) @ x\n`;

describe("constant folding is bounded", () => {
  it("ssm_kernel of hippo_A(\"legs\", 4096) is refused with E0604 at once (it folded for minutes)", async () => {
    const spec = join(work, "ssm4096.linc");
    writeFileSync(spec, ssm(4096));
    const out = join(work, "k.mjs");
    const r = await linc(["compile", spec, "-t", "js", "-o", out]);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error\[E0604\]: constant folding would take about [0-9.e]+ operations, above the budget of 4\.29e9 \(the costliest: ssm_powers/m);
    // the command line's words for the option, not the library's
    expect(r.stderr).toContain("; raise it with --fold-budget or bind fewer params at compile time");
    expect(r.stderr).not.toContain("foldBudget");
    expect(existsSync(out)).toBe(false);
  }, 90_000);

  it("the estimate grows as N³ and the default budget admits N = 256 but not 4096", () => {
    const cost = (N: number) => foldCost(lowered(N)).work;
    expect(cost(256)).toBeLessThan(DEFAULT_FOLD_BUDGET);
    expect(cost(4096)).toBeGreaterThan(DEFAULT_FOLD_BUDGET);
    expect(cost(512) / cost(256)).toBeGreaterThan(6);
  });

  it("--fold-budget lowers (and raises) the budget on the command line", async () => {
    const spec = join(work, "ssm64.linc");
    writeFileSync(spec, ssm(64));
    const low = await linc(["explain", spec, "--fold-budget", "1000"]);
    expect(low.status).toBe(1);
    expect(low.stderr).toMatch(/error\[E0604\]: .*above the budget of 1000/);
    const high = await linc(["explain", spec, "--fold-budget", "1e12"]);
    expect(high.stderr).toBe("");
    expect(high.status).toBe(0);
    const bad = await linc(["explain", spec, "--fold-budget", "-3"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("expected a positive number");
  }, 90_000);

  it("the library's foldBudget option: refused below the work, compiled above it; a bad budget is E0205", async () => {
    await expect(compile(ssm(64), { target: "js", foldBudget: 1000 })).rejects.toMatchObject({ code: "E0604" });
    // the library's words for the option, not the command line's flag
    const e = (await compile(ssm(64), { target: "js", foldBudget: 1000 }).catch((x: unknown) => x)) as Error;
    expect(e.message).toContain("; raise it with the foldBudget option or bind fewer params at compile time");
    expect(e.message).not.toContain("--");
    await expect(explain(ssm(64), { foldBudget: 1000 })).rejects.toMatchObject({ code: "E0604" });
    expect((await compile(ssm(64), { target: "js", foldBudget: 1e12 })).text).toContain("export");
    await expect(compile(ssm(64), { target: "js", foldBudget: -1 })).rejects.toMatchObject({ code: "E0205" });
  });

  it("memory held by folding counts too: a chain of 20 steps on a 2048 x 2048 constant is refused before allocating 1.3 GB", async () => {
    const chain = Array.from({ length: 20 }, (_, i) => `M${i + 1} = M${i} * 1.0001 + ${i}`).join("\n");
    const src = `input x: f64[batch, 2048]\nM0 = hippo_A("legs", 2048)\n${chain}\noutput y = dense(M20) @ x\n`;
    const rss = process.memoryUsage().rss;
    await expect(compile(src, { target: "js" })).rejects.toMatchObject({ code: "E0604" });
    expect(process.memoryUsage().rss - rss).toBeLessThan(400 * 2 ** 20);
  });
});


/** The static subgraph constant folding meets for the SSM spec: the pipeline up to the pass before it. */
function lowered(N: number) {
  const p = runPipeline(parseProgram(ssm(N), "s.linc"), { target: "cpu" }, "halve-real").program;

  return p.outputs.map((o) => o.node).flatMap((n) => n.src);
}
