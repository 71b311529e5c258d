// Straight-line DFT codelets of any small size, generated symbolically.
//
//   DFT(r1·r2) = (DFT(r1) ⊗ I) · T · (I ⊗ DFT(r2))-style Cooley–Tukey on symbolic values,
//   down to two leaves: the radix-2 butterfly and the odd-prime pairing
//     X_j = x_0 + Σ_k (x_k + x_{p-k}) cos(2πjk/p)  ∓  i Σ_k (x_k − x_{p-k}) sin(2πjk/p),
//   which halves the multiplies of a dense prime DFT.
// `sign` is the exponent sign: -1 for the forward DFT e^{-2πi jk/n}, +1 for the inverse.

import { cis } from "../../../ir/index.js";
import { Cplx, Emitter } from "./emitter.js";

/** Emits code computing X = DFT_r(x) (r = x.length) with exponent sign `sign`; returns X. */
export function emitDFT(em: Emitter, x: Cplx[], sign: 1 | -1): Cplx[] {
  const n = x.length;
  if (n === 1) return [x[0]];
  if (n === 2) return [em.add(x[0], x[1]), em.sub(x[0], x[1])];
  const r1 = firstFactor(n);
  if (r1 === n) return emitOddPrime(em, x, sign);
  return emitCooleyTukey(em, x, r1, n / r1, sign);
}

/** The leaf radix to split off: 4 (or 2) for even sizes, else the smallest prime factor. */
function firstFactor(n: number): number {
  if (n % 4 === 0 && n > 8) return 4;
  if (n % 2 === 0) return 2;
  for (let p = 3; p * p <= n; p += 2) if (n % p === 0) return p;
  return n;
}

/**
 * n = r1·r2, input j = r2·j1 + j2, output k = k1 + r1·k2:
 *   X[k1 + r1 k2] = Σ_{j2} ω_{r2}^{j2 k2} · ω_n^{j2 k1} · (Σ_{j1} ω_{r1}^{j1 k1} x[r2 j1 + j2]).
 */
function emitCooleyTukey(em: Emitter, x: Cplx[], r1: number, r2: number, sign: 1 | -1): Cplx[] {
  const n = r1 * r2;
  const inner: Cplx[][] = [];
  for (let j2 = 0; j2 < r2; j2++) {
    const col = emitDFT(em, range(r1).map((j1) => x[r2 * j1 + j2]), sign);
    inner.push(col.map((v, k1) => em.twiddle(v, sign * j2 * k1, n)));
  }
  const out: Cplx[] = new Array(n);
  for (let k1 = 0; k1 < r1; k1++) {
    const row = emitDFT(em, range(r2).map((j2) => inner[j2][k1]), sign);
    row.forEach((v, k2) => (out[k1 + r1 * k2] = v));
  }
  return out;
}

function emitOddPrime(em: Emitter, x: Cplx[], sign: 1 | -1): Cplx[] {
  const p = x.length;
  const h = (p - 1) / 2;
  const s: Cplx[] = [];
  const d: Cplx[] = [];
  for (let k = 1; k <= h; k++) {
    s.push(em.add(x[k], x[p - k]));
    d.push(em.sub(x[k], x[p - k]));
  }
  const out: Cplx[] = new Array(p);
  let sum = x[0];
  for (const v of s) sum = em.add(sum, v);
  out[0] = sum;
  for (let j = 1; j <= h; j++) {
    const cs = range(h).map((k) => cis(j * (k + 1), p)[0]);
    const sn = range(h).map((k) => cis(j * (k + 1), p)[1]);
    const a = {
      re: em.dotR([x[0].re, ...s.map((v) => v.re)], [1, ...cs]),
      im: em.dotR([x[0].im, ...s.map((v) => v.im)], [1, ...cs]),
    };
    const b = { re: em.dotR(d.map((v) => v.re), sn), im: em.dotR(d.map((v) => v.im), sn) };
    // sign·i·B = rotate(B, sign); X_j = A + sign·i·B, X_{p-j} = A − sign·i·B.
    const ib = em.rotate(b, sign === 1 ? 1 : 3);
    out[j] = em.add(a, ib);
    out[p - j] = em.sub(a, ib);
  }
  return out;
}

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
