// `linc explain --stages` on the command line: the stage programs after the plans, and nothing
// of them without the flag (the library's side: test/stages/explain.test.ts).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/golden.js";

const SPEC = "input x: f64[b, 12]\noutput y = rdft(12) @ x\n";

describe("linc explain --stages", () => {
  it("prints them from the command line with --stages", () => {
    const dir = mkdtempSync(join(tmpdir(), "linc-stages-"));
    try {
      writeFileSync(join(dir, "s.linc"), SPEC);
      const out = spawnSync(process.execPath, [join(REPO_ROOT, "bin/linc.mjs"), "explain", join(dir, "s.linc"), "--stages"], { encoding: "utf8" });
      expect(out.status).toBe(0);
      expect(out.stdout).toMatch(/stages \(the one lowering, src\/passes\/lower; target 'cpu' records them on dft, rdft, irdft, wht, butterfly\):\n  rdft\(12\): 3 stages/);
      expect(out.stdout).toMatch(/^    real_split\(n=6/m);
      const plain = spawnSync(process.execPath, [join(REPO_ROOT, "bin/linc.mjs"), "explain", join(dir, "s.linc")], { encoding: "utf8" });
      expect(plain.stdout).not.toMatch(/^stages/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
