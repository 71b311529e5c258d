// Emitted-code snapshots: for a few examples, the artefact each backend generates — cpu and
// gpujs: the standalone ES module text (`linc compile -t js|gpujs`, params left as createKernel
// arguments); onnx: a text dump of the model (test/support/onnx-text.ts; params as graph inputs)
// — regenerated and compared with test/snapshots/<example>.<backend>.<ext>.snap.
// UPDATE_SNAPSHOTS=1 rewrites the stored files instead (see README.md here).
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileCpu } from "../../src/backends/cpu/index.js";
import { compileGpujs } from "../../src/backends/gpujs/index.js";
import { compileOnnx } from "../../src/backends/onnx/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { Program } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { REPO_ROOT } from "../support/golden.js";
import { onnxText } from "../support/onnx-text.js";

const DIR = join(REPO_ROOT, "test/snapshots");
const UPDATE = process.env.UPDATE_SNAPSHOTS === "1";
const EXAMPLES = ["causal_conv", "spectral_filter", "wht"];
const BACKENDS: Record<string, { ext: string; emit: (p: Program) => string }> = {
  cpu: { ext: "mjs", emit: (p) => compileCpu(lowerForBackend(p, { target: "cpu" })).moduleSource() },
  gpujs: { ext: "mjs", emit: (p) => compileGpujs(lowerForBackend(p, { target: "gpujs" })).moduleSource() },
  onnx: { ext: "txt", emit: (p) => onnxText(compileOnnx(lowerForBackend(p, { target: "onnx" }), { opset: 17, paramsAsInputs: true })) },
};

const load = (name: string) => parseProgram(readFileSync(join(REPO_ROOT, "examples", `${name}.linc`), "utf8"), `examples/${name}.linc`);
const snapName = (example: string, backend: string) => `${example}.${backend}.${BACKENDS[backend].ext}.snap`;
const cut = (s: string) => (s.length > 160 ? `${s.slice(0, 160)}…` : s);

/** Where two texts first differ, as "line N: - stored / + now" (undefined when equal). */
function firstDifference(stored: string, now: string): string | undefined {
  if (stored === now) return undefined;
  const a = stored.split("\n"), b = now.split("\n");
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  let c = 0;
  while (a[i]?.[c] !== undefined && a[i][c] === b[i]?.[c]) c++;
  const from = Math.max(0, c - 40);
  return `line ${i + 1} (of ${a.length} stored, ${b.length} now), column ${c + 1}:\n- ${cut(a[i]?.slice(from) ?? "<end>")}\n+ ${cut(b[i]?.slice(from) ?? "<end>")}`;
}

describe("emitted-code snapshots", () => {
  for (const example of EXAMPLES)
    for (const backend of Object.keys(BACKENDS))
      it(`${snapName(example, backend)}${UPDATE ? " (rewritten: UPDATE_SNAPSHOTS=1)" : ""}`, () => {
        const name = snapName(example, backend), file = join(DIR, name);
        const now = BACKENDS[backend].emit(load(example));
        expect(BACKENDS[backend].emit(load(example)) === now, "the emitted text differs between two compilations").toBe(true);
        if (UPDATE) {
          const old = existsSync(file) ? readFileSync(file, "utf8") : undefined;
          writeFileSync(file, now);
          console.log(`UPDATE_SNAPSHOTS=1: ${old === now ? "unchanged" : old === undefined ? "created" : "rewrote"} test/snapshots/${name}`);
          return;
        }
        expect(existsSync(file), `test/snapshots/${name} is missing; create it with UPDATE_SNAPSHOTS=1 npx vitest run test/snapshots`).toBe(true);
        const diff = firstDifference(readFileSync(file, "utf8"), now);
        expect(diff, `the ${backend} artefact of examples/${example}.linc changed; if that is intended, refresh with UPDATE_SNAPSHOTS=1 npx vitest run test/snapshots`).toBeUndefined();
      });

  it("every stored snapshot is one of the cases above", () => {
    const want = new Set(EXAMPLES.flatMap((e) => Object.keys(BACKENDS).map((b) => snapName(e, b))));
    const stale = readdirSync(DIR).filter((f) => f.endsWith(".snap") && !want.has(f));
    if (UPDATE)
      for (const f of stale) {
        rmSync(join(DIR, f));
        console.log(`UPDATE_SNAPSHOTS=1: removed stale test/snapshots/${f}`);
      }
    else expect(stale, "stale snapshots: remove them, or run with UPDATE_SNAPSHOTS=1").toEqual([]);
  });
});
