# Golden cases for per-mode channel mixing and the layout pieces FNO / AFNO need: modemix as
# numpy.einsum('...ixy,ioxy->...oxy') (real and complex, f64/f32/c64/c128, mode axes broadcast
# both ways, no mode axes at all), numpy.pad along one axis, numpy.stack, torch's GLU
# (torch.nn.functional.glu(x, dim): a * sigmoid(b) of the two halves, in numpy), and FNO's
# corner truncation and placement of SpectralConv2d written with slice / modemix / pad / concat.
# Regenerate: python3 gen_mix.py > mix.json
import json
import numpy as np
from golden_arrays import arr

rng = np.random.default_rng(20261208)
cases = []


def case(name, source, inputs, outputs, tol=1e-12, note="", params=None):
    cases.append({
        "name": name, "source": source,
        "inputs": {k: arr(v, d) for k, (v, d) in inputs.items()},
        "params": {k: arr(v, d) for k, (v, d) in (params or {}).items()},
        "outputs": {k: arr(v, d) for k, (v, d) in outputs.items()}, "tol": tol, "note": note,
    })


def normal(*shape):
    return rng.standard_normal(shape)


def cnormal(*shape):
    return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)


def modemix(x, w):
    """Y[..., o, m] = sum_i X[..., i, m] W[i, o, m], the mode axes broadcast (numpy rules)."""
    k = w.ndim - 2
    modes = np.broadcast_shapes(x.shape[x.ndim - k:], w.shape[2:])
    xb = np.broadcast_to(x, x.shape[:x.ndim - k] + modes)
    wb = np.broadcast_to(w, w.shape[:2] + modes)
    letters = "xyzuv"[:k]
    return np.einsum(f"...i{letters},io{letters}->...o{letters}", xb, wb)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def glu(x, axis=-1):
    a, b = np.split(x, 2, axis=axis)
    return a * sigmoid(b)


def shape_str(s):
    return ", ".join(map(str, s))


DT = {"f64": np.float64, "f32": np.float32, "c128": np.complex128, "c64": np.complex64}


def data(dt, *shape):
    return (cnormal(*shape) if dt.startswith("c") else normal(*shape)).astype(DT[dt])


# ---- modemix: the FNO shape (2 mode axes), every dtype pair the layers use
for xd, wd, yd, tol in (("f64", "f64", "f64", 1e-12), ("c128", "c128", "c128", 1e-12), ("f32", "f32", "f32", 1e-5),
                        ("c64", "c64", "c64", 1e-5), ("c128", "f64", "c128", 1e-12), ("f64", "c128", "c128", 1e-12)):
    x, w = data(xd, 2, 3, 4, 5), data(wd, 3, 2, 4, 5)
    y = modemix(x.astype(np.complex128), w.astype(np.complex128))
    y = y.real if not yd.startswith("c") else y
    case(f"modemix_{xd}_{wd}", f"input x: {xd}[2, 3, 4, 5]\nparam w: {wd}[3, 2, 4, 5]\noutput y = modemix(x, w)\n",
         {"x": (x, xd)}, {"y": (y.astype(DT[yd]), yd)}, tol, "einsum('bixy,ioxy->boxy'); f32 data: relative to the largest output", {"w": (w, wd)})

# symbolic batch, several leading axes, one mode axis
x, w = cnormal(2, 3, 4, 6), cnormal(4, 5, 6)
case("modemix_batch_1d", "input x: c128[batch, 3, 4, 6]\nparam w: c128[4, 5, 6]\noutput y = modemix(x, w)\n",
     {"x": (x, "c128")}, {"y": (modemix(x, w), "c128")}, params={"w": (w, "c128")}, note="two leading axes, the first symbolic")
# weights shared across all modes (AFNO's per-block MLP over frequencies): W mode axes of 1
x, w = cnormal(2, 4, 3, 5), cnormal(4, 6, 1, 1)
case("modemix_shared_weights", "input x: c128[2, 4, 3, 5]\nparam w: c128[4, 6, 1, 1]\noutput y = modemix(x, w)\n",
     {"x": (x, "c128")}, {"y": (modemix(x, w), "c128")}, params={"w": (w, "c128")}, note="a W mode axis of 1 shares weights across that axis")
# per-block weights along the last mode axis, shared along the first: AFNO's block-diagonal MLP
x, w = normal(2, 3, 5, 4), normal(3, 3, 1, 4)
case("modemix_blocks", "input x: f64[batch, 3, 5, 4]\nparam w: f64[3, 3, 1, 4]\noutput y = modemix(x, w)\n",
     {"x": (x, "f64")}, {"y": (modemix(x, w), "f64")}, params={"w": (w, "f64")}, note="weights per block (last axis), shared over the first mode axis")
# the same with the blocks in front of the shared axis (the weight is constant along the inner loop)
x, w = cnormal(2, 6, 3, 5), cnormal(6, 2, 3, 1)
case("modemix_blocks_outer", "input x: c128[2, 6, 3, 5]\nparam w: c128[6, 2, 3, 1]\noutput y = modemix(x, w)\n",
     {"x": (x, "c128")}, {"y": (modemix(x, w), "c128")}, params={"w": (w, "c128")}, note="weights per block (first mode axis), shared over the last")
# X broadcasting over a mode axis
x, w = cnormal(2, 3, 1, 5), cnormal(3, 2, 4, 5)
case("modemix_x_broadcast", "input x: c128[2, 3, 1, 5]\nparam w: c128[3, 2, 4, 5]\noutput y = modemix(x, w)\n",
     {"x": (x, "c128")}, {"y": (modemix(x, w), "c128")}, params={"w": (w, "c128")}, note="an X mode axis of 1 broadcasts against W's")
# no mode axes: a matrix product on the last axis, X @ W
x, w = normal(3, 4), normal(4, 2)
case("modemix_no_modes", "input x: f64[3, 4]\nparam w: f64[4, 2]\noutput y = modemix(x, w)\n",
     {"x": (x, "f64")}, {"y": (x @ w, "f64")}, params={"w": (w, "f64")}, note="W [I, O]: x @ w")
# three mode axes, weights as a run-time input
x, w = cnormal(1, 2, 3, 2, 2), cnormal(2, 3, 3, 2, 2)
case("modemix_3d_input_weights", "input x: c128[1, 2, 3, 2, 2]\ninput w: c128[2, 3, 3, 2, 2]\noutput y = modemix(x, w)\n",
     {"x": (x, "c128"), "w": (w, "c128")}, {"y": (modemix(x, w), "c128")}, note="three mode axes; weights bound at run time")

# ---- pad along any axis (numpy.pad), and the last-axis pad(x, n) beside it
x = normal(2, 3, 4)
for ax, b, a in ((0, 1, 2), (1, 0, 3), (-1, 2, 1), (-2, 2, 0), (2, 0, 3)):
    pw = [(0, 0)] * 3
    pw[ax] = (b, a)
    case(f"pad_axis{ax}_{b}_{a}", f"input x: f64[2, 3, 4]\noutput y = pad(x, {ax}, {b}, {a})\n", {"x": (x, "f64")}, {"y": (np.pad(x, pw), "f64")})
z = cnormal(2, 3, 4)
case("pad_c128_batch", "input z: c128[batch, 3, 4]\noutput y = pad(z, 1, 2, 1)\n", {"z": (z, "c128")}, {"y": (np.pad(z, [(0, 0), (2, 1), (0, 0)]), "c128")}, note="symbolic leading axis")
case("pad_last_n", "input x: f64[2, 3, 4]\noutput y = pad(x, 7)\n", {"x": (x, "f64")}, {"y": (np.pad(x, [(0, 0), (0, 0), (0, 3)]), "f64")}, note="pad(x, n): the last axis to length n")
x32 = normal(3, 4).astype(np.float32)
case("pad_f32", "input x: f32[3, 4]\noutput y = pad(x, 0, 1, 1)\n", {"x": (x32, "f32")}, {"y": (np.pad(x32, [(1, 1), (0, 0)]), "f32")}, 1e-6)

# ---- stack (numpy.stack)
u, v, w = normal(2, 3), normal(2, 3), normal(2, 3)
for ax in (0, 1, 2, -1):
    case(f"stack_axis{ax}", f"input u: f64[2, 3]\ninput v: f64[2, 3]\ninput w: f64[2, 3]\noutput y = stack(u, v, w, axis={ax})\n",
         {"u": (u, "f64"), "v": (v, "f64"), "w": (w, "f64")}, {"y": (np.stack([u, v, w], axis=ax), "f64")})
zc = cnormal(2, 3)
case("stack_mixed_batch", "input u: f64[batch, 3]\ninput z: c128[batch, 3]\noutput y = stack(u, z, axis=1)\n",
     {"u": (u, "f64"), "z": (zc, "c128")}, {"y": (np.stack([u, zc], axis=1), "c128")}, note="real and complex parts promoted; symbolic leading axis")

# ---- GLU (torch.nn.functional.glu)
x = normal(3, 8) * 3
case("glu_last", "input x: f64[3, 8]\noutput y = glu(x)\n", {"x": (x, "f64")}, {"y": (glu(x), "f64")})
x = normal(2, 6, 5) * 3
case("glu_axis1_batch", "input x: f64[batch, 6, 5]\noutput y = glu(x, axis=1)\n", {"x": (x, "f64")}, {"y": (glu(x, 1), "f64")})
x32 = (normal(4, 4) * 3).astype(np.float32)
case("glu_f32_axis0", "input x: f32[4, 4]\noutput y = glu(x, 0)\n", {"x": (x32, "f32")}, {"y": (glu(x32.astype(np.float64), 0).astype(np.float32), "f32")}, 1e-6)

# ---- FNO SpectralConv2d's spectral part on a small grid: keep the low corners of the rfft2 modes,
# mix channels per mode, put the blocks back in a zero spectrum (neuraloperator's fourier_2d.py)
B, C, O, H, W, m1, m2 = 2, 3, 2, 8, 5, 2, 3
X = cnormal(B, C, H, W)
w1, w2 = cnormal(C, O, m1, m2), cnormal(C, O, m1, m2)
want = np.zeros((B, O, H, W), dtype=complex)
want[:, :, :m1, :m2] = np.einsum("bixy,ioxy->boxy", X[:, :, :m1, :m2], w1)
want[:, :, -m1:, :m2] = np.einsum("bixy,ioxy->boxy", X[:, :, -m1:, :m2], w2)
src = (f"input X: c128[batch, {C}, {H}, {W}]\nparam w1: c128[{C}, {O}, {m1}, {m2}]\nparam w2: c128[{C}, {O}, {m1}, {m2}]\n"
       f"lo = slice(slice(X, -2, 0, {m1}), -1, 0, {m2})\nhi = slice(slice(X, -2, {H - m1}, {H}), -1, 0, {m2})\n"
       f"output y = pad(concat(pad(modemix(lo, w1), -2, 0, {H - 2 * m1}), modemix(hi, w2), axis=-2), -1, 0, {W - m2})\n")
case("fno_corners", src, {"X": (X, "c128")}, {"y": (want, "c128")}, params={"w1": (w1, "c128"), "w2": (w2, "c128")},
     note="out_ft[:, :, :m1, :m2] and out_ft[:, :, -m1:, :m2] of SpectralConv2d, the rest zero")

# ---- no batch axes at all: X [I, modes] gives Y [O, modes]
x, w = cnormal(3, 4, 5), normal(3, 2, 4, 5)
case("modemix_unbatched", "input x: c128[3, 4, 5]\nparam w: f64[3, 2, 4, 5]\noutput y = modemix(x, w)\n",
     {"x": (x, "c128")}, {"y": (modemix(x, w), "c128")}, params={"w": (w, "f64")}, note="X without leading axes; real weights on complex data")

print(json.dumps({"family": "mix", "generator": "test/golden/local/gen_mix.py (numpy " + np.__version__ + ")", "cases": cases}))
