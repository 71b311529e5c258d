// Arrays handed to the library (`run`'s inputs and params, `compile`'s params): each must be a
// declared name, given once, a HostArray whose typed array fits its dtype and shape; the dtypes
// and shapes against the declarations are then bindDims' check (E0703, E0704).
import { LincError } from "../ir/errors.js";
import { type HostArray, hostLength } from "../ir/host.js";
import type { Program } from "../ir/program.js";
import { type TensorType, shapeStr } from "../ir/types.js";

export type Arrays = Record<string, HostArray>;

const CTOR: Record<string, string> = { f32: "Float32Array", c64: "Float32Array", f64: "Float64Array", c128: "Float64Array", i64: "BigInt64Array" };

function checkArray(name: string, a: unknown): HostArray {
  const h = a as Partial<HostArray> | null;
  if (typeof h !== "object" || h === null || typeof h.dtype !== "string" || !Array.isArray(h.shape) || !ArrayBuffer.isView(h.data))
    throw new LincError("E0703", `'${name}' must be an array { dtype, shape, data } (data a typed array), got ${h === null ? "null" : typeof h}`);
  const want = CTOR[h.dtype];
  if (!want) throw new LincError("E0703", `'${name}' has unknown dtype '${h.dtype}'; dtypes are ${Object.keys(CTOR).join(", ")}`);
  if (!h.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new LincError("E0703", `'${name}' has shape [${h.shape.join(", ")}]: axes are non-negative integers`);
  if (h.data.constructor.name !== want) throw new LincError("E0703", `'${name}' is ${h.dtype}, whose data is a ${want}, got a ${h.data.constructor.name}`);
  const n = hostLength(h.dtype, h.shape);
  if ((h.data as ArrayLike<unknown>).length !== n)
    throw new LincError("E0703", `'${name}' is ${h.dtype}[${h.shape.join(", ")}]: its data needs ${n} elements${h.dtype.startsWith("c") ? " (re, im interleaved)" : ""}, got ${(h.data as ArrayLike<unknown>).length}`);
  return h as HostArray;
}

/** The arrays of `given` checked against `program`'s declarations of `kind`; unknown names are E0705. */
export function checkGiven(program: Program, given: unknown, kind: "input" | "param" | "input or param"): Arrays {
  if (given === undefined) return {};
  if (typeof given !== "object" || given === null) throw new LincError("E0705", `${kind}s must be a record of arrays by name, got ${given === null ? "null" : typeof given}`);
  const decls = kind === "input" ? program.inputs : kind === "param" ? program.params : [...program.inputs, ...program.params];
  const out: Arrays = Object.create(null);
  for (const [name, a] of Object.entries(given)) {
    if (!decls.some((d) => d.name === name)) {
      const names = decls.map((d) => `'${d.name}'`);
      throw new LincError("E0705", `the spec has no ${kind} '${name}'${names.length ? `; its ${kind}s are ${names.join(", ")}` : ` (it declares no ${kind}s)`}`);
    }
    out[name] = checkArray(name, a);
  }
  return out;
}

/** Each given array against its declaration (E0703): dtype, rank, concrete axes, one size per symbolic dimension. */
export function checkDeclared(program: Program, arrays: Arrays): Arrays {
  const dims = new Map<string, number>();
  for (const d of [...program.inputs, ...program.params]) {
    if (!Object.hasOwn(arrays, d.name)) continue;
    const a = arrays[d.name], t = d.node.type as TensorType;
    const is = `'${d.name}' is ${a.dtype}${shapeStr(a.shape)}, but it is declared ${t.dtype}${shapeStr(t.shape)}`;
    if (a.dtype !== t.dtype || a.shape.length !== t.shape.length) throw new LincError("E0703", is);
    t.shape.forEach((w, i) => {
      const v = a.shape[i];
      if (typeof w === "number" ? v !== w : (dims.get(w) ?? v) !== v) throw new LincError("E0703", `${is}: axis ${i}`);
      if (typeof w === "string") dims.set(w, v);
    });
  }
  return arrays;
}
