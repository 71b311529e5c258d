// The Walsh-Hadamard transform (Sylvester order) as wasm SIMD passes, in place over m = n·w
// floats of linear memory (w = 1 real, 2 interleaved complex: both parts transform alike).
//
// The transform is log2 n stages (a, c) -> (a + c, a - c) on floats H = w, 2w, ..., m/2 apart;
// the stages commute (it is a tensor power of H_2), so they are grouped freely:
//   in-vector stages  H < lanes (f32: H = 1, 2; f64: H = 1): with s = v shuffled by lane l^H,
//                     v' = s + (v with the lanes holding bit H negated), e.g. f32 H = 1:
//                     (a1 + a0, a0 - a1, a3 + a2, a2 - a3); done on each vector the first pass loads
//   vector stages     H >= lanes: f32x4 / f64x2 butterflies across j, two or three stages per
//                     memory pass (radix 4 or 8 over vectors H apart, all in registers)
// The scale (norm) multiplies in the last pass. A transform shorter than one vector (f32: m =
// 1, 2; f64: m = 1) loads and stores only its own lanes (load32/64_zero, store32/64_lane).
import { type Body, type Precision, Vec, collect, floatBytes, lanesOf } from "./vec.js";

/** Most vector stages in one memory pass (radix 8: eight vectors live, in registers). */
const MAX_STAGES = 3;

export interface WhtPass {
  /** Float distance of the pass's first vector stage (its vectors are H, 2H, ... apart). */
  H: number;
  /** Vector stages of the pass (its vector radix is 2^stages). */
  stages: number;
  /** Float distances of the in-vector stages (the first pass only): w, 2w, ... below the lanes. */
  inner: number[];
}

/**
 * The memory passes of a WHT of m floats, w per element: the in-vector stages go with the first
 * pass; the vector stages split into near-equal groups.
 */
export function whtPasses(m: number, w: number, prec: Precision): WhtPass[] {
  const held = Math.min(m, lanesOf(prec)), inner: number[] = [];
  for (let h = w; h < held; h *= 2) inner.push(h);
  const S = Math.log2(m / held), count = Math.max(1, Math.ceil(S / MAX_STAGES));
  const passes: WhtPass[] = [];
  let H = held;
  for (let i = 0; i < count; i++) {
    const stages = Math.floor(S / count) + (i < S % count ? 1 : 0);
    passes.push({ H, stages, inner: i === 0 ? inner : [] });
    H <<= stages;
  }
  return passes;
}

/** Appends the passes of a WHT of n elements of w floats at byte address `at` (in place), scaled by `scale`. */
export function emitWht(body: Body, prec: Precision, n: number, w: number, at: number, scale: number): void {
  const m = n * w, passes = whtPasses(m, w, prec);
  passes.forEach((p, i) => emitWhtPass(body, prec, m, at, p, i === passes.length - 1 ? scale : 1));
}

function emitWhtPass(body: Body, prec: Precision, m: number, at: number, pass: WhtPass, scale: number): void {
  const { m: mod, b } = body, i32 = b.i32, v = new Vec(body, prec);
  const es = floatBytes(prec), lanes = lanesOf(prec), held = Math.min(m, lanes), r = 1 << pass.stages;
  const span = pass.H * es; // bytes between a pass's vectors
  const p = body.local(i32), e = body.local(i32);
  const get = (l: number) => mod.local.get(l, i32);
  const load = (off: number) =>
    held * es === 16 ? mod.v128.load(off, 16, get(p)) : held * es === 8 ? mod.v128.load64_zero(off, 8, get(p)) : mod.v128.load32_zero(off, 4, get(p));
  const store = (off: number, val: number) =>
    held * es === 16 ? mod.v128.store(off, 16, get(p), val) : held * es === 8 ? mod.v128.store64_lane(off, 8, 0, get(p), val) : mod.v128.store32_lane(off, 4, 0, get(p), val);

  const butterflies = () => {
    let xs = Array.from({ length: r }, (_, t) => v.let(load(t * span)));
    for (const h of pass.inner) xs = xs.map((x) => inVector(v, x, h, es));
    for (let d = 1; d < r; d *= 2) {
      const ys = xs.slice();
      for (let t = 0; t < r; t++) if (!(t & d)) [ys[t], ys[t + d]] = [v.add(xs[t], xs[t + d]), v.sub(xs[t], xs[t + d])];
      xs = ys;
    }
    xs.forEach((x, t) => body.stmts.push(store(t * span, v.get(v.scale(x, scale)))));
  };

  const label = body.label(), end = at + m * es;
  const inc = (l: number, by: number) => mod.local.set(l, mod.i32.add(get(l), mod.i32.const(by)));
  body.stmts.push(mod.local.set(p, mod.i32.const(at)));
  const step = held * es; // bytes per vector of j
  const blocks = m / (r * pass.H), js = span / step;
  const inner = collect(body, butterflies);
  // j within a block (js vectors), then the next block (r·H floats on)
  const jLoop = js > 1
    ? [mod.local.set(e, mod.i32.add(get(p), mod.i32.const(span))), mod.loop(`${label}j`, mod.block(null, [...inner, inc(p, step), mod.br_if(`${label}j`, mod.i32.lt_u(get(p), get(e)))])), inc(p, (r - 1) * span)]
    : [...inner, inc(p, r * span)];
  if (blocks > 1) body.stmts.push(mod.loop(`${label}b`, mod.block(null, [...jLoop, mod.br_if(`${label}b`, mod.i32.lt_u(get(p), mod.i32.const(end)))])));
  else body.stmts.push(...jLoop);
}

/** One in-vector stage at float distance h: lanes l and l^h become (lower + upper, lower - upper). */
function inVector(v: Vec, x: number, h: number, es: number): number {
  const mod = v.m, lanes = 16 / es;
  const shuffle = Array.from({ length: lanes }, (_, l) => l ^ h).flatMap((l) => Array.from({ length: es }, (_, k) => l * es + k));
  const neg = Array.from({ length: 16 }, (_, byte) => (byte % es === es - 1 && Math.floor(byte / es) & h ? 0x80 : 0));
  const s = mod.i8x16.shuffle(v.get(x), v.get(x), shuffle);
  const ops = es === 4 ? mod.f32x4 : mod.f64x2;
  return v.let(ops.add(s, mod.v128.xor(v.get(x), mod.v128.const(neg))));
}
