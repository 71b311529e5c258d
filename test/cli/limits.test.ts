// Input limits and bounded error output (issue 10, items 8 and 9): a spec with thousands of
// errors prints at most 20 of them per file, long source lines are cut around the caret, and
// non-regular files (devices, FIFOs), specs over 1 MiB and .npy files longer than their header
// says are refused before they are read.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { encodeNpy } from "../../src/cli/npy.js";
import { describeError } from "../../src/cli/report.js";
import { DiagnosticsError } from "../../src/ir/errors.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = join(root, "bin/linc.mjs");
const work = mkdtempSync(join(tmpdir(), "linc-limits-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Run linc; a command that hangs is killed after 15 s, so a regression fails instead of hanging. */
function linc(args: string[]): Promise<{ status: number | null; signal: string | null; stdout: string; stderr: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, timeout: 15_000 });
    let stdout = "", stderr = "";
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => (stderr += b));
    child.on("error", failed);
    child.on("close", (status, signal) => done({ status, signal, stdout, stderr, ms: Date.now() - t0 }));
  });
}

function file(name: string, text: string | Uint8Array): string {
  const f = join(work, name);
  writeFileSync(f, text);
  return f;
}

function fifo(name: string): string {
  const f = join(work, name);
  const r = spawnSync("mkfifo", [f]);
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
  return f;
}

const noStackTrace = (s: string) => expect(s).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe.concurrent("error output is bounded", () => {
  it("4000 '$ ' on one line print 20 diagnostics and one '... and N more errors' line", async () => {
    const f = file("dollars.linc", "$ ".repeat(4000) + "\n");
    const r = await linc(["check", f]);
    expect(r.status).toBe(1);
    const heads = r.stderr.split("\n").filter((l) => /^\S+:\d+:\d+: error\[E\d{4}\]: /.test(l));
    expect(heads.length).toBe(20);
    expect(heads[0]).toBe(`${f}:1:1: error[E0001]: unexpected character '$'`);
    expect(r.stderr).toMatch(/^\.\.\. and 3980 more errors$/m);
    expect(r.stderr.length).toBeLessThan(8000);
  });

  it("16000 '$ ' on one line fail cleanly (no internal error)", async () => {
    const r = await linc(["check", file("dollars16k.linc", "$ ".repeat(16000) + "\n")]);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stderr).toMatch(/^\.\.\. and 15980 more errors$/m);
    expect(r.stderr.length).toBeLessThan(8000);
  });

  it("every spec of `linc check a b` gets its own cap", async () => {
    const a = file("many-a.linc", "$\n".repeat(25));
    const b = file("many-b.linc", "$\n".repeat(21));
    const r = await linc(["check", a, b]);
    expect(r.stderr.match(/^\.\.\. and \d+ more errors?$/gm)).toEqual(["... and 5 more errors", "... and 1 more error"]);
  });
});

describe("long source lines are cut around the caret", () => {
  const caretUnder = (text: string) => {
    const [, shown, caret] = text.split("\n");
    const col = caret.indexOf("^");
    return { shown, caret, col, at: shown.slice(col, col + caret.trim().length) };
  };

  it("a mistake in the middle of a 600-character line shows a window with … on both sides", () => {
    const src = `x = ${"y".repeat(300)} @@ ${"z".repeat(300)}\n`;
    const col = src.indexOf("@@") + 1;
    const e = new DiagnosticsError([{ code: "E0001", message: "unexpected character '@'", file: "s.linc", line: 1, col, length: 2 }], src);
    const { text } = describeError(e);
    const { shown, caret, at } = caretUnder(text);
    expect(shown.length).toBeLessThanOrEqual(2 + 1 + 120 + 1);
    expect(shown.startsWith("  …")).toBe(true);
    expect(shown.endsWith("…")).toBe(true);
    expect(caret.trim()).toBe("^^");
    expect(at).toBe("@@");
  });

  it("a mistake near the start or the end of a long line marks only the cut side", () => {
    const src = "@" + "y".repeat(500) + "#\n";
    const mk = (col: number) => new DiagnosticsError([{ code: "E0001", message: "m", file: "s.linc", line: 1, col, length: 1 }], src);
    const start = caretUnder(describeError(mk(1)).text);
    expect(start.shown.startsWith("  @")).toBe(true);
    expect(start.shown.endsWith("…")).toBe(true);
    expect(start.at).toBe("@");
    const end = caretUnder(describeError(mk(502)).text);
    expect(end.shown.startsWith("  …")).toBe(true);
    expect(end.shown.endsWith("#")).toBe(true);
    expect(end.at).toBe("#");
  });

  it("a line of 120 characters or fewer is printed whole", () => {
    const src = "x".repeat(60) + "@" + "y".repeat(59);
    const e = new DiagnosticsError([{ code: "E0001", message: "m", file: "s.linc", line: 1, col: 61, length: 1 }], src);
    const { shown, at } = caretUnder(describeError(e).text);
    expect(shown).toBe(`  ${src}`);
    expect(at).toBe("@");
  });
});

describe.concurrent("input files are refused before they are read", () => {
  it("`linc check /dev/zero` fails at once with E0707", async () => {
    const r = await linc(["check", "/dev/zero"]);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error\[E0707\]: cannot read spec file \/dev\/zero: not a regular file \(a character device\)$/m);
    expect(r.ms).toBeLessThan(10_000);
    noStackTrace(r.stderr);
  });

  it("a FIFO as spec is refused without hanging", async () => {
    const f = fifo("spec.fifo");
    const r = await linc(["check", f]);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`error[E0707]: cannot read spec file ${f}: not a regular file (a FIFO)`);
  });

  it("a directory as spec is refused with E0707", async () => {
    const r = await linc(["check", work]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`error[E0707]: cannot read spec file ${work}: is a directory`);
  });

  it("a spec over 1 MiB is refused with E0707", async () => {
    const text = "# " + "x".repeat(1024 * 1024) + "\nconst n = 4\n";
    const f = file("big.linc", text);
    const r = await linc(["check", f]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error\\[E0707\\]: cannot read spec file ${f}: it is ${text.length} bytes, above the limit of 1 MiB \\(1048576 bytes\\)`, "m"));
  });

  it("a spec of exactly 1 MiB is read", async () => {
    const text = "const n = 4\ninput x: f64[n]\noutput y = x\n";
    const f = file("edge.linc", text + "#".repeat(1024 * 1024 - text.length - 1) + "\n");
    const r = await linc(["check", f]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  const SPEC = "input x: f64[4]\noutput y = x\n";

  it("a FIFO and /dev/zero as --in are refused with E0701 without hanging", async () => {
    const s = file("id.linc", SPEC);
    const f = fifo("x.fifo");
    for (const [given, kind] of [[f, "a FIFO"], ["/dev/zero", "a character device"]]) {
      const r = await linc(["run", s, "--backend", "reference", "--in", `x=${given}`, "--out", join(work, "out-fifo")]);
      expect(r.signal).toBeNull();
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`error[E0701]: cannot read ${given}: not a regular file (${kind})`);
    }
  });

  it("an .npy whose data is longer than its header says is refused with E0701 before it is read", async () => {
    // 3 GiB (sparse): reading it whole would fail (or exhaust memory); the header decides first.
    const s = file("id2.linc", SPEC);
    const good = encodeNpy({ dtype: "f64", shape: [4], data: new Float64Array([1, 2, 3, 4]) });
    const x = file("long.npy", good);
    truncateSync(x, 3 * 2 ** 30);
    const r = await linc(["run", s, "--backend", "reference", "--in", `x=${x}`, "--out", join(work, "out-long")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`error[E0701]: cannot read ${x}: ${3 * 2 ** 30 - good.length} unexpected bytes after the data of shape (4) of f64`);
  });
});

describe("run-time dims have the element limit of compile-time shapes (item 11)", () => {
  const spec = () => file("batch.linc", "input x: f64[batch, 1024]\noutput y = dft(1024) @ x\n");

  it("demo --dim batch=1000000 is refused at once with E0304 (nothing allocated)", async () => {
    const r = await linc(["demo", spec(), "--dim", "batch=1000000"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error[E0304]: with batch = 1000000, 'x' (f64[batch, 1024]) would hold 1024000000 elements, above the limit of 67108864");
    noStackTrace(r.stderr);
    expect(r.ms).toBeLessThan(15_000); // it used to allocate gigabytes and crash
  });

  it("run refuses .npy shapes that give a value over the limit before reading their data (E0304)", async () => {
    const s = file("pad.linc", "input x: f64[batch, 4]\noutput y = pad(x, 65536)\n");
    const x = file("x2048.npy", encodeNpy({ dtype: "f64", shape: [2048, 4], data: new Float64Array(2048 * 4) }));
    const r = await linc(["run", s, "--backend", "reference", "--in", `x=${x}`, "--out", join(work, "out-pad")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error[E0304]: with batch = 2048, 'y' (f64[batch, 65536]) would hold 134217728 elements, above the limit of 67108864");
  });
});
