// The twiddles of a butterfly's inverse, transpose or adjoint, one 2x2 block at a time: the
// reference's `block2`, the cpu backend's `block2` and the gpujs backend's host step all run this
// text (kept as JavaScript source so the backends can embed it in the modules they generate).

/**
 * `block2(a, L, h, w, mode, y)`: a holds twiddles [L, h, 2, 2] (w = 1 real, 2 complex
 * interleaved); y[l, q] = f(a[L - 1 - l, q]) with f the 2x2 block's inverse (mode "inv"),
 * transpose ("transpose") or conjugate transpose ("adjoint"): the factors of inv(B), B.T or B.H
 * for B = butterfly(a) in the order they apply (the product reversed). The inverse is the closed
 * form [[d, -b], [-c, a]] / det with det = ad - bc, complex 1 / det by Smith's algorithm; a
 * singular block (det = 0) gives IEEE inf / NaN entries, never an error: the same on every backend.
 */
export const BLOCK2_SOURCE = String.raw`function block2(a, L, h, w, mode, y) {
  for (let l = 0; l < L; l++)
    for (let q = 0; q < h; q++) {
      const i = ((L - 1 - l) * h + q) * 4 * w, o = (l * h + q) * 4 * w;
      if (mode !== "inv") {
        // [[a, b], [c, d]] -> [[a, c], [b, d]], conjugated for the adjoint
        const s = mode === "adjoint" ? -1 : 1;
        for (let k = 0; k < 4; k++) {
          const src = i + (k === 1 ? 2 : k === 2 ? 1 : k) * w;
          y[o + k * w] = a[src];
          if (w === 2) y[o + k * w + 1] = s * a[src + 1];
        }
        continue;
      }
      if (w === 1) {
        const A = a[i], B = a[i + 1], C = a[i + 2], D = a[i + 3], det = A * D - B * C;
        y[o] = D / det; y[o + 1] = -B / det; y[o + 2] = -C / det; y[o + 3] = A / det;
        continue;
      }
      const ar = a[i], ai = a[i + 1], br = a[i + 2], bi = a[i + 3], cr = a[i + 4], ci = a[i + 5], dr = a[i + 6], di = a[i + 7];
      const pr = ar * dr - ai * di - (br * cr - bi * ci), pi = ar * di + ai * dr - (br * ci + bi * cr);
      // r = 1 / (pr + i pi) by Smith's algorithm
      let rr, ri;
      if (Math.abs(pr) >= Math.abs(pi)) {
        const t = pi / pr, d = pr + pi * t;
        (rr = 1 / d), (ri = -t / d);
      } else {
        const t = pr / pi, d = pr * t + pi;
        (rr = t / d), (ri = -1 / d);
      }
      const m = [dr, di, -br, -bi, -cr, -ci, ar, ai];
      for (let k = 0; k < 4; k++) {
        const xr = m[2 * k], xi = m[2 * k + 1];
        y[o + 2 * k] = xr * rr - xi * ri;
        y[o + 2 * k + 1] = xr * ri + xi * rr;
      }
    }
  return y;
}`;

/** How a butterfly's twiddles are turned: the 2x2 blocks inverted, transposed or conjugate-transposed. */
export type Block2Mode = "inv" | "transpose" | "adjoint";

/** The function BLOCK2_SOURCE defines. */
export const block2 = new Function(`${BLOCK2_SOURCE}\nreturn block2;`)() as (
  a: ArrayLike<number>,
  L: number,
  h: number,
  w: number,
  mode: Block2Mode,
  y: Float64Array | Float32Array,
) => Float64Array | Float32Array;
