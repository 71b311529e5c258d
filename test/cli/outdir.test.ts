// All-or-nothing output writing: a failure part way leaves the destination as it was.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readNpy } from "../../src/cli/npy.js";
import { writeOutputs } from "../../src/cli/outdir.js";
import type { HostArray } from "../../src/ir/host.js";

const work = mkdtempSync(join(tmpdir(), "linc-outdir-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const good: HostArray = { dtype: "f64", shape: [2], data: new Float64Array([1, 2]) };
// claims 3 values, holds 2: encoding it fails, after `good` has already been staged
const broken: HostArray = { dtype: "f64", shape: [3], data: new Float64Array([1, 2]) };

describe("writeOutputs", () => {
  it("creates the directory and writes every array", () => {
    const out = join(work, "a", "b");
    expect(writeOutputs(out, { y: good, z: good })).toEqual([join(out, "y.npy"), join(out, "z.npy")]);
    expect(readdirSync(out).sort()).toEqual(["y.npy", "z.npy"]);
    expect(Array.from(readNpy(join(out, "y.npy")).data as Float64Array)).toEqual([1, 2]);
    expect(readdirSync(join(work, "a"))).toEqual(["b"]); // staging removed
  });

  it("replaces existing outputs", () => {
    const out = join(work, "replace");
    mkdirSync(out);
    writeFileSync(join(out, "y.npy"), "old");
    writeOutputs(out, { y: good });
    expect(readNpy(join(out, "y.npy")).shape).toEqual([2]);
  });

  it("a failing array leaves an existing directory and its files unchanged", () => {
    const parent = join(work, "fail1");
    const out = join(parent, "out");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "y.npy"), "old y");
    expect(() => writeOutputs(out, { y: good, z: broken })).toThrow(/E0706/);
    expect(readdirSync(out)).toEqual(["y.npy"]);
    expect(readFileSync(join(out, "y.npy"), "utf8")).toBe("old y");
    expect(readdirSync(parent)).toEqual(["out"]);
  });

  it("a failing array does not create a missing directory", () => {
    const parent = join(work, "fail2");
    mkdirSync(parent);
    expect(() => writeOutputs(join(parent, "out"), { y: good, z: broken })).toThrow(/E0706/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it("refuses a destination that is a file", () => {
    const f = join(work, "plainfile");
    writeFileSync(f, "x");
    expect(() => writeOutputs(f, { y: good })).toThrow(/not a directory/);
  });
});
