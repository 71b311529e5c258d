// The one Gauss-Jordan inverse: the reference's `invertMat`, the cpu backend's run-time `minverse`
// and the gpujs backend's host step all run this code. It is kept as JavaScript text, because the
// backends embed it in the standalone modules they generate (one algorithm, one copy, the same
// text whichever way linc itself was built); the reference instantiates the same text.

/**
 * `minverse(a, n, w, y)`: y = inverse of the n x n matrix a, both row-major with w numbers per
 * entry (w = 1 real, 2 complex interleaved), by Gauss-Jordan elimination with partial pivoting in
 * float64; throws RangeError("matrix is singular") when a pivot vanishes. The pivot's reciprocal
 * is taken by Smith's algorithm, so no entry's square needs to be representable.
 */
export const MINVERSE_SOURCE = String.raw`function minverse(a, n, w, y) {
  const W = 2 * n, re = new Float64Array(n * W), im = new Float64Array(n * W);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      re[i * W + j] = a[(i * n + j) * w];
      if (w === 2) im[i * W + j] = a[(i * n + j) * w + 1];
    }
    re[i * W + n + i] = 1;
  }
  for (let c = 0; c < n; c++) {
    let piv = c, best = -1;
    for (let r = c; r < n; r++) {
      const m = Math.hypot(re[r * W + c], im[r * W + c]);
      if (m > best) (best = m), (piv = r);
    }
    if (!(best >= 1e-300)) throw new RangeError("matrix is singular");
    if (piv !== c)
      for (let j = 0; j < W; j++) {
        let t = re[c * W + j];
        re[c * W + j] = re[piv * W + j];
        re[piv * W + j] = t;
        t = im[c * W + j];
        im[c * W + j] = im[piv * W + j];
        im[piv * W + j] = t;
      }
    // 1 / (pr + i pi) by Smith's algorithm
    const pr = re[c * W + c], pi = im[c * W + c];
    let ir, ii;
    if (Math.abs(pr) >= Math.abs(pi)) {
      const q = pi / pr, d = pr + pi * q;
      (ir = 1 / d), (ii = -q / d);
    } else {
      const q = pr / pi, d = pr * q + pi;
      (ir = q / d), (ii = -1 / d);
    }
    for (let j = 0; j < W; j++) {
      const xr = re[c * W + j], xi = im[c * W + j];
      re[c * W + j] = xr * ir - xi * ii;
      im[c * W + j] = xr * ii + xi * ir;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const fr = re[r * W + c], fi = im[r * W + c];
      if (fr === 0 && fi === 0) continue;
      for (let j = 0; j < W; j++) {
        const xr = re[c * W + j], xi = im[c * W + j];
        re[r * W + j] -= fr * xr - fi * xi;
        im[r * W + j] -= fr * xi + fi * xr;
      }
    }
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      y[(i * n + j) * w] = re[i * W + n + j];
      if (w === 2) y[(i * n + j) * w + 1] = im[i * W + n + j];
    }
  return y;
}`;

/** The function MINVERSE_SOURCE defines. */
export const minverse = new Function(`${MINVERSE_SOURCE}\nreturn minverse;`)() as (
  a: ArrayLike<number>,
  n: number,
  w: number,
  y: Float64Array | Float32Array,
) => Float64Array | Float32Array;
