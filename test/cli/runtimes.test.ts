// Every compiled backend from the command line, the optional runtimes (onnxruntime-node, gpu.js,
// binaryen) loading on first use: `linc run --backend NAME` as a user runs it (bin/linc.mjs; here over the sources through
// tsx, whose loader exposes CommonJS packages differently from Node's) matches the reference.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readNpy, writeNpy } from "../../src/cli/npy.js";
import { compiledBackends } from "../support/backends.js";
import { uniformArray } from "../support/random.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const work = mkdtempSync(join(tmpdir(), "linc-runtimes-"));
const spec = join(work, "dft.linc");
writeFileSync(spec, "input x: f32[b, 16]\noutput y = dft(16) @ x\n");
writeNpy(join(work, "x.npy"), { dtype: "f32", shape: [3, 16], data: Float32Array.from(uniformArray(48, 37)) });
const linc = (...args: string[]) => spawnSync(process.execPath, [join(root, "bin/linc.mjs"), ...args], { cwd: work, encoding: "utf8", timeout: 120_000 });

describe("linc run on every compiled backend", () => {
  const ref = linc("run", spec, "--in", "x=x.npy", "--out", "ref", "-q");
  it.each(compiledBackends())("%s matches the reference", (backend) => {
    expect(ref.status, ref.stderr).toBe(0);
    const r = linc("run", spec, "-b", backend, "--in", "x=x.npy", "--out", backend, "-q");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const want = readNpy(join(work, "ref", "y.npy")).data as Float32Array, got = readNpy(join(work, backend, "y.npy")).data as Float32Array;
    expect(got.length).toBe(want.length);
    expect(Math.max(...Array.from(want, (w, i) => Math.abs(w - got[i])))).toBeLessThan(1e-4);
  });
});
