// The real-FFT halves around the size-h complex FFT (h = n/2), as wasm loops (numpy.fft
// conventions, as the cpu backend's fft/real.ts, whose derivation this follows):
//   rfft post:  Z = FFT_h(x as h complex)  ->  X_k = ((Z_k + conj Z_{h-k}) + ω^k (-i)(Z_k - conj Z_{h-k})) / 2
//   irfft pre:  X (h + 1 bins)  ->  Z_k = (X_k + conj X_{h-k}) + i ω^{-k} (X_k - conj X_{h-k}), then IFFT_h
// The table holds T_k = -i·ω^k (ω^k = e^{-2πik/n}), which folds the ∓i of both formulas into the
// twiddle. f64: one c128 per f64x2, T_k as WR/WI vector pairs (Vec.mulTw), per k < h. f32: four
// bins k..k+3 per step, split into real and imaginary vectors by shuffles (so the products need
// no swaps), with A = (1 + T)/2 as (Re A_k..k+3, Im A_k..k+3) per group of four from k = 1:
//   X_k = conj Z_{h-k} + (Z_k - conj Z_{h-k})·A_k,   Z_k / 2 = conj X_{h-k} + (X_k - conj X_{h-k})·conj A_k
// (the irfft's factor 2 goes into its last pass's scale); the bins left over (at most 7, in the
// middle) one at a time, each with T as a WR/WI pair. Each f32 step also makes the four mirrored
// outputs h-k..h-k-3 from the same loads (A_{h-k} = conj A_k), so the loop runs to h/2 only.
import type { Body, Precision } from "./vec.js";
import { type V, Vec, collect } from "./vec.js";
import { complexBytes } from "./stockham.js";

/** Loads and stores of one complex number per vector (the low half in f32). */
const loaders = (body: Body, prec: Precision) => {
  const mod = body.m, v = new Vec(body, prec), ptr = (p: number) => mod.local.get(p, body.b.i32);
  const half = prec === "f32";
  const load = (p: number) => v.let(half ? mod.v128.load64_zero(0, 8, ptr(p)) : mod.v128.load(0, 8, ptr(p)));
  return {
    v,
    load,
    tw: (p: number, part: 0 | 1) => mod.v128.load(part * 16, 16, ptr(p)),
    store: (p: number, x: number) => body.stmts.push(half ? mod.v128.store64_lane(0, 8, 0, ptr(p), v.get(x)) : mod.v128.store(0, 8, ptr(p), v.get(x))),
  };
};
type Loaders = ReturnType<typeof loaders>;
/** One bin: pointers to bin k of src and dst, to bin h-k of src and to T_k. */
type Step = (L: Loaders, a: number, b: number, y: number, w: number) => void;

/**
 * The main loop's steps: bins k and their mirrors h-k from the same loads, while the two stay
 * apart: f64 one of each per step (k = 1 .. (h-1)/2), f32 k..k+3 and h-k-3..h-k (k = 1, 5, ..);
 * then the bins left over in the middle (first .. h-first) one at a time.
 */
const groupOf = (prec: Precision, h: number) => {
  const per = prec === "f32" ? 4 : 1;
  const count = Math.max(0, per === 1 ? Math.floor((h - 1) / 2) : Math.floor((h / 2 - 1) / 4)), first = 1 + per * count;
  return { per, count, first, rest: Math.max(0, h - 2 * first + 1) };
};

/** Bytes of the real table for size n (kernels.ts lays it out; its fillReal writes it). */
export const realTableBytes = (n: number, prec: Precision): number => {
  const { count, rest } = groupOf(prec, n / 2);
  return (count + rest) * 32;
};

const lanes = (ls: number[]) => ls.flatMap((l) => [0, 1, 2, 3].map((b) => 4 * l + b));

/**
 * f32, bins k..k+3 (a, at pointer a of src, y of dst) and their mirrors h-k..h-k-3 (m, at pointer
 * b of src, yb of dst: bin h-k-3), with A_k..k+3 at w, split into (re, im) vectors by shuffles.
 * With D = a - conj m and P = combine(D, A) (D·A for the rfft, D·conj A for the irfft), both
 * formulas give  out_k = conj m + P  and, as A_{h-k} = conj A_k,  out_{h-k} = conj a + (-Re P, Im P).
 */
function quadStep(body: Body, a: number, b: number, y: number, yb: number, w: number, scale: number, combine: (v: Vec, D: [V, V], A: [V, V]) => [V, V]): void {
  const mod = body.m, v = new Vec(body, "f32"), ptr = (p: number) => mod.local.get(p, body.b.i32);
  const ld = (p: number, off: number, align = 8) => v.let(mod.v128.load(off, align, ptr(p)));
  const sh = (x: V, z: V, ls: number[]) => v.let(mod.i8x16.shuffle(v.get(x), v.get(z), lanes(ls)));
  const a0 = ld(a, 0), a1 = ld(a, 16), b0 = ld(b, 0), b1 = ld(b, 16);
  const ar = sh(a0, a1, [0, 2, 4, 6]), ai = sh(a0, a1, [1, 3, 5, 7]);
  const mr = sh(b1, b0, [2, 0, 6, 4]), mi = sh(b1, b0, [3, 1, 7, 5]); // bins h-k, h-k-1, h-k-2, h-k-3
  const [pr, pi] = combine(v, [v.sub(ar, mr), v.add(ai, mi)], [ld(w, 0, 16), ld(w, 16, 16)]);
  const xr = v.scale(v.add(mr, pr), scale), xi = v.scale(v.sub(pi, mi), scale);
  const zr = v.scale(v.sub(ar, pr), scale), zi = v.scale(v.sub(pi, ai), scale);
  const st = (p: number, off: number, x: V, z: V, ls: number[]) => body.stmts.push(mod.v128.store(off, 8, ptr(p), mod.i8x16.shuffle(v.get(x), v.get(z), lanes(ls))));
  st(y, 0, xr, xi, [0, 4, 1, 5]);
  st(y, 16, xr, xi, [2, 6, 3, 7]);
  st(yb, 0, zr, zi, [3, 7, 2, 6]); // bins h-k-3, h-k-2
  st(yb, 16, zr, zi, [1, 5, 0, 4]); // bins h-k-1, h-k
}

/**
 * f64, bin k (a at pointer a, y) and its mirror h-k (m at b, yb), A_k at w as WR/WI: with
 * P = D·A (or D·conj A, `conj`) and D = a - conj m,  out_k = conj m + P,  out_{h-k} = conj(a - P).
 */
function pairStep(body: Body, a: number, b: number, y: number, yb: number, w: number, scale: number, conj: boolean): void {
  const mod = body.m, v = new Vec(body, "f64"), ptr = (p: number) => mod.local.get(p, body.b.i32);
  const za = v.let(mod.v128.load(0, 8, ptr(a))), cm = v.conj(v.let(mod.v128.load(0, 8, ptr(b))));
  // cm + (za − cm)·A as (cm − cm·A) + za·A (and za − (za − cm)·A alike): za − cm of two parts near
  // 1e308 would overflow, while |A|, |1 − A| ≤ 1 keep every term here within the operands' size
  const times = (x: V) => v.mulTw(x, mod.v128.load(0, 16, ptr(w)), mod.v128.load(16, 16, ptr(w)), conj);
  const zaA = times(za), cmA = times(cm);
  body.stmts.push(mod.v128.store(0, 8, ptr(y), v.get(v.scale(v.add(v.sub(cm, cmA), zaA), scale))));
  body.stmts.push(mod.v128.store(0, 8, ptr(yb), v.get(v.scale(v.conj(v.add(v.sub(za, zaA), cmA)), scale))));
}

/**
 * Bins k = 1 .. h-1: a loop of `both` (pairStep or quadStep: bins and their mirrors), then the
 * bins left over in the middle one at a time through `step`.
 */
function mirrored(body: Body, prec: Precision, h: number, src: number, dst: number, tw: number, step: Step, both: (a: number, b: number, y: number, yb: number, w: number) => void): void {
  const mod = body.m, i32 = body.b.i32, cb = complexBytes(prec);
  const { per, count, first, rest } = groupOf(prec, h);
  const [a, b, y, yb, w] = [0, 1, 2, 3, 4].map(() => body.local(i32));
  const get = (l: number) => mod.local.get(l, i32);
  const set = (k: number, mirror: number, twAt: number) =>
    body.stmts.push(mod.local.set(a, mod.i32.const(src + k * cb)), mod.local.set(b, mod.i32.const(src + mirror * cb)), mod.local.set(y, mod.i32.const(dst + k * cb)), mod.local.set(yb, mod.i32.const(dst + mirror * cb)), mod.local.set(w, mod.i32.const(twAt)));
  if (count > 0) {
    const label = body.label();
    const inc = (l: number, by: number) => mod.local.set(l, mod.i32.add(get(l), mod.i32.const(by)));
    set(1, h - per, tw); // groups from k = 1: the table's first entries
    const inner = collect(body, () => {
      both(a, b, y, yb, w);
      body.stmts.push(inc(a, per * cb), inc(b, -per * cb), inc(y, per * cb), inc(yb, -per * cb), inc(w, 32), mod.br_if(label, mod.i32.lt_u(get(a), mod.i32.const(src + (1 + count * per) * cb))));
    });
    body.stmts.push(mod.loop(label, mod.block(null, inner)));
  }
  for (let j = 0; j < rest; j++) {
    const k = first + j;
    set(k, h - k, tw + (count + j) * 32);
    step(loaders(body, prec), a, b, y, w);
  }
}

const scalarOps = (body: Body, prec: Precision) => {
  const mod = body.m, t = prec === "f32" ? mod.f32 : mod.f64, size = prec === "f32" ? 4 : 8;
  const at = (addr: number) => mod.i32.const(addr);
  return { t, size, ld: (addr: number) => t.load(0, size, at(addr)), st: (addr: number, e: number) => t.store(0, size, at(addr), e) };
};

/** rfft post-processing: Z (h complex at src) -> X (h + 1 bins at dst), times `scale`. */
export function emitRfftPost(body: Body, prec: Precision, h: number, src: number, dst: number, tw: number, scale: number): void {
  const { t, size, ld, st } = scalarOps(body, prec), cb = complexBytes(prec);
  const c = (x: number) => t.const(x);
  body.stmts.push(
    st(dst, t.mul(t.add(ld(src), ld(src + size)), c(scale))),
    st(dst + size, c(0)),
    st(dst + h * cb, t.mul(t.sub(ld(src), ld(src + size)), c(scale))),
    st(dst + h * cb + size, c(0)),
  );
  const step: Step = ({ v, load, tw: twl, store }, a, b, y, w) => {
    // halved before adding (parts near 1e308 would overflow their sums), then scaled
    const za = v.scale(load(a), 0.5), zb = v.scale(v.conj(load(b)), 0.5);
    const wo = v.mulTw(v.sub(za, zb), twl(w, 0), twl(w, 1), false); // (Z_k - conj Z_{h-k}) · (-i ω^k) / 2
    store(y, v.scale(v.add(v.add(za, zb), wo), scale));
  };
  // X = (S + D·T) / 2 = conj m + D·A, A = (1 + T) / 2
  const both = (a: number, b: number, y: number, yb: number, w: number) =>
    prec === "f64"
      ? pairStep(body, a, b, y, yb, w, scale, false)
      : quadStep(body, a, b, y, yb, w, scale, (v, [dr, di], [tr, ti]) => [v.sub(v.mul(dr, tr), v.mul(di, ti)), v.add(v.mul(dr, ti), v.mul(di, tr))]);
  mirrored(body, prec, h, src, dst, tw, step, both);
}

/** irfft pre-processing: X (h + 1 bins at src) -> scale·Z (h complex at dst), the inverse FFT of Z being n·x (cheapest at scale 1/2). */
export function emitIrfftPre(body: Body, prec: Precision, h: number, src: number, dst: number, tw: number, scale: number): void {
  const { t, size, ld, st } = scalarOps(body, prec), cb = complexBytes(prec), c = (x: number) => t.const(x);
  // scaled before they are added (at scale 1/2: halves), so a finite Z never overflows on the way
  const x0 = () => t.mul(ld(src), c(scale)), xh = () => t.mul(ld(src + h * cb), c(scale));
  body.stmts.push(st(dst, t.add(x0(), xh())), st(dst + size, t.sub(x0(), xh())));
  const step: Step = ({ v, load, tw: twl, store }, a, b, y, w) => {
    const xa = v.scale(load(a), scale), xb = v.scale(v.conj(load(b)), scale);
    const e = v.mulTw(v.sub(xa, xb), twl(w, 0), twl(w, 1), true); // · conj(-i ω^k) = i ω^{-k}
    store(y, v.add(v.add(xa, xb), e));
  };
  // Z / 2 = conj m + D·conj(A), A = (1 + T) / 2
  const both = (a: number, b: number, y: number, yb: number, w: number) =>
    prec === "f64"
      ? pairStep(body, a, b, y, yb, w, 2 * scale, true)
      : quadStep(body, a, b, y, yb, w, 2 * scale, (v, [dr, di], [tr, ti]) => [v.add(v.mul(dr, tr), v.mul(di, ti)), v.sub(v.mul(di, tr), v.mul(dr, ti))]);
  mirrored(body, prec, h, src, dst, tw, step, both);
}
