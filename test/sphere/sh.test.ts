// Real spherical harmonics: closed forms at low degree, orthonormality by exact quadrature,
// and accuracy at high degree.
import { describe, expect, it } from "vitest";
import { realSH, shCount, shIndex, shLM } from "../../src/ir/math/sh.js";
import { sphereQuadrature } from "../../src/ir/math/quadrature.js";
import { uniform } from "../support/random.js";

describe("real spherical harmonics", () => {
  it("match the closed forms for l <= 2 (Condon-Shortley phase)", () => {
    const r = uniform(1);
    for (let t = 0; t < 20; t++) {
      const th = Math.PI * (r() + 1) / 2, ph = Math.PI * (r() + 1);
      const x = Math.sin(th) * Math.cos(ph), y = Math.sin(th) * Math.sin(ph), z = Math.cos(th);
      const c1 = Math.sqrt(3 / (4 * Math.PI)), c2 = Math.sqrt(15 / (4 * Math.PI));
      const want = [
        1 / (2 * Math.sqrt(Math.PI)),
        -c1 * y, c1 * z, -c1 * x,
        c2 * x * y, -c2 * y * z, Math.sqrt(5 / (16 * Math.PI)) * (3 * z * z - 1), -c2 * x * z, (c2 / 2) * (x * x - y * y),
      ];
      const Y = realSH(2, th, ph);
      for (let i = 0; i < 9; i++) expect(Y[i]).toBeCloseTo(want[i], 14);
    }
  });

  it("are orthonormal under exact quadrature up to lmax = 12 (1e-13)", () => {
    const L = 12, n = shCount(L), g = sphereQuadrature(L + 1);
    const Y = Array.from(g.theta, (th, k) => realSH(L, th, g.phi[k]));
    let worst = 0;
    for (let i = 0; i < n; i++)
      for (let j = i; j < n; j++) {
        let s = 0;
        for (let k = 0; k < Y.length; k++) s += g.weight[k] * Y[k][i] * Y[k][j];
        worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
      }
    expect(worst).toBeLessThan(1e-13);
  });

  it("keep unit norm at l = 64 (stable recursion)", () => {
    const L = 64, g = sphereQuadrature(L + 1);
    const picks = [shIndex(64, 0), shIndex(64, 1), shIndex(64, -33), shIndex(64, 64), shIndex(64, -64), shIndex(63, 5)];
    const acc = new Float64Array(picks.length), cross = [0];
    for (let k = 0; k < g.theta.length; k++) {
      const Y = realSH(L, g.theta[k], g.phi[k]);
      picks.forEach((i, p) => (acc[p] += g.weight[k] * Y[i] * Y[i]));
      cross[0] += g.weight[k] * Y[picks[1]] * Y[picks[5]];
    }
    for (const v of acc) expect(Math.abs(v - 1)).toBeLessThan(1e-12);
    expect(Math.abs(cross[0])).toBeLessThan(1e-13);
  });

  it("flat index round-trips", () => {
    for (let i = 0; i < shCount(10); i++) {
      const [l, m] = shLM(i);
      expect(shIndex(l, m)).toBe(i);
      expect(Math.abs(m)).toBeLessThanOrEqual(l);
    }
  });
});
