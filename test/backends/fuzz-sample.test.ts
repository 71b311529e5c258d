// A sample of the grammar fuzzer's specs (test/support/specgen.ts) on every compiling backend
// (issue 10, systematic checks): 50 random well-typed specs, each lowered for and run on every
// compiling backend of the registry, against the reference interpreter. A backend may refuse an operator it does not
// support with E0801 (and must say so); anything else must match within the backend's precision.
import { describe, expect, it } from "vitest";
import { getBackend } from "../../src/backends/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { LincError } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { type Compiled, compiledBackends } from "../support/backends.js";
import { differs } from "../support/compare.js";
import { generateSpec } from "../support/specgen.js";

const SEEDS = Array.from({ length: 50 }, (_, i) => 100_000 + i);
/** gpujs computes in float32 on the device; the others in the data's precision. */
const TOL: Record<Compiled, number> = { cpu: 1e-9, onnx: 1e-9, gpujs: 2e-3, wasm: 1e-9 };
const f32 = (src: string) => /\b(f32|c64)\b/.test(src);

describe("fuzzer sample on every backend", () => {
  for (const name of compiledBackends())
    it(`${name}: 50 generated specs match the reference`, async () => {
      const backend = await getBackend(name);
      const failures: string[] = [];
      let ran = 0;
      for (const seed of SEEDS) {
        const g = generateSpec(seed, { maxDepth: 3 });
        const p = parseProgram(g.source, `fuzz-${seed}.linc`);
        const want = evaluate(p, g.bindings);
        try {
          const got = await backend.run(lowerForBackend(p, { target: name }), g.bindings);
          ran++;
          const tol = f32(g.source) && name !== "gpujs" ? 1e-5 : TOL[name];
          for (const o of p.outputs) {
            const d = differs(got[o.name], want[o.name], tol);
            if (d) failures.push(`seed ${seed} ${o.name}: ${d}\n${g.source}`);
          }
        } catch (e) {
          if (!(e instanceof LincError && e.code === "E0801")) failures.push(`seed ${seed}: ${String(e).slice(0, 300)}\n${g.source}`);
        }
      }
      expect(failures.slice(0, 3)).toEqual([]);
      expect(ran).toBeGreaterThanOrEqual(45); // refusals are the exception
    });
});
