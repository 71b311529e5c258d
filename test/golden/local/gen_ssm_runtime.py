# Golden cases for ssm_kernel with a run-time A (params A, B, C: unbound at lowering, the
# kernel-level ssm_powers renders on the backends), owned by this repository. The expected values
# are scipy float64 computations, independent of linc's own linear algebra: bilinear by
# scipy.linalg.solve, zero-order hold by scipy.linalg.expm of the augmented matrix, then
# K[k] = C Ā^k B̄ by the recurrence.
# Regenerate: python3 gen_ssm_runtime.py > ssm_runtime.json
import json
import numpy as np
from golden_arrays import arr, cdt
import scipy.linalg as sl

rng = np.random.default_rng(20261127)
cases = []


def kernel(A, B, C, dt, L, method):
    n = A.shape[0]
    if method == "bilinear":
        M = np.eye(n) - dt / 2 * A
        Ab = sl.solve(M, np.eye(n) + dt / 2 * A)
        Bb = sl.solve(M, dt * B)
    else:
        aug = np.zeros((n + 1, n + 1), dtype=np.result_type(A, B))
        aug[:n, :n] = A
        aug[:n, n] = B
        E = sl.expm(dt * aug)
        Ab, Bb = E[:n, :n], E[:n, n]
    K, x = [], Bb
    for _ in range(L):
        K.append(C @ x)
        x = Ab @ x
    K = np.array(K)
    return K if np.iscomplexobj(K) else K.real


def system(n, complex_a=False, complex_b=False, complex_c=False, shift=0.5):
    def draw(shape, cplx):
        x = rng.standard_normal(shape)
        return x + 1j * rng.standard_normal(shape) if cplx else x
    A = draw((n, n), complex_a) / np.sqrt(n) - shift * np.eye(n)
    return A, draw(n, complex_b), draw(n, complex_c)


def add(name, A, B, C, dt, L, method, note, with_u=True):
    src = (f"param A: {cdt(A)}[{A.shape[0]}, {A.shape[0]}]\nparam B: {cdt(B)}[{B.shape[0]}]\nparam C: {cdt(C)}[{C.shape[0]}]\n"
           f"K = ssm_kernel(A, B, C, {dt}, {L}, method=\"{method}\")\noutput K\n")
    K = kernel(A, B, C, dt, L, method)
    outputs, inputs = {"K": K}, {}
    if with_u and not np.iscomplexobj(K):
        u = rng.standard_normal((2, L))
        src += f"input u: f64[2, {L}]\noutput y = toeplitz(K, zeros({L})) @ u\n"
        T = sl.toeplitz(K, np.zeros(L))
        inputs["u"], outputs["y"] = u, u @ T.T
    cases.append({"name": name, "source": src,
                  "inputs": {k: arr(v, cdt(v)) for k, v in inputs.items()},
                  "params": {k: arr(v, cdt(v)) for k, v in {"A": A, "B": B, "C": C}.items()},
                  "outputs": {k: arr(v, cdt(v)) for k, v in outputs.items()},
                  "tol": 1e-10, "note": note})


A, B, C = system(6)
add("ssm_runtime_real_bilinear", A, B, C, 0.1, 40, "bilinear", "real A, B, C; y = K * u")
A, B, C = system(5, True, True, False)
add("ssm_runtime_complex_bilinear", A, B, C, 0.2, 33, "bilinear", "complex A, B, real C: complex kernel")
# I - dt/2 A = M with M[0, 0] = 0 (a row exchange needed) and every eigenvalue of M of real part
# >= 1, so that Ā = M^-1 (2I - M) has spectral radius <= 1 (a bounded kernel)
_, B, C = system(6)
S = rng.standard_normal((4, 4)) * 0.3
M = np.zeros((6, 6))
M[:2, :2] = [[0, 1], [-1, 2]]
M[2:, 2:] = 1.5 * np.eye(4) + (S - S.T)
M[:2, 2:] = 0.2 * rng.standard_normal((2, 4))
add("ssm_runtime_pivot_bilinear", (2 / 0.2) * (np.eye(6) - M), B, C, 0.2, 24, "bilinear", "zero leading pivot of I - dt/2 A")
A, B, C = system(6, shift=2.5)
add("ssm_runtime_real_zoh", A, B, C, 4.0, 30, "zoh", "|dt aug|_1 above theta13: scaling and squaring")
A, B, C = system(4, True, False, True, shift=1.5)
add("ssm_runtime_complex_zoh", A, B, C, 2.0, 25, "zoh", "complex A, C")
A, B, C = system(4, shift=1.0)
A[1, :] = 0  # singular A: an integrator state
add("ssm_runtime_singular_zoh", A, B, C, 0.5, 20, "zoh", "singular A: the augmented exponential needs no A^-1")

import scipy
print(json.dumps({"family": "ssm_runtime", "generator": f"test/golden/local/gen_ssm_runtime.py (numpy {np.__version__}, scipy {scipy.__version__})", "cases": cases}, indent=None))
