// Output through symbolic links (issue 10, item 15) and multi-file writes all or nothing (item
// 16): `--out` through a link to another file system used to fail with EXDEV (the staging
// directory was beside the link, on the link's file system); now staging happens in the real
// directory, and E0706 names the user's path, never a temporary one. Here /dev/shm (tmpfs) is the
// other file system when it is one; elsewhere the same checks run within one file system.
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeAllAtomic, writeAtomic } from "../../src/cli/files.js";
import { readNpy } from "../../src/cli/npy.js";
import { writeOutputs } from "../../src/cli/outdir.js";
import type { HostArray } from "../../src/ir/host.js";

const work = mkdtempSync(join(tmpdir(), "linc-symlink-"));
const otherRoot = (() => {
  try {
    if (statSync("/dev/shm").dev !== statSync(tmpdir()).dev) return "/dev/shm";
  } catch {}
  return tmpdir();
})();
const other = mkdtempSync(join(otherRoot, "linc-other-"));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(other, { recursive: true, force: true });
});

const good: HostArray = { dtype: "f64", shape: [2], data: new Float64Array([1, 2]) };

describe("output through a symlink to another file system", () => {
  it(`writeOutputs through a linked directory (${otherRoot}) writes into its target and leaves no staging`, () => {
    const real = join(other, "outs");
    mkdirSync(real);
    const link = join(work, "out-link");
    symlinkSync(real, link);
    expect(writeOutputs(link, { y: good, z: good })).toEqual([join(link, "y.npy"), join(link, "z.npy")]);
    expect(readdirSync(real).sort()).toEqual(["y.npy", "z.npy"]);
    expect(Array.from(readNpy(join(link, "z.npy")).data as Float64Array)).toEqual([1, 2]);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(work)).toEqual(["out-link"]); // nothing staged beside the link
  });

  it("a missing directory below a linked one is created in the target", () => {
    const real = join(other, "parent");
    mkdirSync(real);
    symlinkSync(real, join(work, "parent-link"));
    writeOutputs(join(work, "parent-link", "new"), { y: good });
    expect(readdirSync(join(real, "new"))).toEqual(["y.npy"]);
    expect(readdirSync(real)).toEqual(["new"]);
  });

  it("writeAtomic through a linked file replaces the file it points to and keeps the link", () => {
    const real = join(other, "kernel.mjs");
    writeFileSync(real, "old");
    const link = join(work, "kernel-link.mjs");
    symlinkSync(real, link);
    writeAtomic(link, "new");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toBe("new");
    expect(readdirSync(other).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("E0706 names the user's path, not a temporary one", () => {
    const real = join(other, "isdir");
    mkdirSync(join(real, "y.npy"), { recursive: true });
    symlinkSync(real, join(work, "isdir-link"));
    expect(() => writeOutputs(join(work, "isdir-link"), { y: good })).toThrow(`cannot write ${join(work, "isdir-link", "y.npy")}: it exists and is not a file`);
    const f = join(work, "isdir-link", "y.npy");
    let msg = "";
    try {
      writeAtomic(f, "x");
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toBe(`error[E0706]: cannot write ${f}: is a directory`);
  });
});

describe("writeAllAtomic: several files all or nothing", () => {
  it("writes every file", () => {
    const a = join(work, "m.mjs"), b = join(work, "m.d.ts");
    writeAllAtomic([[a, "module"], [b, "typings"]]);
    expect([readFileSync(a, "utf8"), readFileSync(b, "utf8")]).toEqual(["module", "typings"]);
  });

  it("when the second file fails, the first is put back as it was (or removed where there was none)", () => {
    const dir = join(work, "pair");
    mkdirSync(join(dir, "k.d.ts"), { recursive: true }); // a directory where the typings go: the rename fails
    expect(() => writeAllAtomic([[join(dir, "k.mjs"), "module"], [join(dir, "k.d.ts"), "typings"]])).toThrow(`cannot write ${join(dir, "k.d.ts")}: is a directory`);
    expect(readdirSync(dir)).toEqual(["k.d.ts"]); // no k.mjs, no temporary files
    writeFileSync(join(dir, "k.mjs"), "old module");
    expect(() => writeAllAtomic([[join(dir, "k.mjs"), "module"], [join(dir, "k.d.ts"), "typings"]])).toThrow(/E0706/);
    expect(readFileSync(join(dir, "k.mjs"), "utf8")).toBe("old module");
    expect(readdirSync(dir).sort()).toEqual(["k.d.ts", "k.mjs"]);
  });
});
