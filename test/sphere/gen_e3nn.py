# Golden cases for the e3nn basis of the sphere ops (sh_eval, gaunt, cg_path with basis="e3nn").
# e3nn is not installed here: the few definitions needed are re-derived below from e3nn's
# published ones (e3nn/o3/_wigner.py and e3nn/o3/_spherical_harmonics.py), in plain numpy:
#   * wigner_3j(l1, l2, l3): the SU(2) Clebsch-Gordan tensor (Condon-Shortley, Racah's sum)
#     carried to the real basis by e3nn's change of basis Q_l (rows: real index, columns: complex
#     index, times (-i)^l), contracted as C[j,l,m] = Σ Q1[i,j] Q2[k,l] conj(Q3[n,m]) C_su2[i,k,n],
#     then divided by its Frobenius norm (so Σ C² = 1).
#   * spherical_harmonics(l, r, normalize=True, normalization="component"): Y^0 = 1,
#     Y^1 = √3 (x, y, z), Y^{l+1}_i ∝ Σ_jk wigner_3j(l+1, 1, l)[i, j, k] r_j Y^l_k, scaled by a
#     positive constant so that |Y^{l+1}|² = 2l+3 on the unit sphere (e3nn's code generator
#     fixes that constant at r = (0, 1, 0)). "integral" is "component" / √(4π).
# The linc-side values (real orthonormal SH with the Condon-Shortley phase, z polar) come from
# scipy's sph_harm / sympy's real_gaunt, independent of linc's TypeScript.
# Regenerate: python3 test/sphere/gen_e3nn.py > test/sphere/data/e3nn.json
import json
import sys
from fractions import Fraction
from math import factorial

import numpy as np

rng = np.random.default_rng(20261127)


# ---- e3nn's definitions, ported ----------------------------------------------------------
def su2_cg(j1, m1, j2, m2, j3, m3):
    """<j1 m1 j2 m2 | j3 m3>, Condon-Shortley phase, by Racah's single sum (integer j only)."""
    if m3 != m1 + m2 or abs(m1) > j1 or abs(m2) > j2 or abs(m3) > j3:
        return 0.0
    f = factorial
    pre = (2 * j3 + 1) * Fraction(f(j3 + j1 - j2) * f(j3 - j1 + j2) * f(j1 + j2 - j3) * f(j3 + m3) * f(j3 - m3),
                                  f(j1 + j2 + j3 + 1) * f(j1 - m1) * f(j1 + m1) * f(j2 - m2) * f(j2 + m2))
    s = Fraction(0)
    for v in range(max(-j1 + j2 + m3, -j1 + m1, 0), min(j2 + j3 + m1, j3 - j1 + j2, j3 + m3) + 1):
        s += (-1) ** (v + j2 + m2) * Fraction(f(j2 + j3 + m1 - v) * f(j1 - m1 + v),
                                              f(v) * f(j3 - j1 + j2 - v) * f(j3 + m3 - v) * f(v + j1 - j2 - m3))
    return float(pre) ** 0.5 * float(s)


def e3nn_q(l):
    """e3nn's change_basis_real_to_complex(l): row l+m (real), column l+μ (complex), times (-i)^l."""
    q = np.zeros((2 * l + 1, 2 * l + 1), dtype=complex)
    r = 2 ** -0.5
    for m in range(-l, 0):
        q[l + m, l + abs(m)] = r
        q[l + m, l - abs(m)] = -1j * r
    q[l, l] = 1
    for m in range(1, l + 1):
        q[l + m, l + abs(m)] = (-1) ** m * r
        q[l + m, l - abs(m)] = 1j * (-1) ** m * r
    return (-1j) ** l * q


def e3nn_wigner_3j(l1, l2, l3):
    C = np.zeros((2 * l1 + 1, 2 * l2 + 1, 2 * l3 + 1))
    if abs(l1 - l2) <= l3 <= l1 + l2:
        for m1 in range(-l1, l1 + 1):
            for m2 in range(-l2, l2 + 1):
                if abs(m1 + m2) <= l3:
                    C[l1 + m1, l2 + m2, l3 + m1 + m2] = su2_cg(l1, m1, l2, m2, l3, m1 + m2)
    W = np.einsum("ij,kl,mn,ikn->jlm", e3nn_q(l1), e3nn_q(l2), np.conj(e3nn_q(l3).T), C.astype(complex))
    assert np.abs(W.imag).max() < 1e-12
    W = W.real
    return W / np.linalg.norm(W)


def e3nn_sh(lmax, r, normalization="integral"):
    """e3nn spherical_harmonics(range(lmax+1), r, normalize=True) for unit vectors r [K, 3]."""
    r = np.asarray(r, dtype=float)
    ys = [np.ones((len(r), 1))]
    if lmax >= 1:
        ys.append(np.sqrt(3) * r)
    yaxis = [np.ones(1), np.sqrt(3) * np.array([0.0, 1.0, 0.0])]
    for l in range(1, lmax):
        W = e3nn_wigner_3j(l + 1, 1, l)
        nxt = np.einsum("ijk,pj,pk->pi", W, r, ys[l])
        at_y = np.einsum("ijk,j,k->i", W, np.array([0.0, 1.0, 0.0]), yaxis[l])
        c = np.sqrt(2 * l + 3) / np.linalg.norm(at_y)
        ys.append(c * nxt)
        yaxis.append(c * at_y)
    Y = np.concatenate(ys, axis=1)
    return Y / np.sqrt(4 * np.pi) if normalization == "integral" else Y


def e3nn_sh_explicit(r):
    """e3nn's printed polynomials for l <= 2 (component normalization): a check of the recursion."""
    x, y, z = r[:, 0], r[:, 1], r[:, 2]
    s3, s5, s15 = np.sqrt(3), np.sqrt(5), np.sqrt(15)
    return np.stack([np.ones_like(x), s3 * x, s3 * y, s3 * z,
                     s15 * x * z, s15 * x * y, s5 * (y * y - 0.5 * (x * x + z * z)), s15 * y * z, 0.5 * s15 * (z * z - x * x)], axis=1)


# ---- linc's convention, independently (scipy) ---------------------------------------------
def linc_sh(lmax, theta, phi):
    from scipy.special import sph_harm_y  # sph_harm_y(l, m, theta=polar, phi=azimuth), CS phase
    cols = []
    for l in range(lmax + 1):
        for m in range(-l, l + 1):
            Yc = sph_harm_y(l, abs(m), theta, phi)
            cols.append(np.sqrt(2) * (Yc.real if m > 0 else Yc.imag) if m else Yc.real)
    return np.stack(cols, axis=1)


def linc_cg(l1, l2, l3):
    """linc's cg_path coefficients (src/ir/math/gaunt.ts): complex CG in linc's real basis, times -i on odd paths."""
    def U(l):
        u = np.zeros((2 * l + 1, 2 * l + 1), dtype=complex)
        r = 2 ** -0.5
        for m in range(-l, l + 1):
            a = abs(m)
            if m == 0:
                u[l, l] = 1
            elif m > 0:
                u[l + m, l + m], u[l + m, l - m] = r, (-1) ** a * r
            else:
                u[l + m, l + a], u[l + m, l - a] = -1j * r, 1j * (-1) ** a * r
        return u
    C = np.zeros((2 * l1 + 1, 2 * l2 + 1, 2 * l3 + 1))
    for m1 in range(-l1, l1 + 1):
        for m2 in range(-l2, l2 + 1):
            if abs(m1 + m2) <= l3:
                C[l1 + m1, l2 + m2, l3 + m1 + m2] = su2_cg(l1, m1, l2, m2, l3, m1 + m2)
    R = np.einsum("ai,bj,ck,ijk->abc", U(l1), U(l2), np.conj(U(l3)), C)
    return R.imag if (l1 + l2 + l3) % 2 else R.real


def points(K):
    theta = np.arccos(rng.uniform(-1, 1, K))
    phi = rng.uniform(0, 2 * np.pi, K)
    r = np.stack([np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)], axis=1)
    return theta, phi, r


# ---- the relations (asserted here; linc implements them in src/ir/math/e3nn.ts) -----------
def rotation_blocks(lmax):
    """R_l with Y_linc^l(r) = R_l Y_e3nn^l(r) (e3nn "integral"), by least squares over points."""
    theta, phi, r = points(400)
    A, B = linc_sh(lmax, theta, phi), e3nn_sh(lmax, r)
    out = []
    for l in range(lmax + 1):
        s = slice(l * l, (l + 1) ** 2)
        R = np.linalg.lstsq(B[:, s], A[:, s], rcond=None)[0].T
        assert np.abs(R @ B[:, s].T - A[:, s].T).max() < 1e-12, l
        assert np.abs(R @ R.T - np.eye(2 * l + 1)).max() < 1e-12, l
        out.append(R)
    return out


def rotation_formula(l):
    """R_l = M_l^T S_l: e3nn Y^l(r) = S_l Y_linc^l(P r), P(x, y, z) = (z, x, y), S_l = diag((-1)^m)."""
    theta, phi, r = points(4 * l + 8)
    Pr = r[:, [2, 0, 1]]
    Y = linc_sh(l, theta, phi)[:, l * l:]
    YP = linc_sh(l, np.arccos(np.clip(Pr[:, 2], -1, 1)), np.arctan2(Pr[:, 1], Pr[:, 0]))[:, l * l:]
    M = np.linalg.lstsq(Y, YP, rcond=None)[0].T  # Y_linc(P r) = M Y_linc(r)
    S = np.diag([(-1.0) ** m for m in range(-l, l + 1)])
    return M.T @ S


def block_diag(blocks):
    n = sum(b.shape[0] for b in blocks)
    out, o = np.zeros((n, n)), 0
    for b in blocks:
        k = b.shape[0]
        out[o:o + k, o:o + k] = b
        o += k
    return out


LMAX = 5
RB = rotation_blocks(LMAX)
for l in range(LMAX + 1):
    assert np.abs(RB[l] - rotation_formula(l)).max() < 1e-12, l
assert np.allclose(RB[1], [[0, -1, 0], [0, 0, 1], [-1, 0, 0]], atol=1e-14)
_, _, r = points(7)
assert np.abs(e3nn_sh(2, r, "component") - e3nn_sh_explicit(r)).max() < 1e-13


def cg_sign(l1, l2, l3):
    """s with wigner_3j(l1,l2,l3) = s / √(2l3+1) · (R1ᵀ ⊗ R2ᵀ ⊗ R3ᵀ) cg_path(l1,l2,l3)."""
    W = e3nn_wigner_3j(l1, l2, l3)
    C = np.einsum("ai,bj,ck,abc->ijk", RB[l1], RB[l2], RB[l3], linc_cg(l1, l2, l3)) / np.sqrt(2 * l3 + 1)
    s = np.sign(np.sum(W * C))
    assert np.abs(W - s * C).max() < 1e-12, (l1, l2, l3)
    return int(s)


signs = {}
for l1 in range(LMAX + 1):
    for l2 in range(LMAX + 1):
        for l3 in range(abs(l1 - l2), min(l1 + l2, LMAX) + 1):
            signs[(l1, l2, l3)] = cg_sign(l1, l2, l3)
if "--signs" in sys.argv:
    for k, v in sorted(signs.items()):
        print(k, v, (-1) ** ((k[0] + k[1] + k[2]) // 2) if sum(k) % 2 == 0 else None)
    sys.exit(0)


# ---- golden cases ------------------------------------------------------------------------
def arr(a):
    a = np.asarray(a, dtype=float)
    return {"dtype": "f64", "shape": list(a.shape), "data": a.ravel().tolist()}


cases = []
NOTE = "e3nn basis (normalization='integral'), from ports of e3nn's wigner_3j / spherical_harmonics definitions"
for L in (1, 2, 4):
    K = 6
    theta, phi, r = points(K)
    a = rng.standard_normal((2, (L + 1) ** 2))
    f = a @ e3nn_sh(L, r).T
    cases.append({"name": f"e3nn_sh_eval_{L}", "source": f'input a: f64[2, {(L + 1) ** 2}]\nparam theta: f64[{K}]\nparam phi: f64[{K}]\noutput f = sh_eval(a, theta, phi, basis="e3nn")\n',
                  "inputs": {"a": arr(a)}, "params": {"theta": arr(theta), "phi": arr(phi)}, "outputs": {"f": arr(f)}, "tol": 1e-10,
                  "note": NOTE + "; f[k] = Σ a[i] e3nn.spherical_harmonics(r_k)[i], r = (sinθcosφ, sinθsinφ, cosθ)"})


def e3nn_gaunt(L1, L2, lmax):
    """∫ Y_e3nn,i1 Y_e3nn,i2 Y_e3nn,i3 dΩ by exact quadrature (Gauss-Legendre x trapezoid)."""
    n = (L1 + L2 + lmax) // 2 + 2
    x, w = np.polynomial.legendre.leggauss(n)
    ph = 2 * np.pi * np.arange(2 * n) / (2 * n)
    th = np.repeat(np.arccos(x), 2 * n)
    phs = np.tile(ph, n)
    wt = np.repeat(w, 2 * n) * (2 * np.pi / (2 * n))
    r = np.stack([np.sin(th) * np.cos(phs), np.sin(th) * np.sin(phs), np.cos(th)], axis=1)
    Y1, Y2, Y3 = e3nn_sh(L1, r), e3nn_sh(L2, r), e3nn_sh(lmax, r)
    return np.einsum("p,pi,pj,pk->ijk", wt, Y1, Y2, Y3)


for (L1, L2, lmax) in ((1, 1, 2), (2, 3, 4), (3, 2, 2)):
    G = e3nn_gaunt(L1, L2, lmax)
    a = rng.standard_normal((L1 + 1) ** 2)
    b = rng.standard_normal((2, (L2 + 1) ** 2))
    c = np.einsum("i,pj,ijk->pk", a, b, G)
    cases.append({"name": f"e3nn_gaunt_{L1}_{L2}_{lmax}", "source": f'input a: f64[{(L1 + 1) ** 2}]\ninput b: f64[2, {(L2 + 1) ** 2}]\noutput c = gaunt(a, b, lmax={lmax}, basis="e3nn")\n',
                  "inputs": {"a": arr(a), "b": arr(b)}, "params": {}, "outputs": {"c": arr(c)}, "tol": 1e-10,
                  "note": NOTE + "; c[k] = Σ a[i] b[j] ∫ Y_i Y_j Y_k dΩ over e3nn's SH"})

for (l1, l2, l3) in ((1, 1, 0), (1, 1, 1), (1, 1, 2), (2, 1, 1), (2, 1, 2), (1, 2, 3), (2, 2, 1), (2, 2, 2), (3, 2, 3), (2, 3, 4)):
    W = e3nn_wigner_3j(l1, l2, l3)
    a = rng.standard_normal((2, 2 * l1 + 1))
    b = rng.standard_normal((2, 2 * l2 + 1))
    c = np.einsum("pi,pj,ijk->pk", a, b, W)
    cases.append({"name": f"e3nn_cg_path_{l1}_{l2}_{l3}", "source": f'param a: f64[2, {2 * l1 + 1}]\nparam b: f64[2, {2 * l2 + 1}]\noutput c = cg_path(a, b, l1={l1}, l2={l2}, l3={l3}, basis="e3nn")\n',
                  "inputs": {}, "params": {"a": arr(a), "b": arr(b)}, "outputs": {"c": arr(c)}, "tol": 1e-10,
                  "note": NOTE + f"; c[k] = Σ a[i] b[j] wigner_3j({l1},{l2},{l3})[i,j,k]"})

rot = {str(l): arr(RB[l]) for l in range(LMAX + 1)}
sgn = {f"{k[0]},{k[1]},{k[2]}": v for k, v in sorted(signs.items())}
print(json.dumps({"family": "sphere_e3nn", "generator": "test/sphere/gen_e3nn.py (numpy " + np.__version__ + ")",
                  "rotations": rot, "cg_signs": sgn, "cases": cases}))
