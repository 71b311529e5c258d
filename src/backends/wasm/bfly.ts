// The butterfly product (torch-butterfly layout: log2 n factors of 2x2 twiddles, W[L, n/2, 2, 2])
// as wasm SIMD passes, in place over m = n·w floats of linear memory, with W in linear memory:
// real W on real rows (w = 1) or complex rows (w = 2, both parts scaled alike), complex W
// (interleaved) on complex rows, its products as P·X = PR·X + PI·(iX).
//
// Factor f (stride s = 2^f increasing, 2^(L-1-f) decreasing) maps the pair (u, v) = (y[i], y[i + s])
// of block b, offset j (i = 2sb + j) to (a u + c v, d u + e v) with (a, c, d, e) = W[f, bs + j]:
// the pairs' weights lie in W in the order the loops visit them, four floats each.
//   stride s·w >= lanes   f32x4 / f64x2 across j: U, V loaded s·w floats apart, the weights of the
//                         vector's pairs de-interleaved into A, C, D, E by shuffles (f64 complex
//                         rows: one pair per vector, splatting loads)
//   stride s·w < lanes    within the vector (f32: s·w = 1, 2; f64: 1): the lanes' u and v by
//                         shuffles of the vector (Xu, Xv), the lanes' coefficients P (a or d), Q
//                         (c or e) by shuffles of the weights: y = P·Xu + Q·Xv
// Rows shorter than a vector (f32 n = 2 real) load and store only their own lanes.
import { type Body, type Precision, Vec, collect, floatBytes, lanesOf } from "./vec.js";

const bytes = (lanes: number[], es: number): number[] => lanes.flatMap((l) => Array.from({ length: es }, (_, k) => l * es + k));

/** Bytes of the weights of one factor: n/2 pairs of four numbers (complex weights: eight floats). */
export const factorWeightBytes = (n: number, prec: Precision, cw: boolean): number => (cw ? 4 : 2) * n * floatBytes(prec);

/**
 * Appends one factor (stride s) of a butterfly of n elements of w floats at byte address `at` (in
 * place), the factor's weights at byte address `wAt`; `cw`: complex weights (then w = 2).
 */
export function emitFactor(body: Body, prec: Precision, n: number, w: number, s: number, at: number, wAt: number, cw: boolean): void {
  const { m: mod, b } = body, i32 = b.i32, v = new Vec(body, prec), ops = prec === "f32" ? mod.f32x4 : mod.f64x2;
  const es = floatBytes(prec), lanes = lanesOf(prec), m = n * w, held = Math.min(m, lanes), S = s * w;
  const p = body.local(i32), t = body.local(i32), e = body.local(i32);
  const get = (l: number) => mod.local.get(l, i32);
  const load = (off: number) =>
    held === lanes ? mod.v128.load(off, 16, get(p)) : mod.v128.load64_zero(off, 8, get(p)); // f32 n = 2 real: two lanes
  const store = (off: number, val: number) => (held === lanes ? mod.v128.store(off, 16, get(p), val) : mod.v128.store64_lane(off, 8, 0, get(p), val));
  const wLoad = (k: number) => v.let(mod.v128.load(16 * k, 16, get(t)));
  const shuf = (x: number, y: number, ls: number[]) => mod.i8x16.shuffle(v.get(x), v.get(y), bytes(ls, es));
  const fma = (P: number, X: number, Q: number, Y: number) => ops.add(ops.mul(v.get(P), v.get(X)), ops.mul(v.get(Q), v.get(Y)));

  /** P·X + Q·Y for complex coefficients given as real and imaginary part vectors: PR·X + PI·iX + QR·Y + QI·iY. */
  const cfma = (PR: number, PI: number, X: number, QR: number, QI: number, Y: number) =>
    ops.add(fma(PR, X, PI, v.mulI(X, 1)), fma(QR, Y, QI, v.mulI(Y, 1)));

  let step: number, wStep: number; // bytes of data and of weights per vector
  let body1: () => void;
  if (cw && S >= lanes) {
    // complex weights across j: lanes/2 pairs per vector, eight floats each (a, b, c, d)
    step = lanes * es;
    wStep = 4 * lanes * es;
    body1 = () => {
      const [AR, AI, BR, BI, CR, CI, DR, DI] = complexWeightsAcross(v, prec, wLoad, shuf, () => get(t));
      const U = v.let(load(0)), V = v.let(load(S * es));
      body.stmts.push(store(0, cfma(AR, AI, U, BR, BI, V)), store(S * es, cfma(CR, CI, U, DR, DI, V)));
    };
  } else if (cw) {
    // complex weights within the vector (f32, s = 1): (u, v) of one pair; rows (a, b) and (c, d)
    step = lanes * es;
    wStep = 8 * es;
    body1 = () => {
      const X = v.let(load(0)), W0 = wLoad(0), W1 = wLoad(1);
      const Xu = v.let(shuf(X, X, [0, 1, 0, 1])), Xv = v.let(shuf(X, X, [2, 3, 2, 3]));
      const [PR, PI, QR, QI] = [0, 1, 2, 3].map((k) => v.let(shuf(W0, W1, [k, k, 4 + k, 4 + k])));
      body.stmts.push(store(0, cfma(PR, PI, Xu, QR, QI, Xv)));
    };
  } else if (S >= lanes) {
    // across j: lanes/w pairs per vector, their weights 4·lanes/w floats
    const pairs = lanes / w;
    step = lanes * es;
    wStep = 4 * pairs * es;
    body1 = () => {
      const [A, C, D, E] = weightsAcross(v, prec, w, wLoad, shuf, () => get(t));
      const U = v.let(load(0)), V = v.let(load(S * es));
      body.stmts.push(store(0, fma(A, U, C, V)), store(S * es, fma(D, U, E, V)));
    };
  } else {
    // within the vector: lane l is the upper of its pair where l & S; pair index (l / 2S)·s + (l % S) / w
    const lane = (l: number) => (l < held ? l : 0);
    const pairOf = (l: number) => Math.floor(lane(l) / (2 * S)) * s + Math.floor((lane(l) % S) / w);
    const hi = (l: number) => (lane(l) & S ? 1 : 0);
    const Ls = Array.from({ length: lanes }, (_, l) => l);
    const wFloats = (4 * held) / (2 * w), wVecs = Math.max(1, (wFloats * es) / 16);
    step = held * es;
    wStep = wFloats * es;
    body1 = () => {
      const X = v.let(load(0)), W0 = wLoad(0), W1 = wVecs > 1 ? wLoad(1) : W0;
      const Xu = v.let(shuf(X, X, Ls.map((l) => lane(l) & ~S))), Xv = v.let(shuf(X, X, Ls.map((l) => lane(l) | S)));
      const P = v.let(shuf(W0, W1, Ls.map((l) => 4 * pairOf(l) + 2 * hi(l)))), Q = v.let(shuf(W0, W1, Ls.map((l) => 4 * pairOf(l) + 2 * hi(l) + 1)));
      body.stmts.push(store(0, fma(P, Xu, Q, Xv)));
    };
  }

  const label = body.label(), end = at + m * es;
  const inc = (l: number, by: number) => mod.local.set(l, mod.i32.add(get(l), mod.i32.const(by)));
  const inner = collect(body, () => {
    body1();
    body.stmts.push(inc(t, wStep));
  });
  body.stmts.push(mod.local.set(p, mod.i32.const(at)), mod.local.set(t, mod.i32.const(wAt)));
  // S >= lanes: j over the block's first half (S floats), then past its second half; else every vector
  const jLoop = S >= lanes && S * es > step
    ? [mod.local.set(e, mod.i32.add(get(p), mod.i32.const(S * es))), mod.loop(`${label}j`, mod.block(null, [...inner, inc(p, step), mod.br_if(`${label}j`, mod.i32.lt_u(get(p), get(e)))])), inc(p, S * es)]
    : [...inner, inc(p, S >= lanes ? 2 * S * es : step)];
  const iterations = S >= lanes ? n / (2 * s) : m / held;
  if (iterations > 1) body.stmts.push(mod.loop(`${label}b`, mod.block(null, [...jLoop, mod.br_if(`${label}b`, mod.i32.lt_u(get(p), mod.i32.const(end)))])));
  else body.stmts.push(...jLoop);
}

/** Re and Im vectors of a, b, c, d of the pairs of one vector across j (complex weights at pointer `tp`, eight floats per pair). */
function complexWeightsAcross(v: Vec, prec: Precision, wLoad: (k: number) => number, shuf: (x: number, y: number, ls: number[]) => number, tp: () => number): number[] {
  if (prec === "f64") return [0, 1, 2, 3, 4, 5, 6, 7].map((k) => v.let(v.m.v128.load64_splat(8 * k, 8, tp()))); // one pair
  const [W0, W1, W2, W3] = [0, 1, 2, 3].map(wLoad); // (a0, b0), (c0, d0), (a1, b1), (c1, d1): two pairs
  return [0, 1, 2, 3, 4, 5, 6, 7].map((k) => (k < 4 ? v.let(shuf(W0, W2, [k, k, 4 + k, 4 + k])) : v.let(shuf(W1, W3, [k - 4, k - 4, k, k]))));
}

/** A, C, D, E of the pairs of one vector across j (weights at pointer `tp`, four floats per pair). */
function weightsAcross(v: Vec, prec: Precision, w: number, wLoad: (k: number) => number, shuf: (x: number, y: number, ls: number[]) => number, tp: () => number): number[] {
  const mod = v.m;
  if (prec === "f64" && w === 2) return [0, 1, 2, 3].map((k) => v.let(mod.v128.load64_splat(8 * k, 8, tp()))); // one pair
  if (prec === "f64") {
    const [W0, W1, W2, W3] = [0, 1, 2, 3].map(wLoad); // (a0, c0), (d0, e0), (a1, c1), (d1, e1)
    return [v.let(shuf(W0, W2, [0, 2])), v.let(shuf(W0, W2, [1, 3])), v.let(shuf(W1, W3, [0, 2])), v.let(shuf(W1, W3, [1, 3]))];
  }
  if (w === 2) {
    const [W0, W1] = [0, 1].map(wLoad); // (a0, c0, d0, e0), (a1, c1, d1, e1): two pairs, re and im alike
    return [0, 1, 2, 3].map((k) => v.let(shuf(W0, W1, [k, k, 4 + k, 4 + k])));
  }
  const [W0, W1, W2, W3] = [0, 1, 2, 3].map(wLoad); // four pairs: a 4x4 transpose
  const t0 = v.let(shuf(W0, W1, [0, 4, 1, 5])), t1 = v.let(shuf(W0, W1, [2, 6, 3, 7]));
  const t2 = v.let(shuf(W2, W3, [0, 4, 1, 5])), t3 = v.let(shuf(W2, W3, [2, 6, 3, 7]));
  return [v.let(shuf(t0, t2, [0, 1, 4, 5])), v.let(shuf(t0, t2, [2, 3, 6, 7])), v.let(shuf(t1, t3, [0, 1, 4, 5])), v.let(shuf(t1, t3, [2, 3, 6, 7]))];
}
