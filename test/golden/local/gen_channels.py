# Golden cases for per-channel operators (a batch of operators, one per channel, on the axes just
# before the last): diag(d) with d [H, n]; depthwise convolution by toeplitz / circulant / conv
# with filters [H, L] against numpy.convolve and scipy.linalg per channel; dense(W) with W [G, m, k]
# against numpy.einsum; s4d_kernel with [H, N] parameters and a run-time dt = exp(log_dt) [H]
# against a numpy port of state-spaces/s4's S4DKernel.forward, and the S4D convolution with its
# per-channel skip term D. Regenerate: python3 gen_channels.py > channels.json
import contextlib
import io
import json
import numpy as np
import scipy.linalg as sl
from golden_arrays import arr

rng = np.random.default_rng(20261208)
cases = []


def case(name, source, inputs, params, outputs, tol=1e-12, note=""):
    cases.append({
        "name": name, "source": source,
        "inputs": {k: arr(v, d) for k, (v, d) in inputs.items()},
        "params": {k: arr(v, d) for k, (v, d) in params.items()},
        "outputs": {k: arr(v, d) for k, (v, d) in outputs.items()}, "tol": tol, "note": note,
    })


def cnormal(*shape):
    return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)


def f32(a):
    """a rounded to float32 (complex64), back in float64 for the expected values."""
    return a.astype(np.complex64 if np.iscomplexobj(a) else np.float32).astype(np.complex128 if np.iscomplexobj(a) else np.float64)


F32 = "f32 data; tolerance relative to the largest output"

# ---- diag(d) with d [H, n]: a broadcast elementwise multiply; per-channel bias b [H, 1]
x, d, b = rng.standard_normal((2, 3, 8)), rng.standard_normal((3, 8)), rng.standard_normal((3, 1))
case("diag_channels", "input x: f64[2, 3, 8]\nparam d: f64[3, 8]\noutput y = diag(d) @ x\n",
     {"x": (x, "f64")}, {"d": (d, "f64")}, {"y": (x * d, "f64")})
case("diag_channels_bias", "input x: f64[batch, 3, 8]\nparam d: f64[3, 8]\nparam b: f64[3, 1]\noutput y = diag(d) @ x + b\n",
     {"x": (x, "f64")}, {"d": (d, "f64"), "b": (b, "f64")}, {"y": (x * d + b, "f64")}, note="per-channel bias: plain broadcasting of b [H, 1]")
x1 = rng.standard_normal((2, 1, 8))
case("diag_channels_broadcast_operand", "input x: f64[2, 1, 8]\nparam d: f64[3, 8]\noutput y = diag(d) @ x\n",
     {"x": (x1, "f64")}, {"d": (d, "f64")}, {"y": (x1 * d, "f64")}, note="an operand axis of size 1 meets 3 channels: numpy broadcasting")
zd = cnormal(2, 3, 8)
case("diag_channels_c128", "input x: c128[2, 3, 8]\nparam d: c128[2, 3, 8]\noutput y = diag(d).H @ x\n",
     {"x": (x + 0j, "c128")}, {"d": (zd, "c128")}, {"y": (np.conj(zd) * x, "c128")}, note="two channel axes; .H conjugates each diagonal")
case("diag_channels_f32", "input x: f32[batch, 3, 8]\nparam d: f32[3, 8]\noutput y = diag(d) @ x\n",
     {"x": (x, "f32")}, {"d": (d, "f32")}, {"y": (f32(x) * f32(d), "f32")}, 1e-6, F32)

# ---- depthwise causal convolution: toeplitz(h, zeros(L)) with h [H, L] over x [B, H, L]
H, L = 4, 16
x, h = rng.standard_normal((3, H, L)), rng.standard_normal((H, L))
causal = np.stack([[np.convolve(x[bi, hi], h[hi])[:L] for hi in range(H)] for bi in range(3)])
case("depthwise_causal", f"input x: f64[batch, {H}, {L}]\nparam h: f64[{H}, {L}]\noutput y = toeplitz(h, zeros({L})) @ x\n",
     {"x": (x, "f64")}, {"h": (h, "f64")}, {"y": (causal, "f64")}, note="numpy.convolve(x[b, h], h[h])[:L] per channel")
causal32 = np.stack([[np.convolve(f32(x)[bi, hi], f32(h)[hi])[:L] for hi in range(H)] for bi in range(3)])
case("depthwise_causal_f32", f"input x: f32[batch, {H}, {L}]\nparam h: f32[{H}, {L}]\noutput y = toeplitz(h, zeros({L})) @ x\n",
     {"x": (x, "f32")}, {"h": (h, "f32")}, {"y": (causal32, "f32")}, 1e-5, F32)
c, r = rng.standard_normal((H, 6)), rng.standard_normal((H, L))
gen = np.stack([[sl.toeplitz(c[hi], r[hi]) @ x[bi, hi] for hi in range(H)] for bi in range(3)])
case("toeplitz_channels_6x16", f"input x: f64[3, {H}, {L}]\nparam c: f64[{H}, 6]\nparam r: f64[{H}, {L}]\noutput y = toeplitz(c, r) @ x\n",
     {"x": (x, "f64")}, {"c": (c, "f64"), "r": (r, "f64")}, {"y": (gen, "f64")}, note="scipy.linalg.toeplitz(c[h], r[h]) per channel, 6 x 16")
hk = rng.standard_normal((H, 5))
for mode in ("full", "same", "valid"):
    want = np.stack([[np.convolve(x[bi, hi], hk[hi], mode) for hi in range(H)] for bi in range(3)])
    case(f"conv_channels_{mode}", f"input x: f64[batch, {H}, {L}]\nparam h: f64[{H}, 5]\noutput y = conv(h, {L}, mode=\"{mode}\") @ x\n",
         {"x": (x, "f64")}, {"h": (hk, "f64")}, {"y": (want, "f64")}, note=f"numpy.convolve(x[b, h], h[h], '{mode}') per channel")
cc = rng.standard_normal((H, L))
circ = np.stack([[sl.circulant(cc[hi]) @ x[bi, hi] for hi in range(H)] for bi in range(3)])
case("circulant_channels", f"input x: f64[3, {H}, {L}]\nparam c: f64[{H}, {L}]\noutput y = circulant(c) @ x\n",
     {"x": (x, "f64")}, {"c": (cc, "f64")}, {"y": (circ, "f64")}, note="scipy.linalg.circulant(c[h]) per channel")
circT = np.stack([[sl.circulant(cc[hi]).T @ x[bi, hi] for hi in range(H)] for bi in range(3)])
case("circulant_channels_T", f"input x: f64[3, {H}, {L}]\nparam c: f64[{H}, {L}]\noutput y = circulant(c).T @ x\n",
     {"x": (x, "f64")}, {"c": (cc, "f64")}, {"y": (circT, "f64")}, note="the transpose per channel")
zc = cnormal(H, L)
zcirc = np.stack([[sl.circulant(zc[hi]) @ x[bi, hi] for hi in range(H)] for bi in range(3)])
case("circulant_channels_c128", f"input x: f64[3, {H}, {L}]\nparam c: c128[{H}, {L}]\noutput y = circulant(c) @ x\n",
     {"x": (x, "f64")}, {"c": (zc, "c128")}, {"y": (zcirc, "c128")}, note="complex filters: the complex FFT route")

# ---- dense(W) with W [G, m, k]: a batched matmul over the group axis
G, m, k = 3, 5, 4
xg, W = rng.standard_normal((2, G, k)), rng.standard_normal((G, m, k))
case("dense_groups", f"input x: f64[batch, {G}, {k}]\nparam W: f64[{G}, {m}, {k}]\noutput y = dense(W) @ x\n",
     {"x": (xg, "f64")}, {"W": (W, "f64")}, {"y": (np.einsum("gmk,bgk->bgm", W, xg), "f64")}, note="numpy.einsum('gmk,bgk->bgm', W, x)")
xm = rng.standard_normal((2, G, m))
case("dense_groups_T", f"input x: f64[2, {G}, {m}]\nparam W: f64[{G}, {m}, {k}]\noutput y = dense(W).T @ x\n",
     {"x": (xm, "f64")}, {"W": (W, "f64")}, {"y": (np.einsum("gmk,bgm->bgk", W, xm), "f64")}, note="the transpose per group")
W2 = rng.standard_normal((G, k, k))
case("dense_groups_compose", f"input x: f64[2, {G}, {k}]\nparam W: f64[{G}, {m}, {k}]\nparam V: f64[{G}, {k}, {k}]\noutput y = (dense(W) @ dense(V)) @ x\n",
     {"x": (xg, "f64")}, {"W": (W, "f64"), "V": (W2, "f64")}, {"y": (np.einsum("gmk,gkj,bgj->bgm", W, W2, xg), "f64")}, note="a composition of two per-group operators")
case("dense_groups_f32", f"input x: f32[batch, {G}, {k}]\nparam W: f32[{G}, {m}, {k}]\noutput y = dense(W) @ x\n",
     {"x": (xg, "f32")}, {"W": (W, "f32")}, {"y": (np.einsum("gmk,bgk->bgm", f32(W), f32(xg)), "f32")}, 1e-6, F32)


# ---- S4D: state-spaces/s4 models/s4/s4d.py, S4DKernel.forward and S4D.forward (no dropout, no output linear)
def s4d_kernel(log_dt, C, log_A_real, A_imag, L):
    dt = np.exp(log_dt)
    A = -np.exp(log_A_real) + 1j * A_imag
    dtA = A * dt[:, None]
    K = dtA[:, :, None] * np.arange(L)
    C = C * (np.exp(dtA) - 1.0) / A
    return 2 * np.einsum("hn,hnl->hl", C, np.exp(K)).real


H, N2, L = 4, 8, 32
log_dt = rng.uniform(np.log(0.001), np.log(0.1), H)
C = cnormal(H, N2) * np.sqrt(0.5)
log_A_real = np.log(0.5 * np.ones((H, N2)))
A_imag = np.pi * np.tile(np.arange(N2), (H, 1))
K = s4d_kernel(log_dt, C, log_A_real, A_imag, L)
s4d_params = {"log_dt": (log_dt, "f64"), "C": (C, "c128"), "log_A_real": (log_A_real, "f64"), "A_imag": (A_imag, "f64")}
s4d_decl = f"param log_dt: f64[{H}]\nparam C: c128[{H}, {N2}]\nparam log_A_real: f64[{H}, {N2}]\nparam A_imag: f64[{H}, {N2}]\nlam = -exp(log_A_real) + complex(0, 1) * A_imag\n"
case("s4d_kernel_channels", s4d_decl + f"output K = s4d_kernel(lam, ones({N2}), C, exp(log_dt), {L})\n",
     {}, s4d_params, {"K": (K, "f64")}, 1e-11, "S4DKernel.forward (numpy port): log_dt [H] as a run-time parameter")
u, D = rng.standard_normal((2, H, L)), rng.standard_normal(H)
n2 = 2 * L
y = np.fft.irfft(np.fft.rfft(u, n=n2) * np.fft.rfft(K, n=n2), n=n2)[..., :L] + u * D[:, None]
case("s4d_conv_channels", s4d_decl + f"param D: f64[{H}]\ninput u: f64[batch, {H}, {L}]\nK = s4d_kernel(lam, ones({N2}), C, exp(log_dt), {L})\noutput y = toeplitz(K, zeros({L})) @ u + u * reshape(D, {H}, 1)\n",
     {"u": (u, "f64")}, {**s4d_params, "D": (D, "f64")}, {"y": (y, "f64")}, 1e-11, "S4D.forward: FFT convolution of size 2L with the per-channel kernel, plus the skip term u * D")
lam32 = f32(-np.exp(log_A_real) + 1j * A_imag)
K32 = s4d_kernel(f32(log_dt), f32(C), np.log(-lam32.real), lam32.imag, L)
case("s4d_kernel_channels_f32", f"param log_dt: f32[{H}]\nparam C: c64[{H}, {N2}]\nparam lam: c64[{H}, {N2}]\noutput K = s4d_kernel(lam, ones({N2}), C, exp(log_dt), {L})\n",
     {}, {"log_dt": (log_dt, "f32"), "C": (C, "c64"), "lam": (-np.exp(log_A_real) + 1j * A_imag, "c64")}, {"K": (K32, "f32")}, 1e-4, F32)

# ---- dplr_kernel with one channel axis: one S4 DPLR kernel per channel (the dense recurrence of gen_dplr.py)
with contextlib.redirect_stdout(io.StringIO()):
    import gen_dplr  # noqa: E402  (its cases go to the discarded stdout)
H, N, L = 3, 4, 16
for r in (1, 2):
    sysd = [gen_dplr.system(N, r) for _ in range(H)]
    lam, P, B, Ct = (np.stack([sd[i] for sd in sysd]) for i in range(4))
    log_dt = np.log(rng.uniform(0.05, 0.2, H))
    K = np.stack([gen_dplr.dense_kernel(lam[h], P[h], B[h], Ct[h], np.exp(log_dt[h]), L) for h in range(H)])
    Pshape, Pval = (f"[{H}, {N}]", P[:, :, 0]) if r == 1 else (f"[{H}, {N}, {r}]", P)
    case(f"dplr_kernel_channels_r{r}", f"param lam: c128[{H}, {N}]\nparam P: c128{Pshape}\nparam B: c128[{H}, {N}]\nparam C: c128[{H}, {N}]\nparam log_dt: f64[{H}]\noutput K = dplr_kernel(lam, P, B, C, exp(log_dt), {L})\n",
         {}, {"lam": (lam, "c128"), "P": (Pval, "c128"), "B": (B, "c128"), "C": (Ct, "c128"), "log_dt": (log_dt, "f64")}, {"K": (K, "f64")}, 1e-10,
         "per channel: the dense bilinear recurrence with S4's C~ (gen_dplr.py's reference), dt = exp(log_dt[h]) at run time")

# ---- ssm_kernel with one channel axis: A [H, N, N], B, C [H, N] (gen_ssm_runtime.py's reference kernel per channel)
with contextlib.redirect_stdout(io.StringIO()):
    import gen_ssm_runtime  # noqa: E402
H, N, L = 3, 5, 12
for method in ("bilinear", "zoh"):
    sysd = [gen_ssm_runtime.system(N) for _ in range(H)]
    A, B, C = (np.stack([sd[i] for sd in sysd]) for i in range(3))
    K = np.stack([gen_ssm_runtime.kernel(A[h], B[h], C[h], 0.1, L, method) for h in range(H)])
    case(f"ssm_kernel_channels_{method}", f"param A: f64[{H}, {N}, {N}]\nparam B: f64[{H}, {N}]\nparam C: f64[{H}, {N}]\noutput K = ssm_kernel(A, B, C, 0.1, {L}, method=\"{method}\")\n",
         {}, {"A": (A, "f64"), "B": (B, "f64"), "C": (C, "f64")}, {"K": (K, "f64")}, 1e-10, "per channel: gen_ssm_runtime.py's kernel (the dense recurrence)")

print(json.dumps({"family": "channels", "generator": "test/golden/local/gen_channels.py (numpy " + np.__version__ + ", scipy.linalg)", "cases": cases}))
