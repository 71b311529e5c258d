// The arithmetic of linc's MatMul FFT: a DFT of size n = n1·n2·…·nL as L stages, each one
// batched MatMul with the twiddles folded into its weights (Cooley–Tukey written as
// block-diagonal matrices, FlashFFTConv / Monarch style, generalised to any number of levels).
//
// Input digits j = Σ j_a·s_a (j1 most significant, s_a = n_{a+1}···n_L); output digits
// k = Σ k_a·t_a (k1 least significant, t_a = n1···n_{a-1}). Since s_a·t_b ≡ 0 (mod n) for b > a,
//   jk ≡ Σ_a j_a·s_a·(k_a·t_a + K_a)  (mod n),   K_a = Σ_{b<a} k_b·t_b,
// so stage a contracts digit j_a with a matrix that depends only on the digits already produced
// (the "lead" K_a): M_a[K][k, j] = ω^(j·s_a·(k·t_a + K)). Stage a therefore holds t_a matrices of
// n_a x n_a (n·n_a entries in all: O(n) for bounded radices), and no stage needs a twiddle pass.
// The data layout that makes every stage a plain MatMul with no transpose in between is
// [k1, …, k_{a-1}, (c, j_a), j_{a+1}, …, j_L, batch] with c the re/im plane: a stage writes its
// rows as (k_a, c), so the next stage finds (c, j_{a+1}) adjacent. The output comes out in
// digit-reversed order [k1, …, kL, c, batch]; the transposed stages run the same path backwards
// (what an inverse transform of a digit-reversed spectrum needs).

// The stage radices come from the FFT plan the `schedule` pass recorded on the graph (plans.ts).

import { twiddle } from "../../ir/index.js";

export interface Plan {
  n: number;
  dims: number[];
  /** -1: forward e^{-2πi jk/n}; +1: inverse direction. */
  sign: 1 | -1;
}

/** s_a (input digit stride) and t_a (output digit weight) of stage a. */
export const strides = (p: Plan, a: number) => ({
  s: p.dims.slice(a + 1).reduce((x, y) => x * y, 1),
  t: p.dims.slice(0, a).reduce((x, y) => x * y, 1),
});

/** The lead value K of the flattened lead position `pos` over digits k_1..k_{a}, row-major with k_1 first. */
export function leadK(p: Plan, a: number, pos: number): number {
  let K = 0;
  for (let b = a - 1; b >= 0; b--) {
    K += (pos % p.dims[b]) * strides(p, b).t;
    pos = Math.floor(pos / p.dims[b]);
  }
  return K;
}

/** M_a[K][k, j] = ω^(j·s_a·(k·t_a + K)). */
export function stageEntry(p: Plan, a: number, K: number, k: number, j: number): [number, number] {
  const { s, t } = strides(p, a);
  return twiddle(((j * s) % p.n) * (k * t + K), p.n, p.sign); // the exponent < n^2 < 2^53
}

export type Coef = (out: number, inp: number) => [number, number];

export interface RealifyOpts {
  nOut: number;
  nIn: number;
  /** Row order of the output: (index, c) for "ic", (c, index) for "ci". */
  outOrder: "ic" | "ci";
  inOrder: "ic" | "ci";
  realOut?: boolean;
  realIn?: boolean;
}

/** Rows of the realified matrix (the MatMul's left operand) for a complex coefficient map. */
export function realify(f: Coef, o: RealifyOpts, into: Float64Array, offset = 0): number {
  const co = o.realOut ? 1 : 2, ci = o.realIn ? 1 : 2;
  const cols = o.nIn * ci;
  const row = (i: number, c: number) => (o.outOrder === "ic" ? i * co + c : c * o.nOut + i);
  const col = (j: number, c: number) => (o.inOrder === "ic" ? j * ci + c : c * o.nIn + j);
  for (let i = 0; i < o.nOut; i++)
    for (let j = 0; j < o.nIn; j++) {
      const [a, b] = f(i, j);
      into[offset + row(i, 0) * cols + col(j, 0)] = a;
      if (!o.realIn) into[offset + row(i, 0) * cols + col(j, 1)] = -b;
      if (!o.realOut) {
        into[offset + row(i, 1) * cols + col(j, 0)] = b;
        if (!o.realIn) into[offset + row(i, 1) * cols + col(j, 1)] = a;
      }
    }
  return o.nOut * co * cols;
}
