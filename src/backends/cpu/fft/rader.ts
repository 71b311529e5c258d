// Rader's FFT for a prime length n whose n − 1 factors into small primes.
//
// With g a primitive root mod n, every j, k in 1…n−1 is a power of g: j = g^p, k = g^{−q}.
// Then jk = g^{p−q} and, with a_p = x_{g^p} and b_t = ω^{g^{−t}} (ω = e^{sign·2πi/n}),
//   X_0 = x_0 + Σ_p a_p,   X_{g^{−q}} = x_0 + Σ_p a_p b_{q−p} = x_0 + (a ⊛ b)_q,
// a cyclic convolution of length N = n − 1, done by size-N mixed-radix FFTs. The spectrum
// of b (pre-divided by N) is built when the kernel loads. Only the forward size-N kernel is
// needed: the inverse FFT is conj(FFT(conj(·))), and both conjugations fold into the
// pointwise product and the output loop. A run costs two size-N FFTs plus O(n) gathers,
// against Bluestein's two FFTs of size >= 2n − 1. Work buffers are float64 at f32 too.

import { type FftPlan, math } from "../../../ir/index.js";
import { Precision, indent, mixedRadixSource } from "./mixed.js";
import { stockhamRadices } from "./plans.js";
import { TRIG_JS } from "./tables.js";

/** `inner`: the plan of the size-(n - 1) FFTs (direct or mixed radix). */
export function raderSource(n: number, inner: FftPlan, sign: 1 | -1, precision: Precision, scale: number): string {
  const N = n - 1;
  const g = math.primitiveRoot(n);
  const fwd = mixedRadixSource(N, stockhamRadices(inner, N), -1, "f64", 1);
  const sc = scale === 1 ? "" : ` * ${scale}`;
  return `function makeKernel() {
  "use strict";
  // ${sign < 0 ? "forward" : "inverse"} complex DFT, n = ${n}, ${precision}, Rader (generator ${g}) through N = ${N}
  const fwd = (${indent(fwd)})();
${TRIG_JS}
  // gin[q] = 2·(g^q mod n), gout[q] = 2·(g^{−q} mod n): float offsets of the permuted bins.
  const gin = new Int32Array(${N}), gout = new Int32Array(${N});
  for (let q = 0, a = 1; q < ${N}; q++) { gin[q] = 2 * a; a = (a * ${g}) % ${n}; }
  gout[0] = 2;
  for (let q = 1; q < ${N}; q++) gout[q] = gin[${N} - q];
  const B = new Float64Array(${2 * N});
  for (let q = 0; q < ${N}; q++) {
    turn(${sign} * (gout[q] >> 1), ${n}, B, 2 * q);
    B[2 * q] /= ${N}; B[2 * q + 1] /= ${N};
  }
  fwd(B, 0, B, 0);
  const A = shared("rader:A:${2 * N}", () => new Float64Array(${2 * N})), C = shared("rader:C:${2 * N}", () => new Float64Array(${2 * N}));
  return function run(x, xo, y, yo, batch) {
    if (batch === undefined) batch = 1;
    for (let b = 0; b < batch; b++, xo += ${2 * n}, yo += ${2 * n}) {
      const x0r = x[xo], x0i = x[xo + 1];
      for (let q = 0; q < ${N}; q++) { const j = xo + gin[q]; A[2 * q] = x[j]; A[2 * q + 1] = x[j + 1]; }
      fwd(A, 0, C, 0);
      const sr = C[0], si = C[1];
      // conj(C·B), so that a forward FFT of it is the conjugated inverse transform.
      for (let k = 0; k < ${2 * N}; k += 2) {
        const ar = C[k], ai = C[k + 1], br = B[k], bi = B[k + 1];
        C[k] = ar * br - ai * bi; C[k + 1] = -(ar * bi + ai * br);
      }
      fwd(C, 0, A, 0);
      y[yo] = (x0r + sr)${sc}; y[yo + 1] = (x0i + si)${sc};
      for (let q = 0; q < ${N}; q++) {
        const o = yo + gout[q];
        y[o] = (x0r + A[2 * q])${sc}; y[o + 1] = (x0i - A[2 * q + 1])${sc};
      }
    }
  };
}`;
}

/** Rader's generator: the one in src/ir/math/factor.ts (re-exported for this file's tests). */
export const primitiveRoot = math.primitiveRoot;
