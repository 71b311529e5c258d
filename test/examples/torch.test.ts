// The three published layers of examples/ (fno_spectral_conv2d, s4d_layer, afno2d) against their
// original PyTorch code (test/examples/torch/gen_layers.py, float64): on the reference and every
// compiling backend, the params given at run time beside the input (as a trained layer's kernel
// takes them).
//   * small cases: the example with its consts set to the case's sizes, the output in full;
//   * the examples as written (the sizes, batch 1), the output checked at a sample of positions.
// Each in float32 as the example declares it (within 1e-4 of the largest output) and as a float64
// variant (1e-10; gpujs computes in float32 whatever the dtype: its float32 bound).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getBackend } from "../../src/backends/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { DType, HostArray } from "../../src/ir/index.js";
import { rng } from "../../src/ir/math/random.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { type Compiled, compiledBackends } from "../support/backends.js";

type Described = { dtype: DType; shape: number[] } & ({ data: number[] } | { seed: number; offset: number; scale: number });
type Output = { shape: number[]; data: number[]; at?: number[]; maxAbs: number };
interface LayerCase { name: string; example: string; arrays: Record<string, Described>; y: Output; batch: number; consts: Record<string, number> }

const golden: { cases: LayerCase[] } = JSON.parse(readFileSync(new URL("./torch/layers.json", import.meta.url), "utf8"));
const TOL = { f32: 1e-4, f64: 1e-10 };
/**
 * Cases the reference interpreter does not run (its small case does): S4D at L = 4096 and H = 256
 * evaluates the Vandermonde product over a [256, 32, 4096] complex tensor element by element, about
 * 50 s per precision on the 2-core CI machine.
 */
const REFERENCE_TOO_SLOW: Readonly<Record<string, string>> = { s4d_example: "50 s per precision in the float64 interpreter; s4d_small covers the reference" };
/** gpujs computes in float32 whatever the declared dtype. */
const F64_AS_F32: ReadonlySet<Compiled> = new Set(["gpujs"]);

/** The example's source with its consts at the case's sizes, in the precision asked for. */
function sourceOf(c: LayerCase, precision: "f32" | "f64"): string {
  let s = readFileSync(new URL(`../../${c.example}`, import.meta.url), "utf8");
  for (const [k, v] of Object.entries(c.consts)) {
    const re = new RegExp(`^const ${k}(\\s*)=\\s*\\d+`, "m");
    expect(s, `${c.example} declares const ${k}`).toMatch(re);
    s = s.replace(re, `const ${k}$1= ${v}`);
  }
  return precision === "f64" ? s.replace(/\bf32\[/g, "f64[").replace(/\bc64\[/g, "c128[") : s;
}

/** A golden array as a host array of its precision (streams drawn from the one seeded generator). */
function hostOf(d: Described, precision: "f32" | "f64"): HostArray {
  const complex = d.dtype === "c64" || d.dtype === "c128";
  let values: ArrayLike<number>;
  if ("data" in d) values = d.data;
  else {
    const r = rng(d.seed), count = d.shape.reduce((a, b) => a * b, 1) * (complex ? 2 : 1);
    values = Float64Array.from({ length: count }, () => d.offset + d.scale * r.next());
  }
  const dtype: DType = precision === "f64" ? (complex ? "c128" : "f64") : complex ? "c64" : "f32";
  return { dtype, shape: [...d.shape], data: precision === "f64" ? Float64Array.from(values) : Float32Array.from(values) };
}

/** max |y - want| over the golden's positions, relative to the largest |want|. */
function error(y: HostArray, want: Output): number {
  expect(y.shape).toEqual(want.shape);
  const data = y.data as ArrayLike<number>;
  let worst = 0;
  want.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(data[want.at ? want.at[i] : i] - v))));
  return worst / want.maxAbs;
}

function bindings(c: LayerCase, precision: "f32" | "f64") {
  return Object.fromEntries(Object.entries(c.arrays).map(([k, d]) => [k, hostOf(d, precision)]));
}

describe("the published layers against their PyTorch code", () => {
  for (const c of golden.cases)
    for (const precision of ["f32", "f64"] as const) {
      if (!Object.hasOwn(REFERENCE_TOO_SLOW, c.name))
      it(`${c.name} ${precision} on the reference`, () => {
        const p = parseProgram(sourceOf(c, precision), c.example);
        expect(error(evaluate(p, bindings(c, precision)).y, c.y)).toBeLessThanOrEqual(TOL[precision]);
      });
      it.each(compiledBackends())(`${c.name} ${precision} on %s`, async (target) => {
        const p = parseProgram(sourceOf(c, precision), c.example);
        const y = (await (await getBackend(target)).run(lowerForBackend(p, { target }), bindings(c, precision))).y;
        expect(error(y, c.y)).toBeLessThanOrEqual(F64_AS_F32.has(target) ? TOL.f32 : TOL[precision]);
      });
    }
});
