// The DFT along the last axis of a complex value [..., n] (ONNX [..., n, 2]), by three strategies:
//   dft      ONNX's own DFT op;
//   matmul   one realified dense MatMul (right for small n);
//   fourstep n = n1·n2 (Cooley–Tukey as matrices, FlashFFTConv / Monarch style):
//            DFT(n) = (DFT(n1) ⊗ I(n2)) · T · (I(n1) ⊗ DFT(n2)) · L, here as a reshape to
//            [n1, n2], batched DFT(n1) MatMul, twiddle Mul, batched DFT(n2) MatMul, transpose.
// Sub-transforms recurse, so the model holds only O(n) twiddles and small DFT matrices.
import type { GraphBuilder } from "./graph.js";
import { type Val, promote, scaleBy } from "./complex.js";
import { applyMat, type Mat } from "./matmul.js";

export type FftStrategy = "auto" | "dft" | "matmul" | "fourstep";

export interface FftOptions {
  inverse: boolean;
  /** Overall scale (norm): 1, 1/n or 1/sqrt(n). */
  scale: number;
  strategy: FftStrategy;
  opset: number;
  /** Precision of the constants (the value's own precision is used when absent). */
  prec?: "f32" | "f64";
}

/** Largest size done as one dense MatMul inside a decomposition (cost model: MatMul beats extra passes below it). */
export const DENSE_BASE = 128;
/** Largest prime size done densely before falling back to the DFT op. */
const DENSE_PRIME_LIMIT = 1024;

/** exp(sign·2πi·(k mod n)/n), reduced first so large products stay accurate. */
function root(k: number, n: number, inverse: boolean): [number, number] {
  const a = (2 * Math.PI * (k % n)) / n;
  return [Math.cos(a), inverse ? Math.sin(a) : -Math.sin(a)];
}

/** The dense DFT matrix F[k, j] = s·ω^(jk). */
export function dftMatrix(n: number, inverse: boolean, scale = 1): Mat {
  const re = new Float64Array(n * n), im = new Float64Array(n * n);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++) {
      const [c, s] = root(j * k, n, inverse);
      re[k * n + j] = scale * c;
      im[k * n + j] = scale * s;
    }
  return { rows: n, cols: n, re, im };
}

/** A factor of n near sqrt(n) (n1 <= n2), or 1 when n is prime. */
export function splitSize(n: number): [number, number] {
  for (let a = Math.floor(Math.sqrt(n)); a > 1; a--) if (n % a === 0) return [a, n / a];
  return [1, n];
}

/** What `auto` picks for a transform of size n. */
export function chooseStrategy(n: number): Exclude<FftStrategy, "auto"> {
  if (n <= 64) return "matmul";
  if (splitSize(n)[0] > 1) return "fourstep";
  return n <= DENSE_PRIME_LIMIT ? "matmul" : "dft";
}

/** y = s·DFT(n) x (or the inverse) along the last axis; a real x is promoted. */
export function fft(g: GraphBuilder, x: Val, n: number, o: FftOptions): Val {
  // onnxruntime's DFT kernel is only float-accurate off powers of two, so auto keeps f64 on MatMuls
  const auto = chooseStrategy(n);
  const strategy = o.strategy === "auto" ? (auto === "dft" && x.prec === "f64" ? "matmul" : auto) : o.strategy;
  if (strategy === "matmul") return applyMat(g, x, dftMatrix(n, o.inverse, o.scale), o.inverse ? "idft" : "dft");
  if (strategy === "dft") return dftOp(g, promote(g, x), n, o);
  if (splitSize(n)[0] === 1) return fft(g, x, n, { ...o, strategy: n <= DENSE_PRIME_LIMIT ? "matmul" : "dft" });
  return fourStep(g, promote(g, x), n, { ...o, prec: x.prec });
}

/**
 * Cooley–Tukey, decimation in frequency: j = n1·j2 + j1, k = k2 + n2·k1 (n2 <= n1), so
 *   X[k2 + n2·k1] = Σ_j1 W_n1^(j1·k1) · W_n^(j1·k2) · Σ_j2 W_n2^(j2·k2) · x[n1·j2 + j1].
 * Stage A is DFT(n2) as one left MatMul over rows (j2, re/im) of a planar [.., 2·n2, n1] view;
 * the twiddle W_n^(j1·k2) is a Mul (its re/im swap moves whole planar rows); stage B is DFT(n1)
 * as one right MatMul over (re/im, j1) that writes interleaved output; a transpose orders k.
 */
function fourStep(g: GraphBuilder, x: Val, n: number, o: FftOptions): Val {
  const [n2, n1] = splitSize(n);
  const prec = o.prec ?? x.prec;
  const keep = Array(x.shape.length - 1).fill(0);
  const lead = keep.length;
  const axes = (...k: number[]) => [...keep.map((_, i) => i), ...k.map((a) => lead + a)];
  // planar rows: [.., j2, j1, c] -> [.., j2, c, j1]
  const xr = g.op1("Reshape", [x.name, g.i64([...keep, n2, n1, 2])]);
  const planar = g.op1("Transpose", [xr], { perm: axes(0, 2, 1) });
  // stage A: [2n2 x 2n2] @ [.., 2n2, n1] -> [.., k2, c, j1]
  const fa = dftMatrix(n2, o.inverse, o.scale);
  const RA = new Float64Array(4 * n2 * n2), w = 2 * n2;
  for (let k = 0; k < n2; k++)
    for (let j = 0; j < n2; j++) {
      const a = fa.re[k * n2 + j], b = fa.im![k * n2 + j];
      RA[(2 * k) * w + 2 * j] = a; // re <- re
      RA[(2 * k) * w + 2 * j + 1] = -b; // re <- im
      RA[(2 * k + 1) * w + 2 * j] = b; // im <- re
      RA[(2 * k + 1) * w + 2 * j + 1] = a; // im <- im
    }
  const rows = g.op1("Reshape", [planar, g.i64([...keep, 2 * n2, n1])]);
  const ya = g.op1("MatMul", [g.constant(prec, [w, w], RA, o.inverse ? "idft_rows" : "dft_rows"), rows]);
  const yv = g.op1("Reshape", [ya, g.i64([...keep, n2, 2, n1])]);
  // twiddle W_n^(j1·k2) on [.., k2, c, j1]: y·(tr; tr) + swap(y)·(-ti; ti)
  const tr = new Float64Array(2 * n), ti = new Float64Array(2 * n);
  for (let k2 = 0; k2 < n2; k2++)
    for (let j1 = 0; j1 < n1; j1++) {
      const [c, s] = root(j1 * k2, n, o.inverse);
      tr[(2 * k2) * n1 + j1] = tr[(2 * k2 + 1) * n1 + j1] = c;
      ti[(2 * k2) * n1 + j1] = -s;
      ti[(2 * k2 + 1) * n1 + j1] = s;
    }
  const swapped = g.op1("Gather", [yv, g.i64([1, 0], "swap")], { axis: -2 });
  const tw = g.op1("Add", [
    g.op1("Mul", [yv, g.constant(prec, [n2, 2, n1], tr, "twiddle_re")]),
    g.op1("Mul", [swapped, g.constant(prec, [n2, 2, n1], ti, "twiddle_im")]),
  ]);
  // stage B: DFT(n1) over (c, j1) -> interleaved [.., k2, k1, c]
  let yb: string;
  if (n1 <= DENSE_BASE || splitSize(n1)[0] === 1) {
    const fb = dftMatrix(n1, o.inverse);
    const RB = new Float64Array(4 * n1 * n1), wb = 2 * n1;
    for (let k = 0; k < n1; k++)
      for (let j = 0; j < n1; j++) {
        const a = fb.re[k * n1 + j], b = fb.im![k * n1 + j];
        RB[j * wb + 2 * k] = a; // re_k <- re_j
        RB[j * wb + 2 * k + 1] = b; // im_k <- re_j
        RB[(n1 + j) * wb + 2 * k] = -b; // re_k <- im_j
        RB[(n1 + j) * wb + 2 * k + 1] = a; // im_k <- im_j
      }
    const flat = g.op1("Reshape", [tw, g.i64([...keep, n2, 2 * n1])]);
    yb = g.op1("MatMul", [flat, g.constant(prec, [wb, wb], RB, o.inverse ? "idft_cols" : "dft_cols")]);
  } else {
    const inter = g.op1("Transpose", [tw], { perm: axes(0, 2, 1) }); // [.., k2, j1, c]
    const sub = fft(g, { name: inter, shape: [...x.shape.slice(0, -1), n2, n1], complex: true, prec: x.prec }, n1, { ...o, scale: 1 });
    yb = sub.name;
  }
  const yk = g.op1("Reshape", [yb, g.i64([...keep, n2, n1, 2])]);
  const out = g.op1("Transpose", [yk], { perm: axes(1, 0, 2) }); // [.., k1, k2, c]
  return { ...x, name: g.op1("Reshape", [out, g.i64([...keep, n, 2])]) };
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
