// The one per-frequency Cayley solve: the reference's `mcayley` meaning and the cpu backend's
// param-stage kernel run this code. Like MINVERSE_SOURCE it is kept as JavaScript text, so the
// cpu backend can embed it in the standalone modules it generates (one algorithm, one copy).

/**
 * `mcayley(h, c, n, y)`: for each frequency k < n, G_k = (I + H_k)^-1 (I - H_k), where H_k is
 * the c x c matrix H[o, i, k] of the [c, c, n] tensor h (complex interleaved, row-major), and
 * y holds G in the same layout. Solved by Gaussian elimination with partial pivoting on
 * [I + H_k | I - H_k] in float64. A singular I + H_k is not trapped here: IEEE arithmetic runs
 * on (a zero pivot gives infinities and NaNs). Returns [r, k]: the smallest pivot modulus
 * relative to 1 + max |H_k| over all frequencies, and the frequency k where it occurs (the
 * reference turns a tiny r into an error; the cpu backend ignores it).
 */
export const MCAYLEY_SOURCE = String.raw`function mcayley(h, c, n, y) {
  const W = 2 * c, re = new Float64Array(c * W), im = new Float64Array(c * W);
  let worst = Infinity, worstAt = 0;
  for (let k = 0; k < n; k++) {
    let scale = 0;
    for (let o = 0; o < c; o++)
      for (let i = 0; i < c; i++) {
        const p = 2 * ((o * c + i) * n + k);
        scale = Math.max(scale, Math.abs(h[p]) + Math.abs(h[p + 1]));
      }
    for (let o = 0; o < c; o++)
      for (let i = 0; i < c; i++) {
        const p = 2 * ((o * c + i) * n + k), d = o === i ? 1 : 0;
        re[o * W + i] = d + h[p]; im[o * W + i] = h[p + 1];
        re[o * W + c + i] = d - h[p]; im[o * W + c + i] = -h[p + 1];
      }
    for (let col = 0; col < c; col++) {
      let piv = col, best = -1;
      for (let r = col; r < c; r++) {
        const m = Math.abs(re[r * W + col]) + Math.abs(im[r * W + col]);
        if (m > best) (best = m), (piv = r);
      }
      if (piv !== col)
        for (let j = 0; j < W; j++) {
          let t = re[col * W + j]; re[col * W + j] = re[piv * W + j]; re[piv * W + j] = t;
          t = im[col * W + j]; im[col * W + j] = im[piv * W + j]; im[piv * W + j] = t;
        }
      if (!(best / (1 + scale) >= worst)) (worst = best / (1 + scale)), (worstAt = k);
      const pr = re[col * W + col], pi = im[col * W + col], d = pr * pr + pi * pi;
      const ir = pr / d, ii = -pi / d;
      for (let j = 0; j < W; j++) {
        const xr = re[col * W + j], xi = im[col * W + j];
        re[col * W + j] = xr * ir - xi * ii; im[col * W + j] = xr * ii + xi * ir;
      }
      for (let r = 0; r < c; r++) {
        if (r === col) continue;
        const fr = re[r * W + col], fi = im[r * W + col];
        if (fr === 0 && fi === 0) continue;
        for (let j = 0; j < W; j++) {
          const xr = re[col * W + j], xi = im[col * W + j];
          re[r * W + j] -= fr * xr - fi * xi; im[r * W + j] -= fr * xi + fi * xr;
        }
      }
    }
    for (let o = 0; o < c; o++)
      for (let i = 0; i < c; i++) {
        const p = 2 * ((o * c + i) * n + k);
        y[p] = re[o * W + c + i]; y[p + 1] = im[o * W + c + i];
      }
  }
  return [worst, worstAt];
}`;

/** The function MCAYLEY_SOURCE defines. */
export const mcayley = new Function(`${MCAYLEY_SOURCE}\nreturn mcayley;`)() as (
  h: ArrayLike<number>,
  c: number,
  n: number,
  y: Float64Array | Float32Array,
) => [number, number];
