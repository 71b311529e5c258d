// Runtime helpers that build small dense matrices at kernel creation: the direct forms of
// Toeplitz / circulant / Hankel / convolution operators the planner keeps when they are small,
// butterfly twiddles turned for inv/.T/.H (block2), and the reference's float64 linear algebra
// (src/backends/shared/linalg.ts: the inverse of a small square matrix, the per-frequency Cayley
// solves, the matrix exponential). Precision-free: they run once.
import { LINALG, type LinalgName } from "../../shared/linalg.js";
import { BLOCK2_SOURCE } from "../../../ir/math/block2.js";
import { math } from "../../../ir/index.js";
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
    name: "block2",
    generic: true,
    // twiddles of inv, .T or .H of butterfly(w): each 2x2 block turned, factor order reversed (the reference's text)
    src: BLOCK2_SOURCE,
  },
  // the reference's own pivoted solve, inverse (minverse), per-frequency Cayley solve (mcayley) and
  // matrix exponential (expmPade), serialised from src/ir/math
  ...(Object.keys(LINALG) as LinalgName[]).map((name) => ({ name, generic: true, src: LINALG[name].src, deps: LINALG[name].deps })),
  {
    name: "chanTranspose",
    generic: true,
    // g[i, o, t] = h[o, i, t'] (w = 1 real, 2 complex), conjugated if conj, t' = (-t) mod n if reverse
    src: `function chanTranspose(h, co, ci, n, w, conj, reverse, y) {
  for (let o = 0; o < co; o++)
    for (let i = 0; i < ci; i++)
      for (let t = 0; t < n; t++) {
        const s = ((o * ci + i) * n + (reverse ? (n - t) % n : t)) * w, d = ((i * co + o) * n + t) * w;
        y[d] = h[s];
        if (w === 2) y[d + 1] = conj ? -h[s + 1] : h[s + 1];
      }
  return y;
}`,
  },
  {
    name: "shMatrix",
    generic: true,
    // Y[k, i] = Y_i(theta_k, phi_k) (and shLegendre): the reference's own spherical-harmonic text
    src: math.SH_SOURCE,
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
