// The DCTs of the gpujs backend, every type as one dense product with the exact (float64-built)
// matrix, its inverse for idct (so dct.arg.plan, the FFT a DCT could run, is not used here),
// until the DCT is lowered to stages (the Walsh–Hadamard transform is: stages.ts).
import { type OpArgs, dctMatrix, fail, invertMat } from "../../ir/index.js";
import type { Builder, Val } from "./builder.js";
import * as K from "./kernels.js";

/** Largest DCT the dense product takes. */
const DCT_MAX = 2048;

/** DCT of any type as a dense product with its float64 matrix (its inverse for idct). */
export function dct(b: Builder, x: Val, { n, type, norm, inverse }: OpArgs["dct"]): Val {
  if (n > DCT_MAX) fail("E0801", `dct of size ${n} is beyond the gpujs backend's dense DCT (at most ${DCT_MAX})`);
  const W = b.table(`dct:${n}:${type}:${norm}:${inverse}`, () => {
    const m0 = dctMatrix(n, type, norm);
    const m = inverse ? invertMat(m0) : m0;
    const out = new Float64Array(2 * n * n);
    for (let i = 0; i < n * n; i++) (out[2 * i] = m.re[i]), (out[2 * i + 1] = m.im[i]);
    return out;
  });
  return b.kernel(K.blockMatmul(1, n, n, false), [W, { s: x.slot }], x.rows, n);
}
