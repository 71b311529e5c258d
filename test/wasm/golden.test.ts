// Every golden case of every family through DSL -> (lowering for wasm) -> wasm backend, in
// float64 at the case's tolerance and as float32 variants at 1e-5 relative error: the cpu golden
// driver's cases and checks, on the wasm schedule's plans and kernels; the cases it does not pass
// are named below with the reason, and checked to still fail.
import { beforeAll, describe, expect } from "vitest";
import { loadBinaryen } from "../../src/backends/wasm/binaryen.js";
import { runWasm } from "../../src/backends/wasm/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { GoldenTests, type KnownFailures, bindingsOf, loadGolden, relErr } from "../support/golden.js";
import { isSingle, toSingle, toSingleHost } from "../cpu/support.js";

const cases = loadGolden();
const KNOWN: KnownFailures = {
  "f32 butterfly_inv/inv_butterfly_n256_inc_f64": "float32: the ill-conditioned inverse at n = 256 is off by about 2e-4",
  "f32 tensor/erf_via_gelu_small": "float32: the case divides gelu(x) by x, and its 1e-300 and 1e-30 round to 0 in float32, so 0/0 is NaN (a case-data artefact of the f32 variant, not an erf defect)",
};
const lowered = (src: string, file: string) => lowerForBackend(parseProgram(src, file), { target: "wasm" });

beforeAll(loadBinaryen);

describe("golden cases on the wasm backend", () => {
  const t = new GoldenTests(KNOWN);
  for (const c of cases) {
    t.it(`f64 ${c.family}/${c.name}`, async () => {
      const out = await runWasm(lowered(c.source, `${c.name}.linc`), bindingsOf(c));
      for (const [name, want] of Object.entries(c.outputs)) {
        expect(out[name].dtype).toBe(want.dtype);
        expect(out[name].shape).toEqual(want.shape);
        expect(relErr(out[name].data as Float64Array, want.data)).toBeLessThanOrEqual(c.tol);
      }
    });
    t.it(`f32 ${c.family}/${c.name}`, async () => {
      const b = Object.fromEntries(Object.entries(bindingsOf(c)).map(([k, v]) => [k, toSingleHost(v)]));
      const out = await runWasm(lowered(toSingle(c.source), `${c.name}.f32.linc`), b);
      for (const [name, want] of Object.entries(c.outputs)) {
        // single precision where the spec's types make the output single (f64 constants promote, as in numpy)
        expect(out[name].data).toBeInstanceOf(isSingle(parseProgram(toSingle(c.source), "q.linc"), name) ? Float32Array : Float64Array);
        expect(relErr(out[name].data as Float32Array, want.data)).toBeLessThanOrEqual(1e-5);
      }
    });
  }
  t.checkKnown();
});
