// The O(N³) real skew-symmetric eigensolver behind the DPLR set-up (src/ir/math/skeweig.ts):
// residual ||S V - V diag(iw)|| / ||S|| and unitarity of V at several N, on the HiPPO normal parts
// and random skew matrices, and the eigenvalues of A + P Pᵀ against numpy's dense eig (golden
// file from test/ssm/gen_hippo_eig.py).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hippoRankCorrection, nplr } from "../../src/ir/math/dplr.js";
import { HIPPO_KINDS, type HippoKind, hippo } from "../../src/ir/math/hippo.js";
import { eigSkewSymmetric } from "../../src/ir/math/skeweig.js";
import type { CMat } from "../../src/ir/value.js";
import { uniform } from "../support/random.js";

/** The skew part S = A + P Pᵀ - αI of a HiPPO matrix, and α. */
function normalPart(kind: HippoKind, n: number): { S: Float64Array; alpha: number } {
  const h = hippo(kind, n), P = hippoRankCorrection(kind, n), r = P.cols, S = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let v = h.A[i * n + j];
      for (let s = 0; s < r; s++) v += P.re[i * r + s] * P.re[j * r + s];
      S[i * n + j] = v;
    }
  let alpha = 0;
  for (let i = 0; i < n; i++) alpha += S[i * n + i] / n;
  for (let i = 0; i < n; i++) S[i * n + i] -= alpha;
  return { S, alpha };
}

/** ||S V - V diag(i w)||_F / ||S||_F and ||V* V - I||_max. */
function residuals(S: Float64Array, n: number, w: Float64Array, V: CMat): { res: number; unit: number } {
  let res = 0, nrm = 0, unit = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      nrm += S[i * n + j] ** 2;
      let sr = 0, si = 0, gr = 0, gi = 0;
      for (let k = 0; k < n; k++) {
        (sr += S[i * n + k] * V.re[k * n + j]), (si += S[i * n + k] * V.im[k * n + j]);
        // (V* V)_ij = Σ_k conj(V_ki) V_kj
        const ar = V.re[k * n + i], ai = -V.im[k * n + i], br = V.re[k * n + j], bi = V.im[k * n + j];
        (gr += ar * br - ai * bi), (gi += ar * bi + ai * br);
      }
      // (V diag(iw))_ij = i w_j V_ij
      (sr += w[j] * V.im[i * n + j]), (si -= w[j] * V.re[i * n + j]);
      res += sr * sr + si * si;
      unit = Math.max(unit, Math.hypot(gr - (i === j ? 1 : 0), gi));
    }
  return { res: Math.sqrt(res) / Math.max(Math.sqrt(nrm), 1e-300), unit };
}

describe("real skew-symmetric eigensolver", () => {
  it("HiPPO normal parts: residual < 1e-10 relative, V unitary, at N = 2 … 256 (legs; 64 for the others) (achieves ~1e-14)", () => {
    for (const kind of HIPPO_KINDS)
      for (const n of [2, 3, 8, 33, 64, 256]) {
        if ((kind === "fout" && n % 2) || (kind !== "legs" && n > 64)) continue;
        const { S } = normalPart(kind, n), { w, V } = eigSkewSymmetric(S, n);
        const { res, unit } = residuals(S, n, w, V);
        expect(res, `${kind} ${n}`).toBeLessThan(1e-10);
        expect(res, `${kind} ${n}`).toBeLessThan(1e-13);
        expect(unit, `${kind} ${n}`).toBeLessThan(1e-12);
        for (let j = 1; j < n; j++) expect(w[j]).toBeGreaterThanOrEqual(w[j - 1]);
      }
  });

  it("random and degenerate skew matrices (even n: bidiagonal SVD route; odd n: tridiagonal QL): residual and unitarity", () => {
    const r = uniform(13);
    for (const n of [1, 4, 17, 50, 51]) {
      const S = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) (S[i * n + j] = r()), (S[j * n + i] = -S[i * n + j]);
      const { w, V } = eigSkewSymmetric(S, n);
      const { res, unit } = residuals(S, n, w, V);
      expect(res).toBeLessThan(1e-13);
      expect(unit).toBeLessThan(1e-12);
    }
    // block diag of identical 2x2 rotations generators: eigenvalues ±1 (each n/2 times), plus a zero block
    const n = 10, S = new Float64Array(n * n);
    for (let k = 0; k + 1 < 8; k += 2) (S[(k + 1) * n + k] = 1), (S[k * n + k + 1] = -1);
    const { w, V } = eigSkewSymmetric(S, n);
    expect(residuals(S, n, w, V).unit).toBeLessThan(1e-13);
    expect(Array.from(w, (x) => Math.round(x * 1e12) / 1e12 + 0)).toEqual([-1, -1, -1, -1, 0, 0, 1, 1, 1, 1]);
    // the zero matrix: w = 0 and V unitary
    const Z = eigSkewSymmetric(new Float64Array(16), 4);
    expect(Array.from(Z.w, (x) => x + 0)).toEqual([0, 0, 0, 0]);
    expect(residuals(new Float64Array(16), 4, Z.w, Z.V).unit).toBeLessThan(1e-15);
  });

  it("eigenvalues α + i w of A + P Pᵀ match numpy.linalg.eig (golden, 1e-11 relative)", () => {
    const golden = JSON.parse(readFileSync(new URL("./data/hippo_eig.json", import.meta.url), "utf8")) as {
      cases: { kind: HippoKind; n: number; re: number[]; im: number[] }[];
    };
    expect(golden.cases.length).toBeGreaterThanOrEqual(12);
    for (const c of golden.cases) {
      const h = hippo(c.kind, c.n), A: CMat = { rows: c.n, cols: c.n, re: h.A, im: new Float64Array(c.n * c.n) };
      const { lambda } = nplr(A, hippoRankCorrection(c.kind, c.n));
      const scale = Math.max(1, ...c.im.map(Math.abs));
      for (let j = 0; j < c.n; j++) {
        expect(Math.abs(lambda.re[j] - c.re[j]) / scale, `${c.kind} ${c.n} re[${j}]`).toBeLessThan(1e-11);
        expect(Math.abs(lambda.im[j] - c.im[j]) / scale, `${c.kind} ${c.n} im[${j}]`).toBeLessThan(1e-11);
      }
    }
  });
});
