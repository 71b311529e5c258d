// Shared by the stage tests: seeded random buffers (the one seeded rng, test/support/random.ts),
// a stage buffer as a reference tensor and back, and the error of one buffer against another
// (test/support/compare.ts's peakRelErr over both planes).
import type { CTensor, StageBuf } from "../../src/ir/index.js";
import { peakRelErr } from "../support/compare.js";
import { type Rng, rng } from "../support/random.js";

export { type Rng, rng };

/** n random normal entries (imaginary parts 0 when real). */
export function randomBuf(r: Rng, n: number, real = false): StageBuf {
  const re = Float64Array.from({ length: n }, () => r.normal());
  const im = real ? new Float64Array(n) : Float64Array.from({ length: n }, () => r.normal());
  return { re, im };
}

/** A buffer's real and imaginary planes as one array: what the error measures read. */
const planes = (b: StageBuf): Float64Array => {
  const out = new Float64Array(2 * b.re.length);
  out.set(b.re), out.set(b.im, b.re.length);
  return out;
};

/** peakRelErr (test/support/compare.ts) of two stage buffers, both planes: max |got − want| / max |want|. */
export const bufRelErr = (got: StageBuf, want: StageBuf): number => (got.re.length === want.re.length ? peakRelErr(planes(got), planes(want)) : Infinity);

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
