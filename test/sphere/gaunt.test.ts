// Gaunt and Clebsch-Gordan coefficients: exact values against quadrature, symmetry and selection
// rules, CG orthogonality, and the Gaunt product as the weighted sum of CG paths through the IR.
import { describe, expect, it } from "vitest";
import { gauntCoefficients, gauntPathWeight, realCG, realGaunt } from "../../src/ir/math/gaunt.js";
import { sphereQuadrature } from "../../src/ir/math/quadrature.js";
import { realSH, shCount, shIndex } from "../../src/ir/math/sh.js";
import { triangle, wigner3j } from "../../src/ir/math/wigner.js";
import type { CTensor } from "../../src/ir/value.js";
import { bind, call, evaluate, maxAbsDiff, randomArray, tensor } from "./harness.js";
import { uniform } from "../support/random.js";

const lms = (L: number) => Array.from({ length: shCount(L) }, (_, i) => {
  const l = Math.floor(Math.sqrt(i));
  return [l, i - l * l - l] as const;
});

describe("Wigner 3j", () => {
  it("matches known values", () => {
    expect(wigner3j(1, 1, 0, 0, 0, 0)).toBeCloseTo(-1 / Math.sqrt(3), 15);
    expect(wigner3j(2, 1, 1, 0, 0, 0)).toBeCloseTo(Math.sqrt(2 / 15), 15);
    expect(wigner3j(3, 2, 1, 1, -1, 0)).toBeCloseTo(0.2760262237369417, 15); // sympy
    expect(wigner3j(64, 64, 64, 3, -10, 7)).toBeCloseTo(-0.0045597339490896765, 16); // sympy
    expect(wigner3j(60, 50, 40, 10, -5, -5)).toBeCloseTo(-0.0039032861631254343, 16); // sympy
  });
  it("is orthogonal: Σ_{m1,m2} (2 l3 + 1) 3j(m1 m2 m3) 3j(m1 m2 m3') = δ", () => {
    for (const [l1, l2, l3] of [[3, 4, 5], [7, 7, 2], [10, 6, 12]]) {
      for (const m3 of [-l3, 0, 1, l3]) {
        let s = 0;
        for (let m1 = -l1; m1 <= l1; m1++) {
          const m2 = -m1 - m3;
          s += (2 * l3 + 1) * wigner3j(l1, l2, l3, m1, m2, m3) ** 2;
        }
        expect(Math.abs(s - 1)).toBeLessThan(1e-14);
      }
    }
  });
});

describe("real Gaunt coefficients", () => {
  const L = 4;
  // exact quadrature of Y1 Y2 Y3 (degree <= 12 needs 7 Legendre nodes)
  const g = sphereQuadrature(3 * L / 2 + 1);
  const Ys = Array.from(g.theta, (th, k) => realSH(L, th, g.phi[k]));
  const quad = (i: number, j: number, k: number) => Ys.reduce((s, Y, p) => s + g.weight[p] * Y[i] * Y[j] * Y[k], 0);

  it("equal the quadrature of Y Y Y for all l <= 4 (1e-14), zero outside the selection rules", () => {
    let worst = 0, nonzero = 0;
    for (const [l1, m1] of lms(L))
      for (const [l2, m2] of lms(L))
        for (const [l3, m3] of lms(L)) {
          const v = realGaunt(l1, m1, l2, m2, l3, m3);
          worst = Math.max(worst, Math.abs(v - quad(shIndex(l1, m1), shIndex(l2, m2), shIndex(l3, m3))));
          if (v !== 0) {
            nonzero++;
            expect((l1 + l2 + l3) % 2).toBe(0);
            expect(triangle(l1, l2, l3)).toBe(true);
          }
        }
    expect(worst).toBeLessThan(1e-14);
    expect(nonzero).toBeGreaterThan(1000);
  });

  it("are symmetric in their three index pairs", () => {
    const r = uniform(7);
    for (let t = 0; t < 300; t++) {
      const pick = () => {
        const l = Math.floor((r() + 1) * 4.5);
        return [l, Math.round(r() * l)] as const;
      };
      const [a, b, c] = [pick(), pick(), pick()];
      const v = realGaunt(a[0], a[1], b[0], b[1], c[0], c[1]);
      for (const [x, y, z] of [[a, c, b], [b, a, c], [b, c, a], [c, a, b], [c, b, a]])
        expect(realGaunt(x[0], x[1], y[0], y[1], z[0], z[1])).toBeCloseTo(v, 15);
    }
  });

  it("the sparse table holds exactly the nonzero coefficients", () => {
    const table = gauntCoefficients(3, 2, 4);
    let count = 0;
    for (const [l1, m1] of lms(3))
      for (const [l2, m2] of lms(2))
        for (const [l3, m3] of lms(4)) if (Math.abs(realGaunt(l1, m1, l2, m2, l3, m3)) > 1e-15) count++;
    expect(table.length).toBe(count);
    for (const e of table) expect(e.value).toBeCloseTo(quad(e.i1, e.i2, e.i3), 14);
  });
});

describe("real Clebsch-Gordan paths", () => {
  it("form an orthogonal matrix over all l3 for each (l1, l2)", () => {
    for (const [l1, l2] of [[0, 0], [1, 1], [2, 1], [3, 2], [4, 4], [6, 3]]) {
      const n1 = 2 * l1 + 1, n2 = 2 * l2 + 1, rows: Float64Array[] = [];
      for (let l3 = Math.abs(l1 - l2); l3 <= l1 + l2; l3++) {
        const C = realCG(l1, l2, l3), n3 = 2 * l3 + 1;
        for (let m3 = 0; m3 < n3; m3++) rows.push(Float64Array.from({ length: n1 * n2 }, (_, k) => C[k * n3 + m3]));
      }
      expect(rows.length).toBe(n1 * n2);
      let worst = 0;
      for (let i = 0; i < rows.length; i++)
        for (let j = 0; j < rows.length; j++) {
          const d = rows[i].reduce((s, v, k) => s + v * rows[j][k], 0);
          worst = Math.max(worst, Math.abs(d - (i === j ? 1 : 0)));
        }
      expect(worst).toBeLessThan(1e-14);
    }
  });

  it("1 ⊗ 1 -> 1 is the cross product (antisymmetric, entries ±1/√2)", () => {
    const C = realCG(1, 1, 1);
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++)
        for (let c = 0; c < 3; c++) {
          const v = C[a * 9 + b * 3 + c];
          expect(v).toBeCloseTo(-C[b * 9 + a * 3 + c], 15);
          const distinct = a !== b && b !== c && a !== c;
          expect(Math.abs(v)).toBeCloseTo(distinct ? Math.SQRT1_2 : 0, 15);
        }
  });

  it("gaunt(a, b) equals Σ paths sqrt((2l1+1)(2l2+1)/(4π(2l3+1))) <l1 0 l2 0|l3 0> cg_path (through the IR, 1e-14)", () => {
    const r = uniform(11);
    const L1 = 3, L2 = 4, L = 5;
    const bindings = new Map<string, CTensor>();
    const A = tensor([2, shCount(L1)], randomArray(r, 2 * shCount(L1)));
    const B = tensor([2, shCount(L2)], randomArray(r, 2 * shCount(L2)));
    const got = evaluate(call("gaunt", [bind(bindings, "a", A), bind(bindings, "b", B)], { lmax: L }), bindings);
    const want = new Float64Array(2 * shCount(L));
    const block = (t: CTensor, l: number) => tensor([2, 2 * l + 1], [0, 1].flatMap((p) => Array.from(t.re.subarray(p * t.shape[1] + l * l, p * t.shape[1] + (l + 1) * (l + 1)))));
    let paths = 0;
    for (let l1 = 0; l1 <= L1; l1++)
      for (let l2 = 0; l2 <= L2; l2++)
        for (let l3 = Math.abs(l1 - l2); l3 <= Math.min(L, l1 + l2); l3++) {
          const w = gauntPathWeight(l1, l2, l3);
          const bb = new Map<string, CTensor>();
          const y = evaluate(call("cg_path", [bind(bb, "x", block(A, l1)), bind(bb, "y", block(B, l2))], { l1, l2, l3 }), bb);
          for (let p = 0; p < 2; p++)
            for (let m = 0; m < 2 * l3 + 1; m++) want[p * shCount(L) + l3 * l3 + m] += w * y.re[p * (2 * l3 + 1) + m];
          paths++;
        }
    expect(paths).toBeGreaterThan(40);
    expect(maxAbsDiff(got, { re: want })).toBeLessThan(1e-14);
  });
});
