// The one matrix exponential (src/ir/math/expm.ts: [13/13] Padé, scaling and squaring) against
// scipy.linalg.expm (test/ssm/data/expm.json, test/ssm/gen_expm.py) in each form linc runs it:
// the reference (linalg.ts expm), the runtime text the cpu and wasm modules paste
// (src/backends/shared/linalg.ts; end to end through ssm_powers' zoh route in
// test/backends/ssm-powers-runtime.test.ts) and the onnx graph (src/backends/onnx/expm.ts, built by
// hand into a model: complex matrices as their real block form [[Re, -Im], [Im, Re]]).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expmGraph } from "../../src/backends/onnx/expm.js";
import { GraphBuilder } from "../../src/backends/onnx/graph.js";
import { runModel } from "../../src/backends/onnx/run.js";
import { linalgSource } from "../../src/backends/shared/linalg.js";
import { expm } from "../../src/ir/math/linalg.js";
import { peakRelErr } from "../support/compare.js";
import { REPO_ROOT } from "../support/golden.js";

interface Arr { dtype: "f64" | "c128"; shape: number[]; data: number[] }
const CASES = (JSON.parse(readFileSync(join(REPO_ROOT, "test/ssm/data/expm.json"), "utf8")) as { cases: { name: string; note: string; X: Arr; expm: Arr }[] }).cases;

/** re/im planes of a golden array. */
const planes = (a: Arr): [Float64Array, Float64Array] => {
  const n = a.shape[0] * a.shape[1], c = a.dtype === "c128";
  return [Float64Array.from({ length: n }, (_, i) => a.data[c ? 2 * i : i]), Float64Array.from({ length: n }, (_, i) => (c ? a.data[2 * i + 1] : 0))];
};
/** peakRelErr over both planes. */
const rel = (got: [ArrayLike<number>, ArrayLike<number>], want: [Float64Array, Float64Array]): number =>
  peakRelErr([...Array.from(got[0]), ...Array.from(got[1])], [...want[0], ...want[1]]);

async function onnxExpm(re: Float64Array, im: Float64Array, n: number): Promise<[Float64Array, Float64Array]> {
  const m = 2 * n, block = new Float64Array(m * m); // [[Re, -Im], [Im, Re]]
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const r = re[i * n + j], s = im[i * n + j];
      (block[i * m + j] = r), (block[(i + n) * m + j + n] = r), (block[i * m + j + n] = -s), (block[(i + n) * m + j] = s);
    }
  const g = new GraphBuilder();
  g.input("X", "f64", [m, m]);
  const E = expmGraph(g, "X", m, "f64");
  g.reserve("E");
  g.nodes.push({ input: [E], output: ["E"], name: "out", opType: "Identity", attribute: [] });
  g.output("E", "f64", [m, m]);
  const out = (await runModel(g.toModel({ opset: 17 }), { X: { dtype: "f64", shape: [m, m], data: block } }, { E: "f64" })).E.data as Float64Array;
  return [Float64Array.from({ length: n * n }, (_, k) => out[Math.floor(k / n) * m + (k % n)]), Float64Array.from({ length: n * n }, (_, k) => out[(Math.floor(k / n) + n) * m + (k % n)])];
}

const runtime = new Function(`${linalgSource(["expmPade"])}\nreturn expmPade;`)() as (X: Float64Array, n: number) => Float64Array;

describe("expm against scipy.linalg.expm", () => {
  it("has the cases", () => expect(CASES.length).toBe(6));
  for (const c of CASES)
    it(`${c.name} (${c.note}): reference, the cpu/wasm runtime text, onnx`, async () => {
      const n = c.X.shape[0], [re, im] = planes(c.X), want = planes(c.expm);
      const ref = expm({ rows: n, cols: n, re, im });
      expect(rel([ref.re, ref.im], want), "reference").toBeLessThan(1e-12);
      const X = new Float64Array(2 * n * n);
      for (let i = 0; i < n * n; i++) (X[2 * i] = re[i]), (X[2 * i + 1] = im[i]);
      const E = runtime(X, n);
      expect(Array.from(E), "the runtime text is the reference's code").toEqual(Array.from(ref.re).flatMap((v, i) => [v, ref.im[i]]));
      expect(rel(await onnxExpm(re, im, n), want), "onnx").toBeLessThan(1e-12);
    });
});
