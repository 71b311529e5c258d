// Shared helpers of the cpu backend tests: the lowering pipeline (or its plans alone), random host
// arrays, f32 variants of specs, and error measures against the reference interpreter.
import type { HostArray, Program } from "../../src/ir/index.js";
import { SCHEDULES, lowerForBackend, lowerToStages, recordPlans } from "../../src/passes/index.js";

/** The program lowered for the cpu backend. */
export function lowered(p: Program, params?: Record<string, HostArray>): Program {
  return lowerForBackend(p, { target: "cpu", params });
}

/**
 * The program as it stands, with the cpu schedule's FFT plans recorded on its Fourier nodes (the
 * lowering's last pass alone): tests of single kernel ops run them unrewritten.
 */
export function scheduled(p: Program): Program {
  const roots = lowerToStages(recordPlans(p.outputs.map((o) => o.node), SCHEDULES.cpu), SCHEDULES.cpu);
  return { ...p, outputs: p.outputs.map((o, i) => ({ name: o.name, node: roots[i] })) };
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
