# Golden cases for block_circulant, filter_adjoint and cayley (orthogonal convolutions), owned by
# this repository. The expected values are dense numpy float64 computations: the block matrix
# built entry by entry, and (I - A) @ inv(I + A) by numpy.linalg.solve.
# Regenerate: python3 gen_cayley.py > cayley.json
import json
import numpy as np
from golden_arrays import arr, cdt

rng = np.random.default_rng(20261127)
cases = []


def block_circulant(h):
    """Dense [co n, ci n]: block (o, i)[r, s] = h[o, i, (r - s) mod n] (channel-major)."""
    co, ci, n = h.shape
    r = np.arange(n)
    idx = (r[:, None] - r[None, :]) % n
    return np.block([[h[o, i][idx] for i in range(ci)] for o in range(co)])


def filter_adjoint(h):
    """g[i, o, t] = conj(h[o, i, (-t) mod n])."""
    n = h.shape[2]
    return np.conj(np.transpose(h, (1, 0, 2))[:, :, (-np.arange(n)) % n])


def cayley(A):
    I = np.eye(A.shape[0])
    return np.linalg.solve((I + A).T, (I - A).T).T  # (I - A) (I + A)^-1


def add(name, source, inputs, params, outputs, note):
    cases.append({"name": name, "source": source,
                  "inputs": {k: arr(v, cdt(v)) for k, v in inputs.items()},
                  "params": {k: arr(v, cdt(v)) for k, v in params.items()},
                  "outputs": {k: arr(v, cdt(v)) for k, v in outputs.items()},
                  "tol": 1e-10, "note": note})


# block_circulant alone: real and complex, c_out != c_in
h = rng.standard_normal((3, 2, 8))
x = rng.standard_normal((2, 16))
add("block_circulant_3x2_n8", "param h: f64[3, 2, 8]\ninput x: f64[2, 16]\noutput y = block_circulant(h) @ x\n",
    {"x": x}, {"h": h}, {"y": x @ block_circulant(h).T}, "channel-major rows: x[i * n + t]")
h = rng.standard_normal((2, 2, 5)) + 1j * rng.standard_normal((2, 2, 5))
x = rng.standard_normal((2, 10)) + 1j * rng.standard_normal((2, 10))
add("block_circulant_c128_adjoint", "param h: c128[2, 2, 5]\ninput x: c128[2, 10]\nB = block_circulant(h)\noutput y = B.H @ (B @ x)\n",
    {"x": x}, {"h": h}, {"y": x @ (block_circulant(h).conj().T @ block_circulant(h)).T}, "B.H is block_circulant(filter_adjoint(h))")
# filter_adjoint as a tensor
h = rng.standard_normal((2, 3, 6)) + 1j * rng.standard_normal((2, 3, 6))
add("filter_adjoint_c128", "param h: c128[2, 3, 6]\noutput g = filter_adjoint(h)\n", {}, {"h": h}, {"g": filter_adjoint(h)},
    "block_circulant(filter_adjoint(h)) == block_circulant(h).H")
# cayley of a circulant (any c: not orthogonal unless c is skew) and of a skew circulant
c = 0.3 * rng.standard_normal(12)
x = rng.standard_normal((2, 12))
add("cayley_circulant_n12", "param c: f64[12]\ninput x: f64[2, 12]\noutput y = cayley(circulant(c)) @ x\n",
    {"x": x}, {"c": c}, {"y": x @ cayley(block_circulant(c[None, None, :])).T}, "idft . diag((1 - λ)/(1 + λ)) . dft, λ = dft(c)")
# the orthogonal layer: S = W - filter_adjoint(W), skew-symmetric block circulant
for c_, n in ((3, 16), (2, 9)):
    W = 0.3 * rng.standard_normal((c_, c_, n))
    x = rng.standard_normal((2, c_ * n))
    A = block_circulant(W - filter_adjoint(W))
    assert np.allclose(A, -A.T)
    Q = cayley(A)
    add(f"cayley_skew_block_circulant_c{c_}_n{n}",
        f"param W: f64[{c_}, {c_}, {n}]\ninput x: f64[2, {c_ * n}]\nQ = cayley(block_circulant(W - filter_adjoint(W)))\noutput y = Q @ x\noutput back = Q.T @ y\n",
        {"x": x}, {"W": W}, {"y": x @ Q.T, "back": x}, "orthogonal: back == x, |y| == |x|")
# complex skew-Hermitian: B - B.H
W = 0.3 * (rng.standard_normal((2, 2, 8)) + 1j * rng.standard_normal((2, 2, 8)))
x = rng.standard_normal((2, 16)) + 1j * rng.standard_normal((2, 16))
B = block_circulant(W)
add("cayley_skew_hermitian_c128", "param W: c128[2, 2, 8]\ninput x: c128[2, 16]\nB = block_circulant(W)\noutput y = cayley(B - B.H) @ x\n",
    {"x": x}, {"W": W}, {"y": x @ cayley(B - B.conj().T).T}, "unitary")
print(json.dumps({"family": "cayley", "generator": "test/golden/local/gen_cayley.py (numpy " + np.__version__ + ")", "cases": cases}))
