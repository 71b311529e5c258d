# The forward passes of the three published layers of examples/ as their original PyTorch code
# writes them (issue 19): the golden data's definition (test/examples/torch/gen_layers.py) and the
# PyTorch peer of bench/layers.ts. Each keeps the data's precision (float32 or float64).
#
# Run as a program, it is bench/layers.ts's timing server: one JSON request per line on stdin,
# {"layer", "batch", "threads", "dtype", "reps"}, answered by one line of per-call times in ms.
import json
import math
import sys
import time

import torch
import torch.nn.functional as F


def fno_spectral_conv2d(x, weights1, weights2, modes1, modes2):
    """neuraloperator SpectralConv2d.forward (fourier_2d.py)."""
    def compl_mul2d(input, weights):
        return torch.einsum("bixy,ioxy->boxy", input, weights)
    batchsize = x.shape[0]
    out_channels = weights1.shape[1]
    x_ft = torch.fft.rfft2(x)
    out_ft = torch.zeros(batchsize, out_channels, x.size(-2), x.size(-1) // 2 + 1, dtype=x_ft.dtype)
    out_ft[:, :, :modes1, :modes2] = compl_mul2d(x_ft[:, :, :modes1, :modes2], weights1)
    out_ft[:, :, -modes1:, :modes2] = compl_mul2d(x_ft[:, :, -modes1:, :modes2], weights2)
    return torch.fft.irfft2(out_ft, s=(x.size(-2), x.size(-1)))


def s4d(u, log_dt, C, log_A_real, A_imag, D):
    """S4DKernel.forward then S4D.forward, without dropout and the output linear (s4d.py)."""
    L = u.size(-1)
    dt = torch.exp(log_dt)  # (H)
    A = -torch.exp(log_A_real) + 1j * A_imag  # (H N)
    dtA = A * dt.unsqueeze(-1)  # (H N)
    K = dtA.unsqueeze(-1) * torch.arange(L, dtype=u.dtype)  # (H N L)
    C = C * (torch.exp(dtA) - 1.) / A
    k = 2 * torch.einsum('hn, hnl -> hl', C, torch.exp(K)).real
    k_f = torch.fft.rfft(k, n=2 * L)
    u_f = torch.fft.rfft(u, n=2 * L)
    y = torch.fft.irfft(u_f * k_f, n=2 * L)[..., :L]
    y = y + u * D.unsqueeze(-1)
    return F.gelu(y)


def afno2d(x, w1, b1, w2, b2, num_blocks, sparsity_threshold):
    """AFNO2D.forward (afno2d.py) on x: [B, H, W, C] (the original's x.reshape(B, H, W, C)),
    hard_thresholding_fraction 1 and hidden_size_factor 1, in the data's precision (the original
    casts to float32 first; the float64 run keeps float64)."""
    bias = x
    B, H, W, C = x.shape
    N = H * W
    block_size = C // num_blocks
    x = torch.fft.rfft2(x, dim=(1, 2), norm="ortho")
    x = x.reshape(B, x.shape[1], x.shape[2], num_blocks, block_size)
    o1_real = torch.zeros([B, x.shape[1], x.shape[2], num_blocks, block_size], dtype=bias.dtype)
    o1_imag = torch.zeros([B, x.shape[1], x.shape[2], num_blocks, block_size], dtype=bias.dtype)
    o2_real = torch.zeros(x.shape, dtype=bias.dtype)
    o2_imag = torch.zeros(x.shape, dtype=bias.dtype)
    kept_modes = int((N // 2 + 1) * 1)
    o1_real[:, :, :kept_modes] = F.relu(
        torch.einsum('...bi,bio->...bo', x[:, :, :kept_modes].real, w1[0]) -
        torch.einsum('...bi,bio->...bo', x[:, :, :kept_modes].imag, w1[1]) + b1[0])
    o1_imag[:, :, :kept_modes] = F.relu(
        torch.einsum('...bi,bio->...bo', x[:, :, :kept_modes].imag, w1[0]) +
        torch.einsum('...bi,bio->...bo', x[:, :, :kept_modes].real, w1[1]) + b1[1])
    o2_real[:, :, :kept_modes] = (
        torch.einsum('...bi,bio->...bo', o1_real[:, :, :kept_modes], w2[0]) -
        torch.einsum('...bi,bio->...bo', o1_imag[:, :, :kept_modes], w2[1]) + b2[0])
    o2_imag[:, :, :kept_modes] = (
        torch.einsum('...bi,bio->...bo', o1_imag[:, :, :kept_modes], w2[0]) +
        torch.einsum('...bi,bio->...bo', o1_real[:, :, :kept_modes], w2[1]) + b2[1])
    x = torch.stack([o2_real, o2_imag], dim=-1)
    x = F.softshrink(x, lambd=sparsity_threshold)
    x = torch.view_as_complex(x)
    x = x.reshape(B, x.shape[1], x.shape[2], C)
    x = torch.fft.irfft2(x, s=(H, W), dim=(1, 2), norm="ortho")
    return x + bias




def make(layer, batch, dtype):
    """The layer's inputs at the examples' sizes (random: timing does not depend on values)."""
    g = torch.Generator().manual_seed(0)
    real = torch.float32 if dtype == "f32" else torch.float64
    cplx = torch.complex64 if dtype == "f32" else torch.complex128
    r = lambda *s: torch.rand(*s, generator=g, dtype=real)
    c = lambda *s: torch.rand(*s, generator=g, dtype=cplx)
    if layer == "fno":
        x, w1, w2 = r(batch, 32, 64, 64), c(32, 32, 12, 12) / 1024, c(32, 32, 12, 12) / 1024
        return lambda: fno_spectral_conv2d(x, w1, w2, 12, 12)
    if layer == "s4d":
        u, log_dt, C = r(batch, 256, 4096), r(256) * 4 - 7, c(256, 32)
        log_A_real = torch.log(0.5 * torch.ones(256, 32, dtype=real))
        A_imag = math.pi * torch.arange(32, dtype=real).repeat(256, 1)
        D = r(256)
        return lambda: s4d(u, log_dt, C, log_A_real, A_imag, D)
    if layer == "afno":
        x = r(batch, 32, 32, 256)
        w1, b1, w2, b2 = r(2, 8, 32, 32) * 0.02, r(2, 8, 32) * 0.02, r(2, 8, 32, 32) * 0.02, r(2, 8, 32) * 0.02
        return lambda: afno2d(x, w1, b1, w2, b2, 8, 0.01)
    raise ValueError(f"no layer {layer}")


def main():
    for line in sys.stdin:
        q = json.loads(line)
        torch.set_num_threads(q["threads"])
        f = make(q["layer"], q["batch"], q["dtype"])
        with torch.no_grad():
            f()
            times = []
            for _ in range(q["reps"]):
                t = time.perf_counter()
                f()
                times.append((time.perf_counter() - t) * 1e3)
        print(json.dumps({"ms": times, "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    main()
