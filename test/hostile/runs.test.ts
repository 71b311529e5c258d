// The hostile-input corpus at run time (issue 24's probe): specs that check cleanly and data that a
// hostile or careless caller might pass (mixed dtypes, NaN and huge values, index data that is
// not a permutation). Each row runs on every backend of src/backends/index.ts and must end either
// in its error code or in numbers that agree with the reference interpreter on the unlowered
// program (non-finite values in the same places): never an internal error, never silently wrong
// numbers. A row's `check` adds what agreement alone does not say (rows staying independent).
import { describe, expect, it } from "vitest";
import { BACKEND_NAMES, getBackend } from "../../src/backends/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, LincError, type Target } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { differs } from "../support/compare.js";

interface RunCase {
  what: string;
  spec: string;
  /** Inputs, and params passed at run time. */
  bindings: () => Record<string, HostArray>;
  /** The error code every backend (the reference included) must end in; otherwise agreement. */
  code?: string;
  /** Extra checks of a backend's outputs. */
  check?: (out: Record<string, HostArray>, backend: Target) => void;
}

/** Relative tolerance against the reference, per backend (gpujs computes in float32 on the device). */
const TOL: Record<Target, number> = { reference: 1e-12, cpu: 1e-10, wasm: 1e-10, onnx: 1e-9, gpujs: 2e-4 };

const f64 = (shape: number[], f: (i: number) => number): HostArray => ({ dtype: "f64", shape, data: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)) });
const c128 = (shape: number[], f: (i: number) => number): HostArray => ({ dtype: "c128", shape, data: Float64Array.from({ length: 2 * shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)) });
const f32 = (shape: number[], f: (i: number) => number): HostArray => ({ dtype: "f32", shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)) });
const c64 = (shape: number[], f: (i: number) => number): HostArray => ({ dtype: "c64", shape, data: Float32Array.from({ length: 2 * shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)) });
const wave = (k: number) => (i: number) => Math.sin(k * (i + 1)) + 0.25;

const RUNS: RunCase[] = [
  // mixed dtypes in a two-operand op (cpu and wasm gave all NaN: the real batch was converted into an array sized by a symbolic shape)
  { what: "gaunt of an f64 and a c128 batch", spec: "input a: f64[batch, 4]\ninput b: c128[batch, 4]\noutput y = gaunt(a, b, 1)\n", bindings: () => ({ a: f64([2, 4], wave(1)), b: c128([2, 4], wave(2)) }) },
  { what: "gaunt of an f32 and a c64 batch", spec: "input a: f32[batch, 4]\ninput b: c64[batch, 4]\noutput y = gaunt(a, b, 1)\n", bindings: () => ({ a: f32([2, 4], wave(1)), b: c64([2, 4], wave(2)) }) },
  { what: "gaunt of an f64 and an f32 batch", spec: "input a: f64[batch, 4]\ninput b: f32[batch, 4]\noutput y = gaunt(a, b, 1)\n", bindings: () => ({ a: f64([2, 4], wave(1)), b: f32([2, 4], wave(2)) }) },
];

/** Whether any operand or output is single precision: then at least spec/backends.md's float32 bound. */
const TOL32 = 1e-4;
const single = (hs: HostArray[]) => hs.some((h) => h.dtype === "f32" || h.dtype === "c64");

describe("hostile run-time data: a coded error or the reference's numbers, on every backend", () => {
  for (const r of RUNS)
    it(r.what, async () => {
      const program = parseProgram(r.spec, "hostile.linc");
      const bindings = r.bindings();
      let want: Record<string, HostArray> | undefined;
      if (!r.code) want = evaluate(program, bindings);
      for (const name of BACKEND_NAMES) {
        const running = (async () => (await getBackend(name)).run(lowerForBackend(program, { target: name }), bindings))();
        if (r.code) {
          const err = await running.then(() => undefined, (e: unknown) => e);
          expect(err, `${name}: a LincError`).toBeInstanceOf(LincError);
          expect((err as LincError).code, `${name}: ${(err as Error).message}`).toBe(r.code);
          continue;
        }
        const got = await running;
        for (const [o, w] of Object.entries(want ?? {})) {
          const tol = single([...Object.values(bindings), w]) ? Math.max(TOL[name], TOL32) : TOL[name];
          expect(differs(got[o], w, tol), `${name}: output ${o}`).toBeUndefined();
        }
        r.check?.(got, name);
      }
    });
});
