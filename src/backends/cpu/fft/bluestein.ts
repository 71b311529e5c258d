// Bluestein's chirp-z FFT for lengths with a large prime factor.
//
// With jk = (j² + k² − (k−j)²)/2 and the chirp c_k = e^{sign·iπ k²/n},
//   X_k = c_k · Σ_j (x_j c_j) · conj(c_{k−j}),
// a linear convolution of length 2n−1, done circularly by power-of-two FFTs of size
// m >= 2n−1. The chirp and the spectrum of conj(c) (pre-divided by m, the inverse FFT's
// missing normalisation) are built when the kernel loads; a run costs two size-m FFTs.
// Only the forward size-m kernel is built: the inverse FFT is conj(FFT(conj(·))), with both
// conjugations folded into the pointwise product and the output loop.
// k² is reduced mod 2n in integers so the chirp phase stays exact for large n. The work
// buffers are float64 whatever the precision, so f32 loses nothing in the convolution.
// The size-m FFT runs the plan recorded on the graph (`inner`), never one chosen here.

import type { FftPlan } from "../../../ir/index.js";
import { Precision, indent, mixedRadixSource } from "./mixed.js";
import { stockhamRadices } from "./plans.js";
import { TRIG_JS } from "./tables.js";

/** `inner`: the plan of the size-m FFTs (direct or mixed radix). */
export function bluesteinSource(n: number, m: number, inner: FftPlan, sign: 1 | -1, precision: Precision, scale: number): string {
  const fwd = mixedRadixSource(m, stockhamRadices(inner, m), -1, "f64", 1);
  const sc = scale === 1 ? "" : ` * ${scale}`;
  return `function makeKernel() {
  "use strict";
  // ${sign < 0 ? "forward" : "inverse"} complex DFT, n = ${n}, ${precision}, Bluestein through m = ${m}
  const fwd = (${indent(fwd)})();
${TRIG_JS}
  const chirp = new Float64Array(${2 * n});
  // k² mod 2n by k² = (k−1)² + 2k − 1, all in exact integers.
  for (let k = 0, q = 0; k < ${n}; k++) { turn(${sign} * q, ${2 * n}, chirp, 2 * k); q = (q + 2 * k + 1) % ${2 * n}; }
  const B = new Float64Array(${2 * m});
  for (let k = 0; k < ${n}; k++) {
    const br = chirp[2 * k] / ${m}, bi = -chirp[2 * k + 1] / ${m};
    B[2 * k] = br; B[2 * k + 1] = bi;
    if (k > 0) { B[${2 * m} - 2 * k] = br; B[${2 * m} - 2 * k + 1] = bi; }
  }
  fwd(B, 0, B, 0);
  const A = shared("bluestein:A:${2 * m}", () => new Float64Array(${2 * m})), C = shared("bluestein:C:${2 * m}", () => new Float64Array(${2 * m}));
  return function run(x, xo, y, yo, batch) {
    if (batch === undefined) batch = 1;
    for (let b = 0; b < batch; b++, xo += ${2 * n}, yo += ${2 * n}) {
      for (let k = 0; k < ${2 * n}; k += 2) {
        const xr = x[xo + k], xi = x[xo + k + 1], cr = chirp[k], ci = chirp[k + 1];
        A[k] = xr * cr - xi * ci; A[k + 1] = xr * ci + xi * cr;
      }
      A.fill(0, ${2 * n});
      fwd(A, 0, C, 0);
      for (let k = 0; k < ${2 * m}; k += 2) {
        const ar = C[k], ai = C[k + 1], br = B[k], bi = B[k + 1];
        C[k] = ar * br - ai * bi; C[k + 1] = -(ar * bi + ai * br);
      }
      fwd(C, 0, A, 0);
      for (let k = 0; k < ${2 * n}; k += 2) {
        const ar = A[k], ai = -A[k + 1], cr = chirp[k], ci = chirp[k + 1];
        y[yo + k] = (ar * cr - ai * ci)${sc}; y[yo + k + 1] = (ar * ci + ai * cr)${sc};
      }
    }
  };
}`;
}
