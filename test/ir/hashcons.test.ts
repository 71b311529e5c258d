// Hash-consing is exact: the factory returns the same node only for equal op, type, sources and
// arguments, compared in full (a large constant is keyed by a hash, and a hash match is checked
// element by element), with -0 and 0 told apart and every NaN one value.
import { describe, expect, it } from "vitest";
import { mk, tensorType } from "../../src/ir/index.js";

const vec = (data: Float64Array) => mk("const", tensorType("f64", [data.length]), [], { data });

describe("mk hash-conses exactly", () => {
  it("returns the same node for equal large constants and different nodes for different ones", () => {
    const a = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i));
    const b = a.slice();
    const c = a.slice();
    c[777] += Number.EPSILON * Math.abs(c[777]);
    expect(vec(a)).toBe(vec(b));
    expect(vec(a)).not.toBe(vec(c));
  });

  it("tells -0 from 0 and keeps NaN equal to NaN", () => {
    expect(vec(Float64Array.of(0, 1))).not.toBe(vec(Float64Array.of(-0, 1)));
    expect(vec(Float64Array.of(NaN))).toBe(vec(Float64Array.of(NaN)));
    const big = (z: number) => Float64Array.from({ length: 100 }, (_, i) => (i === 50 ? z : i));
    expect(vec(big(0))).not.toBe(vec(big(-0)));
  });

  it("keeps arguments that differ only in an optional field apart, and equal ones together", () => {
    const t = { kind: "operator", rows: 8, cols: 8, complex: true } as const;
    const plain = mk("dft", t, [], { n: 8, norm: "backward", inverse: false });
    expect(mk("dft", t, [], { n: 8, norm: "backward", inverse: false })).toBe(plain);
    expect(mk("dft", t, [], { n: 8, norm: "backward", inverse: false, plan: { algo: "direct", n: 8 } })).not.toBe(plain);
    expect(mk("dft", t, [], { n: 8, norm: "backward", inverse: false, plan: undefined })).toBe(plain);
  });
});
