// The DFT family along the last axis as ONNX ops, by strategy:
//   dft       ONNX's own DFT op;
//   matmul    one realified dense MatMul (right for small n: no transposes at all);
//   fourstep  the staged MatMul FFT of stages.ts (multi-level four-step, twiddles folded into
//             the stage weights): O(n·Σ n_a) work and O(n·n_L) constants;
//   auto      matmul for n <= DENSE_N, staged above, Bluestein (spectral.ts) for large primes.
// rdft and irdft exploit real data: a real first stage (half the work), the zero tail of a padded
// input skipped, only the n/2+1 bins kept; irdft builds the Hermitian spectrum with one Gather
// straight into digit-reversed order and runs the transposed stages with a real last stage.
import type { GraphBuilder } from "./graph.js";
import { type Val, promote, scaleBy } from "./complex.js";
import { applyMat, type Mat } from "./matmul.js";
import { chooseRadices, omega, type Plan, leadK } from "./stages.js";
import { enter, forwardStages, leaveNatural, leaveReversed, transposedStages } from "./staged.js";
import { bluestein } from "./spectral.js";

export type FftStrategy = "auto" | "dft" | "matmul" | "fourstep";

export interface FftOptions {
  inverse: boolean;
  /** Overall scale (norm): 1, 1/n or 1/sqrt(n). */
  scale: number;
  strategy: FftStrategy;
  opset: number;
  prec?: "f32" | "f64";
}

/** Below this size one dense MatMul beats the staged form (no transposes, one node). */
export const DENSE_N = 64;

/** The staged plan of a DFT of size n, or undefined when a prime factor is too large for a dense stage. */
export const planOf = (n: number, inverse: boolean): Plan | undefined => {
  const dims = chooseRadices(n);
  return dims && { n, dims, sign: inverse ? 1 : -1 };
};

/** The dense DFT matrix F[k, j] = s·ω^(jk). */
export function dftMatrix(n: number, inverse: boolean, scale = 1): Mat {
  const re = new Float64Array(n * n), im = new Float64Array(n * n);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++) {
      const [c, s] = omega(j * k, n, inverse ? 1 : -1);
      re[k * n + j] = scale * c;
      im[k * n + j] = scale * s;
    }
  return { rows: n, cols: n, re, im };
}

/** What `auto` picks for a transform of size n. */
export function chooseStrategy(n: number): Exclude<FftStrategy, "auto"> {
  if (n <= DENSE_N) return "matmul";
  return "fourstep";
}

/** y = s·DFT(n) x (or the inverse) along the last axis; a real x is promoted. */
export function fft(g: GraphBuilder, x: Val, n: number, o: FftOptions): Val {
  const strategy = o.strategy === "auto" ? chooseStrategy(n) : o.strategy;
  if (strategy === "matmul") return applyMat(g, x, dftMatrix(n, o.inverse, o.scale), o.inverse ? "idft" : "dft");
  if (strategy === "dft") return dftOp(g, promote(g, x), n, o);
  const p = planOf(n, o.inverse);
  if (!p) return bluestein(g, x, n, o);
  const s = enter(g, x, p, p.dims[0], x.complex ? "complex" : "real");
  const y = forwardStages(g, s, p, { realIn: !x.complex, scale: o.scale });
  return leaveReversed(g, y, p, p.dims[p.dims.length - 1], true, n);
}


/**
 * rdft(n) of real x (length <= n, zero-extended): the n/2+1 bins. `len` < n means x's tail is
 * zero (a padded input): the first stage reads only the digits that can be non-zero.
 */
export function rdft(g: GraphBuilder, x: Val, n: number, o: Omit<FftOptions, "inverse">): Val {
  const m = Math.floor(n / 2) + 1, len = x.shape[x.shape.length - 1] as number;
  const p = planOf(n, false);
  if (o.strategy === "dft" || o.strategy === "matmul" || !p || (o.strategy === "auto" && n <= DENSE_N)) {
    const xf = len < n ? padTail(g, x, n - len) : x;
    if (o.strategy !== "auto" || !p) return sliceBins(g, fft(g, xf, n, { ...o, inverse: false }), m);
    const F = dftMatrix(n, false, o.scale);
    return applyMat(g, xf, { rows: m, cols: n, re: F.re.slice(0, m * n), im: F.im!.slice(0, m * n) }, "rdft");
  }
  const s1 = n / p.dims[0];
  const pIn = Math.min(p.dims[0], Math.ceil(len / s1));
  const nL = p.dims[p.dims.length - 1], tL = n / nL, keep = Math.min(nL, Math.ceil(m / tL));
  const y = forwardStages(g, enter(g, x, p, pIn, "real"), p, { realIn: true, pIn, keep, scale: o.scale });
  return leaveReversed(g, y, p, keep, true, m);
}

function padTail(g: GraphBuilder, x: Val, k: number): Val {
  const r = x.shape.length + (x.complex ? 1 : 0), pads = new Array(2 * r).fill(0);
  pads[r + x.shape.length - 1] = k;
  const n = (x.shape[x.shape.length - 1] as number) + k;
  return { ...x, name: g.op1("Pad", [x.name, g.i64(pads)]), shape: [...x.shape.slice(0, -1), n] };
}

function sliceBins(g: GraphBuilder, y: Val, m: number): Val {
  const ax = y.shape.length - 1;
  return { ...y, name: g.op1("Slice", [y.name, g.i64([0]), g.i64([m]), g.i64([ax])]), shape: [...y.shape.slice(0, -1), m] };
}

/** Digit-reversed position -> source bin of a Hermitian half spectrum of length m, and its conjugation sign. */
export function hermitianGather(p: Plan, m: number): { idx: number[]; sign: number[] } {
  const idx: number[] = [], sign: number[] = [];
  for (let pos = 0; pos < p.n; pos++) {
    const k = leadK(p, p.dims.length, pos);
    const mirrored = k >= m;
    idx.push(mirrored ? p.n - k : k);
    sign.push(mirrored ? -1 : 1);
  }
  return { idx, sign };
}

/** irdft(n): m = n/2+1 complex bins -> n real samples (numpy.fft.irfft), samples [0, keepLen). */
export function irdft(g: GraphBuilder, X: Val, n: number, o: Omit<FftOptions, "inverse">, keepLen = n): Val {
  const { scale, strategy } = o;
  const m = X.shape[X.shape.length - 1] as number;
  const p = planOf(n, true);
  const Xc = promote(g, X);
  if (strategy === "dft" || strategy === "matmul" || (strategy === "auto" && n <= DENSE_N) || !p) {
    // Hermitian extension in natural order, then a complex inverse and the real part
    const idx = Array.from({ length: n }, (_, k) => (k < m ? k : n - k));
    const mask = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) (mask[2 * k] = 1), (mask[2 * k + 1] = k < m ? 1 : -1);
    const ax = Xc.shape.length - 1;
    const full = g.op1("Mul", [g.op1("Gather", [Xc.name, g.i64(idx, "herm")], { axis: ax }), g.constant(X.prec, [n, 2], mask, "conjmask")]);
    const y = fft(g, { ...Xc, name: full, shape: [...Xc.shape.slice(0, -1), n] }, n, { ...o, inverse: true, strategy: strategy === "auto" ? "matmul" : strategy });
    const re: Val = { ...y, name: g.op1("Gather", [y.name, g.constant("i64", [], [0n], "idx")], { axis: -1 }), complex: false };
    return keepLen < n ? { ...re, name: g.op1("Slice", [re.name, g.i64([0]), g.i64([keepLen]), g.i64([ax])]), shape: [...re.shape.slice(0, -1), keepLen] } : re;
  }
  // [.., m, 2] -> [m, 2, B] -> Hermitian gather into digit-reversed order [n, 2, B]
  const flat = g.op1("Reshape", [Xc.name, g.i64([-1, 2 * m])]);
  const t = g.op1("Reshape", [g.op1("Transpose", [flat], { perm: [1, 0] }), g.i64([m, 2, -1])]);
  const { idx, sign } = hermitianGather(p, m);
  const mask = new Float64Array(2 * n);
  sign.forEach((s, i) => ((mask[2 * i] = 1), (mask[2 * i + 1] = s)));
  const full = g.op1("Mul", [g.op1("Gather", [t, g.i64(idx, "herm")], { axis: 0 }), g.constant(X.prec, [n, 2, 1], mask, "conjmask")]);
  const s1 = n / p.dims[0], keep = Math.min(p.dims[0], Math.ceil(keepLen / s1));
  const y = transposedStages(g, { name: full, prec: X.prec, lead: Xc }, p, { realOut: true, keep, scale });
  return leaveNatural(g, y, keep * s1, false, 0, keepLen);
}

/**
 * ONNX DFT op along the value's last logical axis. Opset 17 takes `axis` as an attribute, opset
 * 20 as an input; both compute the inverse with a 1/n factor, which the requested scale absorbs.
 */
function dftOp(g: GraphBuilder, x: Val, n: number, o: FftOptions): Val {
  const axis = x.shape.length - 1; // the signal axis; the [.., 2] axis follows it
  const inv = o.inverse ? 1 : 0;
  const y =
    o.opset >= 20
      ? g.op1("DFT", [x.name, "", g.constant("i64", [], [BigInt(axis)], "axis")], { inverse: inv, onesided: 0 })
      : g.op1("DFT", [x.name], { axis, inverse: inv, onesided: 0 });
  const builtIn = o.inverse ? 1 / n : 1;
  return scaleBy(g, { ...x, name: y }, o.scale / builtIn);
}
