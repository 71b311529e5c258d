// Runtime kernels of the structured operators: batched (block) matrix products, diagonal
// scaling, the fast Walsh-Hadamard transform, butterfly factors, and the DFT of real rows
// (two per complex transform). JavaScript source with `$p` precision suffixes (see basic.ts).
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
    name: "diag_r",
    // y[b, i] = v[i] x[b, i] with real v; w = 2 scales both parts of complex data
    src: `function diag_r$p(v, x, xo, y, yo, n, B, w) {
  for (let b = 0; b < B; b++, xo += n * w, yo += n * w)
    if (w === 1) for (let i = 0; i < n; i++) y[yo + i] = v[i] * x[xo + i];
    else for (let i = 0; i < n; i++) { const s = v[i]; y[yo + 2 * i] = s * x[xo + 2 * i]; y[yo + 2 * i + 1] = s * x[xo + 2 * i + 1]; }
}`,
  },
  {
    name: "diag_c",
    src: `function diag_c$p(v, x, xo, y, yo, n, B) {
  for (let b = 0; b < B; b++, xo += 2 * n, yo += 2 * n)
    for (let i = 0; i < n; i++) {
      const vr = v[2 * i], vi = v[2 * i + 1], xr = x[xo + 2 * i], xi = x[xo + 2 * i + 1];
      y[yo + 2 * i] = vr * xr - vi * xi; y[yo + 2 * i + 1] = vr * xi + vi * xr;
    }
}`,
  },
  {
    name: "diagblocks_c",
    // y[b, o, k] = sum_i D[o, i, k] x[b, i, k]: the block matrix of diagonals, D [co, ci, n] complex
    src: `function diagblocks_c$p(D, x, xo, y, yo, co, ci, n, B) {
  for (let b = 0; b < B; b++, xo += 2 * ci * n, yo += 2 * co * n)
    for (let o = 0; o < co; o++)
      for (let k = 0; k < n; k++) {
        let sr = 0, si = 0;
        for (let i = 0; i < ci; i++) {
          const d = 2 * ((o * ci + i) * n + k), xi = xo + 2 * (i * n + k);
          const dr = D[d], dm = D[d + 1], xr = x[xi], xm = x[xi + 1];
          sr += dr * xr - dm * xm; si += dr * xm + dm * xr;
        }
        y[yo + 2 * (o * n + k)] = sr; y[yo + 2 * (o * n + k) + 1] = si;
      }
}`,
  },
  {
    name: "bfly_r",
    // log2 n butterfly factors with real twiddles W[L, n/2, 2, 2] (torch-butterfly layout),
    // strides 1, 2, 4, ... when increasing; in place on y after copying x
    src: `function bfly_r$p(W, x, xo, y, yo, n, B, w, inc) {
  let L = 0;
  while ((1 << L) < n) L++;
  for (let bt = 0; bt < B; bt++, xo += n * w, yo += n * w) {
    for (let i = 0; i < n * w; i++) y[yo + i] = x[xo + i];
    for (let f = 0; f < L; f++) {
      const s = 1 << (inc ? f : L - 1 - f), base = f * n * 2;
      for (let blk = 0; blk < n / (2 * s); blk++)
        for (let j = 0; j < s; j++) {
          const q = base + 4 * (blk * s + j), a = W[q], c = W[q + 1], d = W[q + 2], e = W[q + 3];
          const i0 = yo + (2 * s * blk + j) * w, i1 = i0 + s * w;
          for (let k = 0; k < w; k++) {
            const u = y[i0 + k], v = y[i1 + k];
            y[i0 + k] = a * u + c * v; y[i1 + k] = d * u + e * v;
          }
        }
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
