// Both gaunt routes (gaunt_direct, gaunt_fourier) agree with the reference meaning of gaunt on
// random inputs (real and complex, batched with broadcasting), the quadrature Gaunt table equals
// the exact one, and gaunt-lower picks the route its cost model says.
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { math, toposort } from "../../src/ir/index.js";
import { gauntTableQuadrature } from "../../src/ir/math/fastroutes.js";
import { runPipeline } from "../../src/passes/index.js";
import { gauntCosts, gauntNonzeros } from "../../src/passes/rules/sphere.js";
import { relErr } from "../support/golden.js";
import { randomBindings } from "../support/random.js";
import { evalAs } from "../support/reference.js";

const sh = (L: number) => (L + 1) * (L + 1);

describe("gaunt routes", () => {
  const shapes: [number, number, number, string, string][] = [
    [1, 1, 2, "f64", "f64"], [2, 3, 5, "f64", "f64"], [3, 2, 2, "c128", "f64"], [4, 4, 4, "c128", "c128"], [5, 3, 8, "f64", "f64"], [6, 6, 3, "f64", "f64"],
  ];
  for (const [L1, L2, lmax, da, db] of shapes)
    it(`gaunt_direct and gaunt_fourier equal gaunt for ${L1} x ${L2} -> ${lmax} (${da}, ${db}, batched)`, () => {
      const p = parseProgram(`input a: ${da}[2, 1, ${sh(L1)}]\ninput b: ${db}[3, ${sh(L2)}]\noutput c = gaunt(a, b, lmax=${lmax})`, "g.linc");
      const bind = randomBindings(p, L1 * 100 + L2 * 10 + lmax);
      const want = evaluate(p, bind).c.data as Float64Array;
      expect(want.length).toBe(2 * 3 * sh(lmax) * (da === "c128" || db === "c128" ? 2 : 1));
      expect(relErr(evalAs(p, "gaunt_direct", bind), want)).toBeLessThan(1e-12);
      expect(relErr(evalAs(p, "gaunt_fourier", bind), want)).toBeLessThan(1e-12);
    });

  it("the quadrature coefficient table equals the exact one (l <= 6)", () => {
    for (const [L1, L2, lmax] of [[3, 3, 6], [6, 4, 5], [2, 6, 6]]) {
      const exact = new Map(math.gauntCoefficients(L1, L2, lmax).map((e) => [`${e.i1},${e.i2},${e.i3}`, e.value]));
      const q = gauntTableQuadrature(L1, L2, lmax);
      expect(q.value.length).toBe(exact.size);
      let err = 0;
      for (let e = 0; e < q.value.length; e++) err = Math.max(err, Math.abs(q.value[e] - (exact.get(`${q.i1[e]},${q.i2[e]},${q.i3[e]}`) ?? NaN)));
      expect(err).toBeLessThan(1e-14);
      // the selection rules bound the count from above; accidental zeros are rare
      expect(gauntNonzeros(L1, L2, lmax)).toBeGreaterThanOrEqual(exact.size);
      expect(gauntNonzeros(L1, L2, lmax)).toBeLessThan(1.02 * exact.size);
    }
  });

  it("direct (quadrature table) and Fourier routes agree beyond the exact table's reach (L = 20)", () => {
    const p = parseProgram(`input a: f64[${sh(20)}]\ninput b: f64[${sh(20)}]\noutput c = gaunt(a, b, lmax=20)`, "g.linc");
    const bind = randomBindings(p, 7);
    expect(relErr(evalAs(p, "gaunt_direct", bind), evalAs(p, "gaunt_fourier", bind))).toBeLessThan(1e-11);
  });

  it("gaunt-lower picks direct for small L and the Fourier route for large L", () => {
    const route = (L: number, target: "reference" | "cpu" | "onnx" = "cpu") => {
      const p = parseProgram(`input a: f64[${sh(L)}]\ninput b: f64[${sh(L)}]\noutput c = gaunt(a, b, lmax=${L})`, "g.linc");
      const { program, log } = runPipeline(p, { target });
      expect(log.find((l) => l.name === "lower-structure")!.fired).toContainEqual(["gaunt-lower", 1]);
      return toposort(program.outputs.map((o) => o.node)).find((n) => n.op.startsWith("gaunt"))!.op;
    };
    expect(route(2)).toBe("gaunt_direct");
    expect(route(8)).toBe("gaunt_fourier");
    expect(route(8, "reference")).toBe("gaunt_direct"); // the reference's 2-D FFT route costs more at small L
    expect(route(24, "reference")).toBe("gaunt_fourier");
    expect(route(1, "onnx")).toBe("gaunt_direct");
    expect(route(6, "onnx")).toBe("gaunt_fourier");
    for (const t of ["torus", "grid", "einsum"] as const) expect(gauntCosts(32, 32, 32, t).fourier).toBeLessThan(gauntCosts(32, 32, 32, t).direct);
  });
});
