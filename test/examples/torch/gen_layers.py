# Golden data for the three published layers of examples/ (issue 19), computed by the layers'
# original PyTorch code in float64: neuraloperator's SpectralConv2d (FNO, fourier_2d.py),
# state-spaces/s4's S4D (models/s4/s4d.py: S4DKernel + S4D.forward without dropout and the output
# linear) and NVlabs' AFNO2D (afno/afno2d.py, num_blocks 8, sparsity_threshold 0.01,
# hard_thresholding_fraction 1, hidden_size_factor 1).
#
# Arrays too large for JSON are given as a stream of the one seeded generator (mulberry32, the
# generator of src/ir/math/random.ts, ported below bit for bit): {"seed", "offset", "scale"} means
# offset + scale * next(), complex values as (re, im) pairs in turn. Full-size outputs are checked
# at a sample of positions ("at": flat indices in row-major order of the output, "data").
#
# Needs PyTorch (Debian: apt-get install python3-torch; then run with /usr/bin/python3):
#   /usr/bin/python3 gen_layers.py > layers.json
import json
import math
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench" / "peers"))
from torch_layers import afno2d, fno_spectral_conv2d, s4d  # noqa: E402

torch.set_default_dtype(torch.float64)


def mulberry32(seed, count):
    """seed's first `count` numbers in [0, 1): src/ir/math/random.ts rng(seed).next(), exactly."""
    a = seed & 0xFFFFFFFF
    out = np.empty(count)
    M = 0xFFFFFFFF

    def imul(x, y):
        return (x * y) & M

    for i in range(count):
        a = (a + 0x6D2B79F5) & M
        t = a
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & M
        out[i] = ((t ^ (t >> 14)) & M) / 4294967296
    return out


def streamed(seed, shape, dtype, offset=0.0, scale=1.0):
    """An array drawn from the generator, and its JSON description."""
    count = int(np.prod(shape)) * (2 if dtype.startswith("c") else 1)
    v = offset + scale * mulberry32(seed, count)
    a = v[0::2] + 1j * v[1::2] if dtype.startswith("c") else v
    return a.reshape(shape), {"dtype": dtype, "shape": list(shape), "seed": seed, "offset": offset, "scale": scale}


def explicit(a, dtype):
    a = np.asarray(a)
    data = np.stack([a.real, a.imag], axis=-1).ravel() if dtype.startswith("c") else a.ravel()
    return {"dtype": dtype, "shape": list(a.shape), "data": data.tolist()}


def sampled(y, count=4096):
    """y at `count` evenly spread flat positions (all of it when smaller), and its largest |y|."""
    flat = np.asarray(y).ravel()
    at = np.unique(np.linspace(0, flat.size - 1, min(count, flat.size)).round().astype(np.int64))
    return {"shape": list(np.shape(y)), "at": at.tolist(), "data": flat[at].tolist(), "maxAbs": float(np.abs(flat).max())}


def layer_case(name, example, arrays, run, full):
    """arrays: name -> (value, description); full: whether the output is sampled (large)."""
    t = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, (v, _) in arrays.items()}
    y = run(t).numpy()
    out = sampled(y) if full else {**explicit(y, "f64"), "maxAbs": float(np.abs(y).max())}
    return {"name": name, "example": example, "arrays": {k: d for k, (_, d) in arrays.items()}, "y": out}


cases = []


def fno(name, example, batch, c, nx, ny, m1, m2, full, seed):
    scale = 1 / (c * c)
    x = streamed(seed, (batch, c, nx, ny), "f64", -1.0, 2.0)
    # torch.rand(..., dtype=torch.cfloat): real and imaginary parts uniform in [0, 1), times scale
    w1 = streamed(seed + 1, (c, c, m1, m2), "c128", 0.0, scale)
    w2 = streamed(seed + 2, (c, c, m1, m2), "c128", 0.0, scale)
    cases.append({**layer_case(name, example, {"x": x, "weights1": w1, "weights2": w2},
                               lambda t: fno_spectral_conv2d(t["x"], t["weights1"], t["weights2"], m1, m2), full),
                  "batch": batch, "consts": {"C": c, "X": nx, "Y": ny, "M1": m1, "M2": m2}})


def s4d_case(name, example, batch, H, N2, L, full, seed):
    u = streamed(seed, (batch, H, L), "f64", -1.0, 2.0)
    dt_min, dt_max = 0.001, 0.1
    log_dt = streamed(seed + 1, (H,), "f64", math.log(dt_min), math.log(dt_max) - math.log(dt_min))
    C = streamed(seed + 2, (H, N2), "c128", -1.0, 2.0)
    log_A_real = np.log(0.5 * np.ones((H, N2)))
    A_imag = math.pi * np.tile(np.arange(N2, dtype=np.float64), (H, 1))
    D = streamed(seed + 3, (H,), "f64", -1.0, 2.0)
    arrays = {"u": u, "log_dt": log_dt, "C": C, "log_A_real": (log_A_real, explicit(log_A_real, "f64")),
              "A_imag": (A_imag, explicit(A_imag, "f64")), "D": D}
    cases.append({**layer_case(name, example, arrays,
                               lambda t: s4d(t["u"], t["log_dt"], t["C"], t["log_A_real"], t["A_imag"], t["D"]), full),
                  "batch": batch, "consts": {"H": H, "N": N2, "L": L}})


def afno_case(name, example, batch, h, w, c, nb, full, seed):
    x = streamed(seed, (batch, h, w, c), "f64", -1.0, 2.0)
    bs = c // nb
    # AFNO2D's init: 0.02 * randn; uniform here, 0.02 * [-1, 1) (any values are fine for a golden)
    w1 = streamed(seed + 1, (2, nb, bs, bs), "f64", -0.02 * 8, 0.04 * 8)
    b1 = streamed(seed + 2, (2, nb, bs), "f64", -0.02, 0.04)
    w2 = streamed(seed + 3, (2, nb, bs, bs), "f64", -0.02 * 8, 0.04 * 8)
    b2 = streamed(seed + 4, (2, nb, bs), "f64", -0.02, 0.04)
    cases.append({**layer_case(name, example, {"x": x, "w1": w1, "b1": b1, "w2": w2, "b2": b2},
                               lambda t: afno2d(t["x"], t["w1"], t["b1"], t["w2"], t["b2"], nb, 0.01), full),
                  "batch": batch, "consts": {"H": h, "W": w, "C": c, "NB": nb}})


# small cases (the example with its consts set to these sizes), the output in full
fno("fno_small", "examples/fno_spectral_conv2d.linc", 2, 3, 8, 10, 3, 2, False, 101)
s4d_case("s4d_small", "examples/s4d_layer.linc", 2, 4, 3, 16, False, 201)
afno_case("afno_small", "examples/afno2d.linc", 2, 4, 6, 8, 2, False, 301)
# the examples at the sizes, batch 1, the output sampled
fno("fno_example", "examples/fno_spectral_conv2d.linc", 1, 32, 64, 64, 12, 12, True, 111)
s4d_case("s4d_example", "examples/s4d_layer.linc", 1, 256, 32, 4096, True, 211)
afno_case("afno_example", "examples/afno2d.linc", 1, 32, 32, 256, 8, True, 311)

print(json.dumps({
    "family": "layers",
    "generator": "test/examples/torch/gen_layers.py (PyTorch %s, float64)" % torch.__version__,
    "cases": cases,
}))
