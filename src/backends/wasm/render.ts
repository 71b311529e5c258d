// The wasm stage renderer: a kernel op's stage program (src/ir/stages.ts, recorded by the `lower`
// pass on the ops of the schedule's stageOps), or a chain of Fourier passes inside one (a DCT's FFT), as the steps of one wasm function over two buffers of
// linear memory, A and B (kernels.ts lays them out and emits the steps with the SIMD emitters:
// stockham.ts, real.ts, wht.ts, bfly.ts). The table RENDER says, per stage op, how the renderer
// renders it or why it does not; a program with a stage it does not render (Rader's and
// Bluestein's gathers and products, a window that is not a copy) is left to the cpu's JavaScript.
//
// The renderer's own choices, none of them in the program: where each buffer lives (the input in
// A, each out-of-place stage writing the other buffer, so a chain of passes ping-pongs; the real
// views as_complex / as_real and a plain copy are the same bytes), how WHT passes group into
// memory passes (wht.ts: radix 8 in registers), where a scale goes (into the last step that
// writes, as the emitters scale on their way out), the vector layouts of every step, and whether
// a short FFT runs as JavaScript instead (the schedule's RenderChoices.jsFft, on the lowered program).
import { type RenderChoices, type StageInstrOf, type StageOp, type StageProgram, isPow2, runsJs } from "../../ir/index.js";
import { type Unsupported, isUnsupported, unsupported } from "../backend.js";
import { floatBytes, type Precision } from "./vec.js";

/** Buffer A (0) or B (1) of the kernel's linear memory. */
export type Region = 0 | 1;

/** One step of a wasm kernel function: what kernels.ts emits, in order. */
export type Step =
  /** A Stockham pass of radix r at stride s (m = n / (r·s) groups), src -> dst. */
  | { readonly op: "pass"; readonly n: number; readonly r: number; readonly s: number; readonly m: number; readonly sign: 1 | -1; scale: number; readonly src: Region; readonly dst: Region }
  /** real_split: the h + 1 bins of 2h reals from the h-point DFT of their pairs. */
  | { readonly op: "split"; readonly h: number; scale: number; readonly src: Region; readonly dst: Region }
  /** real_join: scale times the doubled h-point DFT of the pairs from h + 1 bins (rendered at scale 1/2: the stage's Z). */
  | { readonly op: "join"; readonly h: number; scale: number; readonly src: Region; readonly dst: Region }
  /** Every Walsh-Hadamard pass of n elements of w floats, in place (wht.ts groups them). */
  | { readonly op: "wht"; readonly n: number; readonly w: number; scale: number; readonly at: Region; passes: number }
  /** One butterfly factor (stride s, weights of `factor`), in place. */
  | { readonly op: "factor"; readonly n: number; readonly w: number; readonly s: number; readonly factor: number; readonly at: Region };

/** A rendered program: its steps, the floats it reads and writes per batch item, and the bytes each buffer must hold. */
export interface Rendered {
  readonly steps: Step[];
  readonly inFloats: number;
  readonly outFloats: number;
  /** The region holding the result. */
  readonly out: Region;
  /** Bytes of A and of B the steps use. */
  readonly bytes: [number, number];
  /** The butterfly's shared weights: their floats, complex or not. */
  readonly weights?: { readonly floats: number; readonly complex: boolean };
  /** What it computes, for the generated comment: "fft n=64", "wht n=8 real". */
  readonly what: string;
  /** The radix of each pass (a WHT's or butterfly's: 2 each), for the same comment. */
  readonly radices: readonly number[];
}

/** The rows a kernel runs on: floats per element (1 real, 2 complex: a complex program on real rows reads them as real). */
export interface Rows {
  readonly precision: Precision;
  readonly width: 1 | 2;
}

/** The state of one rendering: where each buffer lives and the steps so far. */
class Ctx {
  readonly steps: Step[] = [];
  readonly where = new Map<string, Region>();
  readonly bytes: [number, number] = [0, 0];
  /** The buffer the chain last wrote (each stage reads it: the programs rendered here are chains). */
  current: string;
  refused?: string;
  constructor(readonly p: StageProgram, readonly rows: Rows) {
    this.current = p.inputs[0].name;
    this.where.set(this.current, 0);
    this.hold(this.current, 0);
  }
  floats(name: string): number {
    const b = [...this.p.inputs, ...this.p.outputs, ...this.p.temps].find((d) => d.name === name)!;
    return b.len * (b.dtype === "complex" ? this.rows.width : 1);
  }
  private hold(name: string, r: Region): void {
    this.bytes[r] = Math.max(this.bytes[r], this.floats(name) * floatBytes(this.rows.precision));
  }
  refuse(why: string): void {
    this.refused ??= why;
  }
  /** The region of a stage's source (the chain's current buffer), or undefined (refused) when it reads another. */
  source(name: string): Region | undefined {
    if (name !== this.current) return void this.refuse(`stage reads '${name}', not the buffer the chain last wrote`);
    return this.where.get(name)!;
  }
  /** dst written in region r: the chain's current buffer now. */
  write(dst: string, r: Region): Region {
    this.where.set(dst, r);
    this.hold(dst, r);
    this.current = dst;
    return r;
  }
  /** The last step that scales its output (undefined: none yet). */
  lastScaling(): Extract<Step, { scale: number }> | undefined {
    for (let i = this.steps.length - 1; i >= 0; i--) {
      const s = this.steps[i];
      if ("scale" in s) return s;
    }
    return undefined;
  }
}

type Render<K extends StageOp> = (st: StageInstrOf<K>, c: Ctx) => void;

/** Out of place: src in one buffer, dst in the other. */
const across = (c: Ctx, src: string, dst: string): { src: Region; dst: Region } | undefined => {
  const from = c.source(src);
  if (from === undefined) return undefined;
  return { src: from, dst: c.write(dst, from === 0 ? 1 : 0) };
};
/** The same bytes (a view or a copy of the whole buffer). */
const alias = (c: Ctx, src: string, dst: string): void => {
  const at = c.source(src);
  if (at !== undefined) c.write(dst, at);
};
/** A radix the shared codelets render in wasm vectors: odd, or a power of two (wasm's schedule bounds them: radixOk). */
const vectorRadix = (r: number): boolean => r % 2 === 1 || isPow2(r);

/**
 * Whether a table holds, at a few sample entries, e^{sign·2πi·e(k)/L}: the renderer's tables are
 * made when the module loads (kernels.ts fillPass, fillReal: 1.3 n numbers need not travel in the
 * module), in its own layouts, from the geometry; a program whose tables say otherwise is refused
 * (its numbers would silently differ) and runs in the cpu's JavaScript.
 */
function tableIs(c: Ctx, name: string | undefined, entries: number, e: (k: number) => number, L: number, sign: 1 | -1): boolean {
  const t = name === undefined ? undefined : c.p.tables[name];
  if (!t || t.length !== 2 * entries) return false;
  for (const k of new Set([1, 2, entries >> 1, entries - 1].filter((k) => k >= 0 && k < entries))) {
    const a = (sign * 2 * Math.PI * e(k)) / L;
    if (Math.abs(t[2 * k] - Math.cos(a)) > 1e-12 || Math.abs(t[2 * k + 1] - Math.sin(a)) > 1e-12) return false;
  }
  return true;
}

const pass = (c: Ctx, n: number, r: number, s: number, sign: 1 | -1, src: string, dst: string, twiddles?: string): void => {
  if (!vectorRadix(r)) return c.refuse(`radix ${r}`);
  const m = n / (r * s);
  // w_{p,j} = ω_{rm}^{jp}, [p][j]
  if (m > 1 && !tableIs(c, twiddles, m * r, (k) => Math.floor(k / r) * (k % r), r * m, sign)) return c.refuse("twiddles that are not ω_{rm}^{jp}");
  const at = across(c, src, dst);
  if (at) c.steps.push({ op: "pass", n, r, s, m: n / (r * s), sign, scale: 1, ...at });
};

const noBatchGeometry = (st: { geom: { outer: number; inner: number } }, c: Ctx): boolean => {
  if (st.geom.outer === 1 && st.geom.inner === 1) return true;
  c.refuse("a stage along a non-last axis"); // the kernel's batch loop is the only geometry rendered yet
  return false;
};

export const RENDER: { readonly [K in StageOp]: Render<K> | Unsupported } = {
  cast: unsupported("real <-> complex casts run in the cpu's JavaScript (only the half-size real FFTs render in wasm)"),
  as_complex: (st, c) => alias(c, st.src[0], st.dst),
  as_real: (st, c) => alias(c, st.src[0], st.dst),
  gather: unsupported("gathers (Rader's permutations) run in the cpu's JavaScript"),
  place: unsupported("scatters (Rader's permutations) run in the cpu's JavaScript"),
  window: (st, c) => (st.arg.m === st.geom.n && st.arg.offset === 0 ? alias(c, st.src[0], st.dst) : c.refuse("a window that is not a copy")),
  transpose: unsupported("transposes run in the cpu's JavaScript"),
  // into the last step that writes (each emitter scales on its way out)
  scale: (st, c) => {
    const last = c.lastScaling();
    if (st.src[0] !== st.dst || st.dst !== c.current || !last) return c.refuse("a scale with no step to scale in");
    last.scale *= st.arg.s;
  },
  mul: unsupported("pointwise products (Bluestein's chirps, Rader's spectra) run in the cpu's JavaScript"),
  add: unsupported("sums (Rader's) run in the cpu's JavaScript"),
  // a direct DFT: one radix-n pass
  codelet: (st, c) => (st.geom.n <= 16 ? pass(c, st.geom.n, st.geom.n, 1, st.arg.sign, st.src[0], st.dst) : c.refuse(`a codelet of ${st.geom.n}`)),
  stockham: (st, c) => pass(c, st.geom.n, st.arg.r, st.arg.s, st.arg.sign, st.src[0], st.dst, st.arg.twiddles),
  real_split: (st, c) => {
    if (!tableIs(c, st.arg.twiddles, st.geom.n + 1, (k) => k, 2 * st.geom.n, -1)) return c.refuse("twiddles that are not e^{-2πik/n}");
    const at = across(c, st.src[0], st.dst);
    if (at) c.steps.push({ op: "split", h: st.geom.n, scale: 1, ...at });
  },
  // emitted at scale 1/2 (its cheapest form, real.ts): Z, not doubled
  real_join: (st, c) => {
    if (!tableIs(c, st.arg.twiddles, st.geom.n - 1, (k) => k, 2 * (st.geom.n - 1), 1)) return c.refuse("twiddles that are not e^{2πik/n}");
    const at = across(c, st.src[0], st.dst);
    if (!at) return;
    c.steps.push({ op: "join", h: st.geom.n - 1, scale: 0.5, ...at });
  },
  // the passes commute: every stride of the program becomes one step that wht.ts groups into memory passes
  wht_pass: (st, c) => {
    const last = c.steps.at(-1), first = st.src[0] !== st.dst;
    if (first) {
      alias(c, st.src[0], st.dst);
      return void c.steps.push({ op: "wht", n: st.geom.n, w: c.rows.width, scale: 1, at: c.where.get(st.dst)!, passes: 1 });
    }
    if (last?.op !== "wht" || c.source(st.src[0]) === undefined) return c.refuse("a WHT pass apart from its transform");
    last.passes++;
  },
  matmul: unsupported("block products (dense, monarch, kron, blockdiag, diag) run in the cpu's JavaScript"),
  butterfly_pass: (st, c) => {
    if (st.src[0] !== st.dst) alias(c, st.src[0], st.dst);
    else if (c.source(st.src[0]) === undefined) return;
    c.steps.push({ op: "factor", n: st.geom.n, w: c.rows.width, s: st.arg.s, factor: st.arg.factor, at: c.where.get(st.dst)! });
  },
};

/** The first complex FFT length of a program's Fourier stages (the length a JavaScript-or-wasm choice is made for). */
function fftLength(p: StageProgram): number | undefined {
  for (const st of p.stages) {
    if (st.op === "stockham" || st.op === "codelet" || st.op === "real_split") return st.geom.n;
    if (st.op === "real_join") return st.geom.n - 1;
  }
  return undefined;
}

/**
 * The wasm rendering of a stage program on these rows, or why the cpu's JavaScript runs it
 * instead (a string): a stage the table does not render, or an FFT the schedule gives to JavaScript.
 */
export function renderProgram(p: StageProgram, rows: Rows, choices: RenderChoices | undefined): Rendered | string {
  const n = fftLength(p);
  if (n !== undefined && runsJs(choices, n, rows.precision)) return `the schedule runs the FFT of ${n} (${rows.precision}) as JavaScript`;
  if (p.inputs.filter((b) => !b.shared).length !== 1 || p.outputs.length !== 1) return "a program of one input (and shared weights) and one output";
  const c = new Ctx(p, rows);
  for (const st of p.stages) {
    const r = RENDER[st.op] as Render<typeof st.op> | Unsupported;
    if (isUnsupported(r)) return `${st.op}: ${r.unsupported}`;
    if (!noBatchGeometry(st, c)) return c.refused!;
    r(st as never, c);
    if (c.refused) return `${st.op}: ${c.refused}`;
  }
  const y = p.outputs[0].name;
  if (c.current !== y) return `the output '${y}' is not the chain's last buffer`;
  // a WHT step is the whole transform: its program has a pass for every stride (they commute)
  if (c.steps.some((s) => s.op === "wht" && 1 << s.passes !== s.n)) return "a WHT without a pass for every stride";
  const w = p.inputs.find((b) => b.shared);
  return {
    steps: c.steps,
    inFloats: c.floats(p.inputs.find((b) => !b.shared)!.name),
    outFloats: c.floats(y),
    out: c.where.get(y)!,
    bytes: c.bytes,
    ...(w ? { weights: { floats: w.len * (w.dtype === "complex" ? 2 : 1), complex: w.dtype === "complex" } } : {}),
    ...describe(c.steps, rows.width, w?.dtype === "complex"),
  };
}

/** "fft n=64", "rfft n=96", "wht n=8 real", "butterfly n=16 complex", and the radices of the passes: for the generated comment. */
function describe(steps: readonly Step[], width: 1 | 2, complexWeights: boolean): { what: string; radices: number[] } {
  const radices = steps.flatMap((s) => (s.op === "pass" ? [s.r] : s.op === "wht" ? Array<number>(s.passes).fill(2) : s.op === "factor" ? [2] : []));
  const rows = width === 2 ? "complex" : "real";
  const first = steps[0], half = steps.find((s) => s.op === "split" || s.op === "join");
  const what = half ? `${half.op === "split" ? "rfft" : "irfft"} n=${2 * half.h}`
    : first?.op === "wht" ? `wht n=${first.n} ${rows}`
    : first?.op === "factor" ? `butterfly n=${first.n} ${rows}${complexWeights ? ", complex weights" : ""}`
    : `fft n=${first?.op === "pass" ? first.n : 1}`;
  return { what, radices };
}
