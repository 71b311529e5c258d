// Runtime DCT kernels (scipy.fft's unnormalised types 1-4) through one complex FFT per row.
// F is an in-place complex FFT run function on the float64 scratch S; T holds twiddles built
// by dctTw at load time. Row data is real, in the kernel's precision ($p).
//
//   type II (Makhoul): v = [x0, x2, x4, ..., x5, x3, x1], V = FFT_n(v),
//                      y_k = 2 Re(e^{-i pi k / 2n} V_k)
//   type III (its transpose up to the first column): V_k = e^{i pi k / 2n} (x_k - i x_{n-k}),
//                      v = unnormalised inverse FFT_n(V), y_{2j} = v_j, y_{2j+1} = v_{n-1-j}
//   type IV: Z = FFT_2n(x_j e^{-i pi j / 2n}), y_k = 2 Re(e^{-i pi (2k+1) / 4n} Z_k)
//   type I:  the even extension [x0 .. x_{n-1}, x_{n-2} .. x1] of length 2(n-1); y_k = Re FFT(u)_k
// Norms are applied as scalings: type I/III scale inputs (a0 for the special ones, a for the
// rest), types II/IV scale outputs (s0 for k = 0, s for the rest); see ../dct.ts.
import { TURN_SOURCE } from "../../../ir/index.js";
import type { LibEntry } from "./index.js";

export const DCT: LibEntry[] = [
  {
    name: "dctTw",
    generic: true,
    // type 2/3: e^{i pi k / 2n} for k < n; type 4: e^{-i pi j / 2n} then e^{-i pi (2k+1) / 4n}
    src: `function dctTw(n, type) {
  ${TURN_SOURCE.replace(/\n/g, "\n  ")}
  const T = new Float64Array(type === 4 ? 4 * n : 2 * n);
  for (let k = 0; k < n; k++) {
    turn(type === 4 ? -k : k, 4 * n, T, 2 * k);
    if (type === 4) turn(-(2 * k + 1), 8 * n, T, 2 * n + 2 * k);
  }
  return T;
}`,
  },
  {
    name: "dct2",
    src: `function dct2$p(F, T, S, x, xo, y, yo, n, B, s0, s) {
  for (let b = 0; b < B; b++, xo += n, yo += n) {
    for (let k = 0; 2 * k < n; k++) { S[2 * k] = x[xo + 2 * k]; S[2 * k + 1] = 0; }
    for (let k = 0; 2 * k + 1 < n; k++) { S[2 * (n - 1 - k)] = x[xo + 2 * k + 1]; S[2 * (n - 1 - k) + 1] = 0; }
    F(S, 0, S, 0, 1);
    y[yo] = 2 * S[0] * s0;
    for (let k = 1; k < n; k++) y[yo + k] = 2 * (T[2 * k] * S[2 * k] + T[2 * k + 1] * S[2 * k + 1]) * s;
  }
}`,
  },
  {
    name: "dct3",
    src: `function dct3$p(F, T, S, x, xo, y, yo, n, B, a0, a) {
  for (let b = 0; b < B; b++, xo += n, yo += n) {
    S[0] = x[xo] * a0; S[1] = 0;
    for (let k = 1; k < n; k++) {
      const p = x[xo + k] * a, q = -x[xo + n - k] * a, c = T[2 * k], si = T[2 * k + 1];
      S[2 * k] = c * p - si * q; S[2 * k + 1] = c * q + si * p;
    }
    F(S, 0, S, 0, 1);
    for (let j = 0; 2 * j < n; j++) y[yo + 2 * j] = S[2 * j];
    for (let j = 0; 2 * j + 1 < n; j++) y[yo + 2 * j + 1] = S[2 * (n - 1 - j)];
  }
}`,
  },
  {
    name: "dct4",
    src: `function dct4$p(F, T, S, x, xo, y, yo, n, B, s0, s) {
  for (let b = 0; b < B; b++, xo += n, yo += n) {
    for (let j = 0; j < n; j++) { const v = x[xo + j]; S[2 * j] = v * T[2 * j]; S[2 * j + 1] = v * T[2 * j + 1]; }
    for (let j = 2 * n; j < 4 * n; j++) S[j] = 0;
    F(S, 0, S, 0, 1);
    for (let k = 0; k < n; k++) y[yo + k] = 2 * (T[2 * n + 2 * k] * S[2 * k] - T[2 * n + 2 * k + 1] * S[2 * k + 1]) * s;
  }
}`,
  },
  {
    name: "dct1",
    // a0 scales the end samples x0, x_{n-1} on the way in; s scales every output and s0 (times
    // s) the end outputs y0, y_{n-1}
    src: `function dct1$p(F, T, S, x, xo, y, yo, n, B, a0, s0, s) {
  const M = 2 * (n - 1);
  for (let b = 0; b < B; b++, xo += n, yo += n) {
    S[0] = x[xo] * a0; S[1] = 0;
    S[2 * (n - 1)] = x[xo + n - 1] * a0; S[2 * (n - 1) + 1] = 0;
    for (let j = 1; j < n - 1; j++) { const v = x[xo + j]; S[2 * j] = v; S[2 * j + 1] = 0; S[2 * (M - j)] = v; S[2 * (M - j) + 1] = 0; }
    F(S, 0, S, 0, 1);
    for (let k = 0; k < n; k++) y[yo + k] = S[2 * k] * s;
    y[yo] *= s0; y[yo + n - 1] *= s0;
  }
}`,
  },
];
