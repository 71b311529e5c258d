// The golden cases are vendored: every test reads test/golden/data, so a plain clone passes on
// its own. Where the repository sits in the workspace, its master copy ../shared/golden (beside
// the repository root) must hold exactly the same files, byte for byte; a clone without it skips
// that comparison (and says so in the test name), it never passes it vacuously.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GOLDEN_DIR, SHARED_GOLDEN_DIR } from "../support/golden.js";

const FAMILIES = ["algebra", "butterfly", "dct", "dft", "sphere", "ssm", "structure", "toeplitz", "wht"];
const jsonFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
const shared = existsSync(SHARED_GOLDEN_DIR) && statSync(SHARED_GOLDEN_DIR).isDirectory();

describe("vendored golden cases", () => {
  it("test/golden/data holds one file per family, each with its cases", () => {
    const files = jsonFiles(GOLDEN_DIR);
    expect(files).toEqual(FAMILIES.map((f) => `${f}.json`));
    for (const f of files) {
      const d = JSON.parse(readFileSync(join(GOLDEN_DIR, f), "utf8"));
      expect(d.family, f).toBe(f.replace(/\.json$/, ""));
      expect(d.cases.length, f).toBeGreaterThan(0);
    }
  });

  it.runIf(shared)("equals ../shared/golden beside the repository file for file, byte for byte (skipped where it does not exist)", () => {
    const want = readdirSync(SHARED_GOLDEN_DIR).sort(), got = readdirSync(GOLDEN_DIR).sort();
    expect(want.filter((f) => f.endsWith(".json")).length, "no golden files in the shared copy").toBeGreaterThan(0);
    expect(got, "file set of test/golden/data vs ../shared/golden").toEqual(want);
    let compared = 0;
    for (const f of want) {
      const a = readFileSync(join(GOLDEN_DIR, f)), b = readFileSync(join(SHARED_GOLDEN_DIR, f));
      expect(a.equals(b), `test/golden/data/${f} differs from ../shared/golden/${f}: copy it again`).toBe(true);
      compared++;
    }
    expect(compared).toBe(want.length);
  });
});
