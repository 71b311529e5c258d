# Golden cases for dplr_kernel (S4's DPLR kernel from run-time parameters), owned by this
# repository. The expected values do not use the Cauchy/Woodbury formula: with A = diag(lam) - P P^H
# (P [N, r]), the bilinear discretisation Ab = (I - dt/2 A)^-1 (I + dt/2 A), Bb = (I - dt/2 A)^-1 dt B
# and S4's C~ = C (I - Ab^L), the kernel is K[k] = Re C Ab^k Bb (k < L) with C = C~ (I - Ab^L)^-1,
# summed by the dense recurrence in numpy float64. The generator also evaluates S4's formula
# (Cauchy sums, an r x r solve per frequency, numpy.fft.ifft) and asserts both agree to 1e-10.
# Regenerate: python3 gen_dplr.py > dplr.json
import json
import numpy as np
from golden_arrays import arr, cdt

rng = np.random.default_rng(20261127)
cases = []


def dense_kernel(lam, P, B, Ct, dt, L):
    N = len(lam)
    A = np.diag(lam) - P @ P.conj().T
    I = np.eye(N)
    M = I - dt / 2 * A
    Ab = np.linalg.solve(M, I + dt / 2 * A)
    Bb = np.linalg.solve(M, dt * B)
    C = np.linalg.solve((I - np.linalg.matrix_power(Ab, L)).T, Ct)  # row C = C~ (I - Ab^L)^-1
    K, x = np.zeros(L, complex), Bb
    for k in range(L):
        K[k] = C @ x
        x = Ab @ x
    return K.real


def s4_formula(lam, P, B, Ct, dt, L):
    r = P.shape[1]
    w = np.exp(-2j * np.pi * np.arange(L) / L)
    Kh = np.zeros(L, complex)
    for j in range(L):
        if 2 * j == L:
            Kh[j] = dt / 2 * np.sum(Ct * B)
            continue
        g = 2 / dt * (1 - w[j]) / (1 + w[j])
        d = 1 / (g - lam)
        kcb = np.sum(Ct * B * d)
        kcp = (Ct * d) @ P                      # 1 x r
        kpb = P.conj().T @ (d * B)              # r x 1
        kpp = P.conj().T @ (d[:, None] * P)     # r x r
        Kh[j] = 2 / (1 + w[j]) * (kcb - kcp @ np.linalg.solve(np.eye(r) + kpp, kpb))
    return np.fft.ifft(Kh).real


def system(N, r):
    lam = -0.1 - 0.6 * rng.random(N) + 1j * 8 * rng.standard_normal(N)  # Re lam < 0: stable
    P = 0.5 * (rng.standard_normal((N, r)) + 1j * rng.standard_normal((N, r)))
    B = rng.standard_normal(N) + 1j * rng.standard_normal(N)
    Ct = rng.standard_normal(N) + 1j * rng.standard_normal(N)
    return lam, P, B, Ct


def add(name, N, r, L, dt, dt_decl, dt_expr, dt_binding, real_c=False, note=""):
    lam, P, B, Ct = system(N, r)
    if real_c:
        Ct = Ct.real
    K = dense_kernel(lam, P, B, Ct, dt, L)
    assert np.max(np.abs(K - s4_formula(lam, P, B, Ct, dt, L))) <= 1e-10 * np.max(np.abs(K)), name
    Pd = P[:, 0] if r == 1 else P
    pshape = f"{N}" if r == 1 else f"{N}, {r}"
    src = (f"param lam: c128[{N}]\nparam P: c128[{pshape}]\nparam B: c128[{N}]\nparam C: {'f64' if real_c else 'c128'}[{N}]\n"
           f"{dt_decl}output k = dplr_kernel(lam, P, B, C, {dt_expr}, {L})\n")
    params = {"lam": lam, "P": Pd, "B": B, "C": Ct}
    inputs = {}
    for k, (kind, v) in dt_binding.items():
        (params if kind == "param" else inputs)[k] = v
    cases.append({"name": name, "source": src,
                  "inputs": {k: arr(v, cdt(v)) for k, v in inputs.items()},
                  "params": {k: arr(v, cdt(v)) for k, v in params.items()},
                  "outputs": {"k": arr(K, "f64")}, "tol": 1e-10, "note": note})


add("dplr_rank1_n8_L64", 8, 1, 64, 0.05, "", "0.05", {}, note="literal dt; even L (the ω = -1 limit)")
add("dplr_rank1_n12_L96_dt_input", 12, 1, 96, 0.02, "input dt: f64[1]\n", "dt", {"dt": ("input", np.array([0.02]))}, real_c=True,
    note="dt a run-time input [1]; real C")
add("dplr_rank2_n6_L50_dt_param", 6, 2, 50, 0.1, "param dt: f64[]\n", "dt", {"dt": ("param", np.array(0.1))},
    note="rank 2 (P [6, 2]); odd L (no ω = -1 node); dt a param []")
add("dplr_rank3_n10_L128_logdt", 10, 3, 128, 0.03, "param log_dt: f64[]\n", "exp(log_dt)", {"log_dt": ("param", np.array(np.log(0.03)))},
    note="rank 3; dt = exp(log_dt) as S4 trains it")
print(json.dumps({"family": "dplr", "generator": "test/golden/local/gen_dplr.py (numpy " + np.__version__ + ")", "cases": cases}))
