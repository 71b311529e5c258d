// Grammar-aware fuzzing (issue 10, systematic checks): 10,000 random well-typed specs from the
// grammar and the catalogue (test/support/specgen.ts), not mutations of examples. Each must pass
// `check`, go through the passes (the reference pipeline) and evaluate on the reference
// interpreter, lowered and unlowered, with the same results: zero diagnostics, zero internal
// errors. Seeds are fixed, so a failure names the seed that reproduces it.
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { differs } from "../support/compare.js";
import { generateSpec } from "../support/specgen.js";

const TOTAL = 10_000, CHUNK = 2_000;

function runSeed(seed: number): string | undefined {
  const g = generateSpec(seed);
  try {
    const p = parseProgram(g.source, `fuzz-${seed}.linc`);
    const want = evaluate(p, g.bindings);
    const got = evaluate(lowerForBackend(p, { target: "reference" }), g.bindings);
    for (const o of p.outputs) {
      // float32 data is rounded at each step, in an order the passes may change
      const d = differs(got[o.name], want[o.name], /\b(f32|c64)\b/.test(g.source) ? 1e-5 : 1e-9);
      if (d) return `seed ${seed}, output ${o.name}: lowered ${d}\n${g.source}`;
    }
  } catch (e) {
    return `seed ${seed}: ${String(e).slice(0, 400)}\n${g.source}`;
  }
  return undefined;
}

describe("grammar fuzzer: check, passes and reference", () => {
  // its first find: the reference's (A + B) @ x added B @ x into A @ x in place, and with A = I
  // that was x itself, so every later use of x saw (A + B) @ x
  it("(I + B) @ x leaves x unchanged for the outputs after it", () => {
    const p = parseProgram("input x: f64[batch, 2]\noutput y0 = (I(2) + dft(2)) @ x\noutput y1 = -x\n", "opsum.linc");
    const out = evaluate(p, { x: { dtype: "f64", shape: [1, 2], data: Float64Array.from([0.5, 0.75]) } });
    Array.from(out.y0.data as Float64Array).forEach((v, i) => expect(v).toBeCloseTo([1.75, 0, 0.5, 0][i], 12));
    expect(Array.from(out.y1.data as Float64Array)).toEqual([-0.5, -0.75]);
  });

  for (let start = 0; start < TOTAL; start += CHUNK)
    it(`seeds ${start}..${start + CHUNK - 1}`, () => {
      const failures: string[] = [];
      for (let s = start; s < start + CHUNK && failures.length < 5; s++) {
        const f = runSeed(s);
        if (f) failures.push(f);
      }
      expect(failures).toEqual([]);
    });

  it("the generator covers the language: every spec differs, operators and options from the catalogue appear", () => {
    const texts = Array.from({ length: 300 }, (_, s) => generateSpec(s).source);
    expect(new Set(texts).size).toBeGreaterThan(290); // a few one-element specs coincide
    const all = texts.join("\n");
    for (const w of ["kron(", "blockdiag(", "inv(", ".H", ".T", "dense(", "toeplitz(", "circulant(", "diag(", "pad(", "rdft(", "norm=", "softshrink(", "c64", "c128", "f32", "f64"])
      expect(all, w).toContain(w);
  });
});
