// Edge values of the new pointwise functions (NaN, infinities, zeros of both signs, the largest
// and smallest doubles) on the float64 backends against the reference interpreter: cpu and wasm
// run the reference's own formulas and agree bit for bit; onnx builds erf and atan2 from other
// ops (special.ts), so it must give the same NaN, infinity and signed-zero answers and agree
// within a few ulps elsewhere.
import { beforeAll, describe, expect, it } from "vitest";
import { getBackend } from "../../src/backends/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { loadBinaryen } from "../../src/backends/wasm/binaryen.js";
import { parseProgram } from "../../src/dsl/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { compiledBackends, skipExcluded } from "../support/backends.js";

beforeAll(loadBinaryen);
const X = [NaN, Infinity, -Infinity, 0, -0, 1e308, -1e308, 5e-324, 40, -40, 1, -1, 0, -0, 2.5, -3];
const W = [1, 1, -1, -1, -1, Infinity, 2, 0, -0, 3, 0, 0, 0, 0, -Infinity, -Infinity];
/** z = w + i x: angle(z) is atan2(x, w) */
const SRC = `input x: f64[${X.length}]
input w: f64[${X.length}]
input z: c128[${X.length}]
output a = cos(x)
output b = sigmoid(x)
output c = gelu(x)
output d = atan2(x, w)
output e = angle(x)
output f = angle(z)
`;
const exclude = { gpujs: "float32 on the device: 1e308 and 5e-324 are not float32 numbers" };

describe("edge values of cos, sigmoid, gelu, atan2, angle", () => {
  const p = parseProgram(SRC, "edges.linc");
  const bind = { x: { dtype: "f64" as const, shape: [X.length], data: Float64Array.from(X) }, w: { dtype: "f64" as const, shape: [W.length], data: Float64Array.from(W) },
    z: { dtype: "c128" as const, shape: [X.length], data: Float64Array.from(X.flatMap((x, i) => [W[i], x])) } };
  const want = evaluate(p, bind);
  for (const target of compiledBackends(exclude))
    it(`${target} agrees with the reference`, async () => {
      const got = await (await getBackend(target)).run(lowerForBackend(p, { target }), bind);
      for (const [k, w] of Object.entries(want)) {
        const a = w.data as Float64Array, b = got[k].data as Float64Array;
        a.forEach((v, i) => {
          const at = `${k}[${i}] for x = ${Object.is(X[i], -0) ? "-0" : X[i]}, w = ${Object.is(W[i], -0) ? "-0" : W[i]}: ${b[i]} vs ${v}`;
          if (target !== "onnx" || !Number.isFinite(v) || v === 0) expect(Object.is(b[i], v), at).toBe(true);
          else expect(Math.abs(b[i] - v), at).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(v));
        });
      }
    });
  skipExcluded(exclude);
});
