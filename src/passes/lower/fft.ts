// The one lowering of a recorded FFT plan (FftPlan, RealFftPlan: src/ir/ops.ts) to stages. Every
// function computes an unnormalised transform from one complex buffer into another, distinct
// one; the kernel ops (ops.ts) add their norm's scale. Tables are float64, computed here once
// per program by the IR's trig routines (`twiddle`, Bluestein's `bluesteinTables`).
//
//   direct      y = DFT_n x, one codelet
//   mixed       Stockham passes of the plan's radices: pass i at stride s_i = r_0⋯r_{i-1}
//   rader       n prime, g a generator mod n: X_0 = x_0 + Σ_q a_q and X_{g^-q} = x_0 + (a ⊛ b)_q
//               with a_q = x_{g^q}, b_q = ω^{g^-q}, the cyclic convolution by FFTs of n − 1
//   bluestein   X_k = c_k Σ_j (x_j c_j) conj(c_{k−j}), c_j = e^{sign·iπj²/n}: a convolution of m points
//   half-size   n = 2h reals as h complex pairs, an h-point FFT, then real_split (real_join back)
import { type FftPlan, type RealFftPlan, cisTable, describePlan, fail, math, passTwiddles, realLength, stockhamPasses, twiddle } from "../../ir/index.js";
import { ProgramBuilder, complexTable, indexTable } from "./program.js";

type Sign = 1 | -1;

/**
 * The most bytes of float64 tables the stage program of one FFT may hold: its tables are computed
 * when the graph is lowered and carried by the program, so a plan whose tables (fftTableBytes)
 * would pass this is refused (E0801) before any is allocated. 2 GiB: the tables of the largest
 * transform the operator limit admits (a dft of 2^26 points holds about 4/3 · 2^26 complex
 * twiddles, 1.4 GB), as the cpu and wasm backends compiled before the lowering; Bluestein
 * above about 2^24 points (two FFTs of m >= 2n points) is refused.
 */
export const MAX_STAGE_TABLE_BYTES = 2 ** 31;

/** The bytes of float64 tables the stage program of a plan holds (what fft() below allocates). */
export function fftTableBytes(plan: FftPlan): number {
  switch (plan.algo) {
    case "direct": return 0;
    case "mixed": return 16 * stockhamPasses(plan.radices).reduce((t, { r, m }) => t + (m > 1 ? m * r : 0), 0);
    // three index tables of n - 1 and one of 1, the spectrum of b, then the inner FFT both ways
    case "rader": return 8 * (3 * (plan.n - 1) + 1) + 16 * (plan.n - 1) + 2 * fftTableBytes(plan.inner);
    // the chirp and the filter, then the inner FFT both ways
    case "bluestein": return 16 * (plan.n + plan.m) + 2 * fftTableBytes(plan.inner);
  }
}

/** Refuse (E0801) a plan whose tables would pass MAX_STAGE_TABLE_BYTES, before they are allocated. */
function checkTables(plan: FftPlan): void {
  const bytes = fftTableBytes(plan);
  if (bytes > MAX_STAGE_TABLE_BYTES)
    fail("E0801", `an FFT of ${plan.n} points (${describePlan(plan)}) needs ${Math.ceil(bytes / 2 ** 20)} MiB of twiddle tables, above the ${MAX_STAGE_TABLE_BYTES / 2 ** 20} MiB a stage program may hold`);
}

/** y = Σ_j x_j ω^{jk} (ω = e^{sign·2πi/n}, unnormalised) by the plan; x, y complex buffers of n. */
export function fft(b: ProgramBuilder, plan: FftPlan, sign: Sign, x: string, y: string): void {
  checkTables(plan);
  switch (plan.algo) {
    case "direct": return b.stage("codelet", [x], y, plan.n, { sign });
    case "mixed": return stockham(b, plan.n, plan.radices, sign, x, y);
    case "rader": return rader(b, plan.n, plan.inner, sign, x, y);
    case "bluestein": return bluestein(b, plan.n, plan.m, plan.inner, sign, x, y);
  }
}

/** DFT_n = Π_i (passes of radix r_i), autosorting: x -> t1 -> t2 -> t1 ... -> y. */
function stockham(b: ProgramBuilder, n: number, radices: readonly number[], sign: Sign, x: string, y: string): void {
  const passes = stockhamPasses(radices);
  if (passes.length === 0) return b.stage("window", [x], y, n, { m: n, offset: 0 }); // n = 1: a copy
  const t = passes.length > 1 ? [b.temp(n), ...(passes.length > 2 ? [b.temp(n)] : [])] : [];
  const bufs = [x, ...passes.slice(1).map((_, i) => t[i % 2]), y];
  passes.forEach(({ r, s, m }, i) => {
    // w_{p,j} = ω_{rm}^{jp}, [p][j]
    const twiddles = m > 1 ? { twiddles: b.table(`twiddles r=${r} m=${m} sign=${sign}`, () => passTwiddles(r, m, sign)) } : {};
    b.stage("stockham", [bufs[i]], bufs[i + 1], n, { r, s, sign, ...twiddles });
  });
}

function rader(b: ProgramBuilder, n: number, inner: FftPlan, sign: Sign, x: string, y: string): void {
  const N = n - 1, g = math.primitiveRoot(n);
  const gin = new Float64Array(N); // g^q mod n
  for (let q = 0, v = 1; q < N; q++, v = (v * g) % n) gin[q] = v;
  const gout = indexTable(N, (q) => gin[(N - q) % N]); // g^-q
  const zero = b.table("0", () => indexTable(1, () => 0));
  const first = b.table(`x0 of ${N}`, () => indexTable(N, (q) => (q === 0 ? 0 : -1)));
  // the spectrum of b_q = ω^{g^-q}, over N (so that the inverse FFT below needs no scale)
  const B = b.table(`rader b n=${n} sign=${sign}`, () => {
    const re = new Float64Array(N), im = new Float64Array(N);
    for (let q = 0; q < N; q++) [re[q], im[q]] = twiddle(gout[q], n, sign);
    const [fr, fi] = math.fftVec(re, im, -1);
    return complexTable(N, (k) => [fr[k] / N, fi[k] / N]);
  });
  const a = b.temp(N), A = b.temp(N), z = b.temp(N), c = b.temp(N), X0 = b.temp(1), A0 = b.temp(1);
  b.stage("gather", [x], a, n, { index: b.table(`g^q mod ${n}`, () => gin), m: N, conj: false }); // a_q = x_{g^q}
  fft(b, inner, -1, a, A);
  // x is read before y is written (so a renderer may run the transform in place)
  b.stage("gather", [A], A0, N, { index: zero, m: 1, conj: false }); // Σ_q a_q
  b.stage("gather", [x], X0, n, { index: zero, m: 1, conj: false });
  b.stage("add", [X0, A0], X0, 1, {}); // X_0 = x_0 + Σ a
  b.stage("gather", [x], z, n, { index: first, m: N, conj: false }); // x_0 at frequency 0 ...
  b.stage("mul", [A], c, N, { table: B, conj: false });
  b.stage("add", [c, z], c, N, {}); // ... adds x_0 to every point of the unnormalised inverse
  const conv = b.temp(N);
  fft(b, inner, 1, c, conv); // conv_q = x_0 + (a ⊛ b)_q = X_{g^-q}
  b.stage("place", [conv], y, N, { index: b.table(`g^-q mod ${n}`, () => gout), m: n });
  b.stage("place", [X0], y, 1, { index: zero, m: n });
}

function bluestein(b: ProgramBuilder, n: number, m: number, inner: FftPlan, sign: Sign, x: string, y: string): void {
  const tables = math.bluesteinTables(n, m, sign);
  const chirp = b.table(`chirp n=${n} sign=${sign}`, () => tables.chirp);
  const filter = b.table(`bluestein filter n=${n} m=${m} sign=${sign}`, () => tables.filter);
  const u = b.temp(n), a = b.temp(m), A = b.temp(m), c = b.temp(m);
  b.stage("mul", [x], u, n, { table: chirp, conj: false }); // x_j c_j
  b.stage("window", [u], a, n, { m, offset: 0 }); // zero-extended to m
  fft(b, inner, -1, a, A);
  b.stage("mul", [A], A, m, { table: filter, conj: false }); // ⊛ conj(c), in the frequency domain
  fft(b, inner, 1, A, c);
  b.stage("window", [c], y, m, { m: n, offset: 0 });
  b.stage("mul", [y], y, n, { table: chirp, conj: false }); // c_k (...)
  b.stage("scale", [y], y, n, { s: 1 / m }); // the inverse FFT's 1/m
}

/** y = the n/2 + 1 first bins of Σ_j x_j e^{−2πijk/n} (unnormalised) of the real x (n). */
export function rfft(b: ProgramBuilder, plan: RealFftPlan, x: string, y: string): void {
  const n = realLength(plan);
  if (plan.via === "half") {
    const h = n / 2, z = b.temp(h), Z = b.temp(h);
    b.stage("as_complex", [x], z, n, {}); // z_j = x_2j + i x_2j+1
    fft(b, plan.fft, -1, z, Z);
    b.stage("real_split", [Z], y, h, { twiddles: b.table(`real twiddles n=${n} sign=-1`, () => cisTable(n, h + 1, (k) => -k)) });
    return;
  }
  const c = b.temp(n), C = b.temp(n);
  b.stage("cast", [x], c, n, { to: "complex" });
  fft(b, plan.fft, -1, c, C);
  b.stage("window", [C], y, n, { m: Math.floor(n / 2) + 1, offset: 0 });
}

/**
 * y = s · Σ_k X_k e^{2πijk/n} over the Hermitian completion of the n/2 + 1 bins X, real. The
 * half-size route's inverse FFT gives n/2 times the signal (real_join's Z is not doubled, so that
 * a finite Z never overflows as 2Z), its factor 2 joining s in the one closing scale.
 */
export function irfft(b: ProgramBuilder, plan: RealFftPlan, X: string, y: string, s: number): void {
  const n = realLength(plan), bins = Math.floor(n / 2) + 1;
  if (plan.via === "half") {
    const h = n / 2, Z = b.temp(h), z = b.temp(h);
    b.stage("real_join", [X], Z, bins, { twiddles: b.table(`real twiddles n=${n} sign=1`, () => cisTable(n, h, (k) => k)) });
    fft(b, plan.fft, 1, Z, z); // (n/2) (x_2j + i x_2j+1)
    b.stage("as_real", [z], y, h, {});
    return scaled(b, y, n, 2 * s);
  }
  // F = X ⊕ conj(X mirrored): F_k = X_k for k < bins, conj X_{n−k} above
  const F = b.temp(n), M = b.temp(n), f = b.temp(n);
  b.stage("window", [X], F, bins, { m: n, offset: 0 });
  b.stage("gather", [X], M, bins, { index: b.table(`mirror n=${n}`, () => indexTable(n, (k) => (k < bins ? -1 : n - k))), m: n, conj: true });
  b.stage("add", [F, M], F, n, {});
  fft(b, plan.fft, 1, F, f);
  b.stage("cast", [f], y, n, { to: "real" }); // the edge bins' imaginary parts fall out here
  scaled(b, y, n, s);
}

/** y *= s (nothing when s = 1). */
export function scaled(b: ProgramBuilder, y: string, n: number, s: number): void {
  if (s !== 1) b.stage("scale", [y], y, n, { s });
}
