# Golden eigenvalues of the HiPPO normal parts A + P Pᵀ (S4's `transition` and `rank_correction`),
# by numpy's dense `eig` (LAPACK geev), for test/ssm/skeweig.test.ts. Also prints the time numpy
# and scipy take for the same decomposition, the figure quoted next to linc's DPLR set-up times.
# Regenerate: python3 test/ssm/gen_hippo_eig.py > test/ssm/data/hippo_eig.json
import json
import sys
import time

import numpy as np
import scipy.linalg as sl


def hippo(kind, n):
    r = np.sqrt(2 * np.arange(n) + 1)
    if kind == "legs":
        A = -np.tril(np.outer(r, r), -1) - np.diag(np.arange(n) + 1.0)
        P = np.sqrt(np.arange(n) + 0.5)[:, None]
    elif kind == "legt":
        i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
        sign = np.where((i < j) & ((j - i) % 2 == 1), -1.0, 1.0)
        A = -0.5 * np.outer(r, r) * sign
        P = np.zeros((n, 2))
        for k in range(n):
            P[k, k % 2] = np.sqrt((2 * k + 1) / 2)
    else:  # fout
        B = np.array([1.0 if k == 0 else (np.sqrt(2) if k % 2 == 0 else 0.0) for k in range(n)])
        A = np.zeros((n, n))
        for k in range(n - 1):
            d = k / 2 if k % 2 == 0 else 0
            A[k, k + 1] = -np.pi * d
            A[k + 1, k] = np.pi * d
        A -= np.outer(B, B)
        P = B[:, None]
    return A, P


cases = []
for kind in ("legs", "legt", "fout"):
    for n in (2, 7, 16, 64, 256):
        if kind == "fout" and n % 2:
            continue
        A, P = hippo(kind, n)
        w = np.linalg.eigvals(A + P @ P.T)
        w = w[np.argsort(w.imag, kind="stable")]
        cases.append({"kind": kind, "n": n, "re": w.real.tolist(), "im": w.imag.tolist()})

timing = {}
for n in (64, 256, 1024):
    A, P = hippo("legs", n)
    M = A + P @ P.T
    for name, f in (("numpy.linalg.eig", np.linalg.eig), ("scipy.linalg.eig", sl.eig)):
        best = min((lambda: (t := time.perf_counter(), f(M), time.perf_counter() - t)[2])() for _ in range(3))
        timing[f"{name} N={n}"] = round(best * 1000, 1)
    print(f"N={n}: " + ", ".join(f"{k}: {v} ms" for k, v in timing.items() if k.endswith(f"N={n}")), file=sys.stderr)

json.dump({"generator": "test/ssm/gen_hippo_eig.py", "numpy": np.__version__, "eig_ms": timing, "cases": cases}, sys.stdout)
