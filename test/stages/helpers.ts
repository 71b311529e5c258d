// Shared by the stage tests: seeded random buffers, a stage buffer as a reference tensor and
// back, and the relative error of one buffer against another (max-norm).
import type { CTensor, StageBuf } from "../../src/ir/index.js";
import { type Rng, rng } from "../../src/ir/math/random.js";

export { type Rng, rng };

/** n random normal entries (imaginary parts 0 when real). */
export function randomBuf(r: Rng, n: number, real = false): StageBuf {
  const re = Float64Array.from({ length: n }, () => r.normal());
  const im = real ? new Float64Array(n) : Float64Array.from({ length: n }, () => r.normal());
  return { re, im };
}

/** max |got − want| / max |want| (want's scale at least the smallest normal, so zero is exact). */
export function relErr(got: StageBuf, want: StageBuf): number {
  if (got.re.length !== want.re.length) return Infinity;
  let err = 0, scale = 0;
  for (let i = 0; i < want.re.length; i++) {
    err = Math.max(err, Math.hypot(got.re[i] - want.re[i], got.im[i] - want.im[i]));
    scale = Math.max(scale, Math.hypot(want.re[i], want.im[i]));
  }
  return err / Math.max(scale, Number.MIN_VALUE);
}

export const asTensor = (b: StageBuf, shape: number[]): CTensor => ({ shape, re: b.re, im: b.im });
/** A random tensor of this shape (imaginary parts 0 when real). */
export const randomTensor = (r: Rng, shape: number[], real = false): CTensor => asTensor(randomBuf(r, shape.reduce((a, b) => a * b, 1), real), shape);
export const asBuf = (t: CTensor): StageBuf => ({ re: t.re, im: t.im });

/** The [outer, n, inner] array x with its axis moved last: [outer, inner, n] (and back with `back`). */
export function axisLast(x: StageBuf, outer: number, n: number, inner: number, back = false): StageBuf {
  const y = { re: new Float64Array(x.re.length), im: new Float64Array(x.re.length) };
  for (let o = 0; o < outer; o++)
    for (let k = 0; k < n; k++)
      for (let j = 0; j < inner; j++) {
        const mid = (o * n + k) * inner + j, last = (o * inner + j) * n + k;
        const [from, to] = back ? [last, mid] : [mid, last];
        (y.re[to] = x.re[from]), (y.im[to] = x.im[from]);
      }
  return y;
}
