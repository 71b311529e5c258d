// The command line end to end: spawn `node bin/linc.mjs` as a user would and check exit
// statuses, stderr (diagnostics, never stack traces), and the .npy files written.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { readNpy, writeNpy } from "../../src/cli/npy.js";
import type { HostArray } from "../../src/ir/host.js";
import type { DType } from "../../src/ir/types.js";
import { GOLDEN_DIR, type GoldenCase, toHost } from "../support/golden.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = join(root, "bin/linc.mjs");
const work = mkdtempSync(join(tmpdir(), "linc-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Run linc as a child process (async, so that the tests of a concurrent block overlap). */
function linc(args: string[], cwd = root): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, timeout: 120_000 });
    let stdout = "", stderr = "";
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => (stderr += b));
    child.on("error", failed);
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}

/** No JavaScript stack frames ("    at f (file.ts:1:2)") may reach the user. */
const noStackTrace = (s: string) => expect(s).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

function spec(name: string, text: string): string {
  const f = join(work, name);
  writeFileSync(f, text);
  return f;
}

// ------------------------------------------------------------------ golden files

function goldenCase(file: string, name: string): GoldenCase {
  const c = (JSON.parse(readFileSync(join(GOLDEN_DIR, file), "utf8")).cases as GoldenCase[]).find((g) => g.name === name);
  if (!c) throw new Error(`golden case ${file}/${name} not found`);
  return c;
}

// A sample across families: real-to-complex and complex-to-real Fourier, index (i64) params,
// Kronecker products, Toeplitz, fast factors, DCT and operator algebra.
const SAMPLE: [string, string][] = [
  ["dft.json", "rdft_n8"],
  ["dft.json", "irdft_n7"],
  ["structure.json", "perm_7"],
  ["structure.json", "kron3"],
  ["toeplitz.json", "causal_conv_n8"],
  ["butterfly.json", "monarch_16"],
  ["dct.json", "dct2_n6_ortho"],
  ["algebra.json", "transpose"],
];

describe.concurrent("linc run reproduces golden cases", () => {
  for (const [file, name] of SAMPLE) {
    const c = goldenCase(file, name);
    it(`${file} ${name}`, async () => {
      const dir = mkdtempSync(join(work, `${name}-`));
      const specFile = join(dir, "spec.linc");
      writeFileSync(specFile, c!.source);
      const args = ["run", specFile, "--backend", "reference", "--out", join(dir, "out")];
      for (const [kind, arrays] of [["--in", c!.inputs], ["--param", c!.params]] as const)
        for (const [n, a] of Object.entries(arrays)) {
          writeNpy(join(dir, `${n}.npy`), toHost(a));
          args.push(kind, `${n}=${join(dir, `${n}.npy`)}`);
        }
      const r = await linc(args);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      for (const [n, want] of Object.entries(c!.outputs)) {
        const got = readNpy(join(dir, "out", `${n}.npy`));
        expect(got.dtype).toBe(want.dtype);
        expect(got.shape).toEqual(want.shape);
        // elementwise |got - want| <= tol * (1 + |want|): absolute near zero, relative for large values
        let worst = 0;
        want.data.forEach((w, i) => (worst = Math.max(worst, Math.abs(Number(got.data[i]) - w) / (1 + Math.abs(w)))));
        expect(worst).toBeLessThanOrEqual(c!.tol);
      }
    });
  }
});

// ------------------------------------------------------------------ check

describe.concurrent("linc check", () => {
  it("prints the interface of a good spec and exits 0", async () => {
    const r = await linc(["check", "examples/causal_conv.linc"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("input  x: f32[batch, 4096]");
    expect(r.stdout).toContain("param  h: f32[4096]");
    expect(r.stdout).toContain("output y: f32[batch, 4096]");
  });

  it("reports every diagnostic as file:line:col with a caret, exit 1, no stack trace", async () => {
    const f = spec("bad.linc", "input x: f64[2, 8]\noutput y = dft(7) @ x\noutput z = nosuchfn(x)\n");
    const r = await linc(["check", f]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${f}:2:`);
    expect(r.stderr).toMatch(new RegExp(`${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: error\\[E\\d{4}\\]`));
    expect(r.stderr).toContain(`${f}:3:12: error[E0104]`);
    expect(r.stderr).toContain("^");
    noStackTrace(r.stderr);
  });

  it("a syntax error is a diagnostic too", async () => {
    const r = await linc(["check", spec("syntax.linc", "input x: f64[2, 8\noutput y = x\n")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/syntax\.linc:\d+:\d+: error\[E0002\]/);
    noStackTrace(r.stderr);
  });

  it("a missing spec file is E0707", async () => {
    const r = await linc(["check", join(work, "absent.linc")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error[E0707]");
    expect(r.stderr).toContain("absent.linc");
  });

  it("every example checks", async () => {
    const examples = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".linc"));
    expect(examples.length).toBeGreaterThanOrEqual(6);
    const r = await linc(["check", ...examples.map((e) => join("examples", e))]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    for (const e of examples) expect(r.stdout).toContain(`examples/${e}: ok`);
  });
});

// ------------------------------------------------------------------ run errors

describe.concurrent("linc run errors", () => {
  const f = spec("two.linc", "input x: f64[batch, 4]\ninput z: f64[batch, 4]\nparam d: f64[4]\noutput a = diag(d) @ x\noutput b = x + z\n");
  const arr = (name: string, shape: number[], dtype: DType = "f64") => {
    const file = join(work, name);
    const n = shape.reduce((p, q) => p * q, 1) * (dtype === "c128" ? 2 : 1);
    writeNpy(file, { dtype, shape, data: Float64Array.from({ length: n }, (_, i) => i + 1) });
    return file;
  };
  const x = arr("x2.npy", [2, 4]), z3 = arr("z3.npy", [3, 4]), z2 = arr("z2.npy", [2, 4]), d = arr("d.npy", [4]);

  it("names every missing input and param (E0704)", async () => {
    const r = await linc(["run", f, "--in", `x=${x}`, "--out", join(work, "o-missing")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("E0704");
    expect(r.stderr).toContain("'z'");
    expect(r.stderr).toContain("'d'");
    expect(r.stderr).not.toContain("'x'");
    expect(existsSync(join(work, "o-missing"))).toBe(false);
  });

  it("rejects an unknown name (E0705)", async () => {
    const r = await linc(["run", f, "--in", `x=${x}`, "--in", `z=${z2}`, "--param", `d=${d}`, "--in", `w=${x}`, "--out", join(work, "o-unknown")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("E0705");
    expect(r.stderr).toContain("'w'");
  });

  it("binds a symbolic dimension once across arrays (E0703)", async () => {
    const r = await linc(["run", f, "--in", `x=${x}`, "--in", `z=${z3}`, "--param", `d=${d}`, "--out", join(work, "o-batch")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("E0703");
    expect(r.stderr).toContain("'batch'");
    expect(r.stderr).toContain("'z'");
  });

  it("requires the declared dtype exactly (E0703)", async () => {
    const zc = arr("zc.npy", [2, 4], "c128");
    const r = await linc(["run", f, "--in", `x=${x}`, "--in", `z=${zc}`, "--param", `d=${d}`, "--out", join(work, "o-dtype")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/E0703.*'z'.*c128/);
  });

  it("an unknown backend is a clear error", async () => {
    const r = await linc(["run", f, "--backend", "tpu", "--in", `x=${x}`, "--in", `z=${z2}`, "--param", `d=${d}`, "--out", join(work, "o-tpu")]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("unknown backend 'tpu'");
    noStackTrace(r.stderr);
  });

  it("writes all outputs on success", async () => {
    const out = join(work, "o-ok", "nested");
    const r = await linc(["run", f, "--in", `x=${x}`, "--in", `z=${z2}`, "--param", `d=${d}`, "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["a.npy", "b.npy"]);
    // a = diag(d) x with x = d = 1..: row 0 is [1, 4, 9, 16]; b = x + z = 2x
    expect(Array.from(readNpy(join(out, "a.npy")).data as Float64Array).slice(0, 4)).toEqual([1, 4, 9, 16]);
    expect(Array.from(readNpy(join(out, "b.npy")).data as Float64Array)).toEqual([2, 4, 6, 8, 10, 12, 14, 16]);
  });

  it("leaves the output directory untouched when one output cannot be written", async () => {
    const parent = join(work, "half");
    const out = join(parent, "out");
    mkdirSync(join(out, "b.npy"), { recursive: true }); // a directory where output b must go
    writeFileSync(join(out, "a.npy"), "previous contents");
    const r = await linc(["run", f, "--in", `x=${x}`, "--in", `z=${z2}`, "--param", `d=${d}`, "--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("E0706");
    expect(readdirSync(out).sort()).toEqual(["a.npy", "b.npy"]);
    expect(readFileSync(join(out, "a.npy"), "utf8")).toBe("previous contents");
    expect(readdirSync(parent)).toEqual(["out"]); // no staging directory left beside it
  });

  it("reports a bad .npy by file name (E0701)", async () => {
    const bad = join(work, "notnpy.npy");
    writeFileSync(bad, "hello");
    const r = await linc(["run", f, "--in", `x=${bad}`, "--in", `z=${z2}`, "--param", `d=${d}`, "--out", join(work, "o-bad")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("E0701");
    expect(r.stderr).toContain("notnpy.npy");
  });
});

// ------------------------------------------------------------------ graph, demo, help

describe.concurrent("linc graph, demo and help", () => {
  it("graph prints DOT with inputs, params and outputs", async () => {
    const r = await linc(["graph", "examples/causal_conv.linc"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^digraph linc \{/);
    expect(r.stdout).toContain('label="input x\\nf32[batch, 4096]"');
    expect(r.stdout).toContain('label="param h\\nf32[4096]"');
    expect(r.stdout).toContain("toeplitz");
    expect(r.stdout).toContain("output y");
    expect(r.stdout.trimEnd().endsWith("}")).toBe(true);
  });

  it("graph -o writes a .dot file", async () => {
    const out = join(work, "g.dot");
    const r = await linc(["graph", "examples/wht.linc", "-o", out]);
    expect(r.status).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("wht");
  });

  it("graph -o x.svg renders with Graphviz, or says clearly that it is missing", async () => {
    const out = join(work, "g.svg");
    const r = await linc(["graph", "examples/causal_conv.linc", "--after", "halve-real", "-o", out]);
    const haveDot = spawnSync("dot", ["-V"]).status === 0;
    if (haveDot) {
      expect(r.status, r.stderr).toBe(0);
      const svg = readFileSync(out, "utf8");
      expect(svg).toMatch(/<svg[\s\S]*irdft[\s\S]*<\/svg>/);
    } else {
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/Graphviz is not installed/);
      expect(existsSync(out)).toBe(false);
    }
  });

  it("graph --after an unknown pass is an error", async () => {
    const r = await linc(["graph", "examples/wht.linc", "--after", "no-such-pass"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("unknown pass 'no-such-pass'");
  });

  it("demo runs an example on the reference backend", async () => {
    const r = await linc(["demo", "examples/dct_compress.linc", "--seed", "3"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/reference \([\d.]+ ms\):/);
    expect(r.stdout).toMatch(/approx\s+f64\[2, 64\]/);
  });

  it("--help works from another directory", async () => {
    const r = await linc(["--help"], tmpdir());
    expect(r.status).toBe(0);
    for (const cmd of ["check", "run", "graph", "demo"]) expect(r.stdout).toContain(cmd);
  });
});

// ------------------------------------------------------------------ help and usage (the first hour)
describe("help and usage", () => {
  const commands = ["check", "run", "graph", "compile", "explain", "tune", "bench", "demo"];

  it.each(commands)("linc %s --help ends with an example of the command", async (cmd) => {
    const r = await linc([cmd, "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`\\nExamples?:\\n(  .*\\n?)*  linc ${cmd} `));
  });

  it("compile --help lists every compile target, wasm included", async () => {
    const r = await linc(["compile", "--help"]);
    expect(r.stdout.replace(/\s+/g, " ")).toMatch(/-t, --target <target> js, gpujs, onnx, wasm /);
  });

  it("a misspelt option gets a suggestion even when a required option is missing too", async () => {
    const r = await linc(["compile", "examples/wht.linc", "--targt", "js"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--targt'\n\(Did you mean --target\?\)/);
  });

  it("-o model.onnx implies the onnx target; -o kernel.mjs fits several and asks for -t", async () => {
    const onnx = join(work, "implied.onnx");
    const r = await linc(["compile", "examples/wht.linc", "-o", onnx]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readFileSync(onnx).length).toBeGreaterThan(100);
    const m = await linc(["compile", "examples/wht.linc", "-o", join(work, "k.mjs")]);
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(/required option '-t, --target <target>' not specified \(js, gpujs, onnx, wasm; an output file ending in \.onnx implies onnx\)/);
    expect(existsSync(join(work, "k.mjs"))).toBe(false);
  });

  it("a missing --out or -o is a usage error naming the option", async () => {
    const r = await linc(["run", "examples/wht.linc"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/required option '--out <dir>' not specified/);
    const t = await linc(["tune", "examples/wht.linc"]);
    expect(t.status).toBe(2);
    expect(t.stderr).toMatch(/required option '-o, --output <file>' not specified/);
  });
});

describe("error codes and machine-readable diagnostics", () => {
  it("linc explain E0301 prints the code's wording, when it is raised and an example (from spec/language.md)", async () => {
    const r = await linc(["explain", "E0301"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const row = readFileSync(join(root, "spec/language.md"), "utf8").split("\n").find((l) => l.startsWith("| E0301 |"))!;
    const [, wording, when] = row.slice(1, -1).split("|").map((c) => c.trim());
    expect(r.stdout).toContain(`E0301: ${wording}\n  raised when: ${when}\n  example:`);
    const bad = await linc(["explain", "E9999"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("error: unknown error code 'E9999'\n");
  });

  it("linc check --json prints the library's diagnostics as JSON, with the same exit status", async () => {
    const bad = spec("json-bad.linc", "input x: f64[4]\noutput y = dft(5) @ x\n");
    const r = await linc(["check", "--json", bad, "examples/wht.linc"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as { file: string; ok: boolean; diagnostics: { code: string; line: number; col: number }[]; signature?: { inputs: { name: string }[] } }[];
    expect(out.map((o) => [o.file, o.ok])).toEqual([[bad, false], ["examples/wht.linc", true]]);
    expect(out[0].diagnostics).toEqual([expect.objectContaining({ code: "E0301", file: bad, line: 2, col: 19, length: 1 })]);
    expect(out[1].signature!.inputs.map((i) => i.name)).toEqual(["x"]);
    const missing = await linc(["check", "--json", join(work, "no-such.linc")]);
    expect(missing.status).toBe(1);
    expect(JSON.parse(missing.stdout)[0].diagnostics[0].code).toBe("E0707");
  });
});
