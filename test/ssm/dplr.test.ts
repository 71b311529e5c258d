// The S4 DPLR route (NPLR decomposition, Cauchy sums + Woodbury at the roots of unity, inverse
// DFT) against the naive powers route, and the decomposition itself.
import { describe, expect, it } from "vitest";
import { hippoRankCorrection, nplr, ssmKernelDPLR } from "../../src/ir/math/dplr.js";
import { HIPPO_KINDS, hippo } from "../../src/ir/math/hippo.js";
import { eighHermitian } from "../../src/ir/math/linalg.js";
import { ssmKernel } from "../../src/ir/math/ssmkernel.js";
import { type CMat, matmul, transposeMat } from "../../src/ir/value.js";
import { maxAbsDiff, randomArray } from "../sphere/harness.js";
import { uniform } from "../support/random.js";

const real = (n: number, re: Float64Array): CMat => ({ rows: n, cols: n, re, im: new Float64Array(n * n) });

describe("DPLR kernel route", () => {
  it("Hermitian Jacobi eigen-decomposition: V* H V = diag(w), V unitary", () => {
    const r = uniform(2), n = 9, re = new Float64Array(n * n), im = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = i; j < n; j++) {
        const a = r(), b = i === j ? 0 : r();
        (re[i * n + j] = a), (re[j * n + i] = a), (im[i * n + j] = b), (im[j * n + i] = -b);
      }
    const { w, V } = eighHermitian({ rows: n, cols: n, re, im });
    const D = matmul(transposeMat(V, true), matmul({ rows: n, cols: n, re, im }, V));
    const want = real(n, new Float64Array(n * n));
    w.forEach((x, i) => (want.re[i * n + i] = x));
    expect(maxAbsDiff(D, want)).toBeLessThan(1e-13);
    const I = real(n, new Float64Array(n * n));
    for (let i = 0; i < n; i++) I.re[i * n + i] = 1;
    expect(maxAbsDiff(matmul(transposeMat(V, true), V), I)).toBeLessThan(1e-14);
  });

  it("nplr reconstructs every HiPPO A = V (Λ - Q Q*) V*", () => {
    for (const kind of HIPPO_KINDS) {
      const N = 10, h = hippo(kind, N), { lambda, V, Q } = nplr(real(N, h.A), hippoRankCorrection(kind, N));
      const inner = matmul(Q, transposeMat(Q, true));
      for (let i = 0; i < N; i++) (inner.re[i * N + i] = lambda.re[i] - inner.re[i * N + i]), (inner.im[i * N + i] = lambda.im[i] - inner.im[i * N + i]);
      for (let k = 0; k < N * N; k++) if (k % (N + 1)) (inner.re[k] = -inner.re[k]), (inner.im[k] = -inner.im[k]);
      expect(maxAbsDiff(matmul(V, matmul(inner, transposeMat(V, true))), real(N, h.A))).toBeLessThan(1e-12);
    }
  });

  it("matches the naive powers route for legs N = 8..16, L = 64, bilinear (1e-8 relative; achieves ~1e-13)", () => {
    const r = uniform(40);
    for (let N = 8; N <= 16; N++) {
      const h = hippo("legs", N), dt = 0.02 + 0.05 * (r() + 1);
      const B = { re: h.B, im: new Float64Array(N) }, C = { re: randomArray(r, N), im: new Float64Array(N) };
      const naive = ssmKernel(real(N, h.A), B, C, dt, 64, "bilinear");
      const fast = ssmKernelDPLR(real(N, h.A), hippoRankCorrection("legs", N), B, C, dt, 64);
      const scale = Math.max(...naive.re.map(Math.abs));
      expect(maxAbsDiff(fast, naive) / scale).toBeLessThan(1e-8);
      expect(maxAbsDiff(fast, naive) / scale).toBeLessThan(1e-12);
    }
  });

  it("also for legt (rank 2), fout (singular A: pole at ω = 1), complex C and odd L", () => {
    const r = uniform(41);
    for (const kind of ["legt", "fout"] as const)
      for (const L of [63, 64]) {
        const N = 12, h = hippo(kind, N);
        const B = { re: h.B, im: new Float64Array(N) }, C = { re: randomArray(r, N), im: randomArray(r, N) };
        const naive = ssmKernel(real(N, h.A), B, C, 0.05, L, "bilinear");
        const fast = ssmKernelDPLR(real(N, h.A), hippoRankCorrection(kind, N), B, C, 0.05, L);
        expect(maxAbsDiff(fast, naive) / Math.max(...naive.re.map(Math.abs))).toBeLessThan(1e-12);
      }
  });
});
