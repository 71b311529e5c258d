// Every golden case of every family through DSL -> (lowering) -> cpu backend, in float64 at the
// case's tolerance and as float32 variants at 1e-5 relative error; the cases it does not pass are
// named below with the reason, and checked to still fail.
import { describe, expect } from "vitest";
import { runCpu } from "../../src/backends/cpu/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { GoldenTests, type KnownFailures, bindingsOf, loadGolden, relErr } from "../support/golden.js";
import { isSingle, lowered, toSingle, toSingleHost } from "./support.js";

const cases = loadGolden();
const KNOWN: KnownFailures = {
  "f32 butterfly_inv/inv_butterfly_n256_inc_f64": "float32: the ill-conditioned inverse at n = 256 is off by about 2e-4",
  "f32 tensor/erf_via_gelu_small": "float32: the case divides gelu(x) by x, and its 1e-300 and 1e-30 round to 0 in float32, so 0/0 is NaN (a case-data artefact of the f32 variant, not an erf defect)",
};

describe("golden cases on the cpu backend", () => {
  const t = new GoldenTests(KNOWN);
  for (const c of cases) {
    t.it(`f64 ${c.family}/${c.name}`, async () => {
      const out = await runCpu(lowered(parseProgram(c.source, `${c.name}.linc`)), bindingsOf(c));
      for (const [name, want] of Object.entries(c.outputs)) {
        expect(out[name].dtype).toBe(want.dtype);
        expect(out[name].shape).toEqual(want.shape);
        expect(relErr(out[name].data as Float64Array, want.data)).toBeLessThanOrEqual(c.tol);
      }
    });
    t.it(`f32 ${c.family}/${c.name}`, async () => {
      const b = Object.fromEntries(Object.entries(bindingsOf(c)).map(([k, v]) => [k, toSingleHost(v)]));
      const q = parseProgram(toSingle(c.source), `${c.name}.f32.linc`);
      const out = await runCpu(lowered(q), b);
      for (const [name, want] of Object.entries(c.outputs)) {
        // single precision where the spec's types make the output single (f64 constants promote, as in numpy)
        expect(out[name].data).toBeInstanceOf(isSingle(q, name) ? Float32Array : Float64Array);
        expect(relErr(out[name].data as Float32Array, want.data)).toBeLessThanOrEqual(1e-5);
      }
    });
  }
  t.checkKnown();
});
