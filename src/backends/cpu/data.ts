// Literal data in generated code: small arrays as exact decimal literals, large ones as
// base64 of their little-endian float64 (or int64) bytes, decoded once when the module loads.
import { toBase64 } from "../../codegen/base64.js";
import type { DType } from "../../ir/index.js";
import type { Gen } from "./gen.js";

const SMALL = 64;

/** A JS expression evaluating to a typed array holding `data` as the given dtype. */
export function dataLiteral(gen: Gen, data: ArrayLike<number | bigint>, dtype: DType): string {
  if (dtype === "i64") {
    const big = BigInt64Array.from(Array.from(data, (v) => BigInt(v)));
    if (big.length <= SMALL) return `new BigInt64Array([${Array.from(big, (v) => `${v}n`).join(", ")}])`;
    return `${gen.lib.use("decode64")}(${JSON.stringify(toBase64(big))}, "i64")`;
  }
  const f64 = Float64Array.from(Array.from(data, Number));
  const ctor = dtype === "f32" || dtype === "c64" ? "Float32Array" : "Float64Array";
  if (f64.length <= SMALL) return `new ${ctor}([${Array.from(f64, num).join(", ")}])`;
  const kind = ctor === "Float32Array" ? "f32" : "f64";
  return `${gen.lib.use("decode64")}(${JSON.stringify(toBase64(f64))}, "${kind}")`;
}

/** Exact round-trip literal of a double (String() is shortest round-trip in JS). */
function num(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  return Object.is(x, -0) ? "-0" : String(x);
}
