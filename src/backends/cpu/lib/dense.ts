// Runtime helpers that build small dense matrices at kernel creation: the direct forms of
// Toeplitz / circulant / Hankel / convolution operators the planner keeps when they are small,
// and the inverse of a small square matrix (minverse). Precision-free: they run once.
import type { LibEntry } from "./index.js";

export const DENSE: LibEntry[] = [
  {
    name: "structMat",
    generic: true,
    // y [m, n] (width w) of toeplitz(c, r), circulant(c), hankel(c, r) or conv(h) (c = h, off = window offset)
    src: `function structMat(kind, c, lc, r, m, n, off, w, y) {
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let src = null, k = 0;
      if (kind === "toeplitz") { if (i >= j) { src = c; k = i - j; } else { src = r; k = j - i; } }
      else if (kind === "circulant") { src = c; k = (((i - j) % n) + n) % n; }
      else if (kind === "hankel") { if (i + j < m) { src = c; k = i + j; } else { src = r; k = i + j - m + 1; } }
      else { const d = i + off - j; if (d >= 0 && d < lc) { src = c; k = d; } }
      for (let t = 0; t < w; t++) y[(i * n + j) * w + t] = src === null ? 0 : src[k * w + t];
    }
  return y;
}`,
  },
  {
    name: "minverse",
    generic: true,
    // inverse of a square n x n matrix (w = 1 real, 2 complex) by Gauss-Jordan with partial pivoting
    src: `function minverse(a, n, w, y) {
  const W = 2 * n, re = new Float64Array(n * W), im = new Float64Array(n * W);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) { re[i * W + j] = a[(i * n + j) * w]; if (w === 2) im[i * W + j] = a[(i * n + j) * w + 1]; }
    re[i * W + n + i] = 1;
  }
  for (let c = 0; c < n; c++) {
    let piv = c, best = -1;
    for (let r = c; r < n; r++) { const m = Math.hypot(re[r * W + c], im[r * W + c]); if (m > best) { best = m; piv = r; } }
    if (best < 1e-300) throw new RangeError("matrix is singular");
    if (piv !== c) for (let j = 0; j < W; j++) {
      let t = re[c * W + j]; re[c * W + j] = re[piv * W + j]; re[piv * W + j] = t;
      t = im[c * W + j]; im[c * W + j] = im[piv * W + j]; im[piv * W + j] = t;
    }
    const pr = re[c * W + c], pi = im[c * W + c], d = pr * pr + pi * pi, ir = pr / d, ii = -pi / d;
    for (let j = 0; j < W; j++) {
      const xr = re[c * W + j], xi = im[c * W + j];
      re[c * W + j] = xr * ir - xi * ii; im[c * W + j] = xr * ii + xi * ir;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const fr = re[r * W + c], fi = im[r * W + c];
      if (fr === 0 && fi === 0) continue;
      for (let j = 0; j < W; j++) {
        const xr = re[c * W + j], xi = im[c * W + j];
        re[r * W + j] -= fr * xr - fi * xi; im[r * W + j] -= fr * xi + fi * xr;
      }
    }
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) { y[(i * n + j) * w] = re[i * W + n + j]; if (w === 2) y[(i * n + j) * w + 1] = im[i * W + n + j]; }
  return y;
}`,
  },
  {
    name: "eyeRows",
    generic: true,
    // the identity as n rows of width w (rows of a materialised operator's input)
    src: `function eyeRows(y, n, w) {
  y.fill(0);
  for (let i = 0; i < n; i++) y[(i * n + i) * w] = 1;
  return y;
}`,
  },
  {
    name: "revTable",
    generic: true,
    src: `function revTable(n) {
  const t = new Int32Array(n);
  for (let i = 0; i < n; i++) t[i] = n - 1 - i;
  return t;
}`,
  },
];
