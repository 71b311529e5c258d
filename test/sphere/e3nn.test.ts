// basis="e3nn" on sh_eval, gaunt and cg_path: the change of basis R_l and the wigner_3j sign
// against the numpy fits of gen_e3nn.py, and every golden case through DSL -> reference
// interpreter, before and after lowering (the cpu/onnx/gpujs runs are test/backends/sphere-e3nn).
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { DiagnosticsError, toposort } from "../../src/ir/index.js";
import { e3nnCgSign, e3nnRotation } from "../../src/ir/math/e3nn.js";
import { sphereQuadrature } from "../../src/ir/math/quadrature.js";
import { realSH } from "../../src/ir/math/sh.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { bindingsOf, relErr } from "../support/golden.js";
import { E3NN, e3nnCases } from "./e3nn-golden.js";
import { maxAbsErr } from "../support/compare.js";


/** R_l by its definition ∫ Y_l,i(r) (-1)^m_j Y_l,j(z, x, y) dΩ, by exact quadrature (an O(l⁴) oracle). */
function rotationByQuadrature(l: number): Float64Array {
  const n = 2 * l + 1, R = new Float64Array(n * n), g = sphereQuadrature(l + 1);
  for (let k = 0; k < g.theta.length; k++) {
    const st = Math.sin(g.theta[k]), x = st * Math.cos(g.phi[k]), y = st * Math.sin(g.phi[k]), z = Math.cos(g.theta[k]);
    const Y = realSH(l, g.theta[k], g.phi[k]), YP = realSH(l, Math.acos(Math.max(-1, Math.min(1, y))), Math.atan2(x, z));
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) R[i * n + j] += g.weight[k] * Y[l * l + i] * ((j - l) % 2 ? -1 : 1) * YP[l * l + j];
  }
  return R;
}

describe("e3nn change of basis", () => {
  it("the Clebsch-Gordan recursion for R_l agrees with the defining integral", () => {
    for (const l of [0, 1, 2, 3, 6, 11, 17]) expect(maxAbsErr(e3nnRotation(l), rotationByQuadrature(l)), `l=${l}`).toBeLessThan(1e-12);
  });
  it("R_1 is the issue's permutation with signs", () => {
    expect(maxAbsErr(e3nnRotation(1), [0, -1, 0, 0, 0, 1, -1, 0, 0])).toBeLessThan(1e-15);
  });
  for (const [l, R] of Object.entries(E3NN.rotations))
    it(`R_${l} matches the numpy fit against ported e3nn harmonics`, () => {
      expect(maxAbsErr(e3nnRotation(Number(l)), R.data)).toBeLessThan(1e-12);
    });
  it("R_l is orthogonal and mixes orders from l = 2 on", () => {
    for (const l of [2, 7, 16, 30, 64]) {
      const n = 2 * l + 1, R = e3nnRotation(l);
      let err = 0, offPattern = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += R[i * n + k] * R[j * n + k];
          err = Math.max(err, Math.abs(s - (i === j ? 1 : 0)));
          if (R[i * n + j] !== 0 && j !== i && j !== n - 1 - i) offPattern++;
        }
      expect(err).toBeLessThan(1e-12);
      expect(offPattern).toBeGreaterThan(0);
    }
  });
  it("the wigner_3j sign is (-1)^floor((l1 + l2 - l3 + 1) / 2) on every path up to l = 5", () => {
    const entries = Object.entries(E3NN.cg_signs);
    expect(entries.length).toBeGreaterThan(100);
    expect(entries.filter(([, s]) => s < 0).length).toBeGreaterThan(30);
    for (const [k, s] of entries) {
      const [l1, l2, l3] = k.split(",").map(Number);
      expect(e3nnCgSign(l1, l2, l3), k).toBe(s);
    }
  });
});

describe("e3nn golden cases on the reference interpreter", () => {
  for (const c of e3nnCases()) {
    it(c.name, () => {
      const p = parseProgram(c.source, `${c.name}.linc`);
      const out = evaluate(p, bindingsOf(c));
      for (const [name, want] of Object.entries(c.outputs)) {
        expect(out[name].shape).toEqual(want.shape);
        expect(relErr(out[name].data as Float64Array, want.data)).toBeLessThanOrEqual(c.tol);
      }
    });
    it(`${c.name} lowered for the reference`, () => {
      const p = lowerForBackend(parseProgram(c.source, `${c.name}.linc`), { target: "reference" });
      const out = evaluate(p, bindingsOf(c));
      for (const [name, want] of Object.entries(c.outputs)) expect(relErr(out[name].data as Float64Array, want.data)).toBeLessThanOrEqual(c.tol);
    });
  }
  it("the linc basis is unchanged by the option's default", () => {
    const c = e3nnCases().find((x) => x.name.startsWith("e3nn_sh_eval"))!;
    const e3 = evaluate(parseProgram(c.source, "a.linc"), bindingsOf(c)).f.data as Float64Array;
    const linc = evaluate(parseProgram(c.source.replace(', basis="e3nn"', ""), "b.linc"), bindingsOf(c)).f.data as Float64Array;
    expect(maxAbsErr(e3, linc)).toBeGreaterThan(1e-3);
  });
  it("folds the change of basis into the SH matrix when the angles are params", () => {
    const c = e3nnCases().find((x) => x.name === "e3nn_sh_eval_2")!;
    const params = Object.fromEntries(Object.entries(bindingsOf(c)).filter(([k]) => k in c.params));
    const p = lowerForBackend(parseProgram(c.source, "fold.linc"), { target: "cpu", params });
    const ops = toposort(p.outputs.map((o) => o.node)).map((n) => n.op);
    expect(ops.filter((o) => o === "apply").length).toBe(1);
    expect(ops).not.toContain("blockdiag");
  });
  it("rejects an unknown basis with E0205", () => {
    const src = 'input a: f64[4]\ninput b: f64[4]\noutput c = gaunt(a, b, lmax=2, basis="e3n")\n';
    expect(() => parseProgram(src, "bad.linc")).toThrow(DiagnosticsError);
    try {
      parseProgram(src, "bad.linc");
    } catch (e) {
      expect((e as DiagnosticsError).diagnostics[0].code).toBe("E0205");
      expect((e as DiagnosticsError).message).toContain("did you mean 'e3nn'");
    }
  });
});
