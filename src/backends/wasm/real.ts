// The real-FFT halves around the size-h complex FFT (h = n/2), as wasm loops (numpy.fft
// conventions, as the cpu backend's fft/real.ts, whose derivation this follows):
//   rfft post:  Z = FFT_h(x as h complex)  ->  X_k = ((Z_k + conj Z_{h-k}) + ω^k (-i)(Z_k - conj Z_{h-k})) / 2
//   irfft pre:  X (h + 1 bins)  ->  Z_k = (X_k + conj X_{h-k}) + i ω^{-k} (X_k - conj X_{h-k}), then IFFT_h
// One complex number per vector (f64x2, or the low half of an f32x4); ω^k = e^{-2πik/n} from a
// table of WR/WI vector pairs (Vec.mulTw) per k < h.
import type { Body, Precision } from "./vec.js";
import { Vec, collect } from "./vec.js";
import { complexBytes } from "./stockham.js";

const loaders = (body: Body, prec: Precision) => {
  const mod = body.m, v = new Vec(body, prec);
  return {
    v,
    load: (ptr: number, off: number) => v.let(prec === "f32" ? mod.v128.load64_zero(off, 8, mod.local.get(ptr, body.b.i32)) : mod.v128.load(off, 8, mod.local.get(ptr, body.b.i32))),
    store: (ptr: number, off: number, x: number) =>
      body.stmts.push(prec === "f32" ? mod.v128.store64_lane(off, 8, 0, mod.local.get(ptr, body.b.i32), v.get(x)) : mod.v128.store(off, 8, mod.local.get(ptr, body.b.i32), v.get(x))),
  };
};

/** Loop over k = 1 .. h-1 with pointers to bin k of src and dst, bin h-k of src, and ω^k. */
function mirrored(body: Body, prec: Precision, h: number, src: number, dst: number, tw: number, step: (a: number, b: number, y: number, w: number) => void): void {
  if (h < 2) return;
  const mod = body.m, i32 = body.b.i32, cb = complexBytes(prec);
  const [a, b, y, w] = [0, 1, 2, 3].map(() => body.local(i32));
  const get = (l: number) => mod.local.get(l, i32);
  const inc = (l: number, by: number) => mod.local.set(l, mod.i32.add(get(l), mod.i32.const(by)));
  const label = body.label();
  body.stmts.push(mod.local.set(a, mod.i32.const(src + cb)), mod.local.set(b, mod.i32.const(src + (h - 1) * cb)), mod.local.set(y, mod.i32.const(dst + cb)), mod.local.set(w, mod.i32.const(tw + 32)));
  const inner = collect(body, () => {
    step(a, b, y, w);
    body.stmts.push(inc(a, cb), inc(b, -cb), inc(y, cb), inc(w, 32), mod.br_if(label, mod.i32.lt_u(get(a), mod.i32.const(src + h * cb))));
  });
  body.stmts.push(mod.loop(label, mod.block(null, inner)));
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
  const { v, load, store } = loaders(body, prec);
  mirrored(body, prec, h, src, dst, tw, (a, b, y, w) => {
    const za = load(a, 0), zb = v.conj(load(b, 0));
    const e = v.add(za, zb), o = v.mulI(v.sub(za, zb), -1);
    const wo = v.mulTw(o, body.m.v128.load(0, 16, body.m.local.get(w, body.b.i32)), body.m.v128.load(16, 16, body.m.local.get(w, body.b.i32)), false);
    store(y, 0, v.scale(v.add(e, wo), scale * 0.5));
  });
}

/** irfft pre-processing: X (h + 1 bins at src) -> Z (h complex at dst), whose inverse FFT is n·x; `scale` (h = 1 only: the loop is empty). */
export function emitIrfftPre(body: Body, prec: Precision, h: number, src: number, dst: number, tw: number, scale: number): void {
  const { t, size, ld, st } = scalarOps(body, prec), cb = complexBytes(prec), c = (x: number) => t.const(x);
  body.stmts.push(st(dst, t.mul(t.add(ld(src), ld(src + h * cb)), c(scale))), st(dst + size, t.mul(t.sub(ld(src), ld(src + h * cb)), c(scale))));
  const { v, load, store } = loaders(body, prec);
  mirrored(body, prec, h, src, dst, tw, (a, b, y, w) => {
    const xa = load(a, 0), xb = v.conj(load(b, 0));
    const e = v.mulTw(v.sub(xa, xb), body.m.v128.load(0, 16, body.m.local.get(w, body.b.i32)), body.m.v128.load(16, 16, body.m.local.get(w, body.b.i32)), true);
    store(y, 0, v.add(v.add(xa, xb), v.mulI(e, 1)));
  });
}
