// Spectral products as one staged pipeline: y = window(IDFT(N) · diag(S) · DFT(N) · u) for a
// spectrum S known at compile time (a filter's spectrum, folded). The forward stages leave the
// spectrum digit-reversed, the transposed inverse stages take it back, and the last forward stage,
// diag(S) and the first inverse stage meet in one "middle" stage per lead (their product), so a
// convolution costs 2L - 1 stages and two transposes, and no twiddle or spectrum pass.
// Real convolutions run each real row alone: its first stage reads real digits and its last writes
// real outputs (S is Hermitian, so the result is real). Rows are never packed two to a complex row
// (z = x[2b] + i·x[2b+1]): that couples them, a NaN in one turning its partner NaN and a large row
// lending its rounding error to a small one (issue 24).
// The stage radices are the recorded plan's of the fused transforms (patterns.ts).
import { LincError } from "../../ir/index.js";
import type { GraphBuilder } from "./graph.js";
import type { Val } from "./complex.js";
import { leadK, realify, stageEntry, strides } from "./stages.js";
import { staged } from "./plans.js";
import { enter, forwardStages, leaveNatural, stage, transposedStages } from "./staged.js";

/** Largest fused circular convolution the backend builds (constants grow as N·n_L). */
export const MAX_SPECTRAL_N = 1 << 22;

export interface Spectrum {
  re: Float64Array;
  im: Float64Array;
}

/** The full Hermitian spectrum of a real filter from its n/2+1 bins (DC and Nyquist taken real, as irfft does). */
export function hermitianFull(S: Spectrum, N: number): Spectrum {
  const re = new Float64Array(N), im = new Float64Array(N), m = Math.floor(N / 2) + 1;
  for (let k = 0; k < N; k++) {
    const src = k < m ? k : N - k;
    re[k] = S.re[src];
    im[k] = k < m ? S.im[src] : -S.im[src];
  }
  im[0] = 0;
  if (N % 2 === 0) im[N / 2] = 0;
  return { re, im };
}

/**
 * window [a, b) of IDFT_N(S ⊙ DFT_N(u))·scale along the last axis (unnormalised transforms,
 * N = Π dims, staged with these radices); u is [.., len] with len <= N (zero tail), real
 * (S must be Hermitian; real digits in the first stage, real outputs from the last) or complex.
 */
export function spectralConv(g: GraphBuilder, u: Val, dims: readonly number[], S: Spectrum, scale: number, a: number, b: number): Val {
  const N = dims.reduce((p, q) => p * q, 1);
  if (N > MAX_SPECTRAL_N) throw new LincError("E0801", `a spectral product of size ${N} is above the onnx backend's limit ${MAX_SPECTRAL_N}`);
  const fwd = staged(N, dims, false), inv = staged(N, dims, true);
  const L = dims.length, len = u.shape[u.shape.length - 1] as number;
  const s1 = N / dims[0], pIn = Math.min(dims[0], Math.ceil(len / s1)), keep = Math.min(dims[0], Math.ceil(b / s1));
  const real = !u.complex;
  let v = enter(g, u, fwd, pIn, real ? "real" : "complex");
  v = forwardStages(g, v, fwd, { pIn, realIn: real }, 0, L - 1);
  // the middle: C[K] = M+[K]^T diag(S[K + t·k]) M-[K], rows (c, j'), cols (c, j)
  const a0 = L - 1, na = dims[a0], { t: T } = strides(fwd, a0);
  const nIn = L === 1 ? pIn : na, nOut = L === 1 ? keep : na;
  // with one stage the middle is also the first (real input) and the last (real output)
  const realIn = real && L === 1, realOut = real && L === 1;
  const rows = (realOut ? 1 : 2) * nOut, cols = (realIn ? 1 : 2) * nIn, w = new Float64Array(T * rows * cols);
  const cr = new Float64Array(nOut * nIn), ci = new Float64Array(nOut * nIn);
  for (let pos = 0; pos < T; pos++) {
    const K = leadK(fwd, a0, pos);
    cr.fill(0);
    ci.fill(0);
    for (let k = 0; k < na; k++) {
      const sr = S.re[K + T * k] * scale, si = S.im[K + T * k] * scale;
      if (sr === 0 && si === 0) continue;
      for (let jo = 0; jo < nOut; jo++) {
        const [pr, pi] = stageEntry(inv, a0, K, k, jo);
        const qr = pr * sr - pi * si, qi = pr * si + pi * sr;
        for (let ji = 0; ji < nIn; ji++) {
          const [fr, fi] = stageEntry(fwd, a0, K, k, ji);
          cr[jo * nIn + ji] += qr * fr - qi * fi;
          ci[jo * nIn + ji] += qr * fi + qi * fr;
        }
      }
    }
    realify((jo, ji) => [cr[jo * nIn + ji], ci[jo * nIn + ji]], { nOut, nIn, outOrder: "ci", inOrder: "ci", realIn, realOut }, w, pos * rows * cols);
  }
  v = stage(g, v, T, cols, rows, w, `conv${N}_mid`);
  v = transposedStages(g, v, inv, { keep, realOut: real }, L - 1);
  const outLen = (L === 1 ? keep : keep * s1);
  return leaveNatural(g, v, outLen, !real, a, b);
}
