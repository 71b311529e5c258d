// Random inputs and params for a program (a seeded generator, so a run and a download agree):
// symbolic dims take the batch size, float data is uniform in [-1, 1), index data is 0..n-1.
import { type HostArray, type Program, type TensorType, allocHost } from "../../src/ir/index.js";

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

/** One host array per input and param of `p`, by name. */
export function randomBindings(p: Program, batch: number, seed: number): Record<string, HostArray> {
  const r = rng(seed);
  const out: Record<string, HostArray> = {};
  for (const d of [...p.inputs, ...p.params]) {
    const t = d.node.type as TensorType;
    const h = allocHost(t.dtype, t.shape.map((x) => (typeof x === "number" ? x : batch)));
    if (t.dtype === "i64") (h.data as BigInt64Array).forEach((_, i, a) => (a[i] = BigInt(i % (h.shape.at(-1) ?? 1))));
    else for (let i = 0; i < h.data.length; i++) (h.data as Float64Array)[i] = r();
    out[d.name] = h;
  }
  return out;
}

/** Just the params of `p`, random (the same values a run with this batch and seed binds). */
export function randomParams(p: Program, batch: number, seed: number): Record<string, HostArray> {
  const all = randomBindings(p, batch, seed);
  return Object.fromEntries(p.params.map((d) => [d.name, all[d.name]]));
}
