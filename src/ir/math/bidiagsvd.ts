// Singular value decomposition of a square upper bidiagonal matrix by implicit-shift QR
// (Golub-Kahan; the iteration of LINPACK dsvdc as in JAMA's SingularValueDecomposition, started
// from the bidiagonal itself, so U and V start as the identity):
//
//   C = U diag(σ) Vᵀ,  C[i,i] = s[i], C[i,i+1] = f[i]  (m x m, f[m-1] unused),  σ >= 0.
//
// The QR steps work on C itself (never on CᵀC), so small singular values keep their relative
// accuracy. skeweig.ts uses it for the zero-diagonal tridiagonal matrices of skew-symmetric
// problems, whose eigenpairs are ±σ with eigenvectors interleaving the columns of V and ±U.
// Rotations act on columns j, j+1 of U and V; both are stored transposed (row j of Ut = column j
// of U) so that each rotation touches two contiguous rows.

const EPS = 2 ** -52;
const TINY = 2 ** -966;

/** σ (unsorted, >= 0), Ut and Vt (m x m, row-major); undefined if the iteration stalls. */
export function bidiagonalSVD(sIn: Float64Array, fIn: Float64Array, m: number): { sigma: Float64Array; Ut: Float64Array; Vt: Float64Array } | undefined {
  const s = Float64Array.from(sIn), e = new Float64Array(m), Ut = new Float64Array(m * m), Vt = new Float64Array(m * m);
  for (let i = 0; i + 1 < m; i++) e[i] = fIn[i];
  for (let i = 0; i < m; i++) (Ut[i * m + i] = 1), (Vt[i * m + i] = 1);
  // rows a, b of X <- (cs x_a + sn x_b, -sn x_a + cs x_b)
  const rot = (X: Float64Array, a: number, b: number, cs: number, sn: number) => {
    const ra = a * m, rb = b * m;
    for (let i = 0; i < m; i++) {
      const xa = X[ra + i], xb = X[rb + i];
      X[ra + i] = cs * xa + sn * xb;
      X[rb + i] = -sn * xa + cs * xb;
    }
  };
  let p = m, iter = 0;
  while (p > 0) {
    if (iter > 75) return undefined;
    // find the trailing unreduced block k+1..p-1 (see dsvdc): kase 1 = s[p-1] negligible,
    // 2 = s[k] negligible (split), 3 = QR step, 4 = e[p-2] negligible (σ_{p-1} converged)
    let k: number, kase: number;
    for (k = p - 2; k >= 0; k--)
      if (Math.abs(e[k]) <= TINY + EPS * (Math.abs(s[k]) + Math.abs(s[k + 1]))) {
        e[k] = 0;
        break;
      }
    if (k === p - 2) kase = 4;
    else {
      let ks: number;
      for (ks = p - 1; ks > k; ks--) {
        const t = (ks !== p ? Math.abs(e[ks]) : 0) + (ks !== k + 1 ? Math.abs(e[ks - 1]) : 0);
        if (Math.abs(s[ks]) <= TINY + EPS * t) {
          s[ks] = 0;
          break;
        }
      }
      if (ks === k) kase = 3;
      else if (ks === p - 1) kase = 1;
      else (kase = 2), (k = ks);
    }
    k++;
    if (kase === 1) {
      // deflate a negligible s[p-1]: chase e[p-2] up with rotations from the right
      let f = e[p - 2];
      e[p - 2] = 0;
      for (let j = p - 2; j >= k; j--) {
        const t = Math.hypot(s[j], f), cs = s[j] / t, sn = f / t;
        s[j] = t;
        if (j !== k) (f = -sn * e[j - 1]), (e[j - 1] = cs * e[j - 1]);
        rot(Vt, j, p - 1, cs, sn);
      }
    } else if (kase === 2) {
      // split at a negligible s[k-1]: chase e[k-1] down with rotations from the left
      let f = e[k - 1];
      e[k - 1] = 0;
      for (let j = k; j < p; j++) {
        const t = Math.hypot(s[j], f), cs = s[j] / t, sn = f / t;
        s[j] = t;
        f = -sn * e[j];
        e[j] = cs * e[j];
        rot(Ut, j, k - 1, cs, sn);
      }
    } else if (kase === 3) {
      qrStep(s, e, k, p, Ut, Vt, rot);
      iter++;
    } else {
      // converged: make σ non-negative (flipping the column of V)
      if (s[k] <= 0) {
        s[k] = s[k] < 0 ? -s[k] : 0;
        for (let i = 0; i < m; i++) Vt[k * m + i] = -Vt[k * m + i];
      }
      iter = 0;
      p--;
    }
  }
  return { sigma: s, Ut, Vt };
}

/** One implicit-shift QR step on the block k..p-1 (shift from the trailing 2x2 of CᵀC). */
function qrStep(s: Float64Array, e: Float64Array, k: number, p: number, Ut: Float64Array, Vt: Float64Array, rot: (X: Float64Array, a: number, b: number, cs: number, sn: number) => void): void {
  const scale = Math.max(Math.abs(s[p - 1]), Math.abs(s[p - 2]), Math.abs(e[p - 2]), Math.abs(s[k]), Math.abs(e[k]));
  const sp = s[p - 1] / scale, spm1 = s[p - 2] / scale, epm1 = e[p - 2] / scale, sk = s[k] / scale, ek = e[k] / scale;
  const b = ((spm1 + sp) * (spm1 - sp) + epm1 * epm1) / 2, c = sp * epm1 * (sp * epm1);
  let shift = 0;
  if (b !== 0 || c !== 0) {
    shift = Math.sqrt(b * b + c);
    if (b < 0) shift = -shift;
    shift = c / (b + shift);
  }
  let f = (sk + sp) * (sk - sp) + shift, g = sk * ek;
  // chase the bulge down the block
  for (let j = k; j < p - 1; j++) {
    let t = Math.hypot(f, g), cs = f / t, sn = g / t;
    if (j !== k) e[j - 1] = t;
    f = cs * s[j] + sn * e[j];
    e[j] = cs * e[j] - sn * s[j];
    g = sn * s[j + 1];
    s[j + 1] = cs * s[j + 1];
    rot(Vt, j, j + 1, cs, sn);
    t = Math.hypot(f, g);
    cs = f / t;
    sn = g / t;
    s[j] = t;
    f = cs * e[j] + sn * s[j + 1];
    s[j + 1] = -sn * e[j] + cs * s[j + 1];
    g = sn * e[j + 1];
    e[j + 1] = cs * e[j + 1];
    rot(Ut, j, j + 1, cs, sn);
  }
  e[p - 2] = f;
}
