// The real-FFT halves around the size-h complex FFT (h = n/2), as wasm loops (numpy.fft
// conventions, as the cpu backend's fft/real.ts, whose derivation this follows):
//   rfft post:  Z = FFT_h(x as h complex)  ->  X_k = ((Z_k + conj Z_{h-k}) + ω^k (-i)(Z_k - conj Z_{h-k})) / 2
//   irfft pre:  X (h + 1 bins)  ->  Z_k = (X_k + conj X_{h-k}) + i ω^{-k} (X_k - conj X_{h-k}), then IFFT_h
// One c128 per f64x2, two bins (k, k+1) per f32x4. The table holds -i·ω^k (ω^k = e^{-2πik/n}),
// which folds the ∓i of both formulas into the twiddle, as WR/WI vector pairs (Vec.mulTw): per
// k < h in f64, per pair k, k+1 (k odd) in f32.
import type { Body, Precision } from "./vec.js";
import { Vec, collect } from "./vec.js";
import { complexBytes } from "./stockham.js";

type Width = "pair" | "one";

/** Loads and stores of one complex number per vector ("one") or two, bins k and k+1 ("pair", f32). */
const loaders = (body: Body, prec: Precision, width: Width) => {
  const mod = body.m, v = new Vec(body, prec), ptr = (p: number) => mod.local.get(p, body.b.i32);
  const half = prec === "f32" && width === "one";
  const load = (p: number) => v.let(half ? mod.v128.load64_zero(0, 8, ptr(p)) : mod.v128.load(0, 8, ptr(p)));
  return {
    v,
    load,
    /** Bins h-k (and h-k-1) from a pointer at bin h-k (one) or h-k-1 (pair): the pair's halves swapped. */
    loadMirror: (p: number) => (width === "pair" ? v.let(mod.i8x16.shuffle(v.get(load(p)), v.get(load(p)), [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7])) : load(p)),
    tw: (p: number, part: 0 | 1) => mod.v128.load(part * 16, 16, ptr(p)),
    store: (p: number, x: number) => body.stmts.push(half ? mod.v128.store64_lane(0, 8, 0, ptr(p), v.get(x)) : mod.v128.store(0, 8, ptr(p), v.get(x))),
  };
};
type Loaders = ReturnType<typeof loaders>;

/**
 * Bins k = 1 .. h-1: `step(L, a, b, y, w)` with pointers to bin k of src and dst, the mirrored
 * bin of src and ω^k. f32 takes bins two at a time (the real twiddle table holds ω^k, ω^{k+1}
 * per vector, for k = 1, 3, 5, ...), and an odd one left over alone.
 */
function mirrored(body: Body, prec: Precision, h: number, src: number, dst: number, tw: number, step: (L: Loaders, a: number, b: number, y: number, w: number) => void): void {
  const mod = body.m, i32 = body.b.i32, cb = complexBytes(prec);
  const per = prec === "f32" ? 2 : 1, count = Math.floor((h - 1) / per), rest = h - 1 - count * per;
  const [a, b, y, w] = [0, 1, 2, 3].map(() => body.local(i32));
  const get = (l: number) => mod.local.get(l, i32);
  // the twiddle vector of bin k: f64 one per k (from k = 0), f32 one per pair (k, k+1), k = 1, 3, 5, ...
  const twOf = (k: number) => tw + (per === 2 ? (k - 1) / 2 : k) * 32;
  const set = (k: number, mirror: number) =>
    body.stmts.push(mod.local.set(a, mod.i32.const(src + k * cb)), mod.local.set(b, mod.i32.const(src + mirror * cb)), mod.local.set(y, mod.i32.const(dst + k * cb)), mod.local.set(w, mod.i32.const(twOf(k))));
  if (count > 0) {
    const L = loaders(body, prec, per === 2 ? "pair" : "one"), label = body.label();
    const inc = (l: number, by: number) => mod.local.set(l, mod.i32.add(get(l), mod.i32.const(by)));
    set(1, h - per);
    const inner = collect(body, () => {
      step(L, a, b, y, w);
      body.stmts.push(inc(a, per * cb), inc(b, -per * cb), inc(y, per * cb), inc(w, 32), mod.br_if(label, mod.i32.lt_u(get(a), mod.i32.const(src + (1 + count * per) * cb))));
    });
    body.stmts.push(mod.loop(label, mod.block(null, inner)));
  }
  if (rest) {
    set(h - 1, 1);
    step(loaders(body, prec, "one"), a, b, y, w);
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
  mirrored(body, prec, h, src, dst, tw, ({ v, load, loadMirror, tw: twl, store }, a, b, y, w) => {
    const za = load(a), zb = v.conj(loadMirror(b));
    const wo = v.mulTw(v.sub(za, zb), twl(w, 0), twl(w, 1), false); // (Z_k - conj Z_{h-k}) · (-i ω^k)
    store(y, v.scale(v.add(v.add(za, zb), wo), scale * 0.5));
  });
}

/** irfft pre-processing: X (h + 1 bins at src) -> Z (h complex at dst), whose inverse FFT is n·x; `scale` (h = 1 only: the loop is empty). */
export function emitIrfftPre(body: Body, prec: Precision, h: number, src: number, dst: number, tw: number, scale: number): void {
  const { t, size, ld, st } = scalarOps(body, prec), cb = complexBytes(prec), c = (x: number) => t.const(x);
  body.stmts.push(st(dst, t.mul(t.add(ld(src), ld(src + h * cb)), c(scale))), st(dst + size, t.mul(t.sub(ld(src), ld(src + h * cb)), c(scale))));
  mirrored(body, prec, h, src, dst, tw, ({ v, load, loadMirror, tw: twl, store }, a, b, y, w) => {
    const xa = load(a), xb = v.conj(loadMirror(b));
    const e = v.mulTw(v.sub(xa, xb), twl(w, 0), twl(w, 1), true); // · conj(-i ω^k) = i ω^{-k}
    store(y, v.add(v.add(xa, xb), e));
  });
}
