// The reference DCT / DST (types 1-4, inverses, all norms) act through the float64 FFT: at large n
// they must agree with the defining sums (evaluated here with exactly reduced angles and
// compensated summation) and invert each other to rounding, and an idct of thousands of points
// must not invert a dense matrix (before: 12-25 s at n = 1000, minutes at 2048).
import { describe, expect, it } from "vitest";
import { callConstructor, ctensor, evalNodes, type CTensor, type LinOp, type Node } from "../../src/ir/index.js";
import { rng } from "../support/random.js";

const NORMS = ["backward", "forward", "ortho"] as const;
type Norm = (typeof NORMS)[number];

const opOf = (name: string, n: number, type: number, norm: Norm): LinOp => {
  const A = callConstructor(name, [{ value: n }, { name: "type", value: type }, { name: "norm", value: norm }]) as Node;
  return evalNodes([A], { bindings: new Map() }).get(A) as LinOp;
};

/** cos / sin of π num / den with num reduced mod 2 den exactly (integers). */
const cosPi = (num: number, den: number) => Math.cos((Math.PI * (num % (2 * den))) / den);
const sinPi = (num: number, den: number) => Math.sin((Math.PI * (num % (2 * den))) / den);

/** Neumaier-compensated Σ_j f(j). */
function sum(n: number, f: (j: number) => number): number {
  let s = 0, c = 0;
  for (let j = 0; j < n; j++) {
    const v = f(j), t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

/** Bin k of scipy's forward transform (unnormalised, then scaled by norm) of real x. */
function exactBin(kind: "dct" | "dst", type: number, norm: Norm, x: Float64Array, k: number): number {
  const N = x.length, ortho = norm === "ortho";
  const sc = (c: number) => (norm === "forward" ? 1 / c : ortho ? 1 / Math.sqrt(c) : 1);
  if (kind === "dct") {
    if (type === 1) {
      const M = 2 * (N - 1), e = (j: number) => (ortho && (j === 0 || j === N - 1) ? Math.SQRT2 : 1);
      const v = sum(N, (j) => e(j) * x[j] * (j === 0 || j === N - 1 ? cosPi(k * j, N - 1) : 2 * cosPi(k * j, N - 1)));
      return sc(M) * v * (ortho && (k === 0 || k === N - 1) ? Math.SQRT1_2 : 1);
    }
    if (type === 2) return sc(2 * N) * sum(N, (j) => 2 * x[j] * cosPi(k * (2 * j + 1), 2 * N)) * (ortho && k === 0 ? Math.SQRT1_2 : 1);
    if (type === 3) return sc(2 * N) * sum(N, (j) => (j ? 2 : ortho ? Math.SQRT2 : 1) * x[j] * cosPi(j * (2 * k + 1), 2 * N));
    return sc(2 * N) * sum(N, (j) => 2 * x[j] * cosPi((2 * k + 1) * (2 * j + 1), 4 * N));
  }
  if (type === 1) return sc(2 * (N + 1)) * sum(N, (j) => 2 * x[j] * sinPi((k + 1) * (j + 1), N + 1));
  if (type === 2) return sc(2 * N) * sum(N, (j) => 2 * x[j] * sinPi((k + 1) * (2 * j + 1), 2 * N)) * (ortho && k === N - 1 ? Math.SQRT1_2 : 1);
  if (type === 3) {
    const last = (k % 2 ? -1 : 1) * (ortho ? Math.SQRT2 : 1);
    return sc(2 * N) * sum(N, (j) => (j === N - 1 ? last : 2 * sinPi((2 * k + 1) * (j + 1), 2 * N)) * x[j]);
  }
  return sc(2 * N) * sum(N, (j) => 2 * x[j] * sinPi((2 * k + 1) * (2 * j + 1), 4 * N));
}

function randomRows(n: number, seed: number): CTensor {
  const r = rng(seed), x = ctensor([2, n]);
  for (let i = 0; i < 2 * n; i++) (x.re[i] = r.normal()), (x.im[i] = r.normal());
  return x;
}

const maxAbs = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe("reference DCT / DST through the FFT at large n", () => {
  for (const kind of ["dct", "dst"] as const)
    for (const n of [1000, 4096])
      for (const type of [1, 2, 3, 4])
        it(`${kind} type ${type}, n = ${n}: bins equal the defining sums; i${kind}(${kind} x) = x`, () => {
          const x = randomRows(n, 10 * n + type);
          const bins = [0, 1, 2, Math.floor(n / 3), n - 2, n - 1];
          for (const norm of NORMS) {
            const F = opOf(kind, n, type, norm), I = opOf(`i${kind}`, n, type, norm);
            const y = F.apply(x);
            // forward bins against the exact sums, relative to the output's size (real and imaginary rows apart)
            let err = 0, big = 0;
            for (let b = 0; b < 2; b++)
              for (const [part, want] of [[x.re, y.re], [x.im, y.im]] as const) {
                const row = part.subarray(b * n, (b + 1) * n), got = want.subarray(b * n, (b + 1) * n);
                big = Math.max(big, maxAbs(got));
                for (const k of bins) err = Math.max(err, Math.abs(got[k] - exactBin(kind, type, norm, row, k)));
              }
            expect(err / big, `${norm}: bins`).toBeLessThan(2e-15 * Math.log2(n));
            // the inverse undoes it to rounding
            const z = I.apply(y);
            let rt = 0;
            for (let i = 0; i < 2 * n; i++) rt = Math.max(rt, Math.abs(z.re[i] - x.re[i]), Math.abs(z.im[i] - x.im[i]));
            expect(rt, `${norm}: round trip`).toBeLessThan(1e-13);
          }
        });

  it("idct of 2048 points runs through the FFT (no dense inverse)", () => {
    const t0 = performance.now();
    const y = opOf("idct", 2048, 2, "backward").apply(randomRows(2048, 7));
    expect(y.shape).toEqual([2, 2048]);
    console.log(`reference idct(2048) on 2 rows: ${(performance.now() - t0).toFixed(1)} ms`);
  });
});
