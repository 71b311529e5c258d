// The sphere catalogue entries: type rules, batch broadcasting, complex coefficients, and errors.
import { describe, expect, it } from "vitest";
import { declare } from "../../src/ir/build.js";
import { callConstructor } from "../../src/ir/catalogue.js";
import { realSH, shCount } from "../../src/ir/math/sh.js";
import type { CTensor } from "../../src/ir/value.js";
import { bind, call, evaluate, maxAbsDiff, randomArray, tensor } from "./harness.js";
import { uniform } from "../support/random.js";
import { lincErrorOf } from "../support/errors.js";


/** gaunt of single vectors through the IR. */
function gaunt1(a: CTensor, b: CTensor, lmax: number, dt: "f64" | "c128" = "f64"): CTensor {
  const bb = new Map<string, CTensor>();
  return evaluate(call("gaunt", [bind(bb, "a", a, dt), bind(bb, "b", b, dt)], { lmax }), bb);
}

describe("sphere ops", () => {
  const r = uniform(3);

  it("gaunt broadcasts leading axes: [2,1,n1] x [3,n2] -> [2,3,(lmax+1)^2]", () => {
    const n1 = shCount(2), n2 = shCount(1), n3 = shCount(3);
    const A = tensor([2, 1, n1], randomArray(r, 2 * n1)), B = tensor([3, n2], randomArray(r, 3 * n2));
    const bb = new Map<string, CTensor>();
    const node = call("gaunt", [bind(bb, "a", A), bind(bb, "b", B)], { lmax: 3 });
    expect(node.type).toEqual({ kind: "tensor", dtype: "f64", shape: [2, 3, n3] });
    const got = evaluate(node, bb);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) {
        const one = gaunt1(tensor([n1], A.re.subarray(i * n1, (i + 1) * n1)), tensor([n2], B.re.subarray(j * n2, (j + 1) * n2)), 3);
        expect(maxAbsDiff({ re: got.re.subarray((i * 3 + j) * n3, (i * 3 + j + 1) * n3) }, one)).toBe(0);
      }
  });

  it("gaunt is bilinear over complex coefficients", () => {
    const n = shCount(2);
    const ar = randomArray(r, n), ai = randomArray(r, n), br = randomArray(r, n), bi = randomArray(r, n);
    const got = gaunt1(tensor([n], ar, ai), tensor([n], br, bi), 4, "c128");
    const g = (x: Float64Array, y: Float64Array) => gaunt1(tensor([n], x), tensor([n], y), 4).re;
    const [rr, ii, ri, ir] = [g(ar, br), g(ai, bi), g(ar, bi), g(ai, br)];
    expect(maxAbsDiff(got, { re: rr.map((v, k) => v - ii[k]), im: ri.map((v, k) => v + ir[k]) })).toBeLessThan(1e-15);
  });

  it("gaunt with lmax >= l1 + l2 is the exact SH product: sh_eval(c) = sh_eval(a) sh_eval(b)", () => {
    const a = tensor([shCount(3)], randomArray(r, shCount(3))), b = tensor([shCount(2)], randomArray(r, shCount(2)));
    const c = gaunt1(a, b, 5);
    const th = randomArray(r, 7).map((v) => 1.5 + 1.5 * v), ph = randomArray(r, 7).map((v) => 3 * v);
    const ev = (x: CTensor) => {
      const bb = new Map<string, CTensor>();
      return evaluate(call("sh_eval", [bind(bb, "a", x), bind(bb, "t", tensor([7], th)), bind(bb, "p", tensor([7], ph))]), bb).re;
    };
    const fa = ev(a), fb = ev(b), fc = ev(c);
    for (let k = 0; k < 7; k++) expect(fc[k]).toBeCloseTo(fa[k] * fb[k], 13);
  });

  it("sh_eval keeps a's batch axes before the point axes", () => {
    const n = shCount(3);
    const A = tensor([2, n], randomArray(r, 2 * n));
    const bb = new Map<string, CTensor>();
    const node = call("sh_eval", [bind(bb, "a", A), bind(bb, "t", tensor([2, 2], [0.1, 0.5, 1.0, 3.0])), bind(bb, "p", tensor([2, 2], [0, 1, 2, -1]))]);
    expect(node.type).toEqual({ kind: "tensor", dtype: "f64", shape: [2, 2, 2] });
    const got = evaluate(node, bb);
    const pts = [[0.1, 0], [0.5, 1], [1.0, 2], [3.0, -1]];
    for (let b = 0; b < 2; b++)
      pts.forEach(([t, p], k) => {
        const Y = realSH(3, t, p);
        expect(got.re[b * 4 + k]).toBeCloseTo(Y.reduce((s, y, i) => s + y * A.re[b * n + i], 0), 14);
      });
  });

  it("accepts a symbolic batch axis in the type rule", () => {
    const a = declare("input", "a", "f32", ["batch", 9]);
    const b = declare("param", "b", "f32", [4]);
    expect(call("gaunt", [a, b], { lmax: 2 }).type).toEqual({ kind: "tensor", dtype: "f32", shape: ["batch", 9] });
    expect(call("cg_path", [declare("input", "x", "f64", ["batch", 3]), declare("param", "y", "c128", [5])], { l1: 1, l2: 2, l3: 3 }).type)
      .toEqual({ kind: "tensor", dtype: "c128", shape: ["batch", 7] });
  });

  it("the reference refuses Gaunt tables beyond its work limit with E0602 (before building them)", () => {
    const n = shCount(20), bb = new Map<string, CTensor>();
    const node = call("gaunt", [bind(bb, "a", tensor([n], new Float64Array(n))), bind(bb, "b", tensor([n], new Float64Array(n)))], { lmax: 20 });
    expect(() => evaluate(node, bb)).toThrow(/E0602/);
  });

  it("refuses bad arguments with catalogue codes pointing at the argument", () => {
    const a9 = declare("param", "a9", "f64", [9]), a5 = declare("param", "a5", "f64", [5]);
    const w = (...vs: any[]) => vs.map((v) => (Array.isArray(v) ? { name: v[0], value: v[1] } : { value: v }));
    const cases: [string, any[], string, number | undefined][] = [
      ["gaunt", w(a9, a5, ["lmax", 2]), "E0301", 1],
      ["gaunt", w(a9, a9, ["lmax", 65]), "E0304", 2],
      ["gaunt", w(a9, a9, ["lmax", -1]), "E0302", 2],
      ["gaunt", w(a9, declare("param", "big", "f64", [66 * 66]), ["lmax", 2]), "E0304", 1],
      ["gaunt", w(a9, declare("param", "idx", "i64", [9]), ["lmax", 2]), "E0403", 1],
      ["gaunt", w(declare("param", "b2", "f64", [2, 9]), declare("param", "b3", "f64", [3, 9]), ["lmax", 2]), "E0301", undefined],
      ["sh_eval", w(a9, declare("param", "tc", "c128", [3]), declare("param", "p3", "f64", [3])), "E0402", 1],
      ["sh_eval", w(a9, declare("param", "t3", "f64", [3]), declare("param", "p4", "f64", [4])), "E0301", 2],
      ["cg_path", w(declare("param", "x3", "f64", [3]), a5, ["l1", 1], ["l2", 2], ["l3", 4]), "E0302", 4],
      ["cg_path", w(a5, a5, ["l1", 1], ["l2", 2], ["l3", 2]), "E0301", 0],
    ];
    for (const [name, args, code, argIndex] of cases) {
      const e = lincErrorOf(() => callConstructor(name, args));
      expect([name, e.code]).toEqual([name, code]);
      expect(e.argIndex).toBe(argIndex);
    }
  });
});
