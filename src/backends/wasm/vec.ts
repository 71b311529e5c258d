// Complex arithmetic on WebAssembly SIMD vectors, and the DFT codelets built from it.
//
// A v128 holds interleaved complex numbers: one c128 (f64x2: re, im) or two c64 (f32x4: re0,
// im0, re1, im1); every operation below acts on each complex number of the vector alike, so a
// codelet written once runs one c128 butterfly or two c64 butterflies side by side. Values are
// wasm locals (binaryen's optimiser coalesces them); `Vec.let` records one statement per value.
//
// Codelets (generated for any radix, never written per size):
//   power-of-two r  split radix-2 recursion with the constant twiddles of DFT_r specialised
//                   (1, ±i, (±1 ± i)/√2 cost no multiplication or one real one)
//   odd r           the symmetric pairs form: r² / 2 real multiply-adds, per output pair
import { cis } from "../../ir/index.js";
import type { Binaryen } from "./binaryen.js";

export type Precision = "f32" | "f64";
/** Bytes of one float of this precision. */
export const floatBytes = (p: Precision): number => (p === "f32" ? 4 : 8);
/** Floats of this precision in one v128. */
export const lanesOf = (p: Precision): number => 16 / floatBytes(p);
type Ref = number; // binaryen ExpressionRef
export type V = number; // a local holding a v128

const bytesOfLanes = (lanes: number[], size: number): number[] => lanes.flatMap((l) => Array.from({ length: size }, (_, b) => l * size + b));

/** One function body under construction: its locals and statements. */
export class Body {
  readonly vars: number[] = [];
  readonly stmts: Ref[] = [];
  constructor(readonly b: Binaryen, readonly m: InstanceType<Binaryen["Module"]>, readonly nParams = 0) {}
  private labels = 0;
  /** A fresh loop label. */
  label(): string {
    return `L${this.labels++}`;
  }
  local(type: number): number {
    this.vars.push(type);
    return this.nParams + this.vars.length - 1;
  }
}

export class Vec {
  readonly m: InstanceType<Binaryen["Module"]>;
  private readonly swapMask: number[];
  private readonly negRe: Ref[];
  private readonly negIm: Ref[];
  constructor(readonly body: Body, readonly prec: Precision) {
    this.m = body.m;
    const size = prec === "f32" ? 4 : 8, lanes = 16 / size;
    this.swapMask = bytesOfLanes(Array.from({ length: lanes }, (_, l) => l ^ 1), size);
    const mask = (odd: number) => Array.from({ length: 16 }, (_, byte) => (byte % size === size - 1 && Math.floor(byte / size) % 2 === odd ? 0x80 : 0));
    this.negRe = mask(0);
    this.negIm = mask(1);
  }
  private get ops() {
    return this.prec === "f32" ? this.m.f32x4 : this.m.f64x2;
  }
  get(v: V): Ref {
    return this.m.local.get(v, this.body.b.v128);
  }
  /** A new local holding e. */
  let(e: Ref): V {
    const v = this.body.local(this.body.b.v128);
    this.body.stmts.push(this.m.local.set(v, e));
    return v;
  }
  splat(x: number): Ref {
    return this.prec === "f32" ? this.m.f32x4.splat(this.m.f32.const(x)) : this.m.f64x2.splat(this.m.f64.const(x));
  }
  add(a: V, b: V): V {
    return this.let(this.ops.add(this.get(a), this.get(b)));
  }
  sub(a: V, b: V): V {
    return this.let(this.ops.sub(this.get(a), this.get(b)));
  }
  /** Lane-wise product (of split real or imaginary parts). */
  mul(a: V, b: V): V {
    return this.let(this.ops.mul(this.get(a), this.get(b)));
  }
  /** (re, im) -> (im, re) in every complex slot. */
  swap(a: V): Ref {
    return this.m.i8x16.shuffle(this.get(a), this.get(a), this.swapMask);
  }
  /** Negates the real (or imaginary) parts: an xor of their sign bits. */
  negPart(e: Ref, part: "re" | "im"): Ref {
    return this.m.v128.xor(e, this.m.v128.const(part === "re" ? this.negRe : this.negIm));
  }
  conj(a: V): V {
    return this.let(this.negPart(this.get(a), "im"));
  }
  /** sign·i·a: (re, im) -> (-sign·im, sign·re). */
  mulI(a: V, sign: 1 | -1): V {
    return this.let(this.negPart(this.swap(a), sign < 0 ? "im" : "re"));
  }
  /** a times the real constant c. */
  scale(a: V, c: number): V {
    return c === 1 ? a : this.let(this.ops.mul(this.get(a), this.splat(c)));
  }
  /** a·w (or a·conj(w)) for a twiddle given as WR = (wr, wr, ...) and WI = (-wi, wi, ...). */
  mulTw(a: V, WR: Ref, WI: Ref, conj: boolean): V {
    const t = this.ops.mul(this.get(a), WR), u = this.ops.mul(this.swap(a), WI);
    return this.let(conj ? this.ops.sub(t, u) : this.ops.add(t, u));
  }
  /** a·(c + i s) for constants. */
  mulConst(a: V, c: number, s: number): V {
    const WI = this.prec === "f32" ? this.m.v128.const(f32Bytes([-s, s, -s, s])) : this.m.v128.const(f64Bytes([-s, s]));
    return this.mulTw(a, this.splat(c), WI, false);
  }
}

export const f32Bytes = (xs: number[]): number[] => [...new Uint8Array(Float32Array.from(xs).buffer)];
export const f64Bytes = (xs: number[]): number[] => [...new Uint8Array(Float64Array.from(xs).buffer)];

/** y_k = Σ_j x_j e^{sign·2πi·jk/r}, for any power of two or odd r. */
export function dft(v: Vec, xs: V[], sign: 1 | -1): V[] {
  const r = xs.length;
  if (r === 1) return xs;
  if ((r & (r - 1)) === 0) return dftPow2(v, xs, sign);
  if (r % 2 === 1) return dftOdd(v, xs, sign);
  throw new Error(`internal: no wasm codelet for radix ${r}`);
}

/** x · e^{sign·2πi·k/r}, with the cheap cases spelled out. */
function rotate(v: Vec, x: V, k: number, r: number, sign: 1 | -1): V {
  const e = (8 * k) / r; // the angle in eighths of a turn
  if (k === 0) return x;
  if (e === 2) return v.mulI(x, sign);
  if (e === 1) return v.scale(v.add(x, v.mulI(x, sign)), Math.SQRT1_2);
  if (e === 3) return v.scale(v.sub(v.mulI(x, sign), x), Math.SQRT1_2);
  const [c, s] = cis(sign * k, r);
  return v.mulConst(x, c, s);
}

function dftPow2(v: Vec, xs: V[], sign: 1 | -1): V[] {
  const r = xs.length, h = r / 2;
  const even = dft(v, xs.filter((_, i) => i % 2 === 0), sign);
  const odd = dft(v, xs.filter((_, i) => i % 2 === 1), sign);
  const y: V[] = new Array<V>(r);
  for (let k = 0; k < h; k++) {
    const t = rotate(v, odd[k], k, r, sign);
    y[k] = v.add(even[k], t);
    y[k + h] = v.sub(even[k], t);
  }
  return y;
}

function dftOdd(v: Vec, xs: V[], sign: 1 | -1): V[] {
  const r = xs.length, h = (r - 1) / 2;
  const a: V[] = [], b: V[] = [];
  for (let j = 1; j <= h; j++) {
    a.push(v.add(xs[j], xs[r - j]));
    b.push(v.sub(xs[j], xs[r - j]));
  }
  const y: V[] = new Array<V>(r);
  y[0] = a.reduce((s, x) => v.add(s, x), xs[0]);
  for (let k = 1; k <= h; k++) {
    let A = xs[0], B: V | undefined;
    for (let j = 1; j <= h; j++) {
      const [c, s] = cis(j * k, r);
      A = v.add(A, v.scale(a[j - 1], c));
      const t = v.scale(b[j - 1], s);
      B = B === undefined ? t : v.add(B, t);
    }
    const iB = v.mulI(B!, sign);
    y[k] = v.add(A, iB);
    y[r - k] = v.sub(A, iB);
  }
  return y;
}

/** Runs `fn` with a fresh statement list and hands that list back (for a loop's or block's body). */
export function collect(body: Body, fn: () => void): number[] {
  const saved = body.stmts.splice(0);
  fn();
  const inner = body.stmts.splice(0);
  body.stmts.push(...saved);
  return inner;
}
