# Golden cases for operators applied along any axis and numpy.fft's / scipy.fft's multi-axis
# transforms: np.fft.fft/ifft/rfft/irfft with axis= and norm=, fft2/ifft2/rfft2/irfft2/fftn/
# rfftn/irfftn, scipy.fft.dct/dctn along axes, a dense matrix along axis 1 of a 3-D tensor (einsum),
# wht (scipy.linalg.hadamard) and a torch-butterfly along a middle axis, a symbolic batch axis.
# Regenerate: python3 gen_axes.py > axes.json
import json
import numpy as np
import scipy.fft as sf
import scipy.linalg as sl
from golden_arrays import arr, cdt

rng = np.random.default_rng(20261208)
cases = []


def case(name, source, inputs, outputs, params=None, tol=1e-12, note=""):
    cases.append({
        "name": name, "source": source,
        "inputs": {k: arr(v, cdt(v)) for k, v in inputs.items()},
        "params": {k: arr(v, cdt(v)) for k, v in (params or {}).items()},
        "outputs": {k: arr(v, cdt(v)) for k, v in outputs.items()}, "tol": tol, "note": note,
    })


def cnormal(*shape):
    return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)


def butterfly_matrix(w, increasing):
    # torch-butterfly's product of factors, as gen_butterfly_inv.py's butterfly(): each pair
    # (2sb + j, 2sb + s + j) times w[factor, b s + j]; applied to the identity, transposed
    L, n = w.shape[0], 2 * w.shape[1]
    x = np.eye(n)
    for i in range(L):
        s = 1 << (i if increasing else L - 1 - i)
        xb, wb = x.reshape(n, n // (2 * s), 2, s), w[i].reshape(n // (2 * s), s, 2, 2)
        x0, x1 = xb[..., 0, :], xb[..., 1, :]
        x = np.stack([wb[..., 0, 0] * x0 + wb[..., 0, 1] * x1, wb[..., 1, 0] * x0 + wb[..., 1, 1] * x1], axis=-2).reshape(n, n)
    return x.T


# ---- one transform along one axis, every norm, negative axes too
x = rng.standard_normal((3, 4, 6))
z = cnormal(4, 5, 3)
for norm in ("backward", "ortho", "forward"):
    case(f"fft_axis1_{norm}", f'input x: f64[3, 4, 6]\noutput y = along(dft(4, norm="{norm}"), x, 1)\n', {"x": x}, {"y": np.fft.fft(x, axis=1, norm=norm)})
    case(f"ifft_axis0_{norm}", f'input z: c128[4, 5, 3]\noutput y = along(idft(4, norm="{norm}"), z, -3)\n', {"z": z}, {"y": np.fft.ifft(z, axis=0, norm=norm)})
case("fft_axis_last", "input x: f64[3, 4, 6]\noutput y = along(dft(6), x, -1)\n", {"x": x}, {"y": np.fft.fft(x, axis=-1)}, note="the last axis: A @ x")
x8 = rng.standard_normal((3, 8, 5))
case("rfft_axis1", "input x: f64[3, 8, 5]\noutput y = along(rdft(8), x, 1)\n", {"x": x8}, {"y": np.fft.rfft(x8, axis=1)})
Z = cnormal(5, 3, 2)
case("irfft_axis0_n8", "input Z: c128[5, 3, 2]\noutput y = along(irdft(8), Z, 0)\n", {"Z": Z}, {"y": np.fft.irfft(Z, n=8, axis=0)})
Z3 = cnormal(2, 3, 4)
case("irfft_axis1_n5_ortho", 'input Z: c128[2, 3, 4]\noutput y = along(irdft(5, norm="ortho"), Z, -2)\n', {"Z": Z3}, {"y": np.fft.irfft(Z3, n=5, axis=1, norm="ortho")})
xb = rng.standard_normal((2, 4, 6))
case("fft_axis1_batch", "input x: f64[batch, 4, 6]\noutput y = along(dft(4), x, 1)\n", {"x": xb}, {"y": np.fft.fft(xb, axis=1)}, note="a symbolic leading axis")

# ---- scipy.fft.dct along an axis; dct2 / idct2 / dctn (scipy.fft.dctn)
x = rng.standard_normal((4, 6, 3))
for t, norm in ((2, "backward"), (3, "ortho"), (1, "backward"), (4, "forward")):
    case(f"dct{t}_axis0_{norm}", f'input x: f64[4, 6, 3]\noutput y = along(dct(4, type={t}, norm="{norm}"), x, 0)\n', {"x": x}, {"y": sf.dct(x, type=t, axis=0, norm=norm)})
case("dct2_2d", "input x: f64[4, 6, 3]\noutput y = dct2(x)\n", {"x": x}, {"y": sf.dctn(x, type=2, axes=(-2, -1))})
case("dct2_2d_type3_ortho", 'input x: f64[4, 6, 3]\noutput y = dct2(x, type=3, norm="ortho")\n', {"x": x}, {"y": sf.dctn(x, type=3, axes=(-2, -1), norm="ortho")})
case("idct2_2d_ortho", 'input x: f64[4, 6, 3]\noutput y = idct2(x, norm="ortho")\n', {"x": x}, {"y": sf.idctn(x, axes=(-2, -1), norm="ortho")})
case("dctn_axes_0_2", "input x: f64[4, 6, 3]\noutput y = dctn(x, 0, 2)\n", {"x": x}, {"y": sf.dctn(x, axes=(0, 2))})

# ---- numpy.fft's multi-axis transforms
x = rng.standard_normal((2, 6, 8))
z = cnormal(3, 4, 5)
for norm in ("backward", "ortho", "forward"):
    case(f"fft2_{norm}", f'input x: f64[2, 6, 8]\noutput y = fft2(x, norm="{norm}")\n', {"x": x}, {"y": np.fft.fft2(x, norm=norm)})
    case(f"ifft2_{norm}", f'input z: c128[3, 4, 5]\noutput y = ifft2(z, norm="{norm}")\n', {"z": z}, {"y": np.fft.ifft2(z, norm=norm)})
    case(f"rfft2_{norm}", f'input x: f64[2, 6, 8]\noutput y = rfft2(x, norm="{norm}")\n', {"x": x}, {"y": np.fft.rfft2(x, norm=norm)})
X = np.fft.rfft2(x)
case("irfft2_default", "input X: c128[2, 6, 5]\noutput y = irfft2(X)\n", {"X": X}, {"y": np.fft.irfft2(X)}, note="numpy's default length 2 (m - 1) = 8")
case("irfft2_odd_n", 'input X: c128[2, 6, 5]\noutput y = irfft2(X, n=9, norm="ortho")\n', {"X": X}, {"y": np.fft.irfft2(X, s=(6, 9), norm="ortho")}, note="numpy's s[-1] = 9: the bins are what an odd length needs")
case("irfft2_crop_pad", "input X: c128[2, 6, 5]\noutput a = irfft2(X, n=6)\noutput b = irfft2(X, n=12)\n", {"X": X}, {"a": np.fft.irfft2(X, s=(6, 6)), "b": np.fft.irfft2(X, s=(6, 12))}, note="numpy crops the bins to n // 2 + 1, or pads them with zeros")
case("fftn_all", "input z: c128[3, 4, 5]\noutput y = fftn(z)\n", {"z": z}, {"y": np.fft.fftn(z)})
case("fftn_axes_2_0", 'input z: c128[3, 4, 5]\noutput y = fftn(z, 2, 0, norm="ortho")\n', {"z": z}, {"y": np.fft.fftn(z, axes=(2, 0), norm="ortho")})
case("ifftn_axes_1", "input z: c128[3, 4, 5]\noutput y = ifftn(z, -2)\n", {"z": z}, {"y": np.fft.ifftn(z, axes=(-2,))})
xr = rng.standard_normal((4, 3, 6))
case("rfftn_axes_0_1", "input x: f64[4, 3, 6]\noutput y = rfftn(x, 0, 1)\n", {"x": xr}, {"y": np.fft.rfftn(xr, axes=(0, 1))}, note="the real transform along axis 1 (the last given), then the complex one along axis 0")
Xr = np.fft.rfftn(xr, axes=(0, 1))
case("irfftn_axes_0_1", "input X: c128[4, 2, 6]\noutput y = irfftn(X, 0, 1, n=3)\n", {"X": Xr}, {"y": np.fft.irfftn(Xr, s=(4, 3), axes=(0, 1))})
case("fft2_ifft2_roundtrip", "input x: f64[2, 6, 8]\noutput y = ifft2(fft2(x))\n", {"x": x}, {"y": x.astype(complex)}, note="the optimizer cancels the pair: exactly x")
case("rfft2_irfft2_roundtrip", "input x: f64[2, 6, 8]\noutput y = irfft2(rfft2(x), n=8)\n", {"x": x}, {"y": x})

# ---- other operators along an axis
x = rng.standard_normal((3, 4, 5))
W = rng.standard_normal((6, 4))
case("dense_axis1_3d", "param W: f64[6, 4]\ninput x: f64[3, 4, 5]\noutput y = along(dense(W), x, 1)\n", {"x": x}, {"y": np.einsum("ij,ajb->aib", W, x)}, {"W": W})
Wc = cnormal(2, 3)
case("dense_axis0_complex", "param W: c128[2, 3]\ninput x: f64[3, 4, 5]\noutput y = along(dense(W), x, 0)\n", {"x": x}, {"y": np.einsum("ij,jab->iab", Wc, x)}, {"W": Wc})
x = rng.standard_normal((2, 8, 3))
case("wht_axis1", "input x: f64[2, 8, 3]\noutput y = along(wht(8), x, 1)\n", {"x": x}, {"y": np.einsum("ij,ajb->aib", sl.hadamard(8), x)})
w = rng.standard_normal((3, 4, 2, 2))
Bm = butterfly_matrix(w, True)
case("butterfly_axis1", "param w: f64[3, 4, 2, 2]\ninput x: f64[2, 8, 3]\noutput y = along(butterfly(w, increasing=true), x, -2)\n", {"x": x}, {"y": np.einsum("ij,ajb->aib", Bm, x)}, {"w": w})
x = rng.standard_normal((4, 6))
case("two_axes_commute", "input x: f64[4, 6]\na = along(dct(4), dft(6) @ x, 0)\nb = dft(6) @ along(dct(4), x, 0)\noutput y = a - b\noutput c = a\n", {"x": x},
     {"y": np.zeros((4, 6), complex), "c": np.fft.fft(sf.dct(x, axis=0), axis=1)}, note="the two orders are one node after the algebra: a - b is exactly 0")

print(json.dumps({"family": "axes", "generator": "test/golden/local/gen_axes.py (numpy " + np.__version__ + ", scipy.fft)", "cases": cases}))
