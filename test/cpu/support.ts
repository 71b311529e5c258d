// Shared helpers of the cpu backend tests: the lowering pipeline when it exists, random host
// arrays, f32 variants of specs, and error measures against the reference interpreter.
import type { HostArray, Program } from "../../src/ir/index.js";
import { toposort } from "../../src/ir/index.js";
import { inKernelSet } from "../../src/backends/cpu/opset.js";

type Lower = (p: Program, opts: { target: string; params?: Record<string, HostArray> }) => Program;
let lower: Lower | undefined;
try {
  const m = (await import("../../src/passes/index.js" as string)) as { lowerForBackend?: Lower };
  lower = m.lowerForBackend;
} catch {
  lower = undefined;
}
export const hasLowering = lower !== undefined;

/** The program lowered for the cpu backend, or as is when it is already in the kernel set. */
export function lowered(p: Program, params?: Record<string, HostArray>): Program | undefined {
  if (lower) return lower(p, { target: "cpu", params });
  return inKernelSet(toposort(p.outputs.map((o) => o.node))) ? p : undefined;
}

/** Deterministic pseudo-random numbers in [-1, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) / 2 ** 32) * 2 - 1;
  };
}

export function randomHost(dtype: HostArray["dtype"], shape: number[], r: () => number): HostArray {
  const n = shape.reduce((a, b) => a * b, 1) * (dtype === "c64" || dtype === "c128" ? 2 : 1);
  const data = dtype === "f32" || dtype === "c64" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = r();
  return { dtype, shape, data };
}

/** The spec with every f64 declaration made f32 and c128 made c64. */
export const toSingle = (src: string): string => src.replace(/\bf64\b/g, "f32").replace(/\bc128\b/g, "c64");

export function toSingleHost(h: HostArray): HostArray {
  if (h.dtype === "f64") return { dtype: "f32", shape: h.shape, data: Float32Array.from(h.data as Float64Array) };
  if (h.dtype === "c128") return { dtype: "c64", shape: h.shape, data: Float32Array.from(h.data as Float64Array) };
  return h;
}

/** max |a - b| / max(1, max |b|). */
export function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let e = 0, s = 1;
  for (let i = 0; i < b.length; i++) {
    e = Math.max(e, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return e / s;
}
