// rdft and irdft of the gpujs backend, as the recorded RealFftPlan says:
//   via "half"  (even n) the n real samples packed as n/2 complex ones z_j = x_2j + i x_2j+1,
//               one complex FFT of n/2 points (plan.fft), and one kernel that splits the
//               spectrum into the even and odd halves' and recombines them; irdft runs the
//               same steps backwards;
//   via "full"  the complex FFT of all n points (plan.fft), keeping bins 0..n/2 (rdft), or of
//               the Hermitian extension of the bins, keeping the real part (irdft).
// As numpy.fft.irfft does, irdft ignores the imaginary parts of bin 0 and (even n) bin n/2.
import type { RealFftPlan } from "../../ir/index.js";
import type { Builder, Val } from "./builder.js";
import { fft, twiddles } from "./fft.js";
import * as K from "./kernels.js";

const { fl } = K;

function checkPlan(plan: RealFftPlan, n: number): void {
  const want = plan.via === "half" ? n / 2 : n;
  if (plan.fft.n !== want || (plan.via === "half" && n % 2 !== 0)) throw new Error(`internal: a ${plan.via}-size real FFT plan of ${plan.fft.n} points for n = ${n}`);
}

/** rdft: n real samples per row to n/2 + 1 bins, times `scale`. */
export function rdft(b: Builder, x: Val, n: number, plan: RealFftPlan, scale: number): Val {
  if (x.n !== n) throw new Error(`internal: rdft of size ${n} on rows of ${x.n}`);
  checkPlan(plan, n);
  const bins = Math.floor(n / 2) + 1;
  if (plan.via === "full") {
    const y = fft(b, x, plan.fft, false, scale);
    return b.kernel(K.winmul(n, bins, 0, false, false), [{ s: y.slot }], x.rows, bins);
  }
  const h = n / 2;
  const z = b.kernel(packPairs(h), [{ s: x.slot }], x.rows, h);
  const Z = fft(b, z, plan.fft, false, scale);
  return b.kernel(splitSpectrum(h), [{ s: Z.slot }, twiddles(b, n)], x.rows, bins);
}

/** irdft: n/2 + 1 bins per row to n real samples, times `scale`. */
export function irdft(b: Builder, x: Val, n: number, plan: RealFftPlan, scale: number): Val {
  const bins = Math.floor(n / 2) + 1;
  if (x.n !== bins) throw new Error(`internal: irdft of size ${n} on rows of ${x.n}`);
  checkPlan(plan, n);
  if (plan.via === "full") {
    // code 2j reads bin j, 2j + 1 its conjugate (bins above n/2 mirror the ones below)
    const idx = b.table(`herm:${n}:${bins}`, () => Array.from({ length: n }, (_, k) => (k < bins ? 2 * k : 2 * (n - k) + 1)));
    const full = b.kernel(K.gather(bins, n, false), [{ s: x.slot }, idx], x.rows, n);
    return realPart(b, fft(b, full, plan.fft, true, scale));
  }
  const h = n / 2;
  const Z = b.kernel(joinSpectrum(h), [{ s: x.slot }, twiddles(b, n)], x.rows, h);
  const z = fft(b, Z, plan.fft, true, scale);
  return b.kernel(unpackPairs(h), [{ s: z.slot }], x.rows, n);
}

/** The real part of every element (imaginary parts zero). */
export function realPart(b: Builder, y: Val): Val {
  const src = `function(a0) {\nconst t = this.thread.x * 1.0;\nconst e = Math.floor(t * 0.5);\nconst c = t - 2.0 * e;\nreturn c < 0.5 ? a0[2.0 * e] : 0.0;\n}`;
  return b.kernel(src, [{ s: y.slot }], y.rows, y.n);
}

/** z[row, j] = x[row, 2j] + i x[row, 2j + 1] (real parts of x; rows of 2h to rows of h). */
function packPairs(h: number): string {
  return K.fn(1, [K.head(h), `const q = 2.0 * (row * ${fl(2 * h)} + 2.0 * k);`, `const yr = a0[q];`, `const yi = a0[q + 2.0];`].join("\n"));
}

/** x[row, 2j] = Re z[row, j], x[row, 2j + 1] = Im z[row, j] (rows of h to rows of 2h, real). */
function unpackPairs(h: number): string {
  const body = [
    K.head(2 * h),
    `const j = Math.floor(k * 0.5 + 0.25);`,
    `const odd = k - 2.0 * j;`,
    `const yr = a0[2.0 * (row * ${fl(h)} + j) + odd];`,
    `const yi = 0.0;`,
  ];
  return K.fn(1, body.join("\n"));
}

/**
 * Bins X_k, k = 0..h, of 2h real samples from Z = FFT_h(z) of the packed pairs (a1: the 2h-point
 * twiddles e^{2 pi i k / 2h}): with A = Z_k, B = conj(Z_{h-k}) (indices mod h), the even
 * samples' spectrum is E = (A + B) / 2, the odd ones' O = (A - B) / 2i, and X_k = E + w^k O
 * with w = e^{-2 pi i / 2h}.
 */
function splitSpectrum(h: number): string {
  const body = [
    K.head(h + 1),
    `let ka = k;`,
    `if (ka > ${fl(h - 0.5)}) { ka -= ${fl(h)}; }`,
    `let kb = ${fl(h)} - k;`,
    `if (kb > ${fl(h - 0.5)}) { kb -= ${fl(h)}; }`,
    `const qa = 2.0 * (row * ${fl(h)} + ka);`,
    `const qb = 2.0 * (row * ${fl(h)} + kb);`,
    `const ar = a0[qa];`,
    `const ai = a0[qa + 1.0];`,
    `const br = a0[qb];`,
    `const bi = -a0[qb + 1.0];`,
    `const er = 0.5 * (ar + br);`,
    `const ei = 0.5 * (ai + bi);`,
    // O = (A - B) / 2i = -i (A - B) / 2
    `const pr = 0.5 * (ai - bi);`,
    `const pi = -0.5 * (ar - br);`,
    `const wr = a1[2.0 * k];`,
    `const wi = -a1[2.0 * k + 1.0];`,
    `const yr = er + wr * pr - wi * pi;`,
    `const yi = ei + wr * pi + wi * pr;`,
  ];
  return K.fn(2, body.join("\n"));
}

/**
 * The packed spectrum Z_k, k = 0..h-1, whose inverse FFT_h gives (unnormalised) x_2j + i x_2j+1,
 * from bins X_0..X_h (a1 as in splitSpectrum): with A = X_k, B = conj(X_{h-k}),
 * Z_k = (A + B) + i w^{-k} (A - B). Bins 0 and h count by their real parts only.
 */
function joinSpectrum(h: number): string {
  const body = [
    K.head(h),
    `const qa = 2.0 * (row * ${fl(h + 1)} + k);`,
    `const qb = 2.0 * (row * ${fl(h + 1)} + ${fl(h)} - k);`,
    `const keep = k < 0.5 ? 0.0 : 1.0;`,
    `const ar = a0[qa];`,
    `const ai = keep * a0[qa + 1.0];`,
    `const br = a0[qb];`,
    `const bi = -keep * a0[qb + 1.0];`,
    `const dr = ar - br;`,
    `const di = ai - bi;`,
    `const wr = a1[2.0 * k];`,
    `const wi = a1[2.0 * k + 1.0];`,
    `const tr = wr * dr - wi * di;`,
    `const ti = wr * di + wi * dr;`,
    `const yr = ar + br - ti;`,
    `const yi = ai + bi + tr;`,
  ];
  return K.fn(2, body.join("\n"));
}

