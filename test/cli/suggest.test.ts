// "Did you mean" on the command line: a misspelt backend, target or pass is a usage error (exit
// 2) naming the valid ones and the nearest; a misspelt operator in a spec keeps the diagnostic
// format file:line:col: error[CODE]: message with the suggestion at its end.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { TARGETS } from "../../src/ir/program.js";
/** The compile targets as the CLI lists them: every backend that compiles, cpu's artefact as js. */
const COMPILE_TARGETS = TARGETS.filter((t) => t !== "reference").map((t) => (t === "cpu" ? "js" : t)).join(", ");

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const work = mkdtempSync(join(tmpdir(), "linc-suggest-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const WHT = join(root, "examples/wht.linc");

function linc(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, [join(root, "bin/linc.mjs"), ...args], { cwd: work, timeout: 120_000 });
    let stdout = "", stderr = "";
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => (stderr += b));
    child.on("error", failed);
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}

describe.concurrent("did you mean, on the command line", () => {
  it.each([
    [["run", WHT, "-b", "onx", "--out", "o"], `unknown backend 'onx'; choose one of ${TARGETS.join(", ")}; did you mean 'onnx'?`],
    [["run", WHT, "-b", "js", "--out", "o"], `unknown backend 'js'; choose one of ${TARGETS.join(", ")}; did you mean 'cpu'?`],
    [["compile", WHT, "-t", "jss", "-o", "k.mjs"], `unknown target 'jss'; choose one of ${COMPILE_TARGETS}; did you mean 'js'?`],
    [["explain", WHT, "-t", "gpjs"], `unknown target 'gpjs'; choose one of ${TARGETS.join(", ")}; did you mean 'gpujs'?`],
    [["explain", WHT, "--dump-after", "lowr-apply"], "did you mean 'lower-apply'?"],
    [["graph", WHT, "--after", "halve_real"], "did you mean 'halve-real'?"],
  ])("linc %j", async (args, message) => {
    const r = await linc(...args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().startsWith("error: ")).toBe(true);
    expect(r.stderr.trim().endsWith(message)).toBe(true);
  });

  it("a misspelt --in name (checked before any file is read)", async () => {
    const spec = join(work, "s.linc");
    writeFileSync(spec, "input signal: f64[batch, 8]\ninput other: f64[batch, 8]\noutput y = signal + other\n");
    const r = await linc("run", spec, "--in", "signl=nofile.npy", "--out", "o");
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`error[E0705]: ${spec} has no input 'signl'; its inputs are 'signal', 'other'; did you mean 'signal'?`);
  });

  it("an operator from another library, in a spec", async () => {
    const spec = join(work, "h.linc");
    writeFileSync(spec, "input x: f64[batch, 8]\noutput y = hadamard(8) @ x\n");
    const r = await linc("check", spec);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${spec}:2:12: error[E0104]: unknown operator or function 'hadamard'\n  output y = hadamard(8) @ x\n             ^^^^^^^^\n  help: did you mean 'wht(n)'?`);
  });
});
