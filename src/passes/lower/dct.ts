// The one lowering of the DCT (types 1-4, scipy.fft's norms) and the DST to stages, through one
// complex FFT per vector. Every formula is complex-linear, so a complex vector (the real and
// imaginary parts of a row, transformed apart by the real matrix) takes one FFT, not two:
// where a real-data kernel keeps 2 Re(t_k V_k) of a spectrum V that is Hermitian for real input,
// the lowering writes t_k V_k + conj(t_k) V_{-k}, equal to it on real data and linear.
//
//   I    (FFT of M = 2(n-1))  the even extension [x_0 .. x_{n-1}, x_{n-2} .. x_1]; the first n bins
//   II   (n, Makhoul)         v = [x_0, x_2, x_4, .., x_5, x_3, x_1], V = FFT_n v,
//                            y_k = t_k V_k + conj(t_k) V_{(n-k) mod n}, t_k = e^{-iπk/2n}
//   II   (2n)                y_k = t_k (FFT_2n [x, rev x])_k
//   III  (n, Makhoul)        V_k = conj(t_k) (x_k − i x_{n-k}) (x_n = 0), v = IFFT_n V (unnormalised),
//                            y_{2j} = v_j, y_{2j+1} = v_{n-1-j}
//   III  (2n)                the transpose of II (2n): Z = FFT_2n (t ⊙ x, zero-padded), y_j = Z_j + Z_{2n-1-j}
//                            (DCT-III = DCT-II^T with its first column halved)
//   IV   (2n)                the odd-time odd-frequency DFT of [x, −rev x]:
//                            y_k = e^{-iπ(2k+1)/4n} (FFT_2n (e^{-iπj/2n} [x, −rev x]_j))_k
//   DST-II = J DCT-II D, DST-III = D DCT-III J, DST-IV = D DCT-IV J (D = diag((-1)^j), J the
//   reversal; inverses reversed); DST-I: i s (FFT_M [0, x, 0, −rev x])_{k+1}, M = 2(n+1).
//
// Norms as scipy's (src/ir/math/dct.ts): the inverse is the forward transform of the inverse type
// and the swapped norm; "ortho" rescales the end samples, folded into the pre- and post-twiddle
// tables. Which FFT size types II and III run is the schedule's (`dctFftSize`, the recorded plan).
import { type FftPlan, type Norm, math, twiddle } from "../../ir/index.js";
import { type ProgramBuilder, complexTable, indexTable } from "./program.js";
import { fft } from "./fft.js";

type C = readonly [number, number];
const times = (s: number, [re, im]: C): [number, number] => [s * re, s * im];

/** The FFT sizes a forward DCT of type t runs, the preferred first. */
export const dctFftSizes = (n: number, type: number): number[] => (type === 1 ? [2 * (n - 1)] : type === 4 ? [2 * n] : [n, 2 * n]);

/** scipy's norm factor of a transform whose unnormalised square is M·I: 1, 1/√M or 1/M. */
const normFactor = (M: number, norm: Norm): number => (norm === "forward" ? 1 / M : norm === "ortho" ? 1 / Math.sqrt(M) : 1);

/**
 * y = dct(n, type, norm, inverse) x for complex x, y of n entries; `plan` the complex FFT it runs
 * (its size, one of dctFftSizes of the forward type, picks the algorithm of types II and III).
 */
export function dct(b: ProgramBuilder, n: number, type0: number, norm0: Norm, inverse: boolean, plan: FftPlan, x: string, y: string): void {
  const { type, norm } = math.dctForward(type0, norm0, inverse);
  const f = normFactor(type === 1 ? 2 * (n - 1) : 2 * n, norm), ortho = norm === "ortho", key = `dct${type} n=${n} ${norm}`;
  const table = (name: string, len: number, g: (k: number) => C) => b.table(`${key} ${name}`, () => complexTable(len, g));
  const tw = (k: number) => twiddle(k, 4 * n, -1); // t_k = e^{-iπk/2n}
  if (type === 1) {
    const M = 2 * (n - 1), e = b.temp(M), E = b.temp(M);
    b.stage("gather", [x], e, n, { index: b.table(`even extension n=${n}`, () => indexTable(M, (j) => (j < n ? j : M - j))), m: M, conj: false });
    if (ortho) b.stage("mul", [e], e, M, { table: table("pre", M, (j) => [j === 0 || j === n - 1 ? Math.SQRT2 : 1, 0]), conj: false });
    fft(b, plan, -1, e, E);
    b.stage("window", [E], y, M, { m: n, offset: 0 });
    if (ortho) b.stage("mul", [y], y, n, { table: table("post", n, (k) => [k === 0 || k === n - 1 ? f * Math.SQRT1_2 : f, 0]), conj: false });
    else if (f !== 1) b.stage("scale", [y], y, n, { s: f });
    return;
  }
  if (type === 2) {
    // the output scale s_k (ortho: f/√2 for k = 0) folded into t
    const t = table(`t${plan.n === n ? "" : " 2n"}`, n, (k) => times(ortho && k === 0 ? f * Math.SQRT1_2 : f, tw(k)));
    if (plan.n === n) {
      const v = b.temp(n), V = b.temp(n), P = b.temp(n), Q = b.temp(n);
      b.stage("gather", [x], v, n, { index: b.table(`makhoul n=${n}`, () => indexTable(n, (k) => (2 * k < n ? 2 * k : 2 * (n - 1 - k) + 1))), m: n, conj: false });
      fft(b, plan, -1, v, V);
      b.stage("mul", [V], P, n, { table: t, conj: false });
      b.stage("gather", [V], Q, n, { index: b.table(`mirror mod ${n}`, () => indexTable(n, (k) => (n - k) % n)), m: n, conj: false });
      b.stage("mul", [Q], Q, n, { table: t, conj: true });
      b.stage("add", [P, Q], y, n, {});
      return;
    }
    const e = b.temp(2 * n), E = b.temp(2 * n);
    b.stage("gather", [x], e, n, { index: b.table(`even extension 2n n=${n}`, () => indexTable(2 * n, (j) => (j < n ? j : 2 * n - 1 - j))), m: 2 * n, conj: false });
    fft(b, plan, -1, e, E);
    b.stage("window", [E], y, 2 * n, { m: n, offset: 0 });
    b.stage("mul", [y], y, n, { table: t, conj: false });
    return;
  }
  if (type === 3) {
    // the input scale a_k (ortho: √2 f for k = 0) folded into the twiddles
    const a = (k: number) => (ortho && k === 0 ? Math.SQRT2 * f : f);
    if (plan.n === n) {
      const A = b.temp(n), Q = b.temp(n), v = b.temp(n);
      b.stage("mul", [x], A, n, { table: table("t", n, (k) => times(a(k), twiddle(k, 4 * n, 1))), conj: false }); // conj(t_k) a_k x_k
      b.stage("gather", [x], Q, n, { index: b.table(`x_{n-k} n=${n}`, () => indexTable(n, (k) => (k === 0 ? -1 : n - k))), m: n, conj: false });
      b.stage("mul", [Q], Q, n, { table: table("-it", n, (k) => { const [c, s] = twiddle(k, 4 * n, 1); return [f * s, -f * c]; }), conj: false }); // −i conj(t_k) f x_{n-k}
      b.stage("add", [A, Q], A, n, {});
      fft(b, plan, 1, A, v);
      b.stage("gather", [v], y, n, { index: b.table(`makhoul out n=${n}`, () => indexTable(n, (k) => (k % 2 ? n - 1 - (k - 1) / 2 : k / 2))), m: n, conj: false });
      return;
    }
    const z = b.temp(n), Z0 = b.temp(2 * n), Z = b.temp(2 * n), R = b.temp(n);
    b.stage("mul", [x], z, n, { table: table("t 2n", n, (k) => times(k === 0 ? a(0) / 2 : a(k), tw(k))), conj: false });
    b.stage("window", [z], Z0, n, { m: 2 * n, offset: 0 });
    fft(b, plan, -1, Z0, Z);
    b.stage("gather", [Z], R, 2 * n, { index: b.table(`reversal of ${2 * n} to ${n}`, () => indexTable(n, (j) => 2 * n - 1 - j)), m: n, conj: false });
    b.stage("window", [Z], y, 2 * n, { m: n, offset: 0 });
    b.stage("add", [y, R], y, n, {});
    return;
  }
  const v = b.temp(2 * n), V = b.temp(2 * n);
  b.stage("gather", [x], v, n, { index: b.table(`even extension 2n n=${n}`, () => indexTable(2 * n, (j) => (j < n ? j : 2 * n - 1 - j))), m: 2 * n, conj: false });
  b.stage("mul", [v], v, 2 * n, { table: table("pre", 2 * n, (j) => times(j < n ? 1 : -1, tw(j))), conj: false }); // e^{-iπj/2n} [x, −rev x]_j
  fft(b, plan, -1, v, V);
  b.stage("window", [V], y, 2 * n, { m: n, offset: 0 });
  b.stage("mul", [y], y, n, { table: table("post", n, (k) => times(f, twiddle(2 * k + 1, 8 * n, -1))), conj: false });
}

/** y = dst(n, type, norm, inverse) x; `plans`: the FFT of a forward DCT of a type, and of a size. */
export function dst(b: ProgramBuilder, n: number, type: number, norm: Norm, inverse: boolean, plans: { dct(type: number): FftPlan; fft(n: number): FftPlan }, x: string, y: string): void {
  if (type === 1) {
    const M = 2 * (n + 1), f = normFactor(M, norm), s = inverse ? 1 / (M * f) : f; // DST-I squared is M·I
    const e = b.temp(M), E = b.temp(M);
    b.stage("gather", [x], e, n, { index: b.table(`odd extension n=${n}`, () => indexTable(M, (j) => (j >= 1 && j <= n ? j - 1 : j >= n + 2 ? M - j - 1 : -1))), m: M, conj: false });
    b.stage("mul", [e], e, M, { table: b.table(`odd signs n=${n}`, () => complexTable(M, (j) => [j > n + 1 ? -1 : 1, 0])), conj: false });
    fft(b, plans.fft(M), -1, e, E);
    b.stage("window", [E], y, M, { m: n, offset: 1 });
    b.stage("mul", [y], y, n, { table: b.table(`dst1 n=${n} i·${s}`, () => complexTable(n, () => [0, s])), conj: false });
    return;
  }
  const C = (u: string, v: string) => dct(b, n, type, norm, inverse, plans.dct(math.dctForward(type, norm, inverse).type), u, v);
  const D = (u: string, v: string) => b.stage("mul", [u], v, n, { table: b.table(`(-1)^j n=${n}`, () => complexTable(n, (j) => [j % 2 ? -1 : 1, 0])), conj: false });
  const J = (u: string, v: string) => b.stage("gather", [u], v, n, { index: b.table(`reversal n=${n}`, () => indexTable(n, (j) => n - 1 - j)), m: n, conj: false });
  // the factors in the order they act on x
  const first = (type === 2) !== inverse ? D : J, last = first === D ? J : D;
  const u = b.temp(n), v = b.temp(n);
  first(x, u);
  C(u, v);
  last(v, y);
}
