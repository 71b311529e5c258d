// Both ssm_kernel routes (ssm_powers, ssm_dplr) and the ssm_basis form agree with the reference
// meaning of ssm_kernel on random inputs, and ssm-kernel-lower picks the route its cost model says.
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { runPipeline } from "../../src/passes/index.js";
import { ssmCosts } from "../../src/passes/rules/ssm.js";
import { relErr } from "../support/golden.js";
import { randomBindings } from "../support/random.js";
import { evalAs } from "../support/reference.js";

describe("ssm_kernel routes", () => {
  for (const kind of ["legs", "legt", "fout"])
    for (const L of [64, 50])
      it(`ssm_dplr equals ssm_powers and ssm_kernel (${kind}, N = 8, L = ${L})`, () => {
        const p = parseProgram(`param C: f64[8]\noutput K = ssm_kernel(hippo_A("${kind}", 8), hippo_B("${kind}", 8), C, 0.05, ${L})`, "k.linc");
        const bind = randomBindings(p, L);
        const want = evaluate(p, bind).K.data as Float64Array;
        expect(relErr(evalAs(p, "ssm_powers", bind), want)).toBeLessThan(1e-12);
        const { dt } = p.outputs[0].node.arg as { dt: number };
        expect(relErr(evalAs(p, "ssm_dplr", bind, { dt, L, kind }), want)).toBeLessThan(1e-8);
      });

  it("W C with W = ssm_basis(A, B) equals the kernel (zoh, complex C)", () => {
    const p = parseProgram(`input C: c128[6]\noutput K = ssm_kernel(hippo_A("legs", 6), hippo_B("legs", 6), C, 0.1, 20, method="zoh")`, "k.linc");
    const bind = randomBindings(p, 3);
    const want = evaluate(p, bind).K.data as Float64Array;
    const { program, log } = runPipeline(p, { target: "cpu" });
    expect(log.find((l) => l.name === "lower-structure")!.fired).toContainEqual(["ssm-kernel-basis", 1]);
    expect(relErr(evaluate(program, bind).K.data as Float64Array, want)).toBeLessThan(1e-12);
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
