// The wasm kernels of one generated module: the cpu generator asks for a kernel factory per kernel
// op's stage program (dft, rdft, irdft, wht, butterfly: KernelHooks.stages) and per FFT that only a
// recorded plan describes (a DCT's, the real FFT of a dft on real rows), through the KernelHooks
// this class implements (src/backends/cpu/gen.ts). The renderer (render.ts) turns each into steps,
// or refuses it (Rader, Bluestein, odd real n, a short FFT the schedule gives to JavaScript: the
// cpu's JavaScript kernel runs it then); each rendered request becomes one exported wasm function,
// and `prelude()`, called once the walk is done, lays out the linear memory, builds and optimises
// the module with binaryen and returns the module-level JavaScript that compiles it when the
// module loads (bytes embedded as base64) and defines `LWM()`, which createKernel calls
// (`instance()`): each kernel gets its own instance, so its own linear memory, with the twiddle
// tables (computed in float64 for the first instance, stored in the kernel's precision, copied
// into the next ones).
//
// Memory of an instance: [twiddle tables][buffer A][buffer B][fixed butterfly weights] (sized at
// compile time), then whatever `LW.grow` adds for the kernel's zero-copy views (run.ts), the only
// growth. A kernel copies its input into A, runs its steps (passes ping-ponging between A and B,
// a WHT or a butterfly in place in A; a butterfly's weights given per call are copied into B),
// and its JS wrapper copies the result out.
import { BASE64_DECODE, BASE64_DECODER, toBase64 } from "../../codegen/base64.js";
import { LincError, type RenderChoices, type StageProgram } from "../../ir/index.js";
import type { Gen, KernelHooks } from "../cpu/gen.js";
import type { ArrayInfo } from "../cpu/emit.js";
import { VIEWS_TYPINGS, staleViewCheck, viewsFunction } from "./views.js";
import { TRIG_JS } from "../cpu/fft/tables.js";
import { binaryen } from "./binaryen.js";
import { emitIrfftPre, emitRfftPost, realTableBytes } from "./real.js";
import { type Rendered, type Rows, type Step, renderProgram } from "./render.js";
import { emitPass, passOf } from "./stockham.js";
import { Body, type Precision, floatBytes } from "./vec.js";
import { emitWht } from "./wht.js";
import { emitFactor, factorWeightBytes } from "./bfly.js";

/** One wasm function: a rendered program (or plan) in a precision; a butterfly's weights fixed when the kernel is made get a region of their own (slot >= 0). */
interface Request {
  readonly rendered: Rendered;
  readonly prec: Precision;
  readonly slot: number;
}

export class WasmKernels implements KernelHooks {
  private readonly requests: Request[] = [];
  private readonly keys = new Map<string, number>();

  /** `choices`: the lowered program's renderer choices (which short FFTs run as JavaScript). */
  constructor(private readonly choices?: RenderChoices) {}

  stages(program: StageProgram, rows: Rows & { readonly fixed?: boolean }): string | undefined {
    const r = renderProgram(program, rows, this.choices);
    if (typeof r === "string") return undefined; // the cpu's JavaScript renders it
    const slot = r.weights && rows.fixed ? this.slots++ : -1;
    return this.factory({ rendered: r, prec: rows.precision, slot });
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
  private factory(r: Request): string {
    const { inFloats: inLen, outFloats: outLen } = r.rendered, weights = r.rendered.weights?.floats ?? 0;
    const key = JSON.stringify(r);
    let id = this.keys.get(key);
    if (id === undefined) this.keys.set(key, (id = this.requests.push(r) - 1));
    const copyIn = inLen <= SMALL_COPY
      ? `for (let i = 0; i < ${inLen}; i++) mem[io + i] = x[xo + i];`
      : `mem.set(xo === 0 && x.length === ${inLen} ? x : x.subarray(xo, xo + ${inLen}), io); // a view only for a batch`;
    const fixed = r.slot >= 0;
    const loadWeights = `if (W.length !== ${weights}) throw new RangeError("internal: a wasm butterfly's weights hold " + W.length + " floats, not ${weights}"); mem.set(W, K.w);`;
    const copyOut = outLen <= SMALL_COPY ? `for (let i = 0; i < ${outLen}; i++) y[yo + i] = mem[oo + i];` : `y.set(out, yo);`;
    return `function makeKernel() {
  "use strict";
  // ${r.rendered.what} ${r.prec} in WebAssembly SIMD, radices [${r.rendered.radices.join(", ")}]
  const K = LW.kernels[${id}], mem = LW.${r.prec}, fn = K.fn, io = K.i, oo = K.o, out = mem.subarray(oo, oo + ${outLen});
  function run(${weights ? "W, " : ""}x, xo, y, yo, batch) {
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

  /**
   * LW.bind makes the factories, and again whenever the instance's memory grows (their views of it
   * are then stale); it forgets the arrays run has checked (LW.seen: views.ts staleViewCheck).
   */
  bindFactories(lines: string[]): string[] {
    return [`LW.bind = () => {`, `  LW.seen = [];`, ...lines.map((l) => l.split("\n").map((s) => `  ${s}`).join("\n")), `};`, `LW.bind();`];
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
  const LW = { memory, f32: null, f64: null, base: 0, bind: null, old: undefined, seen: [] };
  ${GROW_JS.replace(/\n/g, "\n  ")}
  return LW;
};
`;

/** Lays out tables and buffers, generates every requested function, and writes the prelude. */
class Layout {
  private top = 0;
  private readonly tables = new Map<string, number>();
  private readonly fills: string[] = [];
  /** Byte offsets of buffers A and B. */
  private readonly at: [number, number];
  /** Byte offsets of the fixed butterfly weights, by slot. */
  private readonly weights = new Map<number, number>();
  private readonly m = new (binaryen().Module)();

  constructor(private readonly requests: Request[]) {
    let bufA = 0, bufB = 0;
    for (const { rendered: r, prec, slot } of requests) {
      bufA = Math.max(bufA, r.bytes[0]);
      bufB = Math.max(bufB, r.bytes[1]);
      // a butterfly's weights given per call go in B
      if (r.weights && slot < 0) bufB = Math.max(bufB, r.weights.floats * floatBytes(prec));
      // tables first, so that buffer offsets are known before any code is generated
      for (const st of r.steps) this.tableOf(st, prec);
    }
    const a = align16(this.top), b = a + align16(bufA);
    this.at = [a, b];
    this.top = b + align16(bufB);
    // fixed butterfly weights after the buffers (not copied with the tables into the next instances)
    for (const { rendered: r, prec, slot } of requests)
      if (r.weights && slot >= 0) {
        this.weights.set(slot, this.top);
        this.top += align16(r.weights.floats * floatBytes(prec));
      }
  }

  /** Where a butterfly's weights lie: its own region when fixed, else buffer B (copied in by each call). */
  private weightsAt(slot: number): number {
    return slot >= 0 ? this.weights.get(slot)! : this.at[1];
  }

  /**
   * The byte offset of a step's table (a pass's twiddles in its vector mode's layout, the real
   * halves' T), made once per distinct table; -1 for a step without one.
   */
  private tableOf(st: Step, prec: Precision): number {
    switch (st.op) {
      case "pass": {
        const p = passOf(st.r, st.s, st.m, prec);
        return this.table(`pass:${p.r}:${p.m}:${p.mode}:${prec}`, p.tableBytes, prec, () => `fillPass(LW.${prec}, @, ${p.L}, ${p.m}, ${p.r}, ${p.mode === "p"})`);
      }
      case "split":
      case "join":
        return this.table(`real:${2 * st.h}:${prec}`, realTableBytes(2 * st.h, prec), prec, () => `fillReal(LW.${prec}, @, ${2 * st.h})`);
      default:
        return -1;
    }
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

  /** The function of request r: its name is k<i>; returns the input and output byte offsets. */
  private emit({ rendered: r, prec, slot }: Request, i: number): { i: number; o: number } {
    const b = binaryen(), body = new Body(b, this.m), at = this.at;
    for (const st of r.steps) {
      const tab = this.tableOf(st, prec);
      switch (st.op) {
        case "pass": emitPass(body, prec, passOf(st.r, st.s, st.m, prec), at[st.src], at[st.dst], tab, st.sign, st.scale); break;
        case "split": emitRfftPost(body, prec, st.h, at[st.src], at[st.dst], tab, st.scale); break;
        case "join": emitIrfftPre(body, prec, st.h, at[st.src], at[st.dst], tab, st.scale); break;
        case "wht": emitWht(body, prec, st.n, st.w, at[st.at], st.scale); break;
        case "factor": {
          const cw = r.weights!.complex; // the factor's weights: factor-th of the layout [L, n/2, 2, 2]
          emitFactor(body, prec, st.n, st.w, st.s, at[st.at], this.weightsAt(slot) + st.factor * factorWeightBytes(st.n, prec, cw), cw);
          break;
        }
      }
    }
    this.m.addFunction(`k${i}`, b.none, b.none, body.vars, this.m.block(null, body.stmts));
    this.m.addFunctionExport(`k${i}`, `k${i}`);
    return { i: at[0], o: at[r.out] };
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
      return `{ fn: E.k${i}, i: ${io[i].i / es}, o: ${io[i].o / es}${r.rendered.weights ? `, w: ${this.weightsAt(r.slot) / es}` : ""} }`;
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
    const LW = { memory, f32: new Float32Array(memory.buffer), f64: new Float64Array(memory.buffer), base: ${this.top}, bind: null, old: undefined, seen: [], kernels: [${kernels.join(", ")}] };
    if (tables) new Uint8Array(memory.buffer).set(tables);
    else {
      ${this.fills.join("\n      ")}
      tables = new Uint8Array(memory.buffer, 0, ${this.at[0]}).slice();
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
