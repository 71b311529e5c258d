// Structural inverse and transpose of a butterfly's twiddles (torch-butterfly layout
// w[log2 n, n/2, 2, 2], interleaved planes re / im): butterfly(w, inc)^-1 = butterfly(w', !inc)
// where w'[i] holds the 2x2 blocks of w[L-1-i] inverted (the factors in reverse order, each
// inverted block by block); the transpose likewise with each block transposed. O(n log n) and
// as accurate as the 2x2 solves, where a dense inverse of the product loses cond(B) digits.
// (Used by the reference; a lowering needs a kernel op computing w' from a run-time w.)

export interface Twiddles {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** w' for the inverse ("inv") or transpose ("transpose") of butterfly(w) with L factors of h blocks. */
export function butterflyTwiddlesOf(w: Twiddles, L: number, h: number, k: "inv" | "transpose"): Twiddles {
  const re = new Float64Array(L * h * 4), im = new Float64Array(L * h * 4);
  for (let i = 0; i < L; i++)
    for (let q = 0; q < h; q++) {
      const from = ((L - 1 - i) * h + q) * 4, to = (i * h + q) * 4;
      const [ar, br, cr, dr] = w.re.subarray(from, from + 4), [ai, bi, ci, di] = w.im.subarray(from, from + 4);
      if (k === "transpose") {
        re.set([ar, cr, br, dr], to);
        im.set([ai, ci, bi, di], to);
        continue;
      }
      // [a b; c d]^-1 = [d -b; -c a] / (ad - bc), 1/det by Smith's division
      const detr = ar * dr - ai * di - (br * cr - bi * ci), deti = ar * di + ai * dr - (br * ci + bi * cr);
      const [sr, si] = reciprocal(detr, deti);
      const put = (j: number, xr: number, xi: number) => ((re[to + j] = xr * sr - xi * si), (im[to + j] = xr * si + xi * sr));
      put(0, dr, di);
      put(1, -br, -bi);
      put(2, -cr, -ci);
      put(3, ar, ai);
    }
  return { re, im };
}

/** 1 / (a + ib) by Smith's algorithm (no overflow for large parts). */
function reciprocal(a: number, b: number): [number, number] {
  if (Math.abs(a) >= Math.abs(b)) {
    const r = b / a, d = a + b * r;
    return [1 / d, -r / d];
  }
  const r = a / b, d = a * r + b;
  return [r / d, -1 / d];
}
