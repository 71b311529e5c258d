// The command line is a thin layer over the library: each command reads its spec file and parses
// it once (src/cli/load.ts), then hands the checked program to the API, which must not parse it
// again (issue 24: `linc compile` parsed every spec twice, once in the CLI and once in the API).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";

const parses = vi.hoisted(() => ({ count: 0 }));
vi.mock("../../src/dsl/index.js", async (original) => {
  const dsl = await original<typeof import("../../src/dsl/index.js")>();
  return { ...dsl, parseProgram: (...a: Parameters<typeof dsl.parseProgram>) => (parses.count++, dsl.parseProgram(...a)) };
});
const { main } = await import("../../src/cli/main.js");

const work = mkdtempSync(join(tmpdir(), "linc-parse-once-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const spec = join(work, "s.linc");
writeFileSync(spec, "input x: f64[batch, 8]\noutput y = dft(8) @ x\n");
// the reference's .npy of x = ones(2, 8), f64 little-endian
const npy = (() => {
  const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 8), }";
  const pad = 64 - ((10 + header.length + 1) % 64);
  const h = Buffer.from(header + " ".repeat(pad) + "\n", "latin1");
  const pre = Buffer.from([0x93, ...Buffer.from("NUMPY"), 1, 0, h.length & 255, h.length >> 8]);
  return Buffer.concat([pre, h, Buffer.from(new Float64Array(16).fill(1).buffer)]);
})();
writeFileSync(join(work, "x.npy"), npy);

describe("each command parses its spec once", () => {
  beforeEach(() => void (parses.count = 0));
  const quiet = <T>(f: () => Promise<T>) => {
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true), err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    return f().finally(() => (out.mockRestore(), err.mockRestore()));
  };
  const commands: [string, string[]][] = [
    ["check", ["check", spec]],
    ["compile", ["compile", spec, "-t", "js", "-o", join(work, "k.mjs")]],
    ["run", ["run", spec, "-b", "reference", "--in", `x=${join(work, "x.npy")}`, "--out", join(work, "out")]],
    ["explain", ["explain", spec]],
    ["graph", ["graph", spec, "-o", join(work, "g.dot")]],
  ];
  for (const [name, argv] of commands)
    it(`linc ${name}`, async () => {
      expect(await quiet(() => main(["node", "linc", ...argv]))).toBe(0);
      expect(parses.count).toBe(1);
    });
});
