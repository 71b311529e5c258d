// The butterfly's structural inverse / transpose: the twiddles of the reversed, blockwise inverted
// (transposed) factors give butterfly(w', !increasing) = butterfly(w, increasing)^-1 (^T) to rounding.
import { describe, expect, it } from "vitest";
import { ctensor, type CTensor } from "../../src/ir/index.js";
import { butterflyTwiddlesOf, type Twiddles } from "../../src/ir/math/butterfly.js";
import { butterflyFactor, butterflyStride } from "../../src/ir/ops/fastfactors.js";
import { rng } from "../support/random.js";

function applyButterfly(w: Twiddles, n: number, increasing: boolean, x: CTensor): CTensor {
  const L = Math.log2(n);
  let y = x;
  for (let i = 0; i < L; i++) {
    const base = i * (n / 2) * 4;
    y = butterflyFactor(y, butterflyStride(i, L, increasing), (q) => [
      Array.from(w.re.subarray(base + 4 * q, base + 4 * q + 4)),
      Array.from(w.im.subarray(base + 4 * q, base + 4 * q + 4)),
    ]);
  }
  return y;
}

describe("butterfly twiddles of the inverse and the transpose", () => {
  for (const n of [2, 8, 64])
    for (const increasing of [true, false])
      for (const complex of [false, true])
        it(`n = ${n}, increasing ${increasing}, ${complex ? "complex" : "real"}`, () => {
          const r = rng(n + (increasing ? 1 : 0)), L = Math.log2(n), h = n / 2;
          const w = { re: new Float64Array(L * h * 4).map(() => r.normal()), im: new Float64Array(L * h * 4).map(() => (complex ? r.normal() : 0)) };
          const x = ctensor([2, n]);
          for (let i = 0; i < 2 * n; i++) (x.re[i] = r.normal()), (x.im[i] = r.normal());
          // inverse: B^-1 (B x) = x
          const back = applyButterfly(butterflyTwiddlesOf(w, L, h, "inv"), n, !increasing, applyButterfly(w, n, increasing, x));
          let err = 0;
          for (let i = 0; i < 2 * n; i++) err = Math.max(err, Math.abs(back.re[i] - x.re[i]), Math.abs(back.im[i] - x.im[i]));
          expect(err).toBeLessThan(1e-8);
          // transpose: <e_i, B^T e_j> = <e_j, B e_i>
          const E = ctensor([n, n]);
          for (let i = 0; i < n; i++) E.re[i * n + i] = 1;
          const B = applyButterfly(w, n, increasing, E), BT = applyButterfly(butterflyTwiddlesOf(w, L, h, "transpose"), n, !increasing, E);
          let terr = 0;
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++) terr = Math.max(terr, Math.abs(BT.re[i * n + j] - B.re[j * n + i]), Math.abs(BT.im[i * n + j] - B.im[j * n + i]));
          expect(terr).toBeLessThan(1e-12);
        });
});
