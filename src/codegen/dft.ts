// The DFT codelets, written once over the expression DAG (dag.ts) like genfft's fft.ml: plain
// functions over signals that the backends' unparsers turn into JavaScript text (js.ts), wasm
// SIMD (through lanes.ts) or GPU.js text. `sign` is the exponent sign: -1 for the forward DFT
// e^{-2πi jk/n}, +1 for the inverse.
//
//   DFT_n(x), n = r1·r2, input j = r2·j1 + j2, output k = k1 + r1·k2 (Cooley–Tukey):
//     X[k1 + r1 k2] = Σ_{j2} ω_{r2}^{j2 k2} · ω_n^{j2 k1} · (Σ_{j1} ω_{r1}^{j1 k1} x[r2 j1 + j2])
//   down to the radix-2 butterfly and, for an odd prime p, the symmetric pairs
//     X_j = x_0 + Σ_k (x_k + x_{p-k}) cos(2πjk/p)  ±  i Σ_k (x_k − x_{p-k}) sin(2πjk/p),
//   which halves the multiplies of a dense prime DFT.
// Constant twiddles ω_n^e cost nothing at multiples of a quarter turn (swaps and signs), two
// real multiplies at odd eighths ((±1 ± i)/√2), four elsewhere; equal constants are one node.

import { cis } from "../ir/math/trig.js";
import { type C, type Dag } from "./dag.js";

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** X = DFT_n(x) with exponent sign `sign` (n = x.length, any n >= 1). */
export function dft(d: Dag, x: readonly C[], sign: 1 | -1): C[] {
  const n = x.length;
  if (n === 1) return [x[0]];
  if (n === 2) return [d.cadd(x[0], x[1]), d.csub(x[0], x[1])];
  const r1 = firstFactor(n);
  return r1 === n ? oddPrime(d, x, sign) : cooleyTukey(d, x, r1, n / r1, sign);
}

/** The leaf radix to split off: 4 (or 2) for even sizes, else the smallest prime factor. */
function firstFactor(n: number): number {
  if (n % 4 === 0 && n > 8) return 4;
  if (n % 2 === 0) return 2;
  for (let p = 3; p * p <= n; p += 2) if (n % p === 0) return p;
  return n;
}

function cooleyTukey(d: Dag, x: readonly C[], r1: number, r2: number, sign: 1 | -1): C[] {
  const n = r1 * r2;
  const inner = range(r2).map((j2) => dft(d, range(r1).map((j1) => x[r2 * j1 + j2]), sign).map((v, k1) => twiddle(d, v, sign * j2 * k1, n)));
  const out: C[] = new Array<C>(n);
  for (let k1 = 0; k1 < r1; k1++)
    dft(d, range(r2).map((j2) => inner[j2][k1]), sign).forEach((v, k2) => (out[k1 + r1 * k2] = v));
  return out;
}

function oddPrime(d: Dag, x: readonly C[], sign: 1 | -1): C[] {
  const p = x.length, h = (p - 1) / 2;
  const s = range(h).map((k) => d.cadd(x[k + 1], x[p - k - 1]));
  const t = range(h).map((k) => d.csub(x[k + 1], x[p - k - 1]));
  const out: C[] = new Array<C>(p);
  out[0] = s.reduce((acc, v) => d.cadd(acc, v), x[0]);
  for (let j = 1; j <= h; j++) {
    // A = x_0 + Σ cos·s_k, B = Σ sin·t_k; X_j = A + sign·i·B, X_{p-j} = A − sign·i·B
    const a = s.reduce((acc, v, k) => d.cadd(acc, d.scale(v, cis(j * (k + 1), p)[0])), x[0]);
    const b = t.map((v, k) => d.scale(v, cis(j * (k + 1), p)[1])).reduce((acc, v) => d.cadd(acc, v));
    const ib = d.rot(b, sign);
    out[j] = d.cadd(a, ib);
    out[p - j] = d.csub(a, ib);
  }
  return out;
}

/** a·e^{2πi e/n} for a constant exponent, the cheap angles spelled out. */
export function twiddle(d: Dag, a: C, e: number, n: number): C {
  e = ((e % n) + n) % n;
  if ((4 * e) % n === 0) return d.rot(a, (4 * e) / n);
  if ((8 * e) % n === 0) {
    // (±1 ± i)/√2: a quarter-turn rotation, then e^{iπ/4} = (1 + i)/√2
    const b = d.rot(a, Math.floor((8 * e) / n / 2)), s = d.num(Math.SQRT1_2);
    return { re: d.mul(s, d.sub(b.re, b.im)), im: d.mul(s, d.add(b.re, b.im)) };
  }
  const [c, s] = cis(e, n), kc = d.num(c), ks = d.num(s);
  return { re: d.sub(d.mul(kc, a.re), d.mul(ks, a.im)), im: d.add(d.mul(ks, a.re), d.mul(kc, a.im)) };
}

/**
 * One butterfly of a Stockham pass: DFT_r of the inputs, output j times the run-time twiddle
 * w[j] (null: none; j = 0 never has one), conjugated in inverse passes (`sign` +1: the tables
 * hold the forward twiddles), then times the real `scale`.
 */
export function butterfly(d: Dag, x: readonly C[], w: readonly (C | null)[], sign: 1 | -1, scale: number): C[] {
  return dft(d, x, sign).map((y, j) => {
    const t = w[j] ? d.cmul(y, w[j]!, sign > 0) : y;
    return scale === 1 ? t : d.scale(t, scale);
  });
}
