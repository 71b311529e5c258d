# Golden matrix exponentials by scipy.linalg.expm (float64; independent of linc's expm), for
# test/ssm/expm.test.ts: each of linc's copies of the algorithm — the reference, the cpu/wasm
# runtime text, the onnx graph — against them. Norms from 0.3 (no squaring) to about 900 (eight
# squarings), real and complex, a defective (Jordan) block and a nilpotent one.
# Regenerate: python3 test/ssm/gen_expm.py > test/ssm/data/expm.json
import json

import numpy as np
import scipy.linalg as sl

rng = np.random.default_rng(20261207)


def enc(a):
    a = np.asarray(a)
    if np.iscomplexobj(a):
        return {"dtype": "c128", "shape": list(a.shape), "data": np.stack([a.real, a.imag], axis=-1).ravel().tolist()}
    return {"dtype": "f64", "shape": list(a.shape), "data": a.ravel().tolist()}


def normal(n, cplx=False):
    x = rng.standard_normal((n, n))
    return x + 1j * rng.standard_normal((n, n)) if cplx else x


cases = [
    ("real_small", 0.1 * normal(5), "|X|_1 below theta13: no squaring"),
    ("real_scaled", 4.0 * normal(6), "a few squarings"),
    ("complex_scaled", 2.5 * normal(4, True), "complex, a few squarings"),
    ("stable_large", -30 * np.eye(5) + 20 * normal(5), "|X|_1 near 900: eight squarings"),
    ("jordan", np.array([[-1.0, 100.0, 0.0], [0.0, -1.0, 100.0], [0.0, 0.0, -1.0]]), "defective: a Jordan block with a large coupling"),
    ("nilpotent_complex", np.array([[0, 2 + 1j, 0], [0, 0, 3 - 2j], [0, 0, 0]]), "nilpotent: I + N + N^2/2 exactly"),
]
out = {"cases": [{"name": n, "note": note, "X": enc(X), "expm": enc(sl.expm(X))} for n, X, note in cases]}
print(json.dumps(out))
