// One Stockham pass of a mixed-radix complex FFT, as wasm SIMD loops over linear memory.
//
// Pass (radix r, stride s, m = L/r groups, L = n/s the current length): for p < m, q < s,
//   x_k = src[q + s(p + k m)],  (y_0..y_{r-1}) = DFT_r(x),  dst[q + s(r p + k)] = y_k · w_L^{pk}
// so the loop over q reads and writes consecutive complex numbers with the twiddles of p fixed.
// Vectorisation (two c64 per f32x4, one c128 per f64x2):
//   "q"     across q (s even, f32), the twiddles of p splatted in both slots; f64 always
//   "p"     across p (the first pass, s = 1, m even, f32): two groups per vector, each output
//           vector stored as its two halves (store64_lane) r complex numbers apart
//   "half"  one c64 in the low half of the vector (s odd or m odd, f32)
// Twiddles sit in linear memory per pass, per p, per k >= 1 as the three numbers (wr, -wi, wi):
// a splatting load of wr makes WR = (wr, wr, ...) and one of the pair (-wi, wi) makes WI =
// (-wi, wi, ...) (Vec.mulTw), so a twiddle takes 3 floats, not two whole vectors (the tables
// were as large as the data). "p" mode keeps two vectors per pair of p and k: WR = (wr0, wr0,
// wr1, wr1), WI = (-wi0, wi0, -wi1, wi1). Inverse passes use them conjugated.
import { type C, Dag, type Node } from "../../codegen/dag.js";
import { butterfly as codelet, range } from "../../codegen/dft.js";
import { Lanes, type VIns } from "../../codegen/lanes.js";
import { type Body, type Precision, Vec, collect } from "./vec.js";

export type Mode = "q" | "p" | "half";

/** A pass as the emitter runs it: its geometry (a stockham stage's r and s, m = n / (r·s), L = r·m) and the renderer's vector mode. */
export interface Pass {
  r: number;
  s: number;
  m: number;
  L: number;
  mode: Mode;
  /** Bytes of this pass's twiddle table (0 for the last pass: all its twiddles are 1). */
  tableBytes: number;
}

/**
 * The shared codelet (codegen/dft.ts) of one butterfly as a lane program: its leaves are the
 * inputs x_k = (re, im), then per twiddle k >= 1 the vectors WR = (wr, wr) and WI = (-wi, wi)
 * of the table layout above. Cached: a codelet depends only on these four arguments.
 */
function laneCodelet(r: number, twiddled: boolean, sign: 1 | -1, scale: number): { prog: readonly VIns[]; outs: number[] } {
  const key = `${r}:${twiddled}:${sign}:${scale}`;
  let c = codelets.get(key);
  if (!c) {
    const d = new Dag(), leaves: [Node, Node][] = [];
    const xs = range(r).map((k): C => ({ re: d.load(`x${k}r`), im: d.load(`x${k}i`) }));
    xs.forEach((x) => leaves.push([x.re, x.im]));
    const ws = range(r).map((k): C | null => (twiddled && k > 0 ? { re: d.load(`w${k}r`), im: d.load(`w${k}i`) } : null));
    ws.forEach((w) => w && leaves.push([w.re, w.re], [d.neg(w.im), w.im]));
    const lanes = new Lanes(d, leaves);
    const outs = codelet(d, xs, ws, sign, scale).map((y) => lanes.vec(y.re, y.im));
    codelets.set(key, (c = { prog: lanes.prog, outs }));
  }
  return c;
}
const codelets = new Map<string, { prog: readonly VIns[]; outs: number[] }>();

export const complexBytes = (prec: Precision): number => (prec === "f32" ? 8 : 16);
/** Bytes of the twiddles of one p (one pair of p in "p" mode) for a radix-r pass. */
export const twiddleStride = (r: number, mode: Mode, prec: Precision): number => (r - 1) * (mode === "p" ? 32 : 3 * (prec === "f32" ? 4 : 8));

/** The vector mode and table size of a pass of radix r at stride s with m groups (its geometry: the stage program's). */
export function passOf(r: number, s: number, m: number, prec: Precision): Pass {
  const mode: Mode = prec === "f64" ? "q" : s % 2 === 0 ? "q" : s === 1 && m % 2 === 0 ? "p" : "half";
  return { r, s, m, L: r * m, mode, tableBytes: m > 1 ? (mode === "p" ? m / 2 : m) * twiddleStride(r, mode, prec) : 0 };
}

/** Appends the loops of one pass, src -> dst (byte addresses), to `body`. */
export function emitPass(body: Body, prec: Precision, pass: Pass, src: number, dst: number, tw: number, sign: 1 | -1, scale: number): void {
  const { m: mod, b } = body, i32 = b.i32, v = new Vec(body, prec);
  const { r, s, m, mode } = pass, cb = complexBytes(prec);
  const perVec = prec === "f32" && mode !== "half" ? 2 : 1; // complex numbers per vector
  const pStep = mode === "p" ? 2 : 1, qStep = mode === "q" ? perVec : 1;
  const twiddled = m > 1, qLoop = s > qStep, hoist = twiddled && qLoop;
  const ip = body.local(i32), op = body.local(i32), tp = body.local(i32);
  const get = (l: number) => mod.local.get(l, i32);
  const load = (ptr: number, off: number) =>
    v.let(mode === "half" ? mod.v128.load64_zero(off, 8, get(ptr)) : mod.v128.load(off, 8, get(ptr)));
  const es = prec === "f32" ? 4 : 8, splat = prec === "f32" ? mod.v128.load32_splat : mod.v128.load64_splat;
  const twLoad = (k: number, part: 0 | 1) =>
    mode === "p" ? mod.v128.load((k - 1) * 32 + part * 16, 16, get(tp))
    : part === 0 ? splat((k - 1) * 3 * es, es, get(tp)) // WR: wr splatted
    : prec === "f32" ? mod.v128.load64_splat((k - 1) * 12 + 4, 4, get(tp)) // WI: (-wi, wi) twice
    : mod.v128.load((k - 1) * 24 + 8, 8, get(tp));

  /** "p" mode: y_k holds output k of groups p and p+1; outputs k, k+1 of one group are adjacent, so
   * two vectors are re-paired by group (one shuffle each) and stored whole; an odd last k by halves. */
  const storePairs = (ys: number[], oq: number) => {
    const lo = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23], hi = lo.map((i) => i + 8);
    for (let k = 0; k < r; k += 2) {
      if (k + 1 === r) {
        body.stmts.push(mod.v128.store64_lane(k * cb, 8, 0, get(oq), v.get(ys[k])), mod.v128.store64_lane((r + k) * cb, 8, 1, get(oq), v.get(ys[k])));
        continue;
      }
      body.stmts.push(mod.v128.store(k * cb, 8, get(oq), mod.i8x16.shuffle(v.get(ys[k]), v.get(ys[k + 1]), lo)));
      body.stmts.push(mod.v128.store((r + k) * cb, 8, get(oq), mod.i8x16.shuffle(v.get(ys[k]), v.get(ys[k + 1]), hi)));
    }
  };

  /** The butterfly at input pointer iq, output pointer oq, with the twiddles of the current p. */
  const butterfly = (iq: number, oq: number, hoisted: number[][]) => {
    const xs = range(r).map((k) => load(iq, k * m * s * cb));
    const ws = twiddled ? range(r).slice(1).flatMap((k) => (hoisted.length ? hoisted[k] : [v.let(twLoad(k, 0)), v.let(twLoad(k, 1))])) : [];
    const { prog, outs } = laneCodelet(r, twiddled, sign, scale);
    const ys = outs.map(v.render(prog, [...xs, ...ws]));
    if (mode === "p") return storePairs(ys, oq);
    ys.forEach((y, k) => {
      const val = v.get(y);
      if (mode === "q") body.stmts.push(mod.v128.store(k * s * cb, 8, get(oq), val));
      else body.stmts.push(mod.v128.store64_lane(k * s * cb, 8, 0, get(oq), val));
    });
  };

  const label = body.label();
  const inc = (l: number, by: number) => mod.local.set(l, mod.i32.add(get(l), mod.i32.const(by)));
  const pBody = collect(body, () => {
    const hoisted: number[][] = [];
    if (hoist) for (let k = 1; k < r; k++) hoisted[k] = [v.let(twLoad(k, 0)), v.let(twLoad(k, 1))];
    if (!qLoop) return butterfly(ip, op, hoisted);
    const iq = body.local(i32), oq = body.local(i32), qe = body.local(i32);
    body.stmts.push(mod.local.set(iq, get(ip)), mod.local.set(oq, get(op)), mod.local.set(qe, mod.i32.add(get(ip), mod.i32.const(s * cb))));
    const qBody = collect(body, () => {
      butterfly(iq, oq, hoisted);
      body.stmts.push(inc(iq, qStep * cb), inc(oq, qStep * cb), mod.br_if(`${label}q`, mod.i32.lt_u(get(iq), get(qe))));
    });
    body.stmts.push(mod.loop(`${label}q`, mod.block(null, qBody)));
  });
  body.stmts.push(mod.local.set(ip, mod.i32.const(src)), mod.local.set(op, mod.i32.const(dst)), mod.local.set(tp, mod.i32.const(tw)));
  if (!twiddled) {
    body.stmts.push(...pBody);
    return;
  }
  const loopBody = [...pBody, inc(ip, pStep * s * cb), inc(op, pStep * r * s * cb), inc(tp, twiddleStride(r, mode, prec)), mod.br_if(`${label}p`, mod.i32.lt_u(get(ip), mod.i32.const(src + m * s * cb)))];
  body.stmts.push(mod.loop(`${label}p`, mod.block(null, loopBody)));
}
