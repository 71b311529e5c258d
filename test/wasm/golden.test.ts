// Every golden case of the linear-operator families through DSL -> (lowering for wasm) -> wasm
// backend, in float64 at the case's tolerance and as float32 variants at 1e-5 relative error:
// the cpu golden driver's cases and checks, on the wasm schedule's plans and kernels.
import { beforeAll, describe, expect, it } from "vitest";
import { loadBinaryen } from "../../src/backends/wasm/binaryen.js";
import { runWasm } from "../../src/backends/wasm/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { bindingsOf, loadGolden, relErr } from "../support/golden.js";
import { toSingle, toSingleHost } from "../cpu/support.js";

const FAMILIES = ["dft", "dct", "dst", "wht", "structure", "algebra", "butterfly", "toeplitz"];
const cases = loadGolden(FAMILIES);
const lowered = (src: string, file: string) => lowerForBackend(parseProgram(src, file), { target: "wasm" });

beforeAll(loadBinaryen);

describe("golden cases on the wasm backend", () => {
  it("has cases to run", () => expect(cases.length).toBeGreaterThan(50));
  for (const c of cases) {
    it(`f64 ${c.family}/${c.name}`, async () => {
      const out = await runWasm(lowered(c.source, `${c.name}.linc`), bindingsOf(c));
      for (const [name, want] of Object.entries(c.outputs)) {
        expect(out[name].dtype).toBe(want.dtype);
        expect(out[name].shape).toEqual(want.shape);
        expect(relErr(out[name].data as Float64Array, want.data)).toBeLessThanOrEqual(c.tol);
      }
    });
    it(`f32 ${c.family}/${c.name}`, async () => {
      const b = Object.fromEntries(Object.entries(bindingsOf(c)).map(([k, v]) => [k, toSingleHost(v)]));
      const out = await runWasm(lowered(toSingle(c.source), `${c.name}.f32.linc`), b);
      for (const [name, want] of Object.entries(c.outputs)) {
        expect(out[name].data).toBeInstanceOf(Float32Array);
        expect(relErr(out[name].data as Float32Array, want.data)).toBeLessThanOrEqual(1e-5);
      }
    });
  }
});
