// Every golden case lowered for onnx (lowerForBackend), compiled to ONNX and run in
// onnxruntime-node (graph optimizations "all") against the golden outputs: f64 models to 1e-9 or
// the case's own tolerance when looser (a case
// written in single precision to 1e-4),
// and an f32 variant (inputs and params re-declared f32/c64) to 1e-4 relative. Lowered with the
// params bound (spectra fold: the path the CLI takes), and lowered with the params unbound — the
// backend then folds what depends on them, or renders it on run-time data — in the default
// (cost-model) mode and with every operator rendered by its structure. Every family runs; the
// cases it does not pass are named below with the reason, and checked to still fail.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import "../../src/ir/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, getConstructor } from "../../src/ir/index.js";
import { runOnnx } from "../../src/backends/onnx/index.js";
import { lowerForOnnx } from "./lowered.js";
import { GOLDEN_DIR, GoldenTests, type KnownFailures, LOCAL_GOLDEN_DIR, loadGolden } from "../support/golden.js";
import { relErr } from "../support/compare.js";

const FAMILIES = [...new Set(loadGolden().map((c) => c.family))];
const KNOWN: KnownFailures = {
  "f32 butterfly_inv/inv_butterfly_n256_inc_f64": "float32: the ill-conditioned inverse at n = 256 is off by about 2e-4",
  "unbound-f32 butterfly_inv/inv_butterfly_n256_inc_f64": "float32: the ill-conditioned inverse at n = 256 is off by about 2e-4",
  "f32 tensor/erf_via_gelu_small": "float32: the case divides gelu(x) by x, and its 1e-300 and 1e-30 round to 0 in float32, so 0/0 is NaN (a case-data artefact of the f32 variant, not an erf defect)",
  "unbound-f32 tensor/erf_via_gelu_small": "float32: the case divides gelu(x) by x, and its 1e-300 and 1e-30 round to 0 in float32, so 0/0 is NaN (a case-data artefact of the f32 variant, not an erf defect)",
};
const t = new GoldenTests(KNOWN);

interface Arr { dtype: string; shape: number[]; data: number[] }
const toHost = (a: Arr, single = false): HostArray => {
  const dtype = (single ? { f64: "f32", c128: "c64" }[a.dtype] ?? a.dtype : a.dtype) as HostArray["dtype"];
  const data = dtype === "i64" ? BigInt64Array.from(a.data.map((v) => BigInt(v))) : dtype === "f32" || dtype === "c64" ? Float32Array.from(a.data) : Float64Array.from(a.data);
  return { dtype, shape: a.shape, data };
};
/** A case whose spec is already in single precision (f32 / c64 declarations). */
const isSingleSource = (src: string) => /\b(f32|c64)\b/.test(src);
const single = (src: string) => src.replace(/\bf64\b/g, "f32").replace(/\bc128\b/g, "c64");

for (const fam of FAMILIES) {
  const dir = [GOLDEN_DIR, LOCAL_GOLDEN_DIR].find((d) => readdirSync(d).includes(`${fam}.json`));
  if (!dir) throw new Error(`no golden cases for family '${fam}'`);
  const file = `${dir}/${fam}.json`;
  const golden = JSON.parse(readFileSync(file, "utf8")) as { cases: { name: string; source: string; inputs: Record<string, Arr>; params: Record<string, Arr>; outputs: Record<string, Arr>; tol: number }[] };
  describe(`onnx golden ${fam}`, () => {
    for (const c of golden.cases) {
      const unregistered = [...c.source.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\(/g)].map((m) => m[1]).filter((f) => !getConstructor(f));
      if (unregistered.length) {
        it.skip(`${c.name} (constructors not registered yet: ${[...new Set(unregistered)].join(", ")})`, () => {});
        continue;
      }
      for (const single_ of [false, true])
        t.it(`${single_ ? "f32" : "f64"} ${fam}/${c.name}`, async () => {
          const prog = parseProgram(single_ ? single(c.source) : c.source, `${c.name}.linc`);
          const b: Record<string, HostArray> = {};
          for (const [k, v] of Object.entries({ ...c.inputs, ...c.params })) b[k] = toHost(v, single_);
          const params = Object.fromEntries(Object.keys(c.params).map((k) => [k, b[k]]));
          const out = await runOnnx(lowerForOnnx(prog, params), b);
          for (const [k, want] of Object.entries(c.outputs)) {
            expect(out[k].shape).toEqual(want.shape);
            expect(relErr(out[k].data, want.data)).toBeLessThanOrEqual(single_ || isSingleSource(c.source) ? 1e-4 : Math.max(1e-9, c.tol));
          }
        }, " (params bound at lowering)");
      for (const structured of ["auto", "always"] as const)
        t.it(`unbound-f64-${structured} ${fam}/${c.name}`, async () => {
          const prog = lowerForOnnx(parseProgram(c.source, `${c.name}.linc`));
          const b: Record<string, HostArray> = {};
          for (const [k, v] of Object.entries({ ...c.inputs, ...c.params })) b[k] = toHost(v);
          const out = await runOnnx(prog, b, { structured });
          for (const [k, want] of Object.entries(c.outputs)) {
            expect(out[k].shape).toEqual(want.shape);
            expect(relErr(out[k].data, want.data)).toBeLessThanOrEqual(isSingleSource(c.source) ? 1e-4 : Math.max(1e-9, c.tol));
          }
        });
      t.it(`unbound-f32 ${fam}/${c.name}`, async () => {
        const prog = lowerForOnnx(parseProgram(single(c.source), `${c.name}.linc`));
        const b: Record<string, HostArray> = {};
        for (const [k, v] of Object.entries({ ...c.inputs, ...c.params })) b[k] = toHost(v, true);
        const out = await runOnnx(prog, b, { structured: "always" });
        for (const [k, want] of Object.entries(c.outputs)) {
          expect(out[k].shape).toEqual(want.shape);
          expect(relErr(out[k].data, want.data)).toBeLessThanOrEqual(1e-4);
        }
      });
    }
  });
}

describe("onnx golden known failures", () => t.checkKnown());
