"""Cross-checks for a machine that has Python's onnxruntime and e3nn (see prep.ts).

  python3 scripts/device-check/check.py OUTDIR_OF_PREP

1. Every ONNX model prep.ts wrote runs in Python's onnxruntime (each execution provider it has)
   and matches linc's reference interpreter: f64 to 1e-9, f32 to 1e-4 relative to the largest
   expected value. Complex arrays carry a trailing axis of 2, as linc's models do.
2. The tutorial's run_model.py, verbatim, prints the filter it should.
3. The e3nn basis: the golden cases of test/sphere/data/e3nn.json (made from ports of e3nn's
   formulas) recomputed with the e3nn library itself.
Exit status 1 when any check fails.
"""
import base64
import json
import math
import os
import subprocess
import sys

import numpy as np

out = sys.argv[1]
failures = []


def decode(a):
    dt = {"f32": np.float32, "c64": np.float32, "f64": np.float64, "c128": np.float64}[a["dtype"]]
    x = np.frombuffer(base64.b64decode(a["data"]), dtype=dt)
    shape = list(a["shape"]) + ([2] if a["dtype"].startswith("c") else [])
    return x.reshape(shape)


def report(name, err, tol):
    ok = err <= tol
    print(f"{'ok  ' if ok else 'FAIL'} {name}: relative error {err:.2e} (tolerance {tol:.0e})")
    if not ok:
        failures.append(name)


# ---- 1. ONNX models in Python's onnxruntime --------------------------------------------------
import onnxruntime as ort

print("onnxruntime", ort.__version__, "providers", ort.get_available_providers())
cases = json.load(open(os.path.join(out, "cases.json")))["cases"]
for prov in [p for p in ["CUDAExecutionProvider", "CPUExecutionProvider"] if p in ort.get_available_providers()]:
    for c in cases:
        s = ort.InferenceSession(os.path.join(out, c["model"]), providers=[prov])
        got = s.run(None, {k: decode(v) for k, v in c["feeds"].items()})
        names = [o.name for o in s.get_outputs()]
        for name, y in zip(names, got):
            e = c["expected"][name]
            ref = decode(e)
            err = float(np.max(np.abs(y.astype(np.float64) - ref)) / max(np.max(np.abs(ref)), 1e-300))
            report(f"{prov} {c['name']} {name}", err, 1e-9 if e["dtype"] in ("f64", "c128") else 1e-4)

# ---- 2. The tutorial's Python example ----------------------------------------------------------
r = subprocess.run([sys.executable, "run_model.py"], cwd=out, capture_output=True, text=True)
print("run_model.py:", r.stdout.strip(), r.stderr.strip()[-300:])
printed = np.array([float(t) for t in r.stdout.replace("[", " ").replace("]", " ").split()])
want = np.exp(-np.arange(4) / 16) / 16
report("tutorial run_model.py", float(np.max(np.abs(printed - want)) / want[0]) if printed.size == 4 else 1.0, 1e-5)

# ---- 3. e3nn -----------------------------------------------------------------------------------
import torch
from e3nn import o3

print("e3nn", __import__("e3nn").__version__, "torch", torch.__version__)
torch.set_default_dtype(torch.float64)
gold = json.load(open(os.path.join(os.path.dirname(__file__), "../../test/sphere/data/e3nn.json")))


def arr(a):
    return np.array(a["data"], dtype=np.float64).reshape(a["shape"])


def degree(size):
    return int(round(math.sqrt(size))) - 1


def sh(L, r):
    return o3.spherical_harmonics(list(range(L + 1)), torch.tensor(r), normalize=True, normalization="integral").numpy()


# Quadrature on the sphere exact for the products below (degree <= 3 * 8): Gauss-Legendre in
# z = cos(theta) times the trapezoidal rule in phi.
z, wz = np.polynomial.legendre.leggauss(40)
phi = np.arange(80) * 2 * np.pi / 80
Z, P = np.meshgrid(z, phi, indexing="ij")
W = (wz[:, None] * np.full(80, 2 * np.pi / 80)[None, :]).ravel()
S = np.sqrt(1 - Z**2)
pts = np.stack([(S * np.cos(P)).ravel(), (S * np.sin(P)).ravel(), Z.ravel()], axis=1)

for c in gold["cases"]:
    v = {**{k: arr(a) for k, a in c.get("inputs", {}).items()}, **{k: arr(a) for k, a in c.get("params", {}).items()}}
    name, (oname, oval) = c["name"], next(iter(c["outputs"].items()))
    want = arr(oval)
    src = c["source"]
    if "sh_eval" in src:
        t, p = v["theta"], v["phi"]
        r = np.stack([np.sin(t) * np.cos(p), np.sin(t) * np.sin(p), np.cos(t)], axis=1)
        got = v["a"] @ sh(degree(v["a"].shape[-1]), r).T
    elif "gaunt" in src:
        lmax = int(src.split("lmax=")[1].split(",")[0].split(")")[0])
        la, lb = degree(v["a"].shape[-1]), degree(v["b"].shape[-1])
        Ya, Yb, Yc = sh(la, pts), sh(lb, pts), sh(lmax, pts)
        fa = Ya @ v["a"]  # [points]
        fb = v["b"] @ Yb.T  # [batch, points]
        got = (fb * fa[None, :] * W[None, :]) @ Yc
    elif "cg_path" in src:
        l1, l2, l3 = (int(src.split(f"{k}=")[1].split(",")[0].split(")")[0]) for k in ("l1", "l2", "l3"))
        w = o3.wigner_3j(l1, l2, l3).numpy()
        got = np.einsum("bi,bj,ijk->bk", v["a"], v["b"], w)
    else:
        raise SystemExit(f"unknown e3nn case {name}")
    got = got.reshape(want.shape)
    report(f"e3nn {name}", float(np.max(np.abs(got - want)) / np.max(np.abs(want))), 1e-10)

print(f"{len(failures)} failures" + (": " + ", ".join(failures) if failures else ""))
sys.exit(1 if failures else 0)
