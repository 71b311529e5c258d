# Golden cases for inv(butterfly(w)) on ill-conditioned random butterflies, owned by this
# repository. Regenerate: python3 gen_butterfly_inv.py > butterfly_inv.json
#   outputs.y   numpy.linalg.solve on the dense matrix (the golden every backend is held to)
#   exact.y     the same solution in extended precision (np.longdouble), factor by factor
#   numpy_err   numpy's own error against exact.y, as relErr in test/support/golden.ts
# A case's tol is 2 * numpy_err + 1e-13: a backend that agrees with numpy to numpy's accuracy.
import json
import numpy as np
from golden_arrays import arr


def factor(w, x, s):
    # y[i0] = a x[i0] + b x[i1], y[i1] = c x[i0] + d x[i1] for the pairs (2sb + j, 2sb + s + j)
    n = x.shape[-1]
    xb = x.reshape(x.shape[:-1] + (n // (2 * s), 2, s))
    wb = w.reshape(n // (2 * s), s, 2, 2)
    x0, x1 = xb[..., 0, :], xb[..., 1, :]
    y0 = wb[..., 0, 0] * x0 + wb[..., 0, 1] * x1
    y1 = wb[..., 1, 0] * x0 + wb[..., 1, 1] * x1
    return np.stack([y0, y1], axis=-2).reshape(x.shape)


def butterfly(w, x, increasing):
    L = w.shape[0]
    for i in range(L):
        x = factor(w[i], x, 1 << (i if increasing else L - 1 - i))
    return x


def inverse(w, x, increasing):
    a, b, c, d = w[..., 0, 0], w[..., 0, 1], w[..., 1, 0], w[..., 1, 1]
    det = a * d - b * c
    wi = np.stack([np.stack([d / det, -b / det], -1), np.stack([-c / det, a / det], -1)], -2)
    return butterfly(wi[::-1], x, not increasing)


def rel_err(got, want):
    got, want = np.asarray(got).ravel(), np.asarray(want).ravel()
    return float(np.max(np.abs(got - want)) / max(1.0, float(np.max(np.abs(want)))))


cases = []
for n, seed, increasing, complex_ in ((64, 1, True, False), (256, 4, True, False), (64, 3, False, False), (64, 2, True, True)):
    rng = np.random.default_rng(seed)
    L = n.bit_length() - 1
    w = rng.standard_normal((L, n // 2, 2, 2))
    x = rng.standard_normal((3, n))
    if complex_:
        w = w + 1j * rng.standard_normal((L, n // 2, 2, 2))
        x = x + 1j * rng.standard_normal((3, n))
    dt, ext = ("c128", np.clongdouble) if complex_ else ("f64", np.longdouble)
    B = butterfly(w, np.eye(n, dtype=w.dtype), increasing).T  # B @ e_j is column j
    y = np.linalg.solve(B, x.T).T
    exact = inverse(w.astype(ext), x.astype(ext), increasing)
    flat = lambda v: np.stack([v.real, v.imag], -1) if complex_ else v
    err = rel_err(flat(y), flat(exact).astype(np.float64))
    inc = "true" if increasing else "false"
    cases.append({
        "name": f"inv_butterfly_n{n}_{'inc' if increasing else 'dec'}_{dt}",
        "source": f"param w: {dt}[{L}, {n // 2}, 2, 2]\ninput x: {dt}[3, {n}]\noutput y = inv(butterfly(w, increasing={inc})) @ x\n",
        "inputs": {"x": arr(x, dt)}, "params": {"w": arr(w, dt)},
        "outputs": {"y": arr(y, dt)},
        "exact": {"y": arr(exact.astype(np.complex128 if complex_ else np.float64), dt)},
        "numpy_err": err, "cond": float(np.linalg.cond(B)),
        "tol": 2 * err + 1e-13,
        "note": f"cond(B) = {np.linalg.cond(B):.2e}; numpy.linalg.solve's error against extended precision: {err:.2e}",
    })
print(json.dumps({"family": "butterfly_inv", "generator": "test/golden/local/gen_butterfly_inv.py (numpy " + np.__version__ + ", numpy.linalg.solve)", "cases": cases}))
