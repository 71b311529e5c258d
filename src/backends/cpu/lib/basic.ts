// Runtime kernels that move and combine rows of data: copies, promotion to complex, windows,
// gathers, transposes, scaling. They are JavaScript source, pasted into every generated kernel
// that uses them (in-process and in emitted modules alike), so one text is all there is.
//
// Conventions: `$p` is replaced by the precision suffix (_d for Float64Array, _s for
// Float32Array) so each typed-array type gets its own monomorphic copy. Offsets and counts are
// in array elements (floats). `w` is the width of one element: 1 for real data, 2 for
// interleaved complex data moved by a real-coefficient operation (its re and im parts travel
// together). `B` is the number of rows.
import { BASE64_DECODE, BASE64_DECODER } from "../../../codegen/base64.js";
import type { LibEntry } from "./index.js";

export const BASIC: LibEntry[] = [
  {
    name: "copy",
    src: `function copy$p(x, xo, y, yo, count) {
  for (let i = 0; i < count; i++) y[yo + i] = x[xo + i];
}`,
  },
  {
    name: "r2c",
    // real data -> interleaved complex with zero imaginary parts
    src: `function r2c$p(x, xo, y, yo, count) {
  for (let i = 0; i < count; i++) { y[yo + 2 * i] = x[xo + i]; y[yo + 2 * i + 1] = 0; }
}`,
  },
  {
    name: "c2r",
    // real parts of interleaved complex data
    src: `function c2r$p(x, xo, y, yo, count) {
  for (let i = 0; i < count; i++) y[yo + i] = x[xo + 2 * i];
}`,
  },
  {
    name: "window",
    // y[b, i] = x[b, i + off] where 0 <= i + off < cols, else 0: slice, pad, window(), blockdiag columns
    src: `function window$p(x, xo, cols, y, yo, rows, off, B, w) {
  const lo = Math.max(0, -off), hi = Math.min(rows, cols - off);
  for (let b = 0; b < B; b++) {
    const xb = xo + b * cols * w, yb = yo + b * rows * w;
    for (let i = 0; i < lo * w; i++) y[yb + i] = 0;
    for (let i = lo * w; i < hi * w; i++) y[yb + i] = x[xb + i + off * w];
    for (let i = Math.max(lo, hi) * w; i < rows * w; i++) y[yb + i] = 0;
  }
}`,
  },
  {
    name: "place",
    // y[b, off + i] = x[b, i]: write rows of a block into columns [off, off + rows) of wider rows
    src: `function place$p(x, xo, rows, y, yo, cols, off, B, w) {
  for (let b = 0; b < B; b++) {
    const xb = xo + b * rows * w, yb = yo + (b * cols + off) * w;
    for (let i = 0; i < rows * w; i++) y[yb + i] = x[xb + i];
  }
}`,
  },
  {
    name: "gather",
    // y[b, i] = x[b, idx[i]] (perm, bitrev, stride)
    src: `function gather$p(x, xo, y, yo, idx, n, B, w) {
  if (w === 1) {
    for (let b = 0; b < B; b++, xo += n, yo += n) for (let i = 0; i < n; i++) y[yo + i] = x[xo + idx[i]];
  } else {
    for (let b = 0; b < B; b++, xo += 2 * n, yo += 2 * n)
      for (let i = 0; i < n; i++) { const j = xo + 2 * idx[i]; y[yo + 2 * i] = x[j]; y[yo + 2 * i + 1] = x[j + 1]; }
  }
}`,
  },
  {
    name: "tr",
    // per row: view as [a, c] row-major, write the transpose [c, a]
    src: `function tr$p(x, xo, y, yo, a, c, B, w) {
  const n = a * c * w;
  for (let b = 0; b < B; b++, xo += n, yo += n)
    for (let i = 0; i < a; i++)
      for (let j = 0; j < c; j++)
        for (let k = 0; k < w; k++) y[yo + (j * a + i) * w + k] = x[xo + (i * c + j) * w + k];
}`,
  },
  {
    name: "scal",
    src: `function scal$p(y, yo, count, s) {
  for (let i = 0; i < count; i++) y[yo + i] *= s;
}`,
  },
  {
    name: "cscal",
    // count complex elements times (re + i im)
    src: `function cscal$p(y, yo, count, re, im) {
  for (let i = 0; i < count; i++) {
    const a = y[yo + 2 * i], b = y[yo + 2 * i + 1];
    y[yo + 2 * i] = a * re - b * im; y[yo + 2 * i + 1] = a * im + b * re;
  }
}`,
  },
  {
    name: "acc",
    src: `function acc$p(y, yo, t, to, count) {
  for (let i = 0; i < count; i++) y[yo + i] += t[to + i];
}`,
  },
  {
    name: "deint",
    // complex rows [B, n] -> real planes [2B, n]: row 2b holds the real parts, 2b+1 the imaginary
    src: `function deint$p(x, xo, y, n, B) {
  for (let b = 0; b < B; b++) {
    const xb = xo + 2 * b * n, r = 2 * b * n, q = r + n;
    for (let i = 0; i < n; i++) { y[r + i] = x[xb + 2 * i]; y[q + i] = x[xb + 2 * i + 1]; }
  }
}`,
  },
  {
    name: "inter",
    // inverse of deint
    src: `function inter$p(x, y, yo, n, B) {
  for (let b = 0; b < B; b++) {
    const yb = yo + 2 * b * n, r = 2 * b * n, q = r + n;
    for (let i = 0; i < n; i++) { y[yb + 2 * i] = x[r + i]; y[yb + 2 * i + 1] = x[q + i]; }
  }
}`,
  },
  {
    name: "pairIn",
    // real rows [B, n] -> complex rows [ceil(B/2), n]: row 2r the real parts, 2r+1 the imaginary (0 past the last)
    src: `function pairIn$p(x, xo, y, n, B) {
  for (let r = 0; 2 * r < B; r++) {
    const a = xo + 2 * r * n, c = a + n, o = 2 * r * n;
    if (2 * r + 1 < B) for (let i = 0; i < n; i++) { y[o + 2 * i] = x[a + i]; y[o + 2 * i + 1] = x[c + i]; }
    else for (let i = 0; i < n; i++) { y[o + 2 * i] = x[a + i]; y[o + 2 * i + 1] = 0; }
  }
}`,
  },
  {
    name: "pairOut",
    // inverse of pairIn: complex rows [ceil(B/2), n] -> real rows [B, n]
    src: `function pairOut$p(x, y, yo, n, B) {
  for (let r = 0; 2 * r < B; r++) {
    const a = yo + 2 * r * n, c = a + n, o = 2 * r * n;
    if (2 * r + 1 < B) for (let i = 0; i < n; i++) { y[a + i] = x[o + 2 * i]; y[c + i] = x[o + 2 * i + 1]; }
    else for (let i = 0; i < n; i++) y[a + i] = x[o + 2 * i];
  }
}`,
  },
  {
    name: "fillc",
    src: `function fillc$p(y, re) {
  for (let i = 0; i < y.length; i += 2) { y[i] = re; y[i + 1] = 0; }
}`,
  },
  // ---- precision-free helpers (run once, at load or kernel creation) ----------------------
  {
    name: "convert",
    generic: true,
    // any float array into another, promoting real to complex (kin/kout: 1 real, 2 complex)
    src: `function convert(x, kin, y, kout) {
  const n = x.length / kin;
  if (kin === kout) for (let i = 0; i < x.length; i++) y[i] = x[i];
  else if (kout === 2) for (let i = 0; i < n; i++) { y[2 * i] = x[i]; y[2 * i + 1] = 0; }
  else for (let i = 0; i < n; i++) y[i] = x[2 * i];
  return y;
}`,
  },
  {
    name: "transpose2",
    generic: true,
    // [r, c] -> [c, r] of width w, optionally conjugated (w = 2)
    src: `function transpose2(x, r, c, w, conj, y) {
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++)
      for (let k = 0; k < w; k++) y[(j * r + i) * w + k] = (conj && k === 1 ? -1 : 1) * x[(i * c + j) * w + k];
  return y;
}`,
  },
  {
    name: "permTable",
    generic: true,
    src: `function permTable(p, n) {
  const t = new Int32Array(n), seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = Number(p[i]);
    if (!(v >= 0 && v < n && v === Math.floor(v)) || seen[v]) {
      const e = new RangeError("E0603: perm(): p is not a permutation of 0.." + (n - 1) + ": at index " + i + ", " + p[i]);
      e.code = "E0603";
      throw e;
    }
    seen[v] = 1; t[i] = v;
  }
  return t;
}`,
  },
  {
    name: "invertTable",
    generic: true,
    // q[t[i]] = i: the inverse of a (checked) permutation table
    src: `function invertTable(t, q) {
  for (let i = 0; i < t.length; i++) q[t[i]] = i;
  return q;
}`,
  },
  {
    name: "circEmbed",
    generic: true,
    // first column of the N-circulant embedding toeplitz(c, r) (or hankel(c, r)); w = 1 or 2
    src: `function circEmbed(c, m, r, nr, N, hankel, w, y) {
  const h = (k, t) => (k < m ? c[k * w + t] : r[(k - m + 1) * w + t]);
  for (let t = 0; t < w; t++) {
    for (let i = 0; i < m; i++) y[i * w + t] = hankel ? h(i + nr - 1, t) : c[i * w + t];
    for (let j = 1; j < nr; j++) y[(N - j) * w + t] = hankel ? h(nr - 1 - j, t) : r[j * w + t];
  }
  return y;
}`,
  },
  {
    name: "decode64",
    generic: true,
    // little-endian float64 (or int64) bytes in base64 -> typed array of the given kind
    src: `function decode64(s, kind) {
  ${BASE64_DECODER.replace(/\n/g, "\n  ")}
  const bytes = ${BASE64_DECODE}(s);
  if (kind === "i64") return new BigInt64Array(bytes.buffer);
  const d = new Float64Array(bytes.buffer);
  return kind === "f32" ? Float32Array.from(d) : d;
}`,
  },
];
