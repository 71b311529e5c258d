// The one base64 encoder (compile time) and decoder text (run time): exact round trips of the
// bytes every backend embeds (float64 with NaN payloads, -0, subnormals and infinities; int64
// extremes; float32), for every length modulo 3, checked against Node's own base64 and through
// the cpu module's decode64 as generated code runs it.
import { describe, expect, it } from "vitest";
import { BASE64_DECODE, BASE64_DECODER, toBase64 } from "../../src/codegen/base64.js";
import { dataLiteral } from "../../src/backends/cpu/data.js";
import { Gen } from "../../src/backends/cpu/gen.js";
import { rng } from "../support/random.js";

const decode = new Function(`"use strict";\n${BASE64_DECODER}\nreturn ${BASE64_DECODE};`)() as (s: string) => Uint8Array;

const bytesOf = (a: ArrayBufferView) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

/** float64 values with every special the bytes must carry: NaNs (two payloads), ±0, ±Infinity, subnormals, extremes. */
function specials(n: number): Float64Array {
  const r = rng(n + 1), out = new Float64Array(n);
  const bits = new DataView(new ArrayBuffer(8));
  bits.setBigUint64(0, 0x7ff8_0000_dead_beefn, true);
  const payloadNaN = bits.getFloat64(0, true);
  const pool = [NaN, payloadNaN, -0, 0, Infinity, -Infinity, 5e-324, -5e-324, 2.2250738585072e-308, Number.MAX_VALUE, -Number.MIN_VALUE, 1 / 3];
  for (let i = 0; i < n; i++) out[i] = i < pool.length ? pool[i] : r.normal() * 10 ** Math.round(r.normal() * 100);
  return out;
}

describe("base64", () => {
  it("the decoder text needs neither Buffer nor atob (browsers and Node alike)", () => {
    expect(BASE64_DECODER).not.toMatch(/\bBuffer\b|\batob\b|\bbtoa\b/);
  });

  it("encodes byte strings of every length 0..64 as Node does, and decodes them back", () => {
    const r = rng(7);
    for (let n = 0; n <= 64; n++) {
      const b = Uint8Array.from({ length: n }, () => r.int(0, 255));
      const s = toBase64(b);
      expect(s).toBe(Buffer.from(b).toString("base64"));
      expect(Array.from(decode(s))).toEqual(Array.from(b));
    }
  });

  it.each([0, 1, 2, 3, 5, 12, 13, 100, 9000])("round-trips %i float64 values bit for bit (NaN payloads, -0, subnormals)", (n) => {
    const a = specials(n), back = new Float64Array(decode(toBase64(a)).buffer);
    expect(bytesOf(back)).toEqual(bytesOf(a));
  });

  it.each([0, 1, 7, 65, 1001])("round-trips %i int64 values, extremes included", (n) => {
    const a = BigInt64Array.from({ length: n }, (_, i) => [-(2n ** 63n), 2n ** 63n - 1n, -1n, 0n][i % 4] + BigInt(i % 4 === 3 ? i * 7919 : 0));
    expect(Array.from(new BigInt64Array(decode(toBase64(a)).buffer))).toEqual(Array.from(a));
  });

  it("encodes a view's own bytes, not its whole buffer", () => {
    const whole = Float64Array.from([1, 2, 3, 4, 5]), view = whole.subarray(1, 4);
    expect(bytesOf(new Float64Array(decode(toBase64(view)).buffer))).toEqual(bytesOf(Float64Array.from([2, 3, 4])));
  });

  it.each(["f64", "i64", "f32"] as const)("the cpu module's large %s literals decode to the same values", (dtype) => {
    const gen = new Gen(), n = 301;
    const data = dtype === "i64" ? Array.from({ length: n }, (_, i) => BigInt(i * 1_000_003) - 2n ** 62n) : Array.from(specials(n));
    const expr = dataLiteral(gen, data, dtype);
    expect(expr).toContain("decode64(");
    const got = new Function(`"use strict";\n${gen.lib.source()}\nreturn ${expr};`)() as Float64Array | Float32Array | BigInt64Array;
    const want = dtype === "i64" ? BigInt64Array.from(data as bigint[]) : dtype === "f32" ? Float32Array.from(data as number[]) : Float64Array.from(data as number[]);
    expect(got.constructor).toBe(want.constructor);
    expect(bytesOf(got)).toEqual(bytesOf(want));
  });
});
