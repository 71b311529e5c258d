// The language's depth limit (E0308, spec/language.md "Limits"): a spec whose graph is exactly
// MAX_DEPTH nodes deep is accepted by `check` and runs through every later stage (the reference
// interpreter, the lowering for each target, and every backend's compiler and run; gpujs runs
// the chains whose values stay in float32's range) without a stack overflow; one level more is refused by `check` at the operator that passes it.
import { describe, expect, it } from "vitest";
import { getBackend } from "../../src/backends/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { MAX_DEPTH } from "../../src/dsl/depth.js";
import { checkSource, parseProgram } from "../../src/dsl/index.js";
import type { HostArray, Target } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { allBackends } from "../support/backends.js";

/** Relative tolerance per backend: float64, and gpujs (float32 on the device). */
const TOL: Record<Target, number> = { reference: 1e-9, cpu: 1e-9, onnx: 1e-9, wasm: 1e-9, gpujs: 1e-5 };
/** The largest finite float32. */
const F32_MAX = 3.4028234663852886e38;

const head = "input x: f64[4]\nA = dft(4)\n";
/** Each family of chains, by how many operators it uses; `atLimit` gives a graph MAX_DEPTH deep. */
const CHAINS: Record<string, { spec: (k: number) => string; atLimit: number }> = {
  "'@' compositions": { spec: (k) => `${head}output y = ${Array(k).fill("A").join(" @ ")} @ x\n`, atLimit: MAX_DEPTH - 1 },
  "chained statements": {
    spec: (k) => `${head}y0 = A @ x\n${Array.from({ length: k - 1 }, (_, i) => `y${i + 1} = A @ y${i}`).join("\n")}\noutput y = y${k - 1}\n`,
    atLimit: MAX_DEPTH - 1,
  },
  "'.T' chains": { spec: (k) => `${head}output y = A${".T".repeat(k)} @ x\n`, atLimit: MAX_DEPTH - 2 },
  "unary '-' chains": { spec: (k) => `input x: f64[4]\noutput y = ${"-".repeat(k)}x\n`, atLimit: MAX_DEPTH - 1 },
  "'+' chains": { spec: (k) => `input x: f64[4]\noutput y = x${" + x".repeat(k)}\n`, atLimit: MAX_DEPTH - 1 },
};

const x: HostArray = { dtype: "f64", shape: [4], data: new Float64Array([1, -2, 3, 0.5]) };

describe("depth limit (E0308)", () => {
  it("is documented as 256", () => expect(MAX_DEPTH).toBe(256));

  for (const [name, { spec, atLimit }] of Object.entries(CHAINS)) {
    for (const target of allBackends())
      it(`${name} exactly at the limit pass check and every later stage on ${target}`, async (ctx) => {
        const src = spec(atLimit);
        expect(checkSource(src, "t.linc")).toEqual([]);
        const p = parseProgram(src, "t.linc");
        const want = evaluate(p, { x }).y;
        const lowered = lowerForBackend(p, { target });
        const backend = await getBackend(target);
        if (backend.compile) expect(backend.compile(lowered)).toBeDefined();
        // relative to the largest entry: 255 unnormalised dft(4) scale the values by 2^255
        const w = Array.from(want.data as Float64Array);
        const scale = Math.max(1, ...w.map(Math.abs));
        if (target === "gpujs" && scale > F32_MAX) ctx.skip(`gpujs computes in float32: the values reach ${scale.toExponential(1)}, past its range (compiled above, not run)`);
        const got = (await backend.run(lowered, { x })).y;
        expect(got.shape).toEqual(want.shape);
        const g = Array.from(got.data as Float64Array); // f64 in, f64/c128 out
        for (let i = 0; i < w.length; i++) expect(Math.abs(g[i] - w[i]) / scale).toBeLessThan(TOL[target]);
      });

    it(`${name} one over the limit are refused by check with E0308`, () => {
      const ds = checkSource(spec(atLimit + 1), "t.linc");
      expect(ds.map((d) => d.code)).toEqual(["E0308"]);
      expect(ds[0].message).toBe(`expression too deep: this value is ${MAX_DEPTH + 1} operations deep, above the limit of ${MAX_DEPTH}`);
      expect(() => parseProgram(spec(atLimit + 1), "t.linc")).toThrow(/E0308/);
    });
  }

  it("points at the operator that passes the limit", () => {
    const ds = checkSource(CHAINS["'+' chains"].spec(300), "t.linc");
    expect(ds).toHaveLength(1);
    // "x" then " + x" per operator: the 256th '+' makes the value 257 deep
    expect({ file: ds[0].file, line: ds[0].line, col: ds[0].col, length: ds[0].length }).toEqual({ file: "t.linc", line: 2, col: "output y = x".length + 2 + 4 * (MAX_DEPTH - 1), length: 1 });
    const chained = checkSource(CHAINS["chained statements"].spec(400), "t.linc");
    expect(chained.map((d) => [d.code, d.line])).toEqual([["E0308", 3 + MAX_DEPTH - 1]]);
  });

  it("refuses 100k unary '-' and 3000 chained '@' quickly, without overflowing", () => {
    const t0 = Date.now();
    expect(checkSource(CHAINS["unary '-' chains"].spec(100_000), "t.linc").map((d) => d.code)).toEqual(["E0308"]);
    expect(checkSource(CHAINS["'@' compositions"].spec(3000), "t.linc").map((d) => d.code)).toEqual(["E0308"]);
    expect(checkSource(CHAINS["'.T' chains"].spec(3000), "t.linc").map((d) => d.code)).toEqual(["E0308"]);
    expect(Date.now() - t0).toBeLessThan(20000);
  });

  it("deeply nested parentheses are refused before parsing", () => {
    const src = `input x: f64[4]\noutput y = ${"(".repeat(100_000)}x${")".repeat(100_000)}\n`;
    expect(checkSource(src, "t.linc").map((d) => d.code)).toEqual(["E0002"]);
  });
});
