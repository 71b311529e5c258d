// SSM kernels: discretisations against closed forms and a fine Simpson integral (singular A
// included), S4D against the general kernel on a diagonal system, type rules and errors.
import { describe, expect, it } from "vitest";
import { callConstructor } from "../../src/ir/catalogue.js";
import { declare } from "../../src/ir/build.js";
import { LincError } from "../../src/ir/errors.js";
import { expm, matVec } from "../../src/ir/math/linalg.js";
import { hippo } from "../../src/ir/math/hippo.js";
import { discretise, ssmKernel } from "../../src/ir/math/ssmkernel.js";
import type { CMat, CTensor } from "../../src/ir/value.js";
import { bind, call, evaluate, maxAbsDiff, randomArray, tensor } from "../sphere/harness.js";
import { uniform } from "../support/random.js";

const real = (n: number, re: ArrayLike<number>): CMat => ({ rows: n, cols: n, re: Float64Array.from(re), im: new Float64Array(n * n) });
const vec = (re: ArrayLike<number>, im?: ArrayLike<number>) => ({ re: Float64Array.from(re), im: im ? Float64Array.from(im) : new Float64Array(re.length) });

/** ∫_0^dt exp(A s) B ds by composite Simpson with m intervals (m even). */
function simpsonBbar(A: CMat, B: { re: Float64Array; im: Float64Array }, dt: number, m = 400) {
  const n = A.rows, acc = vec(new Float64Array(n));
  for (let k = 0; k <= m; k++) {
    const s = (dt * k) / m, w = k === 0 || k === m ? 1 : k % 2 ? 4 : 2;
    const E = expm({ rows: n, cols: n, re: A.re.map((v) => v * s), im: A.im.map((v) => v * s) });
    const [yr, yi] = matVec(E, B.re, B.im);
    for (let i = 0; i < n; i++) (acc.re[i] += (w * dt * yr[i]) / (3 * m)), (acc.im[i] += (w * dt * yi[i]) / (3 * m));
  }
  return acc;
}

describe("ssm kernels", () => {
  it("scalar systems match the textbook formulas", () => {
    const a = -0.7, b = 1.3, c = 0.9, dt = 0.25, L = 6;
    const bil = ssmKernel(real(1, [a]), vec([b]), vec([c]), dt, L, "bilinear");
    const zoh = ssmKernel(real(1, [a]), vec([b]), vec([c]), dt, L, "zoh");
    for (let k = 0; k < L; k++) {
      expect(bil.re[k]).toBeCloseTo(c * ((1 + (dt * a) / 2) / (1 - (dt * a) / 2)) ** k * ((dt * b) / (1 - (dt * a) / 2)), 15);
      expect(zoh.re[k]).toBeCloseTo(c * Math.exp(a * dt * k) * (Math.expm1(a * dt) / a) * b, 15);
    }
  });

  it("ZOH handles a singular A exactly (nilpotent: B̄ = (dt I + A dt²/2) B)", () => {
    const A = real(2, [0, 1, 0, 0]), B = vec([0.5, 2]), dt = 0.3;
    const { Ab, Bb } = discretise(A, B, dt, "zoh");
    expect(maxAbsDiff(Ab, real(2, [1, dt, 0, 1]))).toBeLessThan(1e-16);
    expect(maxAbsDiff(Bb, vec([dt * 0.5 + (dt * dt * 2) / 2, dt * 2]))).toBeLessThan(1e-16);
  });

  it("ZOH B̄ equals a fine Simpson integral for singular and HiPPO matrices (1e-12)", () => {
    const r = uniform(21);
    const u = randomArray(r, 4), v = randomArray(r, 4);
    const rank1 = real(4, Array.from({ length: 16 }, (_, k) => u[Math.floor(k / 4)] * v[k % 4])); // singular, rank 1
    const withZero = real(3, [0, 0, 0, 1, -1, 0, 0.5, 2, -3]); // eigenvalue exactly 0
    const cases: [CMat, number][] = [[rank1, 0.2], [withZero, 0.1]];
    for (const kind of ["legs", "legt", "fout"] as const) {
      const h = hippo(kind, 8);
      cases.push([real(8, h.A), 0.05]);
    }
    for (const [A, dt] of cases) {
      const B = vec(randomArray(r, A.rows), randomArray(r, A.rows));
      const { Bb } = discretise(A, B, dt, "zoh");
      expect(maxAbsDiff(Bb, simpsonBbar(A, B, dt))).toBeLessThan(1e-12);
    }
  });

  it("bilinear Ā, B̄ solve (I - dt/2 A) Ā = I + dt/2 A and (I - dt/2 A) B̄ = dt B", () => {
    const h = hippo("legs", 10), n = 10, dt = 0.05, A = real(n, h.A), B = vec(h.B);
    const { Ab, Bb } = discretise(A, B, dt, "bilinear");
    const M = real(n, A.re.map((x, k) => (k % (n + 1) === 0 ? 1 : 0) - (dt / 2) * x));
    for (let j = 0; j < n; j++) {
      const col = vec(Array.from({ length: n }, (_, i) => Ab.re[i * n + j]));
      const [y] = matVec(M, col.re, col.im);
      for (let i = 0; i < n; i++) expect(y[i]).toBeCloseTo((i === j ? 1 : 0) + (dt / 2) * A.re[i * n + j], 13);
    }
    const [y] = matVec(M, Bb.re, Bb.im);
    for (let i = 0; i < n; i++) expect(y[i]).toBeCloseTo(dt * B.re[i], 14);
  });

  it("s4d_kernel equals 2 Re ssm_kernel(zoh) of the diagonal system (through the IR)", () => {
    const r = uniform(33), N = 5, L = 40, dt = 0.07;
    const lam = tensor([N], randomArray(r, N).map((x) => -0.5 - Math.abs(x)), randomArray(r, N).map((x) => 10 * x));
    lam.re[0] = 0; lam.im[0] = 0; // λ = 0 takes the limit
    const B = tensor([N], randomArray(r, N), randomArray(r, N)), C = tensor([N], randomArray(r, N), randomArray(r, N));
    const A = tensor([N, N], new Float64Array(N * N), new Float64Array(N * N));
    for (let i = 0; i < N; i++) (A.re[i * N + i] = lam.re[i]), (A.im[i * N + i] = lam.im[i]);
    const bb = new Map<string, CTensor>();
    const [pl, pB, pC, pA] = [bind(bb, "lam", lam, "c128"), bind(bb, "B", B, "c128"), bind(bb, "C", C, "c128"), bind(bb, "A", A, "c128")];
    const s4d = call("s4d_kernel", [pl, pB, pC, dt, L]);
    const full = call("ssm_kernel", [pA, pB, pC, dt, L], { method: "zoh" });
    expect(s4d.type).toEqual({ kind: "tensor", dtype: "f64", shape: [L] });
    expect(full.type).toEqual({ kind: "tensor", dtype: "c128", shape: [L] });
    const k1 = evaluate(s4d, bb), k2 = evaluate(full, bb);
    expect(maxAbsDiff(k1, { re: k2.re.map((x) => 2 * x) })).toBeLessThan(1e-13);
  });

  it("type rules and errors", () => {
    const A4 = declare("param", "A4", "f64", [4, 4]), B4 = declare("param", "B4", "f32", [4]), B3 = declare("param", "B3", "f64", [3]);
    expect(call("ssm_kernel", [A4, B4, B4, 0.1, 16]).type).toEqual({ kind: "tensor", dtype: "f64", shape: [16] });
    const w = (...vs: any[]) => vs.map((v) => (Array.isArray(v) ? { name: v[0], value: v[1] } : { value: v }));
    const cases: [string, any[], string, number | undefined][] = [
      ["hippo_A", w("legx", 4), "E0205", 0],
      ["hippo_A", w("legs", 0), "E0302", 1],
      ["hippo_B", w("legs", 4097), "E0304", 1],
      ["hippo_A", w("fout", 5), "E0302", 1],
      ["hippo_A", w("legs", 2.5), "E0302", 1],
      ["ssm_kernel", w(A4, B3, B4, 0.1, 8), "E0301", 1],
      ["ssm_kernel", w(A4, B4, B3, 0.1, 8), "E0301", 2],
      ["ssm_kernel", w(declare("param", "A34", "f64", [3, 4]), B3, B3, 0.1, 8), "E0301", 0],
      ["ssm_kernel", w(A4, B4, B4, -0.1, 8), "E0603", 3],
      ["ssm_kernel", w(A4, B4, B4, 0.1, 2 ** 24 + 1), "E0304", 4],
      ["ssm_kernel", w(A4, B4, B4, 0.1, 8, ["method", "euler"]), "E0205", 5],
      ["s4d_kernel", w(B4, B4, B3, 0.1, 8), "E0301", 2],
      ["s4d_kernel", w(B4, B4, B4, 0.1, 0), "E0302", 4],
    ];
    for (const [name, args, code, argIndex] of cases) {
      let err: LincError | undefined;
      try {
        callConstructor(name, args);
      } catch (e) {
        err = e as LincError;
      }
      expect([name, err?.code, err?.argIndex]).toEqual([name, code, argIndex]);
    }
  });
});
