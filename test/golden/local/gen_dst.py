# Golden cases for dst/idst (scipy.fft conventions), owned by this repository (the vendored
# data/ folder mirrors the workspace's shared set). Regenerate: python3 gen_dst.py > dst.json
import json
import numpy as np
from golden_arrays import arr
import scipy.fft as sf

rng = np.random.default_rng(20261127)
cases = []


for inverse in (False, True):
    fn, name = (sf.idst, "idst") if inverse else (sf.dst, "dst")
    for t in (1, 2, 3, 4):
        for norm in ("backward", "ortho", "forward"):
            for n in (1, 5, 8, 17):
                x = rng.standard_normal((2, n))
                cases.append({
                    "name": f"{name}{t}_n{n}_{norm}",
                    "source": f'input x: f64[2, {n}]\noutput y = {name}({n}, type={t}, norm="{norm}") @ x\n',
                    "inputs": {"x": arr(x, "f64")}, "params": {},
                    "outputs": {"y": arr(fn(x, type=t, norm=norm, axis=-1), "f64")},
                    "tol": 1e-10, "note": "",
                })
# single precision, complex data, and a composition with the structural inverse
for t in (1, 2, 3, 4):
    x = rng.standard_normal((3, 16)).astype(np.float32)
    y = sf.dst(x.astype(np.float64), type=t, norm="ortho", axis=-1)
    cases.append({
        "name": f"dst{t}_f32_ortho", "source": f'input x: f32[batch, 16]\noutput y = dst(16, type={t}, norm="ortho") @ x\n',
        "inputs": {"x": arr(x, "f32")}, "params": {}, "outputs": {"y": arr(y.astype(np.float32), "f32")},
        "tol": 1e-5, "note": "f32 data; tolerance relative to the largest output",
    })
    z = rng.standard_normal((2, 6)) + 1j * rng.standard_normal((2, 6))
    cases.append({
        "name": f"dst{t}_c128", "source": f'input z: c128[2, 6]\noutput y = dst(6, type={t}) @ z\n',
        "inputs": {"z": arr(z, "c128")}, "params": {}, "outputs": {"y": arr(sf.dst(z, type=t, axis=-1), "c128")},
        "tol": 1e-10, "note": "complex data: real and imaginary parts transformed apart",
    })
    x = rng.standard_normal((2, 7))
    cases.append({
        "name": f"dst{t}_inverse_roundtrip", "source": f'input x: f64[2, 7]\nS = dst(7, type={t}, norm="forward")\noutput y = inv(S) @ (S @ x)\n',
        "inputs": {"x": arr(x, "f64")}, "params": {}, "outputs": {"y": arr(x, "f64")},
        "tol": 1e-10, "note": "inv(dst) is structural (idst)",
    })
# type 1 at n = 4096 (issue 24: the reference refused n >= 2896, E0602, building the odd
# extension's negative-offset windows as dense matrices)
for inverse in (False, True):
    fn, name = (sf.idst, "idst") if inverse else (sf.dst, "dst")
    x = rng.standard_normal((1, 4096))
    cases.append({
        "name": f"{name}1_n4096", "source": f'input x: f64[1, 4096]\noutput y = {name}(4096, type=1) @ x\n',
        "inputs": {"x": arr(x, "f64")}, "params": {}, "outputs": {"y": arr(fn(x, type=1, axis=-1), "f64")},
        "tol": 1e-10, "note": "type 1 above n = 2896 (the reference once refused it)",
    })
print(json.dumps({"family": "dst", "generator": "test/golden/local/gen_dst.py (numpy " + np.__version__ + ", scipy.fft)", "cases": cases}))
