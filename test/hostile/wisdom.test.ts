// Issue 24 #7: wisdom files are guarded like specs and .npy files. `--wisdom` reads only a regular
// file of at most MAX_WISDOM_BYTES (a FIFO hung, /dev/zero was read until 16.8 GB), and every
// plan and route is held to the schedule's own limits: a hand-made Bluestein size of 2^30 passed
// validation and `linc run -b cpu` was killed at 23.4 GB.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../../src/api/index.js";
import { currentMachine } from "../../src/api/wisdom.js";
import { MAX_WISDOM_BYTES, WISDOM_FORMAT, WISDOM_VERSION, parseWisdom } from "../../src/passes/index.js";
import { lincErrorOf } from "../support/errors.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const work = mkdtempSync(join(tmpdir(), "linc-hostile-wisdom-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Run linc; killed after 30 s, so a hang fails the test instead of hanging it. */
function linc(args: string[]): Promise<{ status: number | null; signal: string | null; stderr: string }> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, [join(root, "bin/linc.mjs"), ...args], { cwd: root, timeout: 30_000 });
    let stderr = "";
    child.stderr.on("data", (b) => (stderr += b));
    child.on("error", failed);
    child.on("close", (status, signal) => done({ status, signal, stderr }));
  });
}

const spec = join(work, "s.linc");
writeFileSync(spec, "input x: c128[batch, 17]\noutput y = dft(17) @ x\n");
const wisdom = (plans: unknown[], routes?: unknown[]) => ({ format: WISDOM_FORMAT, version: WISDOM_VERSION, machine: currentMachine(), plans, ...(routes ? { routes } : {}) });
const errorOf = lincErrorOf; // test/support/errors.ts

describe.concurrent("--wisdom reads only a regular file of bounded size", () => {
  it("a FIFO is refused without hanging", async () => {
    const f = join(work, "w.fifo");
    expect(spawnSync("mkfifo", [f]).status).toBe(0);
    const r = await linc(["explain", spec, "--wisdom", f]);
    expect(r.signal).toBeNull();
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`error[E0205]: cannot read wisdom file ${f}: not a regular file (a FIFO)`);
  });

  it("/dev/zero is refused at once", async () => {
    const r = await linc(["explain", spec, "--wisdom", "/dev/zero"]);
    expect(r.signal).toBeNull();
    expect(r.stderr).toContain("error[E0205]: cannot read wisdom file /dev/zero: not a regular file (a character device)");
  });

  it("a file over the limit is refused before it is read", async () => {
    const f = join(work, "big.wisdom.json");
    writeFileSync(f, "");
    truncateSync(f, MAX_WISDOM_BYTES + 1);
    const r = await linc(["explain", spec, "--wisdom", f]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`error[E0205]: cannot read wisdom file ${f}: it is ${MAX_WISDOM_BYTES + 1} bytes, above the limit of`);
  });
});

describe("every wisdom plan is held to the schedule's limits", () => {
  it("a Bluestein size of 2^30 for n = 17 is refused (the schedule uses 64)", () => {
    const w = wisdom([{ target: "cpu", n: 17, precision: "f64", plan: { algo: "bluestein", n: 17, m: 2 ** 30, inner: { algo: "mixed", n: 2 ** 30, radices: Array(15).fill(4) } } }]);
    expect(errorOf(() => parseWisdom(w)).message).toMatch(/Bluestein's size m must be the smallest power of two >= 2n - 1 = 33 \(64\), got 1073741824/);
  });

  it("a Bluestein size twice the schedule's is refused too", () => {
    const w = wisdom([{ target: "cpu", n: 17, precision: "f64", plan: { algo: "bluestein", n: 17, m: 128, inner: { algo: "mixed", n: 128, radices: [8, 16] } } }]);
    expect(errorOf(() => parseWisdom(w)).code).toBe("E0205");
  });

  it("an FFT length past the largest the schedule plans is refused", () => {
    const n = 2 ** 29;
    const w = wisdom([{ target: "cpu", n, precision: "f64", plan: { algo: "mixed", n, radices: [2, ...Array(14).fill(4)] } }]);
    expect(errorOf(() => parseWisdom(w)).message).toMatch(/n must be a positive integer up to 268435456, got 536870912/);
  });

  it("a route's embedding size of 2^30 for a 48 x 48 Toeplitz is refused", () => {
    const w = wisdom([], [{ target: "cpu", m: 48, n: 48, route: "fft", N: 2 ** 30 }]);
    expect(errorOf(() => parseWisdom(w)).message).toMatch(/the embedding size N must be an integer from m \+ n - 1 = 95 to 2\(m \+ n - 1\) = 190, got 1073741824/);
  });

  // the circulant the route embeds in is an operator: its size N is held to the operator limit;
  // past it the error named the circulant's internal column ("length of c = ...")
  const side = 3 << 23, N = 2 ** 26 + 2 ** 20; // N in [m + n - 1, 2(m + n - 1)], above 2^26
  const big = `input h: f32[${side}]\ninput x: f32[batch, ${side}]\noutput y = toeplitz(h, h) @ x\n`;
  it("a route's embedding size above the operator limit is refused in the wisdom's words (file, route, sizes)", async () => {
    const f = join(work, "big-route.wisdom.json"), s = join(work, "big.linc");
    writeFileSync(f, JSON.stringify(wisdom([], [{ target: "cpu", m: side, n: side, route: "fft", N }])));
    writeFileSync(s, big);
    const r = await linc(["explain", s, "--wisdom", f]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`error[E0205]: invalid wisdom (${f}: routes[0]): the cpu route for a ${side} x ${side} operator embeds it in a circulant of N = ${N} points, above the operator limit of ${2 ** 26}`);
    expect(r.stderr).not.toMatch(/\bc\b/);
  });

  it("a Toeplitz whose FFT route needs a circulant above the operator limit is refused naming the op, not its internal column", async () => {
    const err = await compile(`input h: f32[${2 ** 26}]\ninput x: f32[batch, ${2 ** 26}]\noutput y = toeplitz(h, h) @ x\n`, { target: "cpu" }).then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ code: "E0304" });
    expect((err as Error).message).toMatch(/toeplitz of 67108864 x 67108864: its FFT route needs a circulant embedding of N = \d+ points \(at least 134217727\), above the limit of 67108864/);
  });

  it("a route's sides past the operator limit are refused", () => {
    const w = wisdom([], [{ target: "cpu", m: 2 ** 27, n: 8, route: "direct" }]);
    expect(errorOf(() => parseWisdom(w)).code).toBe("E0205");
  });

  it("the library refuses such a wisdom (as text) before compiling, with E0205", async () => {
    const w = wisdom([{ target: "cpu", n: 17, precision: "f64", plan: { algo: "bluestein", n: 17, m: 2 ** 30, inner: { algo: "mixed", n: 2 ** 30, radices: Array(15).fill(4) } } }]);
    await expect(compile("input x: c128[batch, 17]\noutput y = dft(17) @ x\n", { target: "cpu", wisdom: JSON.stringify(w) })).rejects.toMatchObject({ code: "E0205" });
  });

  it("the library refuses wisdom text over the limit without parsing it", async () => {
    const text = JSON.stringify(wisdom([])) + " ".repeat(MAX_WISDOM_BYTES);
    await expect(compile("input x: c128[batch, 17]\noutput y = dft(17) @ x\n", { target: "cpu", wisdom: text })).rejects.toThrow(/above the limit of/);
  });
});
