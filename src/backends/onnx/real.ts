// rdft and irdft (numpy.fft.rfft / irfft) along the last axis, rendering the recorded RealFftPlan:
//   direct plan   one MatMul with the realified rdft matrix, or the real [2m, n] irdft matrix;
//   via "half"    (even n = 2h) the complex FFT of h points the plan holds, on z_j = x_2j + i·x_2j+1
//                 — a free reshape of the real row — and one split pass:
//                   X_k = Z_k·(1 - i w^k)/2 + conj(Z_{h-k})·(1 + i w^k)/2,  w = e^{-2πi/n};
//                 irdft runs it backwards: Z'_k = X_k·(1 + i/w^k) + conj(X_{h-k})·(1 - i/w^k),
//                 z = IDFT_h(Z'), and z's interleaved (re, im) pairs are the n real samples;
//   via "full"    the complex FFT of n points: a direct or mixed plan runs its stages on the real
//                 row (realfull.ts: a real first stage, the zero tail skipped, only the bins kept /
//                 the Hermitian spectrum gathered into digit-reversed order, a real last stage);
//                 a Bluestein plan transforms all n points, bins kept / Hermitian extension.
// The `fft` strategy overrides "dft" and "matmul" transform the full n points with that strategy;
// "fourstep" stages a direct plan as one stage.
import { type RealFftPlan, cis, twiddle } from "../../ir/index.js";
import type { GraphBuilder } from "./graph.js";
import { type Val, addSub, conj, mulConst, part, promote } from "./complex.js";
import { type FftStrategy, dftMatrix, fft } from "./fft.js";
import { applyMat } from "./matmul.js";
import { gatherLast, padLast, sliceLast } from "./pieces.js";
import { stagesOf } from "./plans.js";
import { irdftStaged, rdftStaged } from "./realfull.js";

export interface RealOptions {
  /** Overall scale (norm). */
  scale: number;
  strategy: FftStrategy;
  opset: number;
}

const bins = (n: number) => Math.floor(n / 2) + 1;
/** An override that transforms all n points with its own strategy (the plan's algorithm unused). */
const overridden = (o: RealOptions) => o.strategy === "dft" || o.strategy === "matmul";
const direct = (n: number) => ({ algo: "direct", n }) as const;

/** rdft(n) of real x (length <= n, zero-extended): the n/2+1 bins. */
export function rdft(g: GraphBuilder, x: Val, n: number, plan: RealFftPlan, o: RealOptions): Val {
  const m = bins(n), len = x.shape[x.shape.length - 1] as number;
  const full = plan.via === "full" ? stagesOf(plan.fft) : undefined;
  if (!overridden(o) && full && (o.strategy !== "auto" || plan.fft.algo !== "direct")) return rdftStaged(g, x, full, o.scale);
  const xf = len < n ? padLast(g, x, 0, n - len) : x;
  if (overridden(o)) return sliceLast(g, fft(g, xf, direct(n), { ...o, inverse: false }), 0, m);
  if (o.strategy === "auto" && plan.fft.algo === "direct") {
    const F = dftMatrix(n, false, o.scale);
    return applyMat(g, xf, { rows: m, cols: n, re: F.re.slice(0, m * n), im: F.im!.slice(0, m * n) }, "rdft");
  }
  if (plan.via === "full") return sliceLast(g, fft(g, xf, plan.fft, { ...o, inverse: false }), 0, m);
  const h = n / 2;
  const z: Val = { ...xf, name: g.op1("Reshape", [xf.name, g.i64([...Array(xf.shape.length - 1).fill(0), h, 2])]), complex: true, shape: [...xf.shape.slice(0, -1), h] };
  const Z = fft(g, z, plan.fft, { ...o, inverse: false, scale: 1 });
  const ar = new Float64Array(m), ai = new Float64Array(m), br = new Float64Array(m), bi = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const [wr, wi] = cis(-k, n), s = o.scale / 2;
    // (1 ∓ i w)/2 with i w = (-wi, wr)
    [ar[k], ai[k], br[k], bi[k]] = [s * (1 + wi), -s * wr, s * (1 - wi), s * wr];
  }
  return split(g, Z, m, (k) => k % h, (k) => (h - k) % h, [ar, ai], [br, bi]);
}

/** A·α + conj(B)·β, A and B gathered from v's last axis at a(k) and b(k) for k < len. */
function split(g: GraphBuilder, v: Val, len: number, a: (k: number) => number, b: (k: number) => number, alpha: Float64Array[], beta: Float64Array[]): Val {
  const idx = (f: (k: number) => number) => Array.from({ length: len }, (_, k) => f(k));
  const A = gatherLast(g, v, idx(a)), B = conj(g, gatherLast(g, v, idx(b)));
  return addSub(g, "Add", mulConst(g, A, [len], alpha[0], alpha[1], "split_a"), mulConst(g, B, [len], beta[0], beta[1], "split_b"));
}

/** irdft(n): m = n/2+1 complex bins -> n real samples (numpy.fft.irfft: the imaginary parts of DC and Nyquist ignored). */
export function irdft(g: GraphBuilder, X: Val, n: number, plan: RealFftPlan, o: RealOptions): Val {
  const m = X.shape[X.shape.length - 1] as number;
  if (o.strategy === "auto" && plan.fft.algo === "direct") return irdftMatMul(g, X, n, m, o.scale);
  const full = plan.via === "full" ? stagesOf(plan.fft) : undefined;
  if (!overridden(o) && full) return irdftStaged(g, X, full, o.scale);
  if (overridden(o) || plan.via === "full") {
    // Hermitian extension in natural order, a complex inverse of all n points, the real part
    const Xc = promote(g, X), idx = Array.from({ length: n }, (_, k) => (k < m ? k : n - k));
    const mask = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) (mask[2 * k] = 1), (mask[2 * k + 1] = k === 0 || 2 * k === n ? 0 : k < m ? 1 : -1);
    const full = gatherLast(g, Xc, idx);
    const herm: Val = { ...full, name: g.op1("Mul", [full.name, g.constant(X.prec, [n, 2], mask, "conjmask")]) };
    return part(g, fft(g, herm, overridden(o) ? direct(n) : plan.fft, { ...o, inverse: true }), 0);
  }
  const h = n / 2;
  const mask = new Float64Array(2 * m).fill(1);
  (mask[1] = 0), (mask[2 * m - 1] = 0);
  const Xc = promote(g, X), Xm: Val = { ...Xc, name: g.op1("Mul", [Xc.name, g.constant(X.prec, [m, 2], mask, "dcmask")]) };
  const ar = new Float64Array(h), ai = new Float64Array(h), br = new Float64Array(h), bi = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    const [vr, vi] = cis(k, n);
    // 1 ± i v with i v = (-vi, vr)
    [ar[k], ai[k], br[k], bi[k]] = [1 - vi, vr, 1 + vi, -vr];
  }
  const Zp = split(g, Xm, h, (k) => k, (k) => h - k, [ar, ai], [br, bi]);
  const z = fft(g, Zp, plan.fft, { ...o, inverse: true });
  return { ...z, name: g.op1("Reshape", [z.name, g.i64([...Array(z.shape.length - 1).fill(0), n])]), complex: false, shape: [...z.shape.slice(0, -1), n] };
}

/** irdft as one real MatMul on the interleaved bins: x_j = s·Σ_k c_k (Re X_k cos - Im X_k sin)(2π jk/n), c_k = 2 but for DC and Nyquist. */
function irdftMatMul(g: GraphBuilder, X: Val, n: number, m: number, scale: number): Val {
  const Xc = promote(g, X);
  const flat: Val = { ...Xc, name: g.op1("Reshape", [Xc.name, g.i64([...Array(Xc.shape.length - 1).fill(0), 2 * m])]), complex: false, shape: [...Xc.shape.slice(0, -1), 2 * m] };
  const re = new Float64Array(n * 2 * m);
  for (let j = 0; j < n; j++)
    for (let k = 0; k < m; k++) {
      const edge = k === 0 || 2 * k === n, [c, s] = twiddle(j * k, n, 1), w = (edge ? 1 : 2) * scale;
      re[j * 2 * m + 2 * k] = w * c;
      re[j * 2 * m + 2 * k + 1] = edge ? 0 : -w * s;
    }
  return applyMat(g, flat, { rows: n, cols: 2 * m, re }, "irdft");
}
