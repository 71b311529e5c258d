// Arrays as they cross linc's boundary (files, backends, apps): typed arrays in row-major
// order, complex values interleaved (re, im), index data as BigInt64Array.
import type { DType } from "./types.js";
import { isComplex } from "./types.js";
import type { CTensor } from "./value.js";
import { numelOf } from "./value.js";

export type HostData = Float64Array | Float32Array | BigInt64Array;
export interface HostArray {
  dtype: DType;
  shape: number[];
  data: HostData;
}

/** Typed-array element count a host array of this dtype and shape needs. */
export const hostLength = (dtype: DType, shape: readonly number[]): number => numelOf(shape) * (isComplex(dtype) ? 2 : 1);

export function allocHost(dtype: DType, shape: number[]): HostArray {
  const n = hostLength(dtype, shape);
  const data = dtype === "i64" ? new BigInt64Array(n) : dtype === "f32" || dtype === "c64" ? new Float32Array(n) : new Float64Array(n);
  return { dtype, shape, data };
}

/** Host array -> float64 complex tensor of the reference interpreter. */
export function hostToTensor(h: HostArray): CTensor {
  const n = numelOf(h.shape);
  const re = new Float64Array(n), im = new Float64Array(n);
  if (isComplex(h.dtype)) for (let i = 0; i < n; i++) (re[i] = Number(h.data[2 * i])), (im[i] = Number(h.data[2 * i + 1]));
  else for (let i = 0; i < n; i++) re[i] = Number(h.data[i]);
  return { shape: [...h.shape], re, im };
}

/** Reference tensor -> host array of the given dtype (imaginary parts dropped for real dtypes). */
export function tensorToHost(t: CTensor, dtype: DType): HostArray {
  const h = allocHost(dtype, [...t.shape]);
  const n = t.re.length;
  if (dtype === "i64") for (let i = 0; i < n; i++) (h.data as BigInt64Array)[i] = BigInt(Math.round(t.re[i]));
  else if (isComplex(dtype)) for (let i = 0; i < n; i++) (h.data[2 * i] = t.re[i]), (h.data[2 * i + 1] = t.im[i]);
  else for (let i = 0; i < n; i++) h.data[i] = t.re[i];
  return h;
}

/**
 * Records keyed by spec names: a name may be any identifier, `__proto__`, `constructor` and the
 * other Object.prototype keys included. Read them with `own` (own properties only), build them
 * with `nameRecord` (no prototype, so `rec[name] = v` defines a property even for `__proto__`).
 */
export const own = <T>(rec: Readonly<Record<string, T>> | undefined, name: string): T | undefined =>
  rec !== undefined && Object.hasOwn(rec, name) ? rec[name] : undefined;
export const nameRecord = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;
