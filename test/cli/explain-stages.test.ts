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
      expect(out.stdout).toMatch(/stages \(the one lowering, src\/passes\/lower; target 'cpu' records them on dft, rdft, irdft, wht, butterfly, dct, dst, dense, monarch, kron, blockdiag, lowrank, diagblocks, eye, diag, perm, bitrev, stride, window, reverse\):\n  rdft\(12\): 3 stages/);
      expect(out.stdout).toMatch(/^    real_split\(n=6/m);
      const plain = spawnSync(process.execPath, [join(REPO_ROOT, "bin/linc.mjs"), "explain", join(dir, "s.linc")], { encoding: "utf8" });
      expect(plain.stdout).not.toMatch(/^stages/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prints the DCT, Monarch and kron programs, a kron's factors along their axes with their weights named after them", () => {
    const dir = mkdtempSync(join(tmpdir(), "linc-stages-"));
    try {
      const spec = "param w1: f32[4, 4, 4]\nparam w2: f32[4, 4, 4]\ninput x: f32[b, 16]\ny1 = dct(16, type=4) @ x\noutput y = monarch(w1, w2) @ y1\ninput z: c64[b, 6]\nparam W: c64[3, 3]\noutput u = kron(dense(W), idft(2)) @ z\n";
      writeFileSync(join(dir, "s.linc"), spec);
      const out = spawnSync(process.execPath, [join(REPO_ROOT, "bin/linc.mjs"), "explain", join(dir, "s.linc"), "--stages"], { encoding: "utf8" });
      expect(out.status).toBe(0);
      expect(out.stdout).toMatch(/^  dct\(16\): 6 stages over x: complex\[16\], y: complex\[16\]/m);
      expect(out.stdout).toMatch(/^    mul\(n=32, table="dct4 n=16 backward pre", conj=false\) t0 -> t0$/m);
      expect(out.stdout).toMatch(/^  monarch\(16\): 4 stages over x: complex\[16\], w1 \(shared\): real\[64\], w2 \(shared\): real\[64\]/m);
      expect(out.stdout).toMatch(/^    matmul\(n=16, blocks=4, rows=4, cols=4\) x, w1 -> t0\n    transpose\(n=16, a=4, b=4\) t0 -> t1$/m);
      expect(out.stdout).toMatch(/^  kron\(6\): 3 stages over x: complex\[6\], 0\.W \(shared\): complex\[9\]/m);
      expect(out.stdout).toMatch(/^    matmul\(1x3x2, blocks=1, rows=3, cols=3\) x, 0\.W -> t0\n    codelet\(3x2x1, sign=1\) t0 -> y$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
