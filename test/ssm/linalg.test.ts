// The dense helpers behind the SSM reference: the one pivoted solve (its pivot rule, and the
// text the backends paste), and the Padé matrix exponential, against closed forms (diagonal,
// rotation, nilpotent, large norm), a long Taylor series and scipy (test/golden/local/expm.json).
import { describe, expect, it } from "vitest";
import { expm, identity, lincomb, solve } from "../../src/ir/math/linalg.js";
import { luSolve } from "../../src/ir/math/solve.js";
import { LINALG, linalgSource } from "../../src/backends/shared/linalg.js";
import { dplrNode, dplrSpectrumWith } from "../../src/ir/math/dplrspectrum.js";
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

/** A 2 x 2 complex system (interleaved rows) solved against the identity: [U after luSolve, X, smallest pivot]. */
function lu2(m: number[]): [Float64Array, Float64Array, number] {
  const M = Float64Array.from(m), Y = Float64Array.from([1, 0, 0, 0, 0, 0, 1, 0]);
  const least = luSolve(M, Y, 2, 2);
  return [M, Y, least];
}

describe("the one pivot rule (src/ir/math/solve.ts): the first row of largest |re| + |im|", () => {
  it("where |re| + |im| and the modulus disagree (1 + i: 2 against 1.414; 1.5: 1.5 against 1.5), the 1 + i row is the pivot", () => {
    const [U, X] = lu2([1.5, 0, 1, 0, 1, 1, 2, 0]);
    expect([U[0], U[1]]).toEqual([1, 1]); // the row of 1 + i went first (the modulus would have kept 1.5)
    const A = mat(2, [1.5, 1, 1, 2], [0, 0, 1, 0]), Xc = mat(2, [X[0], X[2], X[4], X[6]], [X[1], X[3], X[5], X[7]]);
    expect(maxAbsDiff(matmul(A, Xc), identity(2))).toBeLessThan(1e-15);
  });

  it("an exactly singular system whose zero shows only under this rule: pivot 0 (IEEE NaNs), E0501 in the reference", () => {
    // [[1.5, 1.5 u], [1 + i, (1 + i) u]], u = 0.7: pivoting on 1 + i cancels exactly; the modulus
    // rule (the old reference's) pivoted on 1.5 and left a rounding residue: a finite, wrong inverse
    const u = 0.7, [, X, least] = lu2([1.5, 0, 1.5 * u, 0, 1, 1, u, u]);
    expect(least).toBe(0);
    expect(X.some((v) => !Number.isFinite(v))).toBe(true);
    expect(() => solve(mat(2, [1.5, 1.5 * u, 1, u], [0, 0, 1, u]), identity(2))).toThrow(/E0501/);
  });

  it("a zero leading entry takes the next row; a tie keeps the earlier row", () => {
    const [U] = lu2([0, 0, 1, 0, 3, -1, 2, 0]);
    expect([U[0], U[1]]).toEqual([3, -1]);
    const [T] = lu2([2, 0, 1, 0, 1, 1, 5, 0]); // 2 and 1 + i tie at 2
    expect([T[0], T[1], T[2]]).toEqual([2, 0, 1]);
  });

  it("the backends' text is this very function: evaluated alone, it gives the same bits", () => {
    expect(LINALG.luSolve.src).toContain("Math.abs(M[2 * (r * n + c)]) + Math.abs(M[2 * (r * n + c) + 1])");
    const standalone = new Function(`${linalgSource(["minverse", "expmPade"])}\nreturn { luSolve, minverse, expmPade };`)();
    const r = uniform(3), n = 9, M = Float64Array.from({ length: 2 * n * n }, () => r() / 2), Y = Float64Array.from({ length: 2 * n * 3 }, () => r() / 2);
    const [m1, y1, m2, y2] = [M.slice(), Y.slice(), M.slice(), Y.slice()];
    expect(standalone.luSolve(m1, y1, n, 3)).toBe(luSolve(m2, y2, n, 3));
    expect(Array.from(y1)).toEqual(Array.from(y2));
    const E = expm(mat(n, Array.from(M.filter((_, i) => i % 2 === 0)), Array.from(M.filter((_, i) => i % 2 === 1))));
    expect(Array.from(standalone.expmPade(M, n))).toEqual(Array.from(E.re).flatMap((re, i) => [re, E.im[i]]));
  });
});

describe("the one DPLR spectrum (src/ir/math/dplrspectrum.ts)", () => {
  it("the cpu/wasm modules' text is the reference's function: the same bits at every node, rank 2, even and odd L", () => {
    const standalone = new Function(`${linalgSource(["dplrSpectrum"])}\nreturn dplrSpectrum;`)();
    const mine = dplrSpectrumWith(luSolve, dplrNode), r = uniform(11), N = 7, R = 2;
    const v = (k: number) => Float64Array.from({ length: 2 * k }, () => r() / 2);
    const lam = v(N).map((x, i) => (i % 2 === 0 ? -0.5 - Math.abs(x) : 3 * x)), Q = v(N * R), b = v(N), c = v(N);
    for (const L of [16, 15]) {
      const X1 = new Float64Array(2 * L), X2 = new Float64Array(2 * L);
      standalone(lam, Q, R, b, c, 0.1, L, X1, null);
      mine(lam, Q, R, b, c, 0.1, L, X2, null);
      expect(Array.from(X1)).toEqual(Array.from(X2));
      expect(X1.every(Number.isFinite)).toBe(true);
    }
  });
});

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
