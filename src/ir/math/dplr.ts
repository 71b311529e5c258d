// S4's fast kernel route for a normal-plus-low-rank (NPLR) state matrix, bilinear discretisation:
//
//   A = V (Λ - Q Q*) V*         (V unitary, Λ diagonal; nplr())
//   K̂(ω) = Σ_{k<L} K[k] ω^k = C̃ (I - Ā ω)^{-1} B̄ at the L-th roots of unity ω_j = e^{-2πij/L},
//          with C̃ = C (I - Ā^L) (the truncated generating function, since ω^L = 1)
//        = 2/(1+ω) · C̃ (g(ω) - A)^{-1} B,   g(ω) = (2/dt)(1-ω)/(1+ω)
//        = 2/(1+ω) · [k_cb - k_cQ (I + k_QQ)^{-1} k_Qb]   (Woodbury over the rank-r term)
//   k_xy = Σ_n x_n y_n / (g - λ_n)                        (Cauchy sums)
//   K = inverse DFT of K̂.
//
// At ω = -1 (even L) the bilinear resolvent has the exact limit K̂ = (dt/2) C̃ B; where g(ω) hits
// an eigenvalue of Λ (fout: λ = 0 = g(1)) that node falls back to the dense truncated sum. The inverse
// DFT here is the naive O(L²) one; a lowering replaces it (and batches the Cauchy sums).
import { type CMat, cmat, matmul, transposeMat } from "../value.js";
import { eighHermitian, identity, lincomb, solve } from "./linalg.js";
import { eigSkewSymmetric } from "./skeweig.js";
import { cis } from "./trig.js";
import type { HippoKind } from "./hippo.js";
import { type CVec, discretise } from "./ssmkernel.js";

/** S4's rank_correction(): P (N x r, real) with A + P Pᵀ normal for the HiPPO matrices. */
export function hippoRankCorrection(kind: HippoKind, n: number): CMat {
  const r = kind === "legt" ? 2 : 1, P = cmat(n, r);
  for (let i = 0; i < n; i++) {
    if (kind === "legs") P.re[i] = Math.sqrt(i + 0.5);
    else if (kind === "legt") P.re[i * 2 + (i % 2)] = Math.sqrt((2 * i + 1) / 2); // odd/even rows, halved
    else P.re[i] = i % 2 ? 0 : i === 0 ? 1 : Math.SQRT2;
  }
  return P;
}

export interface NPLR {
  lambda: CVec;
  V: CMat;
  /** V* P, N x r */
  Q: CMat;
}

/** A + P P* = V Λ V* must be normal with a scalar Hermitian part (αI + skew), as for HiPPO. */
export function nplr(A: CMat, P: CMat): NPLR {
  const n = A.rows;
  const AP = lincomb([[1, A], [1, matmul(P, transposeMat(P, true))]]);
  let alpha = 0;
  for (let i = 0; i < n; i++) alpha += AP.re[i * n + i] / n;
  const S = lincomb([[1, AP], [-alpha, identity(n)]]);
  const Sh = transposeMat(S, true);
  let herm = 0, size = 0;
  for (let k = 0; k < n * n; k++) {
    herm = Math.max(herm, Math.hypot(S.re[k] + Sh.re[k], S.im[k] + Sh.im[k]));
    size = Math.max(size, Math.hypot(S.re[k], S.im[k]));
  }
  if (herm > 1e-10 * Math.max(size, 1)) throw new Error(`nplr: A + P P* is not (scalar + skew-Hermitian); residual ${herm}`);
  // S skew-Hermitian with S = V diag(i w) V*. Real S (every HiPPO matrix): the O(N³) skew-symmetric
  // tridiagonalisation + QL of skeweig.ts; complex S: Jacobi on the Hermitian H = -i S = V diag(w) V*.
  const { w, V } = S.im.every((x) => x === 0)
    ? eigSkewSymmetric(S.re, n)
    : eighHermitian({ rows: n, cols: n, re: Float64Array.from(S.im), im: S.re.map((x) => -x) });
  return { lambda: { re: new Float64Array(n).fill(alpha), im: w }, V, Q: matmul(transposeMat(V, true), P) };
}

export interface DPLR {
  lambda: CVec;
  Q: CMat;
  /** V* B */
  b: CVec;
  /** C (I - Ā^L) V */
  c: CVec;
  /**
   * The discretised system in the original basis, for nodes where the Cauchy sums have a pole;
   * computed (O(N³)) and memoised on first use only, as most kernels never need it.
   */
  dense: () => { Ab: CMat; Bb: CVec; C: CVec };
}

const rowTimes = (x: CVec, M: CMat): CVec => {
  const r = cmat(1, x.re.length);
  r.re.set(x.re);
  r.im.set(x.im);
  const y = matmul(r, M);
  return { re: y.re, im: y.im };
};

/**
 * Everything a fast kernel needs from (A, P, B, C, dt, L): the DPLR parameters of S4. `decomposed`
 * is nplr(A, P) when the caller has it already (dplrSetupCached memoises it per HiPPO matrix).
 */
export function dplrSetup(A: CMat, P: CMat, B: CVec, C: CVec, dt: number, L: number, decomposed?: NPLR): DPLR {
  const { lambda, V, Q } = decomposed ?? nplr(A, P);
  let dense: { Ab: CMat; Bb: CVec; C: CVec } | undefined;
  const denseOf = () => (dense ??= { ...discretise(A, B, dt, "bilinear"), C });
  const c0 = rowTimes(C, V); // C V
  // C Ā^L V = (C V) Ā_V^L, Ā_V = V* Ā V, stepped in the eigenbasis in O(L N r); the dense
  // O(N³ log L) repeated squaring only where the eigenbasis step is unavailable
  const CALV = powerRowEigen(c0, lambda, Q, dt, L) ?? rowTimes(rowTimes(C, densePower(denseOf().Ab, L)), V);
  const b = matmul(transposeMat(V, true), colOf(B));
  const c = { re: c0.re.map((x, i) => x - CALV.re[i]), im: c0.im.map((x, i) => x - CALV.im[i]) };
  return { lambda, Q, b: { re: b.re, im: b.im }, c, dense: denseOf };
}

/** Ā^L by repeated squaring. */
function densePower(Ab: CMat, L: number): CMat {
  let power = identity(Ab.rows), base = Ab;
  for (let e = L; e > 0; e = Math.floor(e / 2)) {
    if (e % 2) power = matmul(power, base);
    if (e > 1) base = matmul(base, base);
  }
  return power;
}

/**
 * x Ā_V^L for a row x, where Ā_V = (I - a M)^{-1} (I + a M), a = dt/2, M = Λ - Q Q* is the
 * bilinear transition in the eigenbasis (the two factors commute). One step:
 *   y = x (I + a M) = x + a x∘λ - a (x Q) Q*
 *   z = y (D + a Q Q*)^{-1}, D = I - a Λ  (= I - a M), by Woodbury:
 *     z = y D⁻¹ - a (y D⁻¹ Q) G Q* D⁻¹,   G = (I_r + a Q* D⁻¹ Q)^{-1}
 * O(N r) per step. Undefined when some D_n vanishes (a λ_n = 1), where Woodbury does not apply.
 */
function powerRowEigen(x0: CVec, lambda: CVec, Q: CMat, dt: number, L: number): CVec | undefined {
  const n = lambda.re.length, r = Q.cols, a = dt / 2;
  const dr = new Float64Array(n), di = new Float64Array(n); // D⁻¹
  for (let i = 0; i < n; i++) {
    const pr = 1 - a * lambda.re[i], pi = -a * lambda.im[i], m = pr * pr + pi * pi;
    if (!(m > 1e-24)) return undefined;
    (dr[i] = pr / m), (di[i] = -pi / m);
  }
  // G = (I + a Q* D⁻¹ Q)^{-1}
  const K = identity(r);
  for (let s = 0; s < r; s++)
    for (let t = 0; t < r; t++)
      for (let i = 0; i < n; i++) {
        const [qr, qi] = cmul(Q.re[i * r + s], -Q.im[i * r + s], dr[i], di[i]);
        const [u, v] = cmul(qr, qi, Q.re[i * r + t], Q.im[i * r + t]);
        (K.re[s * r + t] += a * u), (K.im[s * r + t] += a * v);
      }
  const G = solve(K, identity(r));
  let xr = Float64Array.from(x0.re), xi = Float64Array.from(x0.im), nr = new Float64Array(n), ni = new Float64Array(n);
  const yr = new Float64Array(n), yi = new Float64Array(n), hr = new Float64Array(r), hi = new Float64Array(r), gr = new Float64Array(r), gi = new Float64Array(r);
  // (u Q)_s = Σ_i u_i Q_is, and u -= f (h Q*) with (h Q*)_i = Σ_s h_s conj(Q_is)
  const rowQ = (ur: Float64Array, ui: Float64Array) => {
    hr.fill(0), hi.fill(0);
    for (let i = 0; i < n; i++)
      for (let s = 0; s < r; s++) {
        const qr = Q.re[i * r + s], qi = Q.im[i * r + s];
        (hr[s] += ur[i] * qr - ui[i] * qi), (hi[s] += ur[i] * qi + ui[i] * qr);
      }
  };
  for (let step = 0; step < L; step++) {
    rowQ(xr, xi); // h = x Q
    for (let i = 0; i < n; i++) {
      let sr = 0, si = 0; // (h Q*)_i
      for (let s = 0; s < r; s++) {
        const qr = Q.re[i * r + s], qi = -Q.im[i * r + s];
        (sr += hr[s] * qr - hi[s] * qi), (si += hr[s] * qi + hi[s] * qr);
      }
      const lr = xr[i] * lambda.re[i] - xi[i] * lambda.im[i], li = xr[i] * lambda.im[i] + xi[i] * lambda.re[i]; // x∘λ
      const ur = xr[i] + a * (lr - sr), ui = xi[i] + a * (li - si);
      (yr[i] = ur * dr[i] - ui * di[i]), (yi[i] = ur * di[i] + ui * dr[i]); // y D⁻¹
    }
    rowQ(yr, yi); // h = y D⁻¹ Q, then g = h G
    for (let t = 0; t < r; t++) {
      let sr = 0, si = 0;
      for (let s = 0; s < r; s++) (sr += hr[s] * G.re[s * r + t] - hi[s] * G.im[s * r + t]), (si += hr[s] * G.im[s * r + t] + hi[s] * G.re[s * r + t]);
      (gr[t] = sr), (gi[t] = si);
    }
    for (let i = 0; i < n; i++) {
      let sr = 0, si = 0; // (g Q*)_i
      for (let s = 0; s < r; s++) {
        const qr = Q.re[i * r + s], qi = -Q.im[i * r + s];
        (sr += gr[s] * qr - gi[s] * qi), (si += gr[s] * qi + gi[s] * qr);
      }
      const pr = sr * dr[i] - si * di[i], pi = sr * di[i] + si * dr[i]; // (g Q*) D⁻¹
      (nr[i] = yr[i] - a * pr), (ni[i] = yi[i] - a * pi);
    }
    [xr, nr, xi, ni] = [nr, xr, ni, xi];
  }
  return { re: xr, im: xi };
}

/** K̂(ω_j), j < L: the truncated generating function at the roots of unity. */
export function dplrSpectrum(d: DPLR, dt: number, L: number): CVec {
  const n = d.lambda.re.length, r = d.Q.cols;
  const out = { re: new Float64Array(L), im: new Float64Array(L) };
  for (let j = 0; j < L; j++) {
    if (2 * j === L) {
      let sr = 0, si = 0;
      for (let i = 0; i < n; i++) (sr += d.c.re[i] * d.b.re[i] - d.c.im[i] * d.b.im[i]), (si += d.c.re[i] * d.b.im[i] + d.c.im[i] * d.b.re[i]);
      (out.re[j] = (dt / 2) * sr), (out.im[j] = (dt / 2) * si);
      continue;
    }
    const [wr, wi] = cis(-j, L);
    const [gr, gi] = cdiv(2 * (1 - wr) / dt, (-2 * wi) / dt, 1 + wr, wi);
    const [sr, si] = cdiv(2, 0, 1 + wr, wi);
    if (hitsPole(d, gr, gi)) {
      [out.re[j], out.im[j]] = truncatedSum(d, wr, wi, L);
      continue;
    }
    // Cauchy sums over 1/(g - λ_n): k_cb, k_cQ (1 x r), k_Qb (r x 1), k_QQ (r x r)
    const kcQ = cmat(1, r), kQb = cmat(r, 1), M = identity(r);
    let kr = 0, ki = 0;
    for (let i = 0; i < n; i++) {
      const [dr, di] = cdiv(1, 0, gr - d.lambda.re[i], gi - d.lambda.im[i]);
      const [cbr, cbi] = cmul(d.c.re[i], d.c.im[i], d.b.re[i], d.b.im[i]);
      kr += cbr * dr - cbi * di;
      ki += cbr * di + cbi * dr;
      for (let s = 0; s < r; s++) {
        const qr = d.Q.re[i * r + s], qi = d.Q.im[i * r + s];
        const [a, b] = cmul(...cmul(d.c.re[i], d.c.im[i], qr, qi), dr, di);
        (kcQ.re[s] += a), (kcQ.im[s] += b);
        const [e, f] = cmul(...cmul(qr, -qi, d.b.re[i], d.b.im[i]), dr, di);
        (kQb.re[s] += e), (kQb.im[s] += f);
        for (let t = 0; t < r; t++) {
          const [x, y] = cmul(...cmul(qr, -qi, d.Q.re[i * r + t], d.Q.im[i * r + t]), dr, di);
          (M.re[s * r + t] += x), (M.im[s * r + t] += y);
        }
      }
    }
    const corr = matmul(kcQ, solve(M, kQb));
    [out.re[j], out.im[j]] = cmul(sr, si, kr - corr.re[0], ki - corr.im[0]);
  }
  return out;
}

/** Whether g sits on an eigenvalue of Λ (fout has λ = 0 and g(1) = 0), where D^{-1} does not exist. */
function hitsPole(d: DPLR, gr: number, gi: number): boolean {
  let scale = 1 + Math.hypot(gr, gi);
  for (let i = 0; i < d.lambda.re.length; i++) scale = Math.max(scale, Math.hypot(d.lambda.re[i], d.lambda.im[i]));
  for (let i = 0; i < d.lambda.re.length; i++) if (Math.hypot(gr - d.lambda.re[i], gi - d.lambda.im[i]) < 1e-9 * scale) return true;
  return false;
}

/**
 * K̂(ω) = C Σ_{k<L} (Ā ω)^k B̄ summed densely (binary doubling): the fallback at a node where the
 * Cauchy sums have a pole. There C̃ (I - Āω)^{-1} B̄ is 0/0 (fout's A is singular, so Ā has
 * eigenvalue 1 and g(1) = 0 = λ), but the truncated sum itself is finite.
 */
function truncatedSum(d: DPLR, wr: number, wi: number, L: number): [number, number] {
  const { Ab, Bb, C } = d.dense();
  const n = Ab.rows, M = { rows: n, cols: n, re: Ab.re.map((x, k) => x * wr - Ab.im[k] * wi), im: Ab.im.map((x, k) => x * wr + Ab.re[k] * wi) };
  let P = identity(n), S = cmat(n, n); // P = M^m, S = Σ_{k<m} M^k
  for (let bit = 31 - Math.clz32(L); bit >= 0; bit--) {
    S = lincomb([[1, S], [1, matmul(P, S)]]);
    P = matmul(P, P);
    if ((L >> bit) & 1) {
      S = lincomb([[1, S], [1, P]]);
      P = matmul(P, M);
    }
  }
  const y = matmul(S, colOf(Bb));
  let sr = 0, si = 0;
  for (let i = 0; i < n; i++) (sr += C.re[i] * y.re[i] - C.im[i] * y.im[i]), (si += C.re[i] * y.im[i] + C.im[i] * y.re[i]);
  return [sr, si];
}

const colOf = (x: CVec): CMat => {
  const m = cmat(x.re.length, 1);
  m.re.set(x.re);
  m.im.set(x.im);
  return m;
};

/** x[k] = (1/L) Σ_j X[j] e^{2πijk/L}, naively. */
export function inverseDFT(X: CVec): CVec {
  const L = X.re.length, out = { re: new Float64Array(L), im: new Float64Array(L) };
  for (let k = 0; k < L; k++) {
    let sr = 0, si = 0;
    for (let j = 0; j < L; j++) {
      const [c, s] = cis((j * k) % L, L);
      sr += X.re[j] * c - X.im[j] * s;
      si += X.re[j] * s + X.im[j] * c;
    }
    (out.re[k] = sr / L), (out.im[k] = si / L);
  }
  return out;
}

/** ssm_kernel(A, B, C, dt, L, "bilinear") by the DPLR route, for A with A + P P* normal (see nplr). */
export function ssmKernelDPLR(A: CMat, P: CMat, B: CVec, C: CVec, dt: number, L: number): CVec {
  return inverseDFT(dplrSpectrum(dplrSetup(A, P, B, C, dt, L), dt, L));
}

function cmul(ar: number, ai: number, br: number, bi: number): [number, number] {
  return [ar * br - ai * bi, ar * bi + ai * br];
}
function cdiv(ar: number, ai: number, br: number, bi: number): [number, number] {
  const d = br * br + bi * bi;
  return [(ar * br + ai * bi) / d, (ai * br - ar * bi) / d];
}
