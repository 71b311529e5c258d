// Complex arithmetic on WebAssembly SIMD vectors, and the renderer of codelet lane programs.
//
// A v128 holds interleaved complex numbers: one c128 (f64x2: re, im) or two c64 (f32x4: re0,
// im0, re1, im1); every operation below acts on each complex number of the vector alike, so a
// codelet written once runs one c128 butterfly or two c64 butterflies side by side. Values are
// wasm locals (binaryen's optimiser coalesces them); `Vec.let` records one statement per value.
// The codelets themselves are src/codegen's (one DFT for every backend): their (re, im) lane
// programs (codegen/lanes.ts) become these vector operations in `Vec.render`.
import type { VIns } from "../../codegen/lanes.js";
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
  /** Lane constants (re, im) in every complex slot: a splat when they are equal. */
  lanes(re: number, im: number): Ref {
    if (re === im) return this.splat(re);
    return this.m.v128.const(this.prec === "f32" ? f32Bytes([re, im, re, im]) : f64Bytes([re, im]));
  }
  /** The locals of a lane program's instructions (leaf k is `leaves[k]`); constants stay inline. */
  render(prog: readonly VIns[], leaves: readonly V[]): (i: number) => V {
    const out: V[] = [];
    const arg = (i: number): Ref => (prog[i].op === "const" ? this.constOf(prog[i]) : this.get(out[i]));
    prog.forEach((ins, i) => {
      switch (ins.op) {
        case "leaf": out[i] = leaves[ins.leaf]; break;
        case "const": break;
        case "add": out[i] = this.let(this.ops.add(arg(ins.a), arg(ins.b))); break;
        case "sub": out[i] = this.let(this.ops.sub(arg(ins.a), arg(ins.b))); break;
        case "mul": out[i] = this.let(this.ops.mul(arg(ins.a), arg(ins.b))); break;
        case "swap": out[i] = this.let(this.swap(out[ins.a])); break;
        case "flip": out[i] = this.let(ins.re && ins.im ? this.ops.neg(arg(ins.a)) : this.negPart(arg(ins.a), ins.re ? "re" : "im")); break;
      }
    });
    return (i) => {
      if (out[i] === undefined) throw new Error("internal: a lane program's output is a constant");
      return out[i];
    };
  }
  private constOf(ins: VIns): Ref {
    if (ins.op !== "const") throw new Error("internal: not a constant");
    return this.lanes(ins.re, ins.im);
  }
}

export const f32Bytes = (xs: number[]): number[] => [...new Uint8Array(Float32Array.from(xs).buffer)];
export const f64Bytes = (xs: number[]): number[] => [...new Uint8Array(Float64Array.from(xs).buffer)];

/** Runs `fn` with a fresh statement list and hands that list back (for a loop's or block's body). */
export function collect(body: Body, fn: () => void): number[] {
  const saved = body.stmts.splice(0);
  fn();
  const inner = body.stmts.splice(0);
  body.stmts.push(...saved);
  return inner;
}
