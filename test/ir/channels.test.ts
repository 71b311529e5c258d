// Per-channel operators in the IR: the type of one operator is unchanged (no batch key, the same
// text), a batched operator prints its channels; `@` writes a depthwise convolution out as FFTs
// with per-channel spectra (never a dense or Toeplitz matrix); the per-channel algebra holds on
// the reference interpreter (dot test for .T/.H, inv(diag) undoes diag, composition applies in
// order), checked per channel against the channel's own single operator.
import { describe, expect, it } from "vitest";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, evaluate, operatorType, toposort, typeStr } from "../../src/ir/index.js";
import { maxAbsErr } from "../support/compare.js";
import { randomBindings } from "../support/random.js";

const run = (src: string, b: Record<string, HostArray>) => evaluate(parseProgram(src, "t.linc"), b);
const data = (a: HostArray) => Array.from(a.data as Float64Array);
/** Row h of a [..., H, n] array, all leading rows of channel h concatenated. */
const channelRows = (a: HostArray, h: number): number[] => {
  const n = a.shape[a.shape.length - 1], H = a.shape[a.shape.length - 2], d = data(a), out: number[] = [];
  for (let o = h * n; o < d.length; o += H * n) out.push(...d.slice(o, o + n));
  return out;
};
const sub = (a: HostArray, h: number): HostArray => ({ dtype: a.dtype, shape: a.shape.slice(1), data: Float64Array.from(data(a).slice(h * (a.data.length / a.shape[0]), (h + 1) * (a.data.length / a.shape[0]))) });

describe("per-channel operator types", () => {
  it("one operator keeps its type and text; a batch prints its channels", () => {
    expect(operatorType(8, 8, false, { batch: [] })).toEqual(operatorType(8, 8, false));
    expect("batch" in operatorType(8, 8, false, { batch: [] })).toBe(false);
    expect(typeStr(operatorType(8, 8, false))).toBe("op<8x8, real>");
    expect(typeStr(operatorType(8, 8, true, { batch: [3] }))).toBe("op<[3] 8x8, complex>");
  });
});

describe("per-channel operators on the reference interpreter", () => {
  it("a depthwise causal convolution is FFTs with per-channel spectra, never a dense matrix", () => {
    const p = parseProgram("input x: f64[batch, 4, 64]\nparam h: f64[4, 64]\noutput y = toeplitz(h, zeros(64)) @ x\n", "t.linc");
    const ops = new Set(toposort(p.outputs.map((o) => o.node)).map((n) => n.op));
    expect([...ops].filter((o) => ["toeplitz", "dense", "materialize", "circulant"].includes(o))).toEqual([]);
    expect(ops.has("rdft") && ops.has("irdft")).toBe(true);
  });

  it("each channel of toeplitz(c, r) @ x is that channel's own toeplitz(c[h], r[h]) @ x[..., h, :]", () => {
    const src = "input x: f64[2, 3, 7]\nparam c: f64[3, 5]\nparam r: f64[3, 7]\noutput y = toeplitz(c, r) @ x\n";
    const b = randomBindings(parseProgram(src, "t.linc"), 1);
    const y = run(src, b).y;
    expect(y.shape).toEqual([2, 3, 5]);
    for (let h = 0; h < 3; h++) {
      const one = run("input x: f64[2, 3, 7]\nparam c: f64[5]\nparam r: f64[7]\noutput y = toeplitz(c, r) @ x\n", { x: b.x, c: sub(b.c, h), r: sub(b.r, h) }).y;
      expect(maxAbsErr(channelRows(y, h), channelRows(one, h))).toBeLessThan(1e-12);
    }
  });

  for (const [name, A, At] of [
    ["dense", "dense(W)", "dense(W).T"],
    ["dense complex .H", "dense(Z)", "dense(Z).H"],
    ["circulant", "circulant(c)", "circulant(c).T"],
    ["circulant complex .H", "circulant(z)", "circulant(z).H"],
    ["a product and a sum", "2 * (diag(d) @ circulant(c)) + diag(d)", "(2 * (diag(d) @ circulant(c)) + diag(d)).T"],
  ] as const)
    it(`dot test per channel: <A x, y> = <x, A^T y> for ${name}`, () => {
      const decl = "input x: f64[2, 3, 6]\ninput u: f64[2, 3, 6]\nparam W: f64[3, 6, 6]\nparam Z: c128[3, 6, 6]\nparam c: f64[3, 6]\nparam z: c128[3, 6]\nparam d: f64[3, 6]\n";
      const src = decl + `output y = (${A}) @ x\noutput v = ${At} @ u\n`;
      const b = randomBindings(parseProgram(src, "t.linc"), 7);
      const { y, v } = run(src, b);
      const re = (a: HostArray, i: number) => (a.dtype.startsWith("c") ? (a.data as Float64Array)[2 * i] : (a.data as Float64Array)[i]);
      const im = (a: HostArray, i: number) => (a.dtype.startsWith("c") ? (a.data as Float64Array)[2 * i + 1] : 0);
      // <A x, u> = Σ conj(A x) u against <x, A^H u> = Σ x (A^H u) for real x and u (A^T = A^H when A is real)
      for (let h = 0; h < 3; h++) {
        let lre = 0, lim = 0, rre = 0, rim = 0;
        for (let bi = 0; bi < 2; bi++)
          for (let i = 0; i < 6; i++) {
            const k = (bi * 3 + h) * 6 + i, xu = (b.u.data as Float64Array)[k], xx = (b.x.data as Float64Array)[k];
            (lre += re(y, k) * xu), (lim -= im(y, k) * xu);
            (rre += xx * re(v, k)), (rim += xx * im(v, k));
          }
        expect(Math.abs(lre - rre) + Math.abs(lim - rim)).toBeLessThan(1e-10);
      }
    });

  it("inv(diag(d)) undoes diag(d) per channel; (A @ B) @ x applies B first", () => {
    const src = "input x: f64[2, 3, 6]\nparam d: f64[3, 6]\nparam W: f64[3, 6, 6]\noutput y = inv(diag(d)) @ (diag(d) @ x)\noutput z = (dense(W) @ diag(d)) @ x\noutput w = dense(W) @ (diag(d) @ x)\n";
    const b = randomBindings(parseProgram(src, "t.linc"), 3);
    const { y, z, w } = run(src, b);
    expect(maxAbsErr(data(y), data(b.x))).toBeLessThan(1e-12);
    expect(maxAbsErr(data(z), data(w))).toBeLessThan(1e-12);
  });
});
