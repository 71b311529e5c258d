// Eigen-decomposition of a real skew-symmetric matrix S (Sᵀ = -S) in O(N³) float64:
//
//   S = V diag(i w) V*,   V unitary (complex), w real ascending.
//
// This is the set-up of the DPLR state-space route: the normal part A + P Pᵀ of every HiPPO matrix
// is αI + S with S real skew-symmetric, so its eigenvalues are α + i w. Three steps:
//
// 1. Householder tridiagonalisation, S = Q T Qᵀ with Q real orthogonal and T skew-tridiagonal,
//    T[k+1,k] = e_k = -T[k,k+1]. For a reflector P = I - τ v vᵀ the skew structure gives
//    P S P = S + v pᵀ - p vᵀ with p = τ S v (the τ² v (vᵀSv) vᵀ term of the symmetric case
//    vanishes because vᵀ S v = 0), so each step is one matrix-vector product and one rank-2 update.
// 2. T = i H with H = -iT Hermitian tridiagonal. With D = diag(d_k), d_k = (-i)^k, J = D* H D is
//    REAL symmetric tridiagonal with a zero diagonal and off-diagonal e_k
//    (conj(d_{k+1}) (-i e_k) d_k = i · (-i e_k) = e_k), J = Z diag(w) Zᵀ. Even n: J's eigenpairs
//    are ±σ from the SVD of an n/2 x n/2 bidiagonal (bidiagsvd.ts; backTransformPairs says how).
//    Odd n (or if that SVD stalls): the implicit-shift QL iteration (EISPACK tql2 / JAMA).
// 3. S = Q D Z diag(i w) (Q D Z)*, so V = Q D Z. The rows of D Z are real (k even, sign +1, -1 for
//    k ≡ 0, 2 mod 4) or imaginary (k odd, -i, +i for k ≡ 1, 3): Q (never formed) is applied to
//    the real matrix [Re DZ | Im DZ] by the stored reflectors in blocked (compact WY) form.
//
// Only the strict lower triangle of S is read or updated in step 1.
// Cost (even n) ≈ 2/3 N³ (tridiagonalisation) + ~3/4 N³ (bidiagonal SVD with vectors) + N³
// (applying Q to the n x n distinct real columns), on contiguous rows of row-major Float64Arrays.
// The residual ||S V - V diag(iw)|| is a small multiple of N ε ||S|| (orthogonal transformations
// throughout).
import { fail } from "../errors.js";
import { type CMat, cmat } from "../value.js";
import { bidiagonalSVD } from "./bidiagsvd.js";

/** Eigen-decomposition of the real skew-symmetric n x n matrix `s` (row-major; not modified). */
export function eigSkewSymmetric(s: Float64Array, n: number): { w: Float64Array; V: CMat } {
  const S = Float64Array.from(s);
  const { e, tau } = tridiagonaliseSkew(S, n);
  if (n % 2 === 0) {
    const m = n / 2, svd = bidiagonalSVD(Float64Array.from({ length: m }, (_, b) => e[2 * b]), Float64Array.from({ length: m }, (_, b) => e[2 * b + 1]), m);
    if (svd) return backTransformPairs(S, tau, svd.sigma, svd.Ut, svd.Vt, n);
  }
  const { w, Z } = tql2(new Float64Array(n), e, n);
  return backTransform(S, tau, Z, w, n);
}

/**
 * Reduces S (overwritten) to skew-tridiagonal form. Returns the subdiagonal e (e[k] = T[k+1,k],
 * e[n-1] = 0) and the reflector scalars; reflector k is stored below the subdiagonal of column k:
 * v = (1, S[k+2,k], …, S[n-1,k]) acting on indices k+1..n-1.
 */
function tridiagonaliseSkew(S: Float64Array, n: number): { e: Float64Array; tau: Float64Array } {
  const e = new Float64Array(n), tau = new Float64Array(n);
  // step k's rank-2 update S_sub += v pᵀ - p vᵀ is deferred (vp, pp) and fused into step k+1's
  // pass: its column k+1 first (it defines v_{k+1}), then each row of the next block is updated
  // and immediately multiplied by v_{k+1} — one sweep over the lower triangle per step, not two
  let v = new Float64Array(n), p = new Float64Array(n), vp = new Float64Array(n), pp = new Float64Array(n), pending = false;
  for (let k = 0; k + 2 < n; k++) {
    const m0 = k + 1; // the trailing block is m0..n-1
    if (pending) for (let i = m0; i < n; i++) S[i * n + k] += vp[i] * pp[k] - pp[i] * vp[k];
    let norm = 0;
    for (let i = m0; i < n; i++) norm = Math.hypot(norm, S[i * n + k]);
    const x0 = S[m0 * n + k];
    // P x = alpha e1, the sign chosen against cancellation in v0; a zero column gives P = I (τ = 0)
    const alpha = norm === 0 ? 0 : x0 > 0 ? -norm : norm, v0 = x0 - alpha;
    v.fill(0, m0);
    v[m0] = 1;
    if (norm !== 0) for (let i = m0 + 1; i < n; i++) v[i] = S[i * n + k] / v0;
    let vv = 0;
    for (let i = m0; i < n; i++) vv += v[i] * v[i];
    const t = norm === 0 ? 0 : 2 / vv;
    // p = τ S_sub v over the trailing block, reading only the strict lower triangle (S_ji = -S_ij):
    // row i contributes S_ij v_j to p_i and -S_ij v_i to p_j, both along contiguous memory
    p.fill(0, m0);
    for (let i = m0; i < n; i++) {
      const row = i * n, vi = v[i], a = vp[i], b = pp[i];
      let acc = 0;
      for (let j = m0; j < i; j++) {
        const sij = pending ? (S[row + j] += a * pp[j] - b * vp[j]) : S[row + j];
        acc += sij * v[j];
        p[j] -= sij * vi;
      }
      p[i] += acc;
    }
    for (let i = m0; i < n; i++) p[i] *= t;
    e[k] = alpha;
    tau[k] = t;
    for (let i = m0 + 1; i < n; i++) S[i * n + k] = v[i]; // keep v for applyQ
    [v, vp, p, pp] = [vp, v, pp, p];
    pending = true;
  }
  if (n >= 2) {
    const i = n - 1, j = n - 2;
    e[j] = S[i * n + j] + (pending ? vp[i] * pp[j] - pp[i] * vp[j] : 0);
  }
  return { e, tau };
}

/**
 * X <- Q X for X (n x c, row-major), Q = P_0 P_1 … P_{n-3}: the reflectors applied last to first,
 * BLK at a time in compact WY form: P_k … P_{k+b-1} = I - Y T Yᵀ (Y = [v_k … v_{k+b-1}], T upper
 * triangular, T_jj = τ_j, T[:j, j] = -τ_j T[:j, :j] Y[:, :j]ᵀ v_j), applied as
 * X_sub -= Y (T (Yᵀ X_sub)) on rows k+1..n-1: two passes over X per block, not per reflector.
 */
function applyQ(S: Float64Array, tau: Float64Array, n: number, X: Float64Array, c: number): void {
  const last = n - 3; // the last reflector index
  if (last < 0) return;
  const Y = new Float64Array(n * BLK), T = new Float64Array(BLK * BLK), W = new Float64Array(BLK * c), z = new Float64Array(BLK);
  for (let hi = last; hi >= 0; hi -= BLK) {
    const k0 = Math.max(0, hi - BLK + 1), b = hi - k0 + 1, m0 = k0 + 1;
    // Y[i, j] = v_{k0+j}[i] (row-major n x b): 1 at k0+j+1, the stored tail below, zeros above
    Y.fill(0);
    for (let j = 0; j < b; j++) {
      const k = k0 + j;
      Y[(k + 1) * b + j] = 1;
      for (let i = k + 2; i < n; i++) Y[i * b + j] = S[i * n + k];
    }
    T.fill(0);
    for (let j = 0; j < b; j++) {
      const t = tau[k0 + j];
      T[j * b + j] = t;
      for (let q = 0; q < j; q++) {
        let acc = 0;
        for (let i = m0; i < n; i++) acc += Y[i * b + q] * Y[i * b + j];
        z[q] = acc;
      }
      for (let r = 0; r < j; r++) {
        let acc = 0;
        for (let q = r; q < j; q++) acc += T[r * b + q] * z[q];
        T[r * b + j] = -t * acc;
      }
    }
    // W = Yᵀ X_sub (b x c)
    W.fill(0);
    for (let i = m0; i < n; i++) {
      const row = i * c;
      for (let q = 0; q < b; q++) {
        const y = Y[i * b + q];
        if (y === 0) continue;
        const wr = q * c;
        for (let j = 0; j < c; j++) W[wr + j] += y * X[row + j];
      }
    }
    // W <- T W in place (T upper triangular: row r uses rows >= r, so go top-down)
    for (let r = 0; r < b; r++) {
      const wr = r * c;
      for (let j = 0; j < c; j++) W[wr + j] *= T[r * b + r];
      for (let q = r + 1; q < b; q++) {
        const t = T[r * b + q], wq = q * c;
        if (t !== 0) for (let j = 0; j < c; j++) W[wr + j] += t * W[wq + j];
      }
    }
    // X_sub -= Y W
    for (let i = m0; i < n; i++) {
      const row = i * c;
      for (let q = 0; q < b; q++) {
        const y = Y[i * b + q];
        if (y === 0) continue;
        const wr = q * c;
        for (let j = 0; j < c; j++) X[row + j] -= y * W[wr + j];
      }
    }
  }
}

/** Reflectors per compact-WY block, and rotations per buffered flush in tql2. */
const BLK = 32;
const ROT_BUFFER = 1 << 13;

/**
 * Symmetric tridiagonal QL with implicit Wilkinson shifts (tql2 of EISPACK, as in JAMA): the
 * diagonal d and off-diagonal e (e[i] couples i and i+1) are destroyed. Returns the eigenvalues w
 * (unsorted) and Z (row-major, column j = the unit eigenvector of w[j]). The rotations on columns
 * i, i+1 of Z are recorded and applied in batches, row by row: each row of Z stays in cache while
 * a whole batch of sweeps is applied to it, so Z is streamed once per batch, not once per sweep.
 */
function tql2(d: Float64Array, eIn: Float64Array, n: number): { w: Float64Array; Z: Float64Array } {
  const Z = new Float64Array(n * n), e = new Float64Array(n);
  for (let i = 0; i < n; i++) Z[i * n + i] = 1;
  for (let i = 1; i < n; i++) e[i - 1] = eIn[i - 1];
  e[n - 1] = 0;
  const rotI = new Int32Array(ROT_BUFFER), rotC = new Float64Array(ROT_BUFFER), rotS = new Float64Array(ROT_BUFFER);
  let nrot = 0;
  const flush = () => {
    for (let k = 0; k < n; k++) {
      const row = k * n;
      for (let r = 0; r < nrot; r++) {
        const i = row + rotI[r], c = rotC[r], s = rotS[r], zi = Z[i], zj = Z[i + 1];
        Z[i + 1] = s * zi + c * zj;
        Z[i] = c * zi - s * zj;
      }
    }
    nrot = 0;
  };
  let f = 0, tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n && Math.abs(e[m]) > eps * tst1) m++;
    if (m === n) m = n - 1;
    if (m > l) {
      for (let iter = 0; ; iter++) {
        if (iter > 60) fail("E0501", "eigSkewSymmetric: the tridiagonal QL iteration did not converge");
        if (nrot + (m - l) > ROT_BUFFER) flush();
        // the shift: the eigenvalue of the leading 2x2 block nearer d[l]
        let g = d[l], p = (d[l + 1] - g) / (2 * e[l]), r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        // implicit QL sweep from m up to l
        p = d[m];
        let c = 1, c2 = c, c3 = c, s = 0, s2 = 0;
        const el1 = e[l + 1];
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          (rotI[nrot] = i), (rotC[nrot] = c), (rotS[nrot++] = s);
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
        if (!(Math.abs(e[l]) > eps * tst1)) break;
      }
    }
    d[l] += f;
    e[l] = 0;
  }
  flush();
  return { w: d, Z };
}

/**
 * The even-n route of step 2. J (zero diagonal, off-diagonal e) maps the even coordinates to the
 * odd ones through C, C[b, b] = e[2b], C[b, b+1] = e[2b+1] (upper bidiagonal, m = n/2):
 * (J x)_odd = C x_even, (J x)_even = Cᵀ x_odd. With C = U diag(σ) Vᵀ, J's eigenpairs are ±σ_j with
 * z = (x_even = v_j, x_odd = ±u_j) / √2, so the columns of Q D Z for ±σ_j share their real part
 * Q (D z)_even-rows and have opposite imaginary parts ±Q (D z)_odd-rows: Q is applied to one
 * n x 2m real matrix [Re | Im] (m columns each), and the SVD's rotations act on m-vectors.
 */
function backTransformPairs(S: Float64Array, tau: Float64Array, sigma: Float64Array, Ut: Float64Array, Vt: Float64Array, n: number): { w: Float64Array; V: CMat } {
  const m = n / 2, c = 2 * m, order = Array.from({ length: m }, (_, j) => j).sort((a, b) => sigma[a] - sigma[b]);
  // X[2a, t] = d_2a v_{order t}[a] / √2 (real, d = ±1), X[2a+1, m+t] = Im(d_2a+1) u_{order t}[a] / √2 (d = ∓i)
  const X = new Float64Array(n * c);
  for (let a = 0; a < m; a++) {
    const se = (a % 2 === 0 ? 1 : -1) * Math.SQRT1_2, so = (a % 2 === 0 ? -1 : 1) * Math.SQRT1_2;
    for (let t = 0; t < m; t++) (X[2 * a * c + t] = se * Vt[order[t] * m + a]), (X[(2 * a + 1) * c + m + t] = so * Ut[order[t] * m + a]);
  }
  applyQ(S, tau, n, X, c);
  // columns in ascending w: -σ (descending σ) in 0..m-1, then +σ (ascending) in m..n-1
  const V = cmat(n, n), w = new Float64Array(n);
  for (let t = 0; t < m; t++) (w[m + t] = sigma[order[t]]), (w[m - 1 - t] = -sigma[order[t]]);
  for (let r = 0; r < n; r++)
    for (let t = 0; t < m; t++) {
      const x = X[r * c + t], y = X[r * c + m + t];
      (V.re[r * n + m + t] = x), (V.im[r * n + m + t] = y), (V.re[r * n + m - 1 - t] = x), (V.im[r * n + m - 1 - t] = -y);
    }
  return { w, V };
}

/** V = Q D Z with D = diag((-i)^k), columns in ascending w: Q applied to [Re(DZ) | Im(DZ)] (n x 2n). */
function backTransform(S: Float64Array, tau: Float64Array, Z: Float64Array, w: Float64Array, n: number): { w: Float64Array; V: CMat } {
  const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => w[a] - w[b]), c = 2 * n;
  const X = new Float64Array(n * c);
  for (let k = 0; k < n; k++) {
    const sign = k % 4 === 0 || k % 4 === 3 ? 1 : -1, off = k % 2 === 0 ? 0 : n; // d_k = 1, -i, -1, i
    for (let j = 0; j < n; j++) X[k * c + off + j] = sign * Z[k * n + order[j]];
  }
  applyQ(S, tau, n, X, c);
  const V = cmat(n, n);
  for (let r = 0; r < n; r++) for (let j = 0; j < n; j++) (V.re[r * n + j] = X[r * c + j]), (V.im[r * n + j] = X[r * c + n + j]);
  return { w: Float64Array.from(order, (j) => w[j]), V };
}
