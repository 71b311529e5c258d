// Issue 5: both gaunt routes and both ssm_kernel routes agree with the reference meanings on
// random inputs (real and complex, batched with broadcasting), the quadrature Gaunt table equals
// the exact one, and the route rules fire where their cost models say.
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { math, toposort } from "../../src/ir/index.js";
import { gauntTableQuadrature } from "../../src/ir/math/fastroutes.js";
import { runPipeline } from "../../src/passes/index.js";
import { gauntCosts, gauntNonzeros } from "../../src/passes/rules/sphere.js";
import { ssmCosts } from "../../src/passes/rules/ssm.js";
import { evalAs, randomBindings, relDiff } from "./support.js";

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
      expect(relDiff(evalAs(p, "gaunt_direct", bind), want)).toBeLessThan(1e-12);
      expect(relDiff(evalAs(p, "gaunt_fourier", bind), want)).toBeLessThan(1e-12);
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
    expect(relDiff(evalAs(p, "gaunt_direct", bind), evalAs(p, "gaunt_fourier", bind))).toBeLessThan(1e-11);
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
    for (const t of ["reference", "cpu", "onnx"]) expect(gauntCosts(32, 32, 32, t).fourier).toBeLessThan(gauntCosts(32, 32, 32, t).direct);
  });
});

describe("ssm_kernel routes", () => {
  for (const kind of ["legs", "legt", "fout"])
    for (const L of [64, 50])
      it(`ssm_dplr equals ssm_powers and ssm_kernel (${kind}, N = 8, L = ${L})`, () => {
        const p = parseProgram(`param C: f64[8]\noutput K = ssm_kernel(hippo_A("${kind}", 8), hippo_B("${kind}", 8), C, 0.05, ${L})`, "k.linc");
        const bind = randomBindings(p, L);
        const want = evaluate(p, bind).K.data as Float64Array;
        expect(relDiff(evalAs(p, "ssm_powers", bind), want)).toBeLessThan(1e-12);
        const { dt } = p.outputs[0].node.arg as { dt: number };
        expect(relDiff(evalAs(p, "ssm_dplr", bind, { dt, L, kind }), want)).toBeLessThan(1e-8);
      });

  it("W C with W = ssm_basis(A, B) equals the kernel (zoh, complex C)", () => {
    const p = parseProgram(`input C: c128[6]\noutput K = ssm_kernel(hippo_A("legs", 6), hippo_B("legs", 6), C, 0.1, 20, method="zoh")`, "k.linc");
    const bind = randomBindings(p, 3);
    const want = evaluate(p, bind).K.data as Float64Array;
    const { program, log } = runPipeline(p, { target: "cpu" });
    expect(log.find((l) => l.name === "lower-structure")!.fired).toContainEqual(["ssm-kernel-basis", 1]);
    expect(relDiff(evaluate(program, bind).K.data as Float64Array, want)).toBeLessThan(1e-12);
  });

  it("ssm-kernel-lower picks the DPLR route for long kernels and naive powers for short ones", () => {
    const route = (N: number, L: number, method = "bilinear") => {
      const p = parseProgram(`const N = ${N}\nparam C: f64[N]\noutput K = ssm_kernel(hippo_A("legs", N), hippo_B("legs", N), C, 0.01, ${L}, method="${method}")`, "k.linc");
      const ctx = runPipeline(p, { target: "cpu", params: { C: { dtype: "f64", shape: [N], data: new Float64Array(N).fill(1) } } }, "lower-structure");
      return ctx.log.at(-1)!.fired.map(([k]) => k).find((k) => k.startsWith("ssm-kernel"));
    };
    expect(route(4, 8)).toBe("ssm-kernel-naive");
    expect(route(64, 1 << 20)).toBe("ssm-kernel-dplr");
    expect(route(64, 1 << 20, "zoh")).toBe("ssm-kernel-naive");
    // calibrated on the benchmark: at N = 256, L = 16384 the set-up still dominates
    expect(ssmCosts(256, 16384).naive).toBeLessThan(ssmCosts(256, 16384).dplr);
    expect(ssmCosts(64, 1 << 20).dplr).toBeLessThan(ssmCosts(64, 1 << 20).naive);
  });
});
