// Algebraic properties of every operator kind on random sizes (fast-check drives the sizes and
// seeds; the reference interpreter evaluates): linearity, the adjoint dot test
// <A x, y> = <x, A^H y> with A^H lowered structurally by the passes, inv(A) @ A = I where
// inv is defined, and leading batch axes equal to looping over rows.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { HostArray } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { SpecGen, rng } from "../support/random.js";
import { relErr } from "../support/compare.js";

const KINDS = ["dft", "I", "diag", "dense", "toeplitz", "circulant", "hankel", "conv", "perm", "lowrank", "dct", "wht", "bitrev", "butterfly_dft", "butterfly", "stride", "kron", "blockdiag", "monarch"];
const SIZES: Record<string, number[]> = { dct: [2, 3, 5, 8, 12, 31], wht: [2, 4, 8, 16, 32], bitrev: [2, 4, 8, 16], butterfly_dft: [2, 4, 8, 16, 32], butterfly: [2, 4, 8, 16], monarch: [4, 9, 16, 25], stride: [4, 6, 8, 12, 15], kron: [4, 6, 8, 12], blockdiag: [2, 5, 7] };
const DEFAULT_SIZES = [1, 2, 3, 5, 7, 8, 12, 31, 64];

const cvec = (r: ReturnType<typeof rng>, shape: number[]): HostArray => ({
  dtype: "c128", shape, data: Float64Array.from({ length: 2 * shape.reduce((a, b) => a * b, 1) }, () => r.normal()),
});
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  // sum conj(a) b over interleaved complex arrays
  let re = 0, im = 0;
  for (let i = 0; i < a.length; i += 2) (re += a[i] * b[i] + a[i + 1] * b[i + 1]), (im += a[i] * b[i + 1] - a[i + 1] * b[i]);
  return [re, im];
};
const norm = (a: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, v) => s + v * v, 0));

function build(kind: string, n: number, seed: number) {
  const r = rng(seed);
  const g = new SpecGen(r);
  const { e, inv } = g.leafKinds(n)[kind]();
  return { g, e, inv, r };
}

function run(decls: string[], body: string, bindings: Record<string, HostArray>, lower = false) {
  const p = parseProgram([...decls, body, ""].join("\n"), "prop.linc");
  return evaluate(lower ? lowerForBackend(p, { target: "cpu" }) : p, bindings);
}

const prop = (kind: string) => fc.record({ n: fc.constantFrom(...(SIZES[kind] ?? DEFAULT_SIZES)), seed: fc.integer({ min: 1, max: 1 << 30 }) });

describe.each(KINDS)("operator %s", (kind) => {
  it("is linear", () =>
    fc.assert(fc.property(prop(kind), ({ n, seed }) => {
      const { g, e, r } = build(kind, n, seed);
      const x = cvec(r, [2, n]), y = cvec(r, [2, n]);
      const a = 0.7, b = -1.3;
      const z: HostArray = { ...x, data: (x.data as Float64Array).map((v, i) => a * v + b * (y.data as Float64Array)[i]) };
      const decls = [...g.decls, `input x: c128[batch, ${n}]`];
      const Az = run(decls, `output o = (${e}) @ x`, { ...g.params, x: z }).o.data as Float64Array;
      const Ax = run(decls, `output o = (${e}) @ x`, { ...g.params, x }).o.data as Float64Array;
      const Ay = run(decls, `output o = (${e}) @ x`, { ...g.params, x: y }).o.data as Float64Array;
      expect(relErr(Az, Ax.map((v, i) => a * v + b * Ay[i]))).toBeLessThanOrEqual(1e-10);
    }), { numRuns: 12 }));

  it("passes the adjoint dot test with A^H lowered structurally", () =>
    fc.assert(fc.property(prop(kind), ({ n, seed }) => {
      const { g, e, r } = build(kind, n, seed);
      const x = cvec(r, [1, n]), y = cvec(r, [1, n]);
      const decls = [...g.decls, `input x: c128[batch, ${n}]`];
      const Ax = run(decls, `output o = (${e}) @ x`, { ...g.params, x }).o.data as Float64Array;
      const AHy = run(decls, `output o = (${e}).H @ x`, { ...g.params, x: y }, true).o.data as Float64Array;
      const [l1, l2] = dot(Ax, y.data as Float64Array), [r1, r2] = dot(x.data as Float64Array, AHy);
      const scale = norm(Ax) * norm(y.data as Float64Array) + norm(x.data as Float64Array) * norm(AHy) + 1;
      expect(Math.abs(l1 - r1) + Math.abs(l2 - r2)).toBeLessThan(1e-10 * scale);
    }), { numRuns: 12 }));

  it("has inv(A) @ A = I where inv is defined", () =>
    fc.assert(fc.property(prop(kind), ({ n, seed }) => {
      const { g, e, inv, r } = build(kind, n, seed);
      if (!inv) return;
      const x = cvec(r, [2, n]);
      const decls = [...g.decls, `input x: c128[batch, ${n}]`];
      for (const lower of [false, true]) {
        const back = run(decls, `A = ${e}\noutput o = inv(A) @ (A @ x)`, { ...g.params, x }, lower).o.data as Float64Array;
        expect(relErr(back, x.data as Float64Array)).toBeLessThanOrEqual(1e-9);
      }
    }), { numRuns: 8 }));

  it("treats leading axes as a batch (same as looping over rows)", () =>
    fc.assert(fc.property(prop(kind), ({ n, seed }) => {
      const { g, e, r } = build(kind, n, seed);
      const x = cvec(r, [2, 3, n]);
      const decls = [...g.decls, `input x: c128[a, b, ${n}]`];
      const all = run(decls, `output o = (${e}) @ x`, { ...g.params, x }).o;
      const m = all.shape[2];
      for (let row = 0; row < 6; row++) {
        const xr: HostArray = { dtype: "c128", shape: [1, 1, n], data: (x.data as Float64Array).slice(row * 2 * n, (row + 1) * 2 * n) };
        const one = run(decls, `output o = (${e}) @ x`, { ...g.params, x: xr }).o.data as Float64Array;
        expect(relErr((all.data as Float64Array).slice(row * 2 * m, (row + 1) * 2 * m), one)).toBeLessThanOrEqual(1e-12);
      }
    }), { numRuns: 5 }));
});
