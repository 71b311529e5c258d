// The example specs run on the reference interpreter with the demo's seeded random inputs, and
// the identities their header comments promise hold to rounding.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { randomBindings } from "../../src/cli/commands/demo.js";
import { maxDiff } from "../../src/cli/summary.js";
import { runReference } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { HostArray } from "../../src/ir/host.js";
import type { TensorType } from "../../src/ir/types.js";

const dir = join(import.meta.dirname, "../../examples");
const examples = readdirSync(dir).filter((f) => f.endsWith(".linc")).sort();

async function runExample(file: string) {
  const program = parseProgram(readFileSync(join(dir, file), "utf8"), `examples/${file}`);
  const bindings = randomBindings(program, { seed: 5, dims: new Map([["batch", 2]]) });
  return { program, bindings, out: await runReference(program, bindings) };
}

const zeros = (like: HostArray): HostArray => ({ ...like, data: new Float64Array(like.data.length) as HostArray["data"] });

describe("examples", () => {
  it("there are at least six", () => expect(examples.length).toBeGreaterThanOrEqual(6));

  for (const file of examples)
    it(`${file} runs and gives finite outputs of the declared type`, async () => {
      const { program, out } = await runExample(file);
      for (const o of program.outputs) {
        const t = o.node.type as TensorType;
        expect(out[o.name].dtype).toBe(t.dtype);
        expect(out[o.name].shape).toEqual(t.shape.map((d) => (typeof d === "number" ? d : 2)));
        expect(Array.from(out[o.name].data as Float64Array).every(Number.isFinite)).toBe(true);
      }
    });

  it("wht.linc: the orthonormal WHT is its own inverse (f32: rel 1e-5)", async () => {
    const { bindings, out } = await runExample("wht.linc");
    expect(maxDiff(bindings.x, out.back).rel).toBeLessThan(1e-5);
  });

  it("butterfly_dft.linc: the butterfly form equals the dense DFT (rel 1e-12)", async () => {
    const { out } = await runExample("butterfly_dft.linc");
    expect(maxDiff(out.y, zeros(out.y)).abs).toBeGreaterThan(1);
    expect(maxDiff(zeros(out.err), out.err).abs / maxDiff(out.y, zeros(out.y)).abs).toBeLessThan(1e-12);
  });

  it("dct_compress.linc: the approximation keeps exactly the stored coefficients (abs 1e-12)", async () => {
    const { program, out } = await runExample("dct_compress.linc");
    // re-run the spec's DCT on the approximation: its first k coefficients are the stored ones
    const again = parseProgram('input x: f64[2, 64]\noutput c = (dct(64, type=2, norm="ortho") @ x)[0:16]\n', "again.linc");
    const c = (await runReference(again, { x: out.approx })).c;
    expect(program.outputs.map((o) => o.name)).toEqual(["coeffs", "approx"]);
    expect(maxDiff(out.coeffs, c).abs).toBeLessThan(1e-12);
  });
});
