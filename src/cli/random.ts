// Seeded random arrays for `linc demo`: the same seed gives the same inputs on every machine.
// Float data is standard normal; i64 data (index arrays such as a permutation) is a random
// permutation of 0..n-1 along the last axis, the one kind of index data linc ops consume.
import { type HostArray, allocHost } from "../ir/host.js";
import { type Rng, permutation } from "../ir/math/random.js";
import { isComplex } from "../ir/types.js";

export { rng } from "../ir/math/random.js";

export function randomArray(dtype: HostArray["dtype"], shape: number[], r: Rng): HostArray {
  const h = allocHost(dtype, shape);
  if (dtype === "i64") {
    const n = shape.length ? shape[shape.length - 1] : 1;
    const data = h.data as BigInt64Array;
    for (let row = 0; row < data.length; row += n) permutation(n, r).forEach((v, i) => (data[row + i] = BigInt(v)));
    return h;
  }
  const scale = isComplex(dtype) ? Math.SQRT1_2 : 1; // unit variance per complex entry
  for (let i = 0; i < h.data.length; i++) (h.data as Float64Array | Float32Array)[i] = scale * r.normal();
  return h;
}
