// Seeded random arrays for `linc demo`: the same seed gives the same inputs on every machine.
// Float data is standard normal; i64 data (index arrays such as a permutation) is a random
// permutation of 0..n-1 along the last axis, the one kind of index data linc ops consume.
import { type HostArray, allocHost } from "../ir/host.js";
import { isComplex } from "../ir/types.js";

/** mulberry32: a small, fast, well-mixed 32-bit generator; returns floats in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples by the Box-Muller transform. */
export function normal(next: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

export function randomArray(dtype: HostArray["dtype"], shape: number[], next: () => number): HostArray {
  const h = allocHost(dtype, shape);
  if (dtype === "i64") {
    const n = shape.length ? shape[shape.length - 1] : 1;
    const data = h.data as BigInt64Array;
    for (let row = 0; row < data.length; row += n) {
      const p = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [p[i], p[j]] = [p[j], p[i]];
      }
      p.forEach((v, i) => (data[row + i] = BigInt(v)));
    }
    return h;
  }
  const gauss = normal(next);
  const scale = isComplex(dtype) ? Math.SQRT1_2 : 1; // unit variance per complex entry
  for (let i = 0; i < h.data.length; i++) (h.data as Float64Array | Float32Array)[i] = scale * gauss();
  return h;
}
