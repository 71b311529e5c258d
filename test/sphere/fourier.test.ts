// The Gaunt Fourier route (SH -> 2-D Fourier series -> convolution -> SH) against the direct
// sparse Gaunt product, and its building blocks against the SH they represent.
import { describe, expect, it } from "vitest";
import { convolveFourier, fourierToSH, gauntFourier, shToFourier, sinMoment } from "../../src/ir/math/gauntfourier.js";
import { gauntCoefficients } from "../../src/ir/math/gaunt.js";
import { realSH, shCount } from "../../src/ir/math/sh.js";
import { maxAbsDiff, randomArray } from "./harness.js";
import { uniform } from "../support/random.js";

/** f(θ, φ) from its 2-D Fourier series. */
function evalFourier(F: ReturnType<typeof shToFourier>, th: number, ph: number): [number, number] {
  const K = F.K, W = 2 * K + 1;
  let re = 0, im = 0;
  for (let u = -K; u <= K; u++)
    for (let v = -K; v <= K; v++) {
      const k = (u + K) * W + v + K, a = u * th + v * ph, c = Math.cos(a), s = Math.sin(a);
      re += F.re[k] * c - F.im[k] * s;
      im += F.re[k] * s + F.im[k] * c;
    }
  return [re, im];
}

describe("Gaunt Fourier route", () => {
  const r = uniform(17);

  it("the Fourier series of Σ a Y reproduces the function (1e-13)", () => {
    const L = 6, a = randomArray(r, shCount(L)), F = shToFourier(a, L);
    for (let t = 0; t < 10; t++) {
      const th = Math.PI * (r() + 1) / 2, ph = Math.PI * r();
      const Y = realSH(L, th, ph), want = Y.reduce((s, y, i) => s + y * a[i], 0);
      const [re, im] = evalFourier(F, th, ph);
      expect(Math.abs(re - want)).toBeLessThan(1e-13);
      expect(Math.abs(im)).toBeLessThan(1e-13);
    }
  });

  it("the sin θ moments are ∫_0^π e^{ikθ} sin θ dθ", () => {
    for (let k = -5; k <= 5; k++) {
      let re = 0, im = 0;
      const m = 20000;
      for (let j = 0; j <= m; j++) {
        const th = (Math.PI * j) / m, w = (j === 0 || j === m ? 1 : j % 2 ? 4 : 2) * Math.PI / (3 * m);
        re += w * Math.cos(k * th) * Math.sin(th);
        im += w * Math.sin(k * th) * Math.sin(th);
      }
      const [er, ei] = sinMoment(k);
      expect(Math.abs(er - re) + Math.abs(ei - im)).toBeLessThan(1e-12);
    }
  });

  it("projecting a series back to SH inverts shToFourier", () => {
    const L = 7, a = randomArray(r, shCount(L));
    expect(maxAbsDiff({ re: fourierToSH(shToFourier(a, L), L) }, { re: a })).toBeLessThan(1e-13);
  });

  it("reproduces the direct Gaunt product to 1e-10 (up to l1 = l2 = 8)", () => {
    for (const [L1, L2, L] of [[1, 1, 2], [2, 3, 5], [3, 2, 2], [4, 4, 3], [6, 5, 11], [8, 8, 16]]) {
      const a = randomArray(r, shCount(L1)), b = randomArray(r, shCount(L2));
      const direct = new Float64Array(shCount(L));
      for (const e of gauntCoefficients(L1, L2, L)) direct[e.i3] += a[e.i1] * b[e.i2] * e.value;
      const err = maxAbsDiff({ re: gauntFourier(a, b, L) }, { re: direct });
      expect(err).toBeLessThan(1e-10);
      expect(err).toBeLessThan(1e-13); // what it actually achieves
    }
  });

  it("convolution of series is the series of the product", () => {
    const a = randomArray(r, shCount(2)), b = randomArray(r, shCount(3));
    const Fa = shToFourier(a, 2), Fb = shToFourier(b, 3), Fc = convolveFourier(Fa, Fb);
    const [pa] = evalFourier(Fa, 0.7, 1.9), [pb] = evalFourier(Fb, 0.7, 1.9), [pc] = evalFourier(Fc, 0.7, 1.9);
    expect(pc).toBeCloseTo(pa * pb, 13);
  });
});
