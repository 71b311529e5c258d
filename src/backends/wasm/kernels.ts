// The wasm kernels of one generated module: the cpu generator asks for a kernel factory per
// recorded FFT plan, per Walsh-Hadamard transform (wht.ts) and per butterfly product (bfly.ts)
// through the KernelHooks this class implements (src/backends/cpu/gen.ts); each wasm-rendered request becomes one
// exported wasm function, and `prelude()`, called once the walk is done, lays out the linear
// memory, builds and optimises the module with binaryen and returns the module-level JavaScript
// that compiles it when the module loads (bytes embedded as base64) and defines `LWM()`, which
// createKernel calls (`instance()`): each kernel gets its own instance, so its own linear memory,
// with the twiddle tables (computed in float64 for the first instance, stored in the kernel's
// precision, copied into the next ones).
//
// Memory of an instance: [twiddle tables][buffer A][buffer B][fixed butterfly weights] (sized at
// compile time), then whatever `LW.grow` adds for the kernel's zero-copy views (run.ts), the only
// growth. A kernel copies its input into A, runs its passes ping-ponging between A and B (a WHT
// or a butterfly: in place in A; a butterfly's weights given per call are copied into B), and
// its JS wrapper copies the result out. Plans the wasm does not render (Rader, Bluestein, odd
// real n, or measured faster in JavaScript) return undefined: the cpu's JavaScript kernel is
// used for them.
import { BASE64_DECODE, BASE64_DECODER, toBase64 } from "../../codegen/base64.js";
import { type FftPlan, LincError, type RealFftPlan } from "../../ir/index.js";
import type { Gen, KernelHooks } from "../cpu/gen.js";
import type { ArrayInfo } from "../cpu/emit.js";
import { VIEWS_TYPINGS, staleViewCheck, viewsFunction } from "./views.js";
import { TRIG_JS } from "../cpu/fft/tables.js";
import { binaryen } from "./binaryen.js";
import { emitIrfftPre, emitRfftPost, realTableBytes } from "./real.js";
import { type Pass, complexBytes, emitPass, passesOf } from "./stockham.js";
import { Body, type Precision, floatBytes } from "./vec.js";
import { emitWht, whtRadices } from "./wht.js";
import { bflyWeights, emitBfly } from "./bfly.js";

type Request =
  | { kind: "fft"; n: number; radices: readonly number[]; prec: Precision; sign: 1 | -1; scale: number }
  | { kind: "rfft" | "irfft"; n: number; radices: readonly number[]; prec: Precision; scale: number }
  | { kind: "wht"; n: number; width: 1 | 2; radices: readonly number[]; prec: Precision; scale: number }
  | { kind: "bfly"; n: number; width: 1 | 2; radices: readonly number[]; prec: Precision; inc: boolean; slot: number; cw: boolean };

const widthText = (r: Request): string =>
  r.kind === "wht" || r.kind === "bfly" ? ` ${r.width === 2 ? "complex" : "real"}${r.kind === "bfly" && r.cw ? ", complex weights" : ""}` : "";

/** Radices of a plan the wasm renders as Stockham passes, or undefined (also for a plan measured faster in JavaScript: engine "js"). */
const radicesOf = (p: FftPlan): readonly number[] | undefined =>
  p.engine !== "js" && p.algo === "mixed" && p.radices.every((r) => r % 2 === 1 || (r & (r - 1)) === 0) ? p.radices : undefined;

export class WasmKernels implements KernelHooks {
  private readonly requests: Request[] = [];
  private readonly keys = new Map<string, number>();

  complex(plan: FftPlan, sign: 1 | -1, precision: Precision, scale: number): string | undefined {
    const radices = radicesOf(plan);
    if (!radices || (radices.length === 0 && scale !== 1)) return undefined; // n = 1 has no pass to scale in
    return this.factory({ kind: "fft", n: plan.n, radices, prec: precision, sign, scale }, 2 * plan.n, 2 * plan.n);
  }

  real(kind: "rfft" | "irfft", plan: RealFftPlan, precision: Precision, scale: number): string | undefined {
    const radices = radicesOf(plan.fft);
    if (plan.via !== "half" || !radices) return undefined;
    const n = 2 * plan.fft.n, bins = 2 * (plan.fft.n + 1);
    return this.factory({ kind, n, radices, prec: precision, scale }, kind === "rfft" ? n : bins, kind === "rfft" ? bins : n);
  }

  wht(n: number, width: 1 | 2, precision: Precision, scale: number): string {
    return this.factory({ kind: "wht", n, width, radices: whtRadices(n, width, precision), prec: precision, scale }, n * width, n * width);
  }

  /** Weights fixed when the kernel is made get their own region (slot >= 0), loaded once; others are copied by every call (slot -1). */
  butterfly(n: number, width: 1 | 2, precision: Precision, increasing: boolean, fixed: boolean, complexWeights: boolean): string {
    const slot = fixed ? this.slots++ : -1;
    const r: Request = { kind: "bfly", n, width, radices: Array<number>(Math.log2(n)).fill(2), prec: precision, inc: increasing, slot, cw: complexWeights };
    return this.factory(r, n * width, n * width, bflyWeights(n, complexWeights));
  }
  private slots = 0;

  /**
   * The JS factory of request r: copy `inLen` floats in, call, copy `outLen` floats out, per batch
   * item. The offsets are checked once per call (the module's boundary has checked the arrays);
   * a whole array is copied with one TypedArray.set, a batch item through a view, and a copy of at
   * most SMALL_COPY floats by a loop (no view to allocate, no call into the runtime). A kernel
   * with `weights` (the butterfly's) takes them first, `run(W, x, xo, y, yo, batch)`, and copies
   * them into its memory once per call.
   */
  private factory(r: Request, inLen: number, outLen: number, weights = 0): string {
    const key = JSON.stringify(r);
    let id = this.keys.get(key);
    if (id === undefined) this.keys.set(key, (id = this.requests.push(r) - 1));
    const copyIn = inLen <= SMALL_COPY
      ? `for (let i = 0; i < ${inLen}; i++) mem[io + i] = x[xo + i];`
      : `mem.set(xo === 0 && x.length === ${inLen} ? x : x.subarray(xo, xo + ${inLen}), io); // a view only for a batch`;
    const fixed = r.kind === "bfly" && r.slot >= 0;
    const loadWeights = `if (W.length !== ${weights}) throw new RangeError("internal: a wasm butterfly's weights hold " + W.length + " floats, not ${weights}"); mem.set(W, K.w);`;
    const copyOut = outLen <= SMALL_COPY ? `for (let i = 0; i < ${outLen}; i++) y[yo + i] = mem[oo + i];` : `y.set(out, yo);`;
    return `function makeKernel() {
  "use strict";
  // ${r.kind} n=${r.n}${widthText(r)} ${r.prec} in WebAssembly SIMD, radices [${r.radices.join(", ")}]
  const K = LW.kernels[${id}], mem = LW.${r.prec}, fn = K.fn, io = K.i, oo = K.o, out = mem.subarray(oo, oo + ${outLen});
  function run(${r.kind === "bfly" ? "W, " : ""}x, xo, y, yo, batch) {
    if (batch === undefined) batch = 1;
    if (!(xo >= 0 && yo >= 0 && xo + batch * ${inLen} <= x.length && yo + batch * ${outLen} <= y.length))
      throw new RangeError("internal: a wasm kernel's batch of " + batch + " lies outside its arrays");${weights && !fixed ? `
    ${loadWeights}` : ""}
    for (let b = 0; b < batch; b++, xo += ${inLen}, yo += ${outLen}) {
      ${copyIn}
      fn();
      ${copyOut}
    }
  }
  ${fixed ? `run.load = (W) => { ${loadWeights} };\n  ` : ""}return run;
}`;
  }

  /** Module-level JS defining LWM(): a new instance of the module (its memory views, kernel table, LW.grow). */
  prelude(): string {
    if (this.requests.length === 0) return NO_WASM_PRELUDE;
    return new Layout(this.requests).source();
  }

  /** The first statement of createKernel: the kernel's own instance. */
  instance(): string {
    return "const LW = LWM(); // this kernel's own instance of the wasm module: its linear memory, tables and functions";
  }

  /** LW.bind makes the factories, and again whenever the instance's memory grows (their views of it are then stale). */
  bindFactories(lines: string[]): string[] {
    return [`LW.bind = () => {`, ...lines.map((l) => l.split("\n").map((s) => `  ${s}`).join("\n")), `};`, `LW.bind();`];
  }

  /** run refuses an input or output that is a view detached by a growth of the memory. */
  runGuard(gen: Gen, inputs: readonly { name: string; info: ArrayInfo }[], outputs: readonly { name: string; info: ArrayInfo }[]): string {
    return staleViewCheck(gen, inputs, outputs);
  }

  /** views(dims?): zero-copy arrays in the kernel's own memory (views.ts). */
  methods(gen: Gen, descriptors: { inputs: ArrayInfo[]; outputs: ArrayInfo[] }): { name: string; lines: string[] }[] {
    return [{ name: "views", lines: viewsFunction(gen, descriptors) }];
  }

  readonly methodTypings = VIEWS_TYPINGS;
}

/** Floats a wrapper copies with a loop rather than TypedArray.set (whose fixed cost is larger). */
const SMALL_COPY = 16;

const align16 = (x: number) => Math.ceil(x / 16) * 16;

/** 2 GiB of 64 KiB pages: the most linear memory an instance may have or grow to. */
const MAX_PAGES = 32768;

/** LW.grow(bytes): at least that much memory; grows it (once per larger need) and renews the views of it and the FFT kernels (LW.bind). */
const GROW_JS = `LW.grow = (bytes) => {
  const more = Math.ceil((bytes - memory.buffer.byteLength) / 65536);
  if (more <= 0) return false;
  if (memory.buffer.byteLength / 65536 + more > ${MAX_PAGES}) throw new RangeError("the kernel's views need " + bytes + " bytes of linear memory, above the 2 GiB a wasm kernel may have");
  (LW.old ??= new WeakSet()).add(memory.buffer); // its views are detached by the growth: run names them
  memory.grow(more);
  LW.f32 = new Float32Array(memory.buffer);
  LW.f64 = new Float64Array(memory.buffer);
  LW.bind();
  return true;
};`;

/** A program none of whose kernels runs in wasm: a kernel's memory holds its views alone. */
const NO_WASM_PRELUDE = `// No FFT or WHT of this program runs in WebAssembly; each kernel's memory holds only its views (views())
const LWM = () => {
  const memory = new WebAssembly.Memory({ initial: 0, maximum: ${MAX_PAGES} });
  const LW = { memory, f32: null, f64: null, base: 0, bind: null, old: undefined };
  ${GROW_JS.replace(/\n/g, "\n  ")}
  return LW;
};
`;

/** Lays out tables and buffers, generates every requested function, and writes the prelude. */
class Layout {
  private top = 0;
  private readonly tables = new Map<string, number>();
  private readonly fills: string[] = [];
  private readonly a: number;
  private readonly b: number;
  /** Byte offsets of the fixed butterfly weights, by slot. */
  private readonly weights = new Map<number, number>();
  private readonly m = new (binaryen().Module)();

  constructor(private readonly requests: Request[]) {
    let bufA = 0, bufB = 0;
    for (const r of requests) {
      if (r.kind === "wht" || r.kind === "bfly") {
        // in place in A, no tables; a butterfly's weights given per call in B
        bufA = Math.max(bufA, r.n * r.width * floatBytes(r.prec));
        if (r.kind === "bfly" && r.slot < 0) bufB = Math.max(bufB, bflyWeights(r.n, r.cw) * floatBytes(r.prec));
        continue;
      }
      const cb = complexBytes(r.prec), buf = r.kind === "fft" ? r.n * cb : (r.n / 2 + 1) * cb;
      bufA = Math.max(bufA, buf);
      bufB = Math.max(bufB, buf);
      // tables first, so that buffer offsets are known before any code is generated
      if (r.kind !== "fft") this.realTable(r.n, r.prec);
      this.passTables(r.kind === "fft" ? r.n : r.n / 2, r.radices, r.prec);
    }
    this.a = align16(this.top);
    this.b = this.a + align16(bufA);
    this.top = this.b + align16(bufB);
    // fixed butterfly weights after the buffers (not copied with the tables into the next instances)
    for (const r of requests)
      if (r.kind === "bfly" && r.slot >= 0) {
        this.weights.set(r.slot, this.top);
        this.top += align16(bflyWeights(r.n, r.cw) * floatBytes(r.prec));
      }
  }

  /** Where a butterfly's weights lie: its own region when fixed, else buffer B (copied in by each call). */
  private weightsAt(slot: number): number {
    return slot >= 0 ? this.weights.get(slot)! : this.b;
  }

  private passTables(n: number, radices: readonly number[], prec: Precision): number[] {
    return passesOf(n, radices, prec).map((p, i) => this.table(`pass:${n}:${radices.join(",")}:${prec}:${i}`, p.tableBytes, prec, () => `fillPass(LW.${prec}, @, ${p.L}, ${p.m}, ${p.r}, ${p.mode === "p"})`));
  }
  private realTable(n: number, prec: Precision): number {
    return this.table(`real:${n}:${prec}`, realTableBytes(n, prec), prec, () => `fillReal(LW.${prec}, @, ${n})`);
  }
  private table(key: string, bytes: number, prec: Precision, fill: () => string): number {
    let off = this.tables.get(key);
    if (off === undefined) {
      off = this.top;
      this.tables.set(key, off);
      this.top = align16(this.top + bytes);
      if (bytes > 0) this.fills.push(fill().replace("@", String(off / (prec === "f32" ? 4 : 8))) + ";");
    }
    return off;
  }

  /** Complex passes from buffer `from`; returns the buffer holding the result. */
  private complexPasses(body: Body, n: number, radices: readonly number[], prec: Precision, sign: 1 | -1, scale: number, from: number): number {
    const passes: Pass[] = passesOf(n, radices, prec), tabs = this.passTables(n, radices, prec);
    let src = from, dst = from === this.a ? this.b : this.a;
    passes.forEach((p, i) => {
      emitPass(body, prec, p, src, dst, tabs[i], sign, i === passes.length - 1 ? scale : 1);
      [src, dst] = [dst, src];
    });
    return src;
  }

  /** The function of request r: its name is k<i>; returns the input and output byte offsets. */
  private emit(r: Request, i: number): { i: number; o: number } {
    const b = binaryen(), body = new Body(b, this.m);
    let out: number, inp = this.a;
    if (r.kind === "wht" || r.kind === "bfly") {
      if (r.kind === "wht") emitWht(body, r.prec, r.n, r.width, this.a, r.scale);
      else emitBfly(body, r.prec, r.n, r.width, r.inc, this.a, this.weightsAt(r.slot), r.cw);
      out = this.a;
    } else if (r.kind === "fft") out = this.complexPasses(body, r.n, r.radices, r.prec, r.sign, r.scale, this.a);
    else if (r.kind === "rfft") {
      const z = this.complexPasses(body, r.n / 2, r.radices, r.prec, -1, 1, this.a);
      out = z === this.a ? this.b : this.a;
      emitRfftPost(body, r.prec, r.n / 2, z, out, this.realTable(r.n, r.prec), r.scale);
    } else {
      // n = 2 has no pass to scale in: the pre-processing scales instead; else it makes Z/2 (real.ts)
      const pre = !r.radices.length ? r.scale : 0.5;
      emitIrfftPre(body, r.prec, r.n / 2, this.a, this.b, this.realTable(r.n, r.prec), pre);
      out = this.complexPasses(body, r.n / 2, r.radices, r.prec, 1, r.scale / pre, this.b);
      inp = this.a;
    }
    this.m.addFunction(`k${i}`, b.none, b.none, body.vars, this.m.block(null, body.stmts));
    this.m.addFunctionExport(`k${i}`, `k${i}`);
    return { i: inp, o: out };
  }

  source(): string {
    const b = binaryen(), mod = this.m;
    mod.setFeatures(b.Features.MVP | b.Features.SIMD128);
    const pages = Math.max(1, Math.ceil(this.top / 65536));
    if (pages > MAX_PAGES) throw new LincError("E0801", `the wasm kernels of this program need ${this.top} bytes of linear memory, above the 2 GiB the wasm backend allows; use the cpu backend`);
    mod.setMemory(pages, MAX_PAGES, "memory"); // before the functions: their loads name it
    const io = this.requests.map((r, i) => this.emit(r, i));
    if (!mod.validate()) throw new Error("internal: the generated wasm module does not validate");
    b.setOptimizeLevel(3);
    b.setShrinkLevel(0);
    mod.optimize();
    const bytes = mod.emitBinary();
    mod.dispose();
    const base64 = toBase64(bytes);
    const kernels = this.requests.map((r, i) => {
      const es = floatBytes(r.prec);
      return `{ fn: E.k${i}, i: ${io[i].i / es}, o: ${io[i].o / es}${r.kind === "bfly" ? `, w: ${this.weightsAt(r.slot) / es}` : ""} }`;
    });
    return `// The WebAssembly SIMD kernels (${bytes.length} bytes, ${pages} pages of linear memory; generated by linc with binaryen),
// compiled when the module loads; LWM() makes an instance, each kernel its own (createKernel)
const LWM = await (async () => {
  ${BASE64_DECODER.replace(/\n/g, "\n  ")}
  const bytes = ${BASE64_DECODE}(${JSON.stringify(base64)});
  const first = await WebAssembly.instantiate(bytes, {}), module = first.module;
  let spare = first.instance; // the first kernel's instance, made asynchronously (browsers' main threads want that)
  let tables = null; // the twiddle tables' bytes: computed for the first instance, copied into the next
  function instantiate() {
    const E = (spare ?? new WebAssembly.Instance(module, {})).exports, memory = E.memory;
    spare = null;
    const LW = { memory, f32: new Float32Array(memory.buffer), f64: new Float64Array(memory.buffer), base: ${this.top}, bind: null, old: undefined, kernels: [${kernels.join(", ")}] };
    if (tables) new Uint8Array(memory.buffer).set(tables);
    else {
      ${this.fills.join("\n      ")}
      tables = new Uint8Array(memory.buffer, 0, ${this.a}).slice();
    }
    ${GROW_JS.replace(/\n/g, "\n    ")}
    return LW;
  }
${TRIG_JS}
  const w = new Float64Array(2);
  // a pass's twiddles w_L^{pk}, k = 1..r-1, per p as (wr, -wi, wi) (stockham.ts); per pair of p
  // ("p" mode, f32) as vectors WR = (wr0, wr0, wr1, wr1), WI = (-wi0, wi0, -wi1, wi1)
  function fillPass(f, o, L, m, r, pairs) {
    for (let p = 0; p < m; p += pairs ? 2 : 1)
      for (let k = 1; k < r; k++)
        if (pairs) {
          for (let c = 0; c < 2; c++) {
            turn(-(((p + c) * k) % L), L, w, 0);
            f[o + 2 * c] = w[0]; f[o + 2 * c + 1] = w[0]; f[o + 4 + 2 * c] = -w[1]; f[o + 5 + 2 * c] = w[1];
          }
          o += 8;
        } else {
          turn(-((p * k) % L), L, w, 0);
          f[o] = w[0]; f[o + 1] = -w[1]; f[o + 2] = w[1];
          o += 3;
        }
  }
  // the real transforms' halves (real.ts), with T_k = -i·e^{-2πik/n} = (wi, -wr) and A = (1 + T)/2:
  // A for k = 1 .. g (f64 per k as WR, WI; f32 per group of four as (Re A, Im A) vectors), then T
  // as WR, WI for each k left over in the middle
  function fillReal(f, o, n) {
    const h = n / 2, f32 = f.BYTES_PER_ELEMENT === 4, slots = f32 ? 2 : 1;
    const g = f32 ? Math.max(0, Math.floor((h / 2 - 1) / 4)) : Math.max(0, Math.floor((h - 1) / 2)), per = f32 ? 4 : 1;
    for (let j = 0; j < g; j++)
      if (f32) {
        for (let c = 0; c < 4; c++) {
          turn(-(1 + 4 * j + c), n, w, 0);
          f[o + c] = (1 + w[1]) / 2; f[o + 4 + c] = -w[0] / 2;
        }
        o += 8;
      } else {
        turn(-(1 + j), n, w, 0);
        f[o] = f[o + 1] = (1 + w[1]) / 2; f[o + 2] = w[0] / 2; f[o + 3] = -w[0] / 2;
        o += 4;
      }
    for (let k = 1 + per * g; k < h - per * g; k++, o += 4 * slots)
      for (let c = 0; c < slots; c++) {
        turn(-k, n, w, 0);
        f[o + 2 * c] = w[1]; f[o + 2 * c + 1] = w[1];
        f[o + 2 * slots + 2 * c] = w[0]; f[o + 2 * slots + 2 * c + 1] = -w[0];
      }
  }
  return instantiate;
})();
`;
  }
}
