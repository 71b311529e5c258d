// The code examples of spec/api.md run. Its ```ts / ```js blocks are taken in document order; each
// one that is not on the allowlist below (synopses: signatures and interfaces, not statements) is
// run as an ES module (.mts, through tsx) after the runnable blocks before it, as a reader
// following the page runs them (the later examples use the `spec` and `h` the earlier ones
// declare), with `from "linc"` pointed at the library's sources (src/api/index.ts), in a fresh
// directory (the compile example writes kernel.mjs there). The files the examples say they write
// are checked, and the comments that give a result (`// [{ code: "E0104", ... }]`) are compared
// with what the example computes.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { fencedBlocks } from "../support/markdown.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const DOC = "spec/api.md";

/** Blocks that cannot run, by their first line, and why. Each must still be in the doc. */
const CANNOT_RUN: Record<string, string> = {
  "check(source: string, opts?: { file?: string }): Promise<Diagnostic[]>   // [] when the spec is fine": "a synopsis: signatures, not calls",
  "compile(source: string | Program, opts?: CompileOptions): Promise<Compiled>": "a synopsis: the signature and its option and result types",
  "run(source: string | Program, opts?: RunOptions): Promise<Record<string, HostArray>>  // one array per output": "a synopsis: the signature and its options",
  "explain(source: string | Program, opts?: { target?: string; dumpAfter?: string; file?: string; stages?: boolean; foldBudget?: number }): Promise<Explanation>": "a synopsis: the signature and its result types",
  'tune(source: string | Program, opts?: { target?: "cpu" | "wasm" | "onnx"; budgetMs?: number; onProgress?: (p: TuneProgress) => void }): Promise<TuneResult>': "a synopsis: the signature and its result type",
};

interface Block {
  line: number;
  lines: string[];
}

/** The ```ts and ```js blocks of the doc. */
const codeBlocks = (): Block[] =>
  fencedBlocks(readFileSync(join(root, DOC), "utf8")).filter((f) => /^(ts|js|typescript|javascript)$/.test(f.info));

const BLOCKS = codeBlocks();
const runnable = (b: Block) => !Object.hasOwn(CANNOT_RUN, b.lines[0]);
const API = pathToFileURL(join(root, "src/api/index.ts")).href;
/** The block's text with the library imported from the sources. */
const fromSources = (b: Block) => b.lines.join("\n").replace(/from "linc"/g, `from ${JSON.stringify(API)}`);

const work = mkdtempSync(join(tmpdir(), "linc-api-doc-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Run the runnable blocks up to `b` (and `extra` after them) as one module in a fresh directory. */
function runUpTo(b: Block, extra = ""): { status: number | null; out: string; cwd: string; last: string } {
  const cwd = join(work, `block-${b.line}`);
  mkdirSync(cwd, { recursive: true });
  if (!existsSync(join(cwd, "node_modules"))) symlinkSync(join(root, "node_modules"), join(cwd, "node_modules"), "dir"); // tsx
  const text = [...BLOCKS.filter((x) => runnable(x) && x.line <= b.line).map(fromSources), extra].join("\n");
  writeFileSync(join(cwd, "example.mts"), text);
  const r = spawnSync(process.execPath, ["--import", "tsx", "example.mts"], { cwd, encoding: "utf8", timeout: 120_000, env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: "skip" } });
  return { status: r.status, last: r.stdout.trim().split("\n").at(-1) ?? "", out: `--- module\n${text}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`, cwd };
}

describe(`the code examples of ${DOC}`, () => {
  it("finds them, and every allowlisted block is in the doc", () => {
    expect(BLOCKS.length).toBeGreaterThanOrEqual(8);
    expect(BLOCKS.filter(runnable).length).toBeGreaterThanOrEqual(4);
    const firsts = new Set(BLOCKS.map((b) => b.lines[0]));
    for (const first of Object.keys(CANNOT_RUN)) expect(firsts.has(first), `allowlisted but not in ${DOC}: ${first}`).toBe(true);
  });

  it("the import block names the library as `linc` (what this test points at the sources)", () => {
    expect(BLOCKS[0].lines.join("\n")).toMatch(/from "linc"/);
  });

  it.each(BLOCKS.filter(runnable).map((b) => [`${DOC}:${b.line}`, b] as const))("%s runs", (name, b) => {
    const r = runUpTo(b);
    expect(r.status, `${name}:\n${r.out}`).toBe(0);
  }, 150_000);

  it("the check example gives the diagnostic its comment shows, and parse the signature", () => {
    const b = BLOCKS.find((x) => x.lines.some((l) => l.includes("await check(")))!;
    const shown = b.lines.filter((l) => l.startsWith("// ")).map((l) => l.slice(3));
    expect(shown.length).toBe(1);
    const r = runUpTo(b, `console.log(JSON.stringify({ ds, inputs: p.ok ? p.signature.inputs : null }));`);
    expect(r.status, r.out).toBe(0);
    const got = JSON.parse(r.last);
    // the comment is a JS literal with unquoted keys: quote them to read it as JSON
    expect(got.ds).toEqual(JSON.parse(shown[0].replace(/(\w+):/g, '"$1":')));
    const said = b.lines.find((l) => l.includes("p.signature.inputs"))!.split("// ")[1];
    expect(got.inputs).toEqual(JSON.parse(said.replace(/(\w+):/g, '"$1":')));
  }, 150_000);

  it("the compile example writes kernel.mjs and kernel.d.mts, and the run example's y has the shape it says", () => {
    const b = BLOCKS.find((x) => x.lines.some((l) => l.includes("await run(")))!;
    const onnx = JSON.stringify(pathToFileURL(join(root, "src/backends/onnx/index.ts")).href);
    const inputsOf = (m: string) => `(await import(${onnx})).decodeModel(${m}.bytes!).graph.input.map((v: { name: string }) => v.name)`;
    const r = runUpTo(b, `console.log(JSON.stringify({ shape: y.shape, data: y.data.constructor.name, model: ${inputsOf("model")}, open: ${inputsOf("open")} }));`);
    expect(r.status, r.out).toBe(0);
    expect(readFileSync(join(r.cwd, "kernel.mjs"), "utf8")).toMatch(/export \{ inputs, params, outputs, createKernel \}/);
    expect(readFileSync(join(r.cwd, "kernel.d.mts"), "utf8")).toMatch(/createKernel/);
    const got = JSON.parse(r.last);
    const said = b.lines.find((l) => l.includes("y.shape"))!; // "// y.shape: [2, 4096], y.data: Float32Array"
    expect(said).toContain(`y.shape: ${JSON.stringify(got.shape).replace(/,/g, ", ")}`);
    expect(said).toContain(`y.data: ${got.data}`);
    expect(got.model).toEqual(["x"]); // h bound: embedded
    expect(got.open).toEqual(["x", "h"]); // paramsAsInputs: h a graph input
  }, 150_000);
});
