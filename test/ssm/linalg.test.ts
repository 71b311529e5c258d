// The dense helpers behind the SSM reference: LU solve and the Padé matrix exponential, against
// closed forms (diagonal, rotation, nilpotent, large norm) and a long Taylor series.
import { describe, expect, it } from "vitest";
import { expm, identity, lincomb, solve } from "../../src/ir/math/linalg.js";
import { type CMat, matmul } from "../../src/ir/value.js";
import { maxAbsDiff, randomArray } from "../sphere/harness.js";
import { uniform } from "../support/random.js";

const mat = (n: number, re: number[], im?: number[]): CMat => ({ rows: n, cols: n, re: Float64Array.from(re), im: im ? Float64Array.from(im) : new Float64Array(n * n) });

function taylorExp(a: CMat, terms = 80): CMat {
  let term = identity(a.rows), sum = identity(a.rows);
  for (let k = 1; k < terms; k++) {
    term = lincomb([[1 / k, matmul(term, a)]]);
    sum = lincomb([[1, sum], [1, term]]);
  }
  return sum;
}

describe("linalg", () => {
  it("solve recovers x from A x = b (complex, pivoting needed)", () => {
    const r = uniform(5), n = 7;
    const A = mat(n, Array.from(randomArray(r, n * n)), Array.from(randomArray(r, n * n)));
    A.re[0] = 0; A.im[0] = 0; // forces a row swap
    const X = mat(n, Array.from(randomArray(r, n * n)), Array.from(randomArray(r, n * n)));
    expect(maxAbsDiff(solve(A, matmul(A, X)), X)).toBeLessThan(1e-12);
  });

  it("solve refuses a singular matrix with E0501", () => {
    expect(() => solve(mat(2, [1, 2, 2, 4]), identity(2))).toThrow(/E0501/);
  });

  it("expm matches closed forms", () => {
    // diagonal
    expect(maxAbsDiff(expm(mat(2, [-3, 0, 0, 0.5])), mat(2, [Math.exp(-3), 0, 0, Math.exp(0.5)]))).toBeLessThan(1e-15);
    // rotation generator at a large angle exercises scaling and squaring
    for (const w of [0.3, 50]) {
      const c = Math.cos(w), s = Math.sin(w);
      expect(maxAbsDiff(expm(mat(2, [0, -w, w, 0])), mat(2, [c, -s, s, c]))).toBeLessThan(1e-13 * Math.max(1, w));
    }
    // nilpotent Jordan block: exp = I + N + N²/2
    expect(maxAbsDiff(expm(mat(3, [0, 2, 0, 0, 0, 3, 0, 0, 0])), mat(3, [1, 2, 3, 0, 1, 3, 0, 0, 1]))).toBeLessThan(1e-15);
    // complex scalar
    const e = expm(mat(1, [-0.5], [Math.PI]));
    expect(maxAbsDiff(e, mat(1, [-Math.exp(-0.5)], [0]))).toBeLessThan(1e-15);
  });

  it("expm agrees with a long Taylor series and exp(A) exp(-A) = I (random complex, norm ~ 3)", () => {
    const r = uniform(9), n = 6;
    const A = mat(n, Array.from(randomArray(r, n * n)), Array.from(randomArray(r, n * n)));
    const E = expm(A);
    expect(maxAbsDiff(E, taylorExp(A))).toBeLessThan(1e-12);
    expect(maxAbsDiff(matmul(E, expm(lincomb([[-1, A]]))), identity(n))).toBeLessThan(1e-12);
    const big = lincomb([[8, A]]);
    expect(maxAbsDiff(matmul(expm(big), expm(lincomb([[-1, big]]))), identity(n))).toBeLessThan(1e-6);
  });
});
