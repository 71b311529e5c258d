// Runtime kernels of the structured operators: batched (block) matrix products (the dense form of
// small Toeplitz-like operators) and the DFT of real rows. JavaScript source with `$p` precision
// suffixes (see basic.ts).
import type { LibEntry } from "./index.js";

export const LINEAR: LibEntry[] = [
  {
    name: "bmm_r",
    // real block-diagonal product: y[b, k, o, a] = sum_i W[k, o, i] x[b, k, i, a] for nb blocks.
    // `after` > 1 applies the blocks along an inner axis (kron factors; complex data as a = re/im).
    src: `function bmm_r$p(W, nb, out, inn, x, xo, y, yo, B, after) {
  if (after === 1) {
    for (let b = 0; b < B; b++)
      for (let k = 0; k < nb; k++) {
        const xb = xo + (b * nb + k) * inn, yb = yo + (b * nb + k) * out, wb = k * out * inn;
        for (let o = 0; o < out; o++) {
          let s = 0;
          const wr = wb + o * inn;
          for (let i = 0; i < inn; i++) s += W[wr + i] * x[xb + i];
          y[yb + o] = s;
        }
      }
    return;
  }
  for (let b = 0; b < B; b++)
    for (let k = 0; k < nb; k++) {
      const xb = xo + (b * nb + k) * inn * after, yb = yo + (b * nb + k) * out * after, wb = k * out * inn;
      for (let o = 0; o < out; o++) {
        const yr = yb + o * after;
        for (let a = 0; a < after; a++) y[yr + a] = 0;
        for (let i = 0; i < inn; i++) {
          const wv = W[wb + o * inn + i], xr = xb + i * after;
          if (wv !== 0) for (let a = 0; a < after; a++) y[yr + a] += wv * x[xr + a];
        }
      }
    }
}`,
  },
  {
    name: "bmm_c",
    // complex block-diagonal product, all arrays interleaved complex; `after` as in bmm_r
    src: `function bmm_c$p(W, nb, out, inn, x, xo, y, yo, B, after) {
  for (let b = 0; b < B; b++)
    for (let k = 0; k < nb; k++) {
      const xb = xo + 2 * (b * nb + k) * inn * after, yb = yo + 2 * (b * nb + k) * out * after, wb = 2 * k * out * inn;
      for (let o = 0; o < out; o++)
        for (let a = 0; a < after; a++) {
          let sr = 0, si = 0;
          for (let i = 0; i < inn; i++) {
            const wi = wb + 2 * (o * inn + i), xi = xb + 2 * (i * after + a);
            const wr = W[wi], wm = W[wi + 1], xr = x[xi], xm = x[xi + 1];
            sr += wr * xr - wm * xm; si += wr * xm + wm * xr;
          }
          y[yb + 2 * (o * after + a)] = sr; y[yb + 2 * (o * after + a) + 1] = si;
        }
    }
}`,
  },
  {
    name: "rfull",
    // DFT of real rows: rfft into the first n/2+1 bins of each complex row, then the rest by
    // Hermitian symmetry X[n-k] = conj X[k]
    // (inverse DFT of real rows: the conjugate of the forward one)
    src: `function rfull$p(R, x, xo, y, yo, n, B, inv) {
  for (let b = 0; b < B; b++, xo += n, yo += 2 * n) {
    R(x, xo, y, yo, 1);
    for (let k = (n >> 1) + 1; k < n; k++) { y[yo + 2 * k] = y[yo + 2 * (n - k)]; y[yo + 2 * k + 1] = -y[yo + 2 * (n - k) + 1]; }
    if (inv) for (let k = 1; k < n; k++) y[yo + 2 * k + 1] = -y[yo + 2 * k + 1];
  }
}`,
  },
];
