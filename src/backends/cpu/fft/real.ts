// Real-input FFT (rfft) and its inverse (irfft), numpy.fft conventions, unnormalised.
//
// Even n = 2h: the n reals, read as h interleaved complex z_j = x_{2j} + i x_{2j+1}, go
// through a size-h complex FFT Z; with E, O the spectra of the even and odd samples,
//   E_k = (Z_k + conj Z_{h−k})/2,  O_k = −i (Z_k − conj Z_{h−k})/2,  X_k = E_k + ω_n^k O_k.
// irfft runs that backwards: Z'_k = (X_k + conj X_{h−k}) + i ω_n^{−k} (X_k − conj X_{h−k})
// = 2 Z_k, whose size-h inverse FFT is n·x, written straight into the real output.
// Odd n goes through the size-n complex FFT (irfft first builds the Hermitian spectrum).
// Which of the two a kernel takes, and the complex FFT's own plan, are the recorded
// RealFftPlan's: via "half" (even n only) or via "full" (any n).
// As numpy.fft.irfft does, irfft ignores the imaginary parts of the DC and Nyquist bins.
// rfft and irfft of the same n share their twiddle table W and work buffer (tables.ts).

import { type RealFftPlan, realLength } from "../../../ir/index.js";
import { complexSource } from "./complex.js";
import { Precision, indent } from "./mixed.js";

import { TRIG_JS } from "./tables.js";

const complex = (p: RealFftPlan, sign: 1 | -1, precision: Precision, scale: number) => complexSource(p.fft, sign, precision, scale);

export function rfftSource(plan: RealFftPlan, precision: Precision, scale: number): string {
  const n = realLength(plan);
  const h = n >> 1, nb = h + 1, A = "Float64Array"; // work buffers stay float64 at f32 too
  const head = `// rfft, n = ${n}, ${precision}`;
  if (plan.via === "full") {
    return `function makeKernel() {
  "use strict";
  ${head}, through the size-n complex FFT
  const fft = (${indent(complex(plan, -1, precision, scale))})();
${TRIG_JS}
  const C = shared("real:C:${2 * n}", () => new ${A}(${2 * n}));
  return function run(x, xo, y, yo, batch) {
    if (batch === undefined) batch = 1;
    for (let b = 0; b < batch; b++, xo += ${n}, yo += ${2 * nb}) {
      for (let k = 0; k < ${n}; k++) { C[2 * k] = x[xo + k]; C[2 * k + 1] = 0; }
      fft(C, 0, C, 0);
      for (let k = 0; k < ${2 * nb}; k++) y[yo + k] = C[k];
    }
  };
}`;
  }
  const sc = scale === 1 ? "" : ` * ${scale}`;
  return `function makeKernel() {
  "use strict";
  ${head}, through a size-${h} complex FFT
  const fft = (${indent(complex(plan, -1, precision, 1))})();
${TRIG_JS}
  const W = shared("real:W:${n}", () => { const W = new Float64Array(${2 * h}); for (let k = 0; k < ${h}; k++) turn(-k, ${n}, W, 2 * k); return W; });
  const Z = shared("real:Z:${2 * h}", () => new ${A}(${2 * h}));
  return function run(x, xo, y, yo, batch) {
    if (batch === undefined) batch = 1;
    for (let b = 0; b < batch; b++, xo += ${n}, yo += ${2 * nb}) {
      fft(x, xo, Z, 0);
      const z0r = Z[0], z0i = Z[1];
      y[yo] = (z0r + z0i)${sc}; y[yo + 1] = 0;
      y[yo + ${2 * h}] = (z0r - z0i)${sc}; y[yo + ${2 * h + 1}] = 0;
      for (let k = 1; k < ${h}; k++) {
        const ar = Z[2 * k], ai = Z[2 * k + 1], br = Z[${2 * h} - 2 * k], bi = -Z[${2 * h} - 2 * k + 1];
        // halved before adding: two parts near 1e308 would overflow their sum (numpy's is finite)
        const er = ar * 0.5 + br * 0.5, ei = ai * 0.5 + bi * 0.5;   // E_k
        const or = ai * 0.5 - bi * 0.5, oi = br * 0.5 - ar * 0.5;   // O_k = -i (Z_k - conj Z_{h-k}) / 2
        const wr = W[2 * k], wi = W[2 * k + 1];
        y[yo + 2 * k] = (er + (or * wr - oi * wi))${sc};
        y[yo + 2 * k + 1] = (ei + (or * wi + oi * wr))${sc};
      }
    }
  };
}`;
}

export function irfftSource(plan: RealFftPlan, precision: Precision, scale: number): string {
  const n = realLength(plan);
  const h = n >> 1, nb = h + 1, A = "Float64Array"; // work buffers stay float64 at f32 too
  const head = `// irfft, n = ${n}, ${precision}`;
  if (plan.via === "full") {
    return `function makeKernel() {
  "use strict";
  ${head}, through the size-n complex FFT of the Hermitian spectrum
  const fft = (${indent(complex(plan, 1, precision, scale))})();
${TRIG_JS}
  const C = shared("real:C:${2 * n}", () => new ${A}(${2 * n}));
  return function run(x, xo, y, yo, batch) {
    if (batch === undefined) batch = 1;
    for (let b = 0; b < batch; b++, xo += ${2 * nb}, yo += ${n}) {
      C[0] = x[xo]; C[1] = 0;
      for (let k = 1; k < ${nb}; k++) {
        const re = x[xo + 2 * k], im = x[xo + 2 * k + 1];
        C[2 * k] = re; C[2 * k + 1] = im; C[${2 * n} - 2 * k] = re; C[${2 * n} - 2 * k + 1] = -im;
      }${n % 2 ? "" : `
      C[${n + 1}] = 0;   // even n: the Nyquist bin's imaginary part is ignored`}
      fft(C, 0, C, 0);
      for (let k = 0; k < ${n}; k++) y[yo + k] = C[2 * k];
    }
  };
}`;
  }
  return `function makeKernel() {
  "use strict";
  ${head}, through a size-${h} inverse complex FFT
  const ifft = (${indent(complex(plan, 1, precision, scale))})();
${TRIG_JS}
  const W = shared("real:W:${n}", () => { const W = new Float64Array(${2 * h}); for (let k = 0; k < ${h}; k++) turn(-k, ${n}, W, 2 * k); return W; });
  const Z = shared("real:Z:${2 * h}", () => new ${A}(${2 * h}));
  return function run(x, xo, y, yo, batch) {
    if (batch === undefined) batch = 1;
    for (let b = 0; b < batch; b++, xo += ${2 * nb}, yo += ${n}) {
      const x0 = x[xo], xh = x[xo + ${2 * h}];   // imaginary parts of DC and Nyquist ignored
      Z[0] = x0 + xh; Z[1] = x0 - xh;            // k = 0: (X_0 + X_h) + i (X_0 - X_h)
      for (let k = 1; k < ${h}; k++) {
        const ar = x[xo + 2 * k], ai = x[xo + 2 * k + 1];
        const br = x[xo + ${2 * h} - 2 * k], bi = -x[xo + ${2 * h} - 2 * k + 1];
        const dr = ar - br, di = ai - bi, wr = W[2 * k], wi = -W[2 * k + 1];   // ω^{-k}, from rfft's ω^k table
        const er = dr * wr - di * wi, ei = dr * wi + di * wr;   // ω^{-k} (X_k − conj X_{h−k})
        Z[2 * k] = ar + br - ei; Z[2 * k + 1] = ai + bi + er;   // ... + i·(er + i ei)
      }
      ifft(Z, 0, y, yo);
    }
  };
}`;
}
