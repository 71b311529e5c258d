# Golden cases for the pointwise, reduction and layout ops (numpy/scipy conventions: cos,
# scipy.special.expit, torch's exact GELU x/2 (1 + erf(x/sqrt 2)) with scipy.special.erf,
# numpy.angle, numpy.arctan2, numpy.sum / numpy.mean over an axis, numpy.reshape, numpy.transpose,
# numpy.concatenate, slicing along an axis). Regenerate: python3 gen_tensor.py > tensor.json
import json
import numpy as np
import scipy.special as sp
from golden_arrays import arr, cdt

rng = np.random.default_rng(20261207)
cases = []


def case(name, source, inputs, outputs, tol=1e-12, note=""):
    cases.append({
        "name": name, "source": source,
        "inputs": {k: arr(v, d) for k, (v, d) in inputs.items()}, "params": {},
        "outputs": {k: arr(v, d) for k, (v, d) in outputs.items()}, "tol": tol, "note": note,
    })


def gelu(x):
    return x * 0.5 * (1 + sp.erf(x / np.sqrt(2)))


def cnormal(*shape):
    return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)


# ---- pointwise: every interval of the erf routine (|x/sqrt 2| up to 7), both signs
x = np.concatenate([np.linspace(-10, 10, 41), rng.uniform(-6, 6, 23)]).reshape(4, 16)
for f, fn in (("cos", np.cos), ("sigmoid", sp.expit), ("gelu", gelu)):
    case(f"{f}_f64", f"input x: f64[4, 16]\noutput y = {f}(x)\n", {"x": (x, "f64")}, {"y": (fn(x), "f64")})
    x32 = x.astype(np.float32)
    case(f"{f}_f32", f"input x: f32[batch, 16]\noutput y = {f}(x)\n", {"x": (x32, "f32")},
         {"y": (fn(x32.astype(np.float64)).astype(np.float32), "f32")}, 1e-6, "f32 data; tolerance relative to the largest output")
case("erf_via_gelu_small", "input x: f64[2, 8]\noutput y = gelu(x) / x\n",
     {"x": (np.array([1e-300, 1e-30, 1e-8, 1e-3, -1e-3, -1e-8, 0.3, -0.45] * 2).reshape(2, 8), "f64")},
     {"y": (gelu(np.array([1e-300, 1e-30, 1e-8, 1e-3, -1e-3, -1e-8, 0.3, -0.45] * 2).reshape(2, 8)) / np.array([1e-300, 1e-30, 1e-8, 1e-3, -1e-3, -1e-8, 0.3, -0.45] * 2).reshape(2, 8), "f64")},
     1e-14, "tiny arguments keep their relative accuracy")
z = cnormal(3, 7)
z[0, :3] = [-1 + 0j, -1 - 1e-300j, 1j]
case("angle_c128", "input z: c128[3, 7]\noutput y = angle(z)\n", {"z": (z, "c128")}, {"y": (np.angle(z), "f64")})
xr = rng.standard_normal((2, 6))
case("angle_f64", "input x: f64[2, 6]\noutput y = angle(x)\n", {"x": (xr, "f64")}, {"y": (np.angle(xr), "f64")}, note="pi for negative reals, 0 for positive")
a, b = rng.standard_normal((3, 8)) * 10.0 ** rng.integers(-3, 3, (3, 8)), rng.standard_normal(8)
b[0] = 0.0
case("atan2_broadcast", "input a: f64[3, 8]\ninput b: f64[8]\noutput y = atan2(a, b)\n", {"a": (a, "f64"), "b": (b, "f64")}, {"y": (np.arctan2(a, b), "f64")})
z64 = cnormal(2, 5).astype(np.complex64)
case("angle_c64", "input z: c64[2, 5]\noutput y = angle(z)\n", {"z": (z64, "c64")}, {"y": (np.angle(z64.astype(np.complex128)).astype(np.float32), "f32")}, 1e-6)

# ---- reductions over an axis (keepdims False), real and complex
x = rng.standard_normal((3, 4, 5))
for ax in (0, 1, 2, -1, -3):
    case(f"sum_axis{ax}", f"input x: f64[3, 4, 5]\noutput y = sum(x, {ax})\n", {"x": (x, "f64")}, {"y": (x.sum(axis=ax), "f64")})
    case(f"mean_axis{ax}", f"input x: f64[3, 4, 5]\noutput y = mean(x, axis={ax})\n", {"x": (x, "f64")}, {"y": (x.mean(axis=ax), "f64")})
z = cnormal(2, 3, 4)
case("sum_c128", "input z: c128[2, 3, 4]\noutput y = sum(z, 1)\n", {"z": (z, "c128")}, {"y": (z.sum(axis=1), "c128")})
case("mean_c128_batch", "input z: c128[batch, 3, 4]\noutput y = mean(z, -1)\n", {"z": (z, "c128")}, {"y": (z.mean(axis=-1), "c128")})
x6 = rng.standard_normal(6)
case("sum_to_scalar", "input x: f64[6]\noutput y = sum(x, 0)\n", {"x": (x6, "f64")}, {"y": (x6.sum(), "f64")})

# ---- layout: reshape, permute, concat, slicing along an axis
x = rng.standard_normal((3, 4, 6))
case("reshape_infer", "input x: f64[3, 4, 6]\noutput y = reshape(x, 6, -1)\n", {"x": (x, "f64")}, {"y": (x.reshape(6, -1), "f64")})
case("reshape_split", "input x: f64[3, 4, 6]\noutput y = reshape(x, 2, 2, 3, 3, 2)\n", {"x": (x, "f64")}, {"y": (x.reshape(2, 2, 3, 3, 2), "f64")})
case("reshape_batch", "input x: f64[batch, 4, 6]\noutput y = reshape(x, -1, 3, 8)\n", {"x": (x, "f64")}, {"y": (x.reshape(-1, 3, 8), "f64")}, note="the symbolic leading axis stays")
z = cnormal(2, 3, 4)
case("reshape_c128", "input z: c128[2, 3, 4]\noutput y = reshape(z, 4, 6)\n", {"z": (z, "c128")}, {"y": (z.reshape(4, 6), "c128")})
for axes in ((2, 0, 1), (1, 0, 2), (0, 2, 1), (-1, -3, -2)):
    name = "_".join(str(a % 3) for a in axes)
    case(f"permute_{name}", f"input x: f64[3, 4, 6]\noutput y = permute(x, {', '.join(map(str, axes))})\n", {"x": (x, "f64")}, {"y": (np.transpose(x, axes), "f64")})
case("permute_c128", "input z: c128[2, 3, 4]\noutput y = permute(z, 2, 1, 0)\n", {"z": (z, "c128")}, {"y": (np.transpose(z, (2, 1, 0)), "c128")})
case("permute_batch", "input x: f64[batch, 4, 6]\noutput y = permute(x, 0, 2, 1)\n", {"x": (x, "f64")}, {"y": (np.transpose(x, (0, 2, 1)), "f64")}, note="the symbolic leading axis stays in place")
u, v = rng.standard_normal((2, 3, 2)), rng.standard_normal((2, 3, 5))
case("concat_last", "input u: f64[2, 3, 2]\ninput v: f64[2, 3, 5]\noutput y = concat(u, v, axis=-1)\n", {"u": (u, "f64"), "v": (v, "f64")}, {"y": (np.concatenate([u, v], axis=-1), "f64")})
w = rng.standard_normal((1, 3, 5))
case("concat_first_three", "input v: f64[2, 3, 5]\ninput w: f64[1, 3, 5]\noutput y = concat(v, w, v)\n", {"v": (v, "f64"), "w": (w, "f64")}, {"y": (np.concatenate([v, w, v], axis=0), "f64")})
zc = cnormal(2, 2, 5)
case("concat_mixed_dtypes", "input v: f64[2, 3, 5]\ninput z: c128[2, 2, 5]\noutput y = concat(v, z, axis=1)\n", {"v": (v, "f64"), "z": (zc, "c128")}, {"y": (np.concatenate([v, zc], axis=1), "c128")}, note="real and complex parts: promoted as numpy does")
case("slice_middle", "input x: f64[3, 4, 6]\noutput y = slice(x, 1, 1, 3)\n", {"x": (x, "f64")}, {"y": (x[:, 1:3, :], "f64")})
case("slice_first_negative", "input x: f64[3, 4, 6]\noutput y = slice(x, -3, -2, 3)\n", {"x": (x, "f64")}, {"y": (x[-2:3], "f64")})
case("slice_last_axis", "input x: f64[3, 4, 6]\noutput y = slice(x, 2, 1, -1)\n", {"x": (x, "f64")}, {"y": (x[..., 1:-1], "f64")})
case("slice_c128", "input z: c128[2, 3, 4]\noutput y = slice(z, 1, 2, 3)\n", {"z": (z, "c128")}, {"y": (z[:, 2:3, :], "c128")})

# ---- together: a channel-mixing block of a frequency-domain layer, written with these ops
x = rng.standard_normal((2, 3, 8))
X = np.fft.rfft(np.transpose(x, (0, 2, 1)).reshape(2, 8, 3), axis=1)
y = gelu(np.concatenate([np.abs(X), np.angle(X)], axis=-1)).mean(axis=1)
case("layer_block", "input x: f64[2, 3, 8]\nt = permute(x, 0, 2, 1)\nX = permute(rdft(8) @ permute(t, 0, 2, 1), 0, 2, 1)\noutput y = mean(gelu(concat(abs(X), angle(X), axis=-1)), 1)\n",
     {"x": (x, "f64")}, {"y": (y, "f64")}, note="rfft along a middle axis by permutes, magnitude and phase, GELU, mean over frequencies")

# ---- complex(re, im) of real tensors: torch.complex, broadcast, at the parts' precision
re_, im_ = rng.standard_normal((2, 4)), rng.standard_normal((3, 1, 4))
case("complex_of_tensors", "input a: f64[2, 4]\ninput b: f64[3, 1, 4]\noutput y = complex(a, b)\noutput z = complex(-1.5, a)\n",
     {"a": (re_, "f64"), "b": (im_, "f64")}, {"y": (re_ + 1j * im_, "c128"), "z": (-1.5 + 1j * re_, "c128")}, note="torch.complex(a, b), broadcast; a number part is weak")
case("complex_of_tensors_f32", "input a: f32[2, 4]\ninput b: f32[2, 4]\noutput y = complex(a, b)\n",
     {"a": (re_, "f32"), "b": (im_[0].repeat(2, 0), "f32")}, {"y": (re_.astype(np.float32) + 1j * im_[0].repeat(2, 0).astype(np.float32), "c64")}, 1e-6, "single precision parts give c64")

print(json.dumps({"family": "tensor", "generator": "test/golden/local/gen_tensor.py (numpy " + np.__version__ + ", scipy.special)", "cases": cases}))
