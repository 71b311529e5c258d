// The library's explain with `stages: true` (`linc explain --stages`, test/cli/explain-stages.test.ts): the stage programs the
// planned ops lower to, one heading per op and one line per stage, on any target; which ops the
// target records them on; and nothing of it without the flag.
import { describe, expect, it } from "vitest";
import { explain } from "../../src/api/index.js";

const SPEC = "input x: f64[b, 12]\noutput y = rdft(12) @ x\ninput z: c128[b, 17]\noutput u = dft(17) @ z\n";

describe("explain shows the stages an op lowered to", () => {
  it("lists each planned op's program from its recorded plan (cpu: rdft by a half-size codelet, dft(17) by Rader)", async () => {
    const e = await explain(SPEC, { target: "cpu", stages: true });
    expect(e.stageOps).toEqual(["dft", "rdft", "irdft", "wht", "butterfly", "dct", "dst", "dense", "monarch", "kron", "blockdiag", "lowrank", "diagblocks", "eye", "diag", "perm", "bitrev", "stride", "window", "reverse"]);
    const text = e.stages!.join("\n");
    expect(text).toMatch(/^rdft\(12\): 3 stages over x: real\[12\], y: complex\[7\]/m);
    expect(text).toMatch(/as_complex\(n=12\) x -> t0\n\s+codelet\(n=6, sign=-1\) t0 -> t1\n\s+real_split\(n=6, twiddles="real twiddles n=12 sign=-1"\) t1 -> y/);
    expect(e.plans).toContain("dft(17): rader via direct 16");
    expect(text).toMatch(/dft\(17\): 11 stages/);
    expect(text).toMatch(/gather\(n=17, index="g\^q mod 17", m=16, conj=false\) x -> t0/);
  });

  it("shows on the reference target the programs the lower pass recorded there", async () => {
    const e = await explain(SPEC, { target: "reference", stages: true });
    expect(e.stageOps).toEqual(["dft", "rdft", "irdft", "dct", "dst", "wht", "butterfly", "dense", "monarch", "lowrank", "diagblocks", "eye", "diag", "perm", "bitrev", "stride", "window", "reverse", "kron", "blockdiag"]);
    expect(e.stages!.filter((l) => !l.startsWith(" "))).toEqual([expect.stringMatching(/^rdft\(12\)/), expect.stringMatching(/^dft\(17\)/)]);
  });

  it("gives no stages unless asked", async () => expect((await explain(SPEC, { target: "cpu" })).stages).toBeUndefined());
});
