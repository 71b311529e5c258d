// The cpu backend's stage renderer: a stage program (src/ir/stages.ts; what the `lower` pass
// records on dft, rdft, irdft, wht and butterfly) as the JavaScript text of a kernel factory,
//   function makeKernel() { …; return function run(x, xo, y, yo, batch) { … }; }
// (`run(W, x, xo, y, yo, batch)` when the program has shared weights W), the contract of every
// kernel the cpu generator calls: `batch` vectors, one after another, of the program's one input
// (x, from float offset xo) into its one output (y, from yo). Complex buffers are interleaved
// (re, im); the data is Float64Array (f64) or Float32Array (f32), while temporaries and tables
// are float64 whatever the precision, so f32 rounds only on input and output.
//
// Each stage becomes one function over its geometry's lines (RENDER, one entry per stage op,
// checked by tsc); the Stockham and codelet stages come from the shared codelet generator
// (stagepass.ts). Choices that are the renderer's own, none changing a result:
//   * a `scale` right after a Fourier stage that wrote its buffer folds into that stage;
//   * `as_complex` of an input and `as_real` into an output are views when the axis is the last
//     one (inner = 1): the FFT then reads the caller's reals, or writes the caller's output;
//   * temporaries whose lives do not overlap share a scratch array;
//   * a buffer first touched by a stage that does not write all of it is zeroed first (every
//     buffer of a program starts as zeros).
// Tables come from the program (float64). Those the lowering makes by the one trig routine (a
// Stockham pass's twiddles, a real FFT's) are rebuilt at load by the same routine (TRIG_JS),
// once per realm, where the program's table is exactly that one: a module stays small at any n.
// The others are embedded in the factory (base64, src/codegen), or hoisted by the caller (a
// module's constants) through RenderOptions.table.
import { BASE64_DECODE, BASE64_DECODER, toBase64 } from "../../codegen/base64.js";
import { type BufDecl, type Geom, type StageInstr, type StageInstrOf, type StageOp, type StageProgram, checkProgram } from "../../ir/index.js";
import { TRIG_JS, loadTimeTables } from "./fft/tables.js";
import { type Unsupported, unsupported } from "../backend.js";
import { passLines } from "./stagepass.js";

export type Precision = "f64" | "f32";

export interface RenderOptions {
  /** An expression for a table (a Float64Array, or an Int32Array for an index table) defined outside the factory, or undefined to embed it. */
  table?(name: string, data: Float64Array, index: boolean): string | undefined;
  /** A comment line naming the kernel. */
  title?: string;
}

/** Where a stage operand lives for the current vector: an array, the float offset of its element 0, floats per element. */
interface Loc {
  readonly arr: string;
  readonly off: string;
  readonly w: 1 | 2;
  /** A caller's array (x, y, W: a parameter of the stage's function) rather than the kernel's scratch. */
  readonly caller: boolean;
}

interface Ctx {
  readonly src: readonly Loc[];
  readonly dst: Loc;
  /** The identifier of a table. */
  table(name: string): string;
  /** A scale folded into this stage (1: none). */
  readonly scale: number;
}

type Render<K extends StageOp> = (st: StageInstrOf<K>, c: Ctx) => string[];

const at = (l: Loc, e: string | number): string => (l.off === "0" ? String(e) : e === 0 ? l.off : `${l.off} + ${e}`);
const times = (s: number) => (s === 1 ? "" : ` * ${s}`);

/**
 * The statements running `body` on every line (o, j) of the geometry: `body` gets, per operand
 * (a location and its axis length), the float offset of the line's element 0; elements of a
 * line are w·inner floats apart.
 */
function perLine(g: Geom, ops: readonly [Loc, number][], body: (bases: string[]) => string[]): string[] {
  if (g.outer === 1 && g.inner === 1) return body(ops.map(([l]) => l.off));
  const names = ops.map((_, k) => `b${k}`);
  const decl = ops.map(([l, len], k) => {
    const terms = [l.off === "0" ? "" : l.off, g.outer > 1 ? `${l.w * len * g.inner} * o` : "", g.inner > 1 ? `${l.w} * j` : ""].filter(Boolean);
    return `${names[k]} = ${terms.join(" + ") || "0"}`;
  });
  const open = [...(g.outer > 1 ? [`for (let o = 0; o < ${g.outer}; o++)`] : []), ...(g.inner > 1 ? [`for (let j = 0; j < ${g.inner}; j++)`] : [])];
  return [`${open.join(" ")} {`, `  const ${decl.join(", ")};`, ...body(names).map((s) => `  ${s}`), "}"];
}

/** y = f(x) element by element over the whole buffer (the geometry does not matter). */
const flat = (count: number, line: string): string[] => [`for (let e = 0; e < ${count}; e++) ${line}`];

const RENDER: { readonly [K in StageOp]: Render<K> | Unsupported } = {
  cast: (st, { src: [x], dst: y }) => {
    const N = st.geom.outer * st.geom.n * st.geom.inner;
    if (x.w === y.w) return flat(N * x.w, `${y.arr}[${at(y, "e")}] = ${x.arr}[${at(x, "e")}];`);
    if (y.w === 2) return flat(N, `{ ${y.arr}[${at(y, "2 * e")}] = ${x.arr}[${at(x, "e")}]; ${y.arr}[${at(y, "2 * e + 1")}] = 0; }`);
    return flat(N, `${y.arr}[${at(y, "e")}] = ${x.arr}[${at(x, "2 * e")}];`);
  },
  as_complex: (st, { src: [x], dst: y }) => {
    const g = st.geom, I = g.inner;
    if (I === 1) return flat(g.outer * g.n, `${y.arr}[${at(y, "e")}] = ${x.arr}[${at(x, "e")}];`);
    return perLine(g, [[x, g.n], [y, g.n / 2]], ([xb, yb]) => [
      `for (let k = 0; k < ${g.n / 2}; k++) { ${y.arr}[${yb} + ${2 * I} * k] = ${x.arr}[${xb} + ${2 * I} * k]; ${y.arr}[${yb} + ${2 * I} * k + 1] = ${x.arr}[${xb} + ${2 * I} * k + ${I}]; }`,
    ]);
  },
  as_real: (st, { src: [x], dst: y }) => {
    const g = st.geom, I = g.inner;
    if (I === 1) return flat(2 * g.outer * g.n, `${y.arr}[${at(y, "e")}] = ${x.arr}[${at(x, "e")}];`);
    return perLine(g, [[x, g.n], [y, 2 * g.n]], ([xb, yb]) => [
      `for (let k = 0; k < ${g.n}; k++) { ${y.arr}[${yb} + ${2 * I} * k] = ${x.arr}[${xb} + ${2 * I} * k]; ${y.arr}[${yb} + ${2 * I} * k + ${I}] = ${x.arr}[${xb} + ${2 * I} * k + 1]; }`,
    ]);
  },
  gather: (st, c) => {
    const { src: [x], dst: y } = c, g = st.geom, ux = x.w * g.inner, uy = y.w * g.inner, idx = c.table(st.arg.index);
    const im = (s: string) => (st.arg.conj ? `-${s}` : s);
    return perLine(g, [[x, g.n], [y, st.arg.m]], ([xb, yb]) => [
      `for (let k = 0; k < ${st.arg.m}; k++) {`,
      `  const i = ${idx}[k], o = ${yb} + ${uy} * k;`,
      y.w === 2
        ? `  if (i < 0) { ${y.arr}[o] = 0; ${y.arr}[o + 1] = 0; } else { const s = ${xb} + ${ux} * i; ${y.arr}[o] = ${x.arr}[s]; ${y.arr}[o + 1] = ${im(`${x.arr}[s + 1]`)}; }`
        : `  ${y.arr}[o] = i < 0 ? 0 : ${x.arr}[${xb} + ${ux} * i];`,
      "}",
    ]);
  },
  place: (st, c) => {
    const { src: [x], dst: y } = c, g = st.geom, ux = x.w * g.inner, uy = y.w * g.inner, idx = c.table(st.arg.index);
    return perLine(g, [[x, g.n], [y, st.arg.m]], ([xb, yb]) => [
      `for (let k = 0; k < ${g.n}; k++) {`,
      `  const o = ${yb} + ${uy} * ${idx}[k], s = ${xb} + ${ux} * k;`,
      `  ${y.arr}[o] = ${x.arr}[s];${y.w === 2 ? ` ${y.arr}[o + 1] = ${x.arr}[s + 1];` : ""}`,
      "}",
    ]);
  },
  window: (st, { src: [x], dst: y }) => {
    const g = st.geom, { m, offset } = st.arg, u = x.w * g.inner, lo = Math.min(m, Math.max(0, -offset)), hi = Math.max(lo, Math.min(m, g.n - offset));
    return perLine(g, [[x, g.n], [y, m]], ([xb, yb]) => [
      ...(lo > 0 ? [`for (let k = 0; k < ${lo}; k++) { ${zero(y, `${yb} + ${u} * k`)} }`] : []),
      ...(hi > lo ? [`for (let k = ${lo}; k < ${hi}; k++) { const o = ${yb} + ${u} * k, s = ${xb} + ${u} * (k + ${offset}); ${y.arr}[o] = ${x.arr}[s];${y.w === 2 ? ` ${y.arr}[o + 1] = ${x.arr}[s + 1];` : ""} }`] : []),
      ...(hi < m ? [`for (let k = ${hi}; k < ${m}; k++) { ${zero(y, `${yb} + ${u} * k`)} }`] : []),
    ]);
  },
  transpose: (st, { src: [x], dst: y }) => {
    const g = st.geom, { a, b } = st.arg, u = x.w * g.inner;
    return perLine(g, [[x, g.n], [y, g.n]], ([xb, yb]) => [
      `for (let i = 0; i < ${a}; i++) for (let k = 0; k < ${b}; k++) {`,
      `  const o = ${yb} + ${u} * (k * ${a} + i), s = ${xb} + ${u} * (i * ${b} + k);`,
      `  ${y.arr}[o] = ${x.arr}[s];${y.w === 2 ? ` ${y.arr}[o + 1] = ${x.arr}[s + 1];` : ""}`,
      "}",
    ]);
  },
  scale: (st, { src: [x], dst: y }) => flat(st.geom.outer * st.geom.n * st.geom.inner * x.w, `${y.arr}[${at(y, "e")}] = ${x.arr}[${at(x, "e")}] * ${num(st.arg.s)};`),
  mul: (st, c) => {
    const { src: [x], dst: y } = c, g = st.geom, u = 2 * g.inner, t = c.table(st.arg.table), ti = st.arg.conj ? "-" : "";
    return perLine(g, [[x, g.n], [y, g.n]], ([xb, yb]) => [
      `for (let k = 0; k < ${g.n}; k++) {`,
      `  const s = ${xb} + ${u} * k, o = ${yb} + ${u} * k, ar = ${x.arr}[s], ai = ${x.arr}[s + 1], br = ${t}[2 * k], bi = ${ti}${t}[2 * k + 1];`,
      `  ${y.arr}[o] = ar * br - ai * bi; ${y.arr}[o + 1] = ar * bi + ai * br;`,
      "}",
    ]);
  },
  add: (st, { src: [x, z], dst: y }) => {
    if (x.w !== z.w) throw new Error("internal: the cpu renders an add of two buffers of one dtype");
    return flat(st.geom.outer * st.geom.n * st.geom.inner * x.w, `${y.arr}[${at(y, "e")}] = ${x.arr}[${at(x, "e")}] + ${z.arr}[${at(z, "e")}];`);
  },
  codelet: (st, c) => fourier(st.geom, c, { r: st.geom.n, s: 1, m: 1 }, st.arg.sign, undefined),
  stockham: (st, c) => fourier(st.geom, c, { r: st.arg.r, s: st.arg.s, m: st.geom.n / (st.arg.r * st.arg.s) }, st.arg.sign, st.arg.twiddles && c.table(st.arg.twiddles)),
  real_split: (st, c) => {
    // X_k = E_k + w_k O_k, E = (Z_k + conj Z_{h-k})/2, O = (Z_k − conj Z_{h-k})/(2i): halved
    // before adding, so parts near the largest double do not overflow a finite result
    const { src: [z], dst: y } = c, g = st.geom, h = g.n, u = 2 * g.inner, w = c.table(st.arg.twiddles), sc = times(c.scale);
    return perLine(g, [[z, h], [y, h + 1]], ([zb, yb]) => [
      `for (let k = 0; k <= ${h}; k++) {`,
      `  const a = ${zb} + ${u} * (k === ${h} ? 0 : k), b = ${zb} + ${u} * (k === 0 ? 0 : ${h} - k), o = ${yb} + ${u} * k;`,
      `  const ar = ${z.arr}[a] * 0.5, ai = ${z.arr}[a + 1] * 0.5, br = ${z.arr}[b] * 0.5, bi = -${z.arr}[b + 1] * 0.5;`,
      `  const or = ai - bi, oi = br - ar, wr = ${w}[2 * k], wi = ${w}[2 * k + 1];`,
      `  ${y.arr}[o] = (ar + br + (or * wr - oi * wi))${sc}; ${y.arr}[o + 1] = (ai + bi + (or * wi + oi * wr))${sc};`,
      "}",
    ]);
  },
  real_join: (st, c) => {
    // Z_k = ((X_k + conj X_{h-k}) + i v_k (X_k − conj X_{h-k})) / 2, edge imaginary parts ignored;
    // from halves, so a finite Z never overflows on the way
    const { src: [x], dst: y } = c, g = st.geom, h = g.n - 1, u = 2 * g.inner, v = c.table(st.arg.twiddles), sc = times(c.scale);
    return perLine(g, [[x, h + 1], [y, h]], ([xb, yb]) => [
      `for (let k = 0; k < ${h}; k++) {`,
      `  const a = ${xb} + ${u} * k, b = ${xb} + ${u} * (${h} - k), o = ${yb} + ${u} * k;`,
      `  const ar = ${x.arr}[a] * 0.5, ai = k === 0 ? 0 : ${x.arr}[a + 1] * 0.5, br = ${x.arr}[b] * 0.5, bi = k === 0 ? 0 : -${x.arr}[b + 1] * 0.5;`,
      `  const dr = ar - br, di = ai - bi, vr = ${v}[2 * k], vi = ${v}[2 * k + 1], er = dr * vr - di * vi, ei = dr * vi + di * vr;`,
      `  ${y.arr}[o] = (ar + br - ei)${sc}; ${y.arr}[o + 1] = (ai + bi + er)${sc};`,
      "}",
    ]);
  },
  wht_pass: (st, { src: [x], dst: y }) => {
    const g = st.geom, u = x.w * g.inner, s = st.arg.s, pair = (b: string, k: number) => [`${x.arr}[${b} + ${k}]`, `${x.arr}[${b} + ${s * u + k}]`];
    return perLine(g, [[x, g.n], [y, g.n]], ([xb, yb]) => [
      `for (let i = 0; i < ${g.n * u}; i += ${2 * s * u}) for (let q = i; q < i + ${s * u}; q += ${u}) {`,
      `  const si = ${xb} + q, oi = ${yb} + q;`,
      ...range(x.w).map((k) => {
        const [a, b] = pair("si", k);
        return `  { const a = ${a}, b = ${b}; ${y.arr}[oi + ${k}] = a + b; ${y.arr}[oi + ${s * u + k}] = a - b; }`;
      }),
      "}",
    ]);
  },
  matmul: unsupported("no backend renders the batched block product yet: the ops lowered to it (dense, monarch, kron, blockdiag) render as kernel ops"),
  butterfly_pass: (st, { src: [x, W], dst: y }) => {
    const g = st.geom, u = 2 * g.inner, { s, factor } = st.arg, n = g.n, ww = W.w;
    // the 2x2 block of pair q: entries (a c; d e), complex when the weights are
    const wq = `${at(W, `${4 * ww * factor * (n / 2)} + ${4 * ww} * (bb * ${s} + q)`)}`;
    const apply = ww === 1
      ? [
          `  const a = ${W.arr}[t], c = ${W.arr}[t + 1], d = ${W.arr}[t + 2], e = ${W.arr}[t + 3];`,
          `  ${y.arr}[i0] = a * ur + c * vr; ${y.arr}[i0 + 1] = a * ui + c * vi; ${y.arr}[i1] = d * ur + e * vr; ${y.arr}[i1 + 1] = d * ui + e * vi;`,
        ]
      : [
          `  const ar = ${W.arr}[t], ai = ${W.arr}[t + 1], br = ${W.arr}[t + 2], bi = ${W.arr}[t + 3], cr = ${W.arr}[t + 4], ci = ${W.arr}[t + 5], dr = ${W.arr}[t + 6], di = ${W.arr}[t + 7];`,
          `  ${y.arr}[i0] = ar * ur - ai * ui + br * vr - bi * vi; ${y.arr}[i0 + 1] = ar * ui + ai * ur + br * vi + bi * vr;`,
          `  ${y.arr}[i1] = cr * ur - ci * ui + dr * vr - di * vi; ${y.arr}[i1 + 1] = cr * ui + ci * ur + dr * vi + di * vr;`,
        ];
    return perLine(g, [[x, n], [y, n]], ([xb, yb]) => [
      `for (let bb = 0; bb < ${n / (2 * s)}; bb++) for (let q = 0; q < ${s}; q++) {`,
      `  const t = ${wq}, k0 = ${u} * (${2 * s} * bb + q), i0 = ${yb} + k0, i1 = i0 + ${u * s}, j0 = ${xb} + k0, j1 = j0 + ${u * s};`,
      `  const ur = ${x.arr}[j0], ui = ${x.arr}[j0 + 1], vr = ${x.arr}[j1], vi = ${x.arr}[j1 + 1];`,
      ...apply,
      "}",
    ]);
  },
};

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const zero = (y: Loc, o: string) => `${y.arr}[${o}] = 0;${y.w === 2 ? ` ${y.arr}[${o} + 1] = 0;` : ""}`;

/** A Stockham pass (a codelet: one pass of radix n) on every line. */
function fourier(g: Geom, c: Ctx, p: { r: number; s: number; m: number }, sign: 1 | -1, tw: string | undefined): string[] {
  const { src: [x], dst: y } = c;
  return perLine(g, [[x, g.n], [y, g.n]], ([xb, yb]) =>
    passLines(p, 2 * g.inner, { name: x.arr, off: xb, caller: x.caller }, { name: y.arr, off: yb, caller: y.caller }, sign, tw, c.scale, ""));
}

/** An exact JavaScript literal of a double. */
const num = (v: number): string => (Object.is(v, -0) ? "-0" : Number.isFinite(v) ? String(v) : Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");

const FOLDS_SCALE = new Set<StageOp>(["codelet", "stockham", "real_split", "real_join"]);

/** The kernel's caller arrays: the batched input, the output, the shared weights. */
const X = "x", Y = "y", W = "W";

/** What a rendering needs to know of a program's buffers: which array each lives in, dtype widths, reuse of scratch. */
interface Layout {
  /** Buffer name -> the buffer whose storage it uses (itself unless a view). */
  readonly storage: Map<string, string>;
  /** Stages dropped (views) and scales folded into the stage before them. */
  readonly skip: Set<number>;
  readonly scaleOf: Map<number, number>;
  /** Storage buffer -> array name (x, y, W or a scratch Sk) and scratch arrays' float sizes. */
  readonly array: Map<string, string>;
  readonly scratch: { name: string; floats: number }[];
  /** Stages before which a storage buffer is zeroed. */
  readonly zeroBefore: Map<number, string[]>;
}

export const widthOf = (b: BufDecl): 1 | 2 => (b.dtype === "complex" ? 2 : 1);

function layout(p: StageProgram, decls: Map<string, BufDecl>): Layout {
  const input = p.inputs.find((b) => !b.shared)!, output = p.outputs[0], temps = new Set(p.temps.map((b) => b.name));
  const storage = new Map<string, string>([...decls.keys()].map((k) => [k, k]));
  const skip = new Set<number>();
  const writers = (name: string) => p.stages.flatMap((st, i) => (st.dst === name ? [i] : []));
  const readers = (name: string) => p.stages.flatMap((st, i) => (st.src.includes(name) ? [i] : []));
  p.stages.forEach((st, i) => {
    if (st.geom.inner !== 1) return;
    // a view of the input's reals as complex pairs: the temporary is written by this stage alone
    if (st.op === "as_complex" && st.src[0] === input.name && temps.has(st.dst) && writers(st.dst).length === 1) (storage.set(st.dst, input.name), skip.add(i));
    // the complex result written straight into the output: nothing else reads it, nothing touched the output before
    if (st.op === "as_real" && temps.has(st.src[0]) && st.dst === output.name && readers(st.src[0]).length === 1 && [...writers(output.name), ...readers(output.name)].every((k) => k >= i))
      (storage.set(st.src[0], output.name), skip.add(i));
  });
  const root = (name: string) => storage.get(name)!;
  // scales folded into the Fourier stage (kept) just before them, when it wrote the whole buffer they scale
  const scaleOf = new Map<number, number>();
  let prev = -1;
  p.stages.forEach((st, i) => {
    if (skip.has(i)) return;
    const before = prev >= 0 ? p.stages[prev] : undefined;
    if (st.op === "scale" && before && FOLDS_SCALE.has(before.op) && !scaleOf.has(prev) && root(st.src[0]) === root(st.dst) && root(before.dst) === root(st.dst)
      && decls.get(before.dst)!.len * widthOf(decls.get(before.dst)!) === decls.get(st.dst)!.len * widthOf(decls.get(st.dst)!)) {
      scaleOf.set(prev, st.arg.s);
      skip.add(i);
      return;
    }
    prev = i;
  });
  // zeroing: a storage buffer whose first touch reads it or writes only part of it (place)
  const zeroBefore = new Map<number, string[]>();
  const touched = new Set<string>(p.inputs.map((b) => b.name));
  p.stages.forEach((st, i) => {
    if (skip.has(i)) return;
    for (const b of [...st.src, st.dst].map(root)) {
      if (touched.has(b)) continue;
      touched.add(b);
      if (st.src.map(root).includes(b) || st.op === "place") zeroBefore.set(i, [...(zeroBefore.get(i) ?? []), b]);
    }
  });
  // scratch: temporaries (storage roots) by first use, an array reused once its last occupant is done
  const life = new Map<string, [number, number]>();
  p.stages.forEach((st, i) => {
    if (skip.has(i)) return;
    for (const b of [...st.src, st.dst].map(root)) if (temps.has(b)) life.set(b, [life.get(b)?.[0] ?? i, i]);
  });
  const array = new Map<string, string>([[input.name, X], [output.name, Y], ...p.inputs.filter((b) => b.shared).map((b): [string, string] => [b.name, W])]);
  const scratch: { name: string; floats: number; free: number }[] = [];
  for (const [b, [first, last]] of [...life].sort((a, c) => a[1][0] - c[1][0])) {
    const floats = decls.get(b)!.len * widthOf(decls.get(b)!);
    let s = scratch.find((a) => a.floats === floats && a.free < first);
    if (!s) scratch.push((s = { name: `S${scratch.length}`, floats, free: -1 }));
    s.free = last;
    array.set(b, s.name);
  }
  return { storage, skip, scaleOf, array, scratch, zeroBefore };
}

/** The program's one batched input, one output and at most one shared input, or why the cpu kernel contract does not fit it. */
function contract(p: StageProgram): string | undefined {
  const batched = p.inputs.filter((b) => !b.shared), shared = p.inputs.filter((b) => b.shared);
  if (batched.length !== 1 || p.outputs.length !== 1 || shared.length > 1) return `a cpu stage kernel has one batched input, one output and at most one shared input (got ${batched.length}, ${p.outputs.length}, ${shared.length})`;
  return undefined;
}

/** The source of the kernel factory rendering program `p` for data of the given precision. */
export function stageKernelSource(p: StageProgram, precision: Precision, opts: RenderOptions = {}): string {
  const problems = [...checkProgram(p), ...[contract(p)].filter((s): s is string => s !== undefined)];
  if (problems.length) throw new Error(`internal: the cpu cannot render this stage program: ${problems.join("; ")}`);
  const decls = new Map([...p.inputs, ...p.outputs, ...p.temps].map((b) => [b.name, b]));
  const L = layout(p, decls);
  const input = p.inputs.find((b) => !b.shared)!, output = p.outputs[0], hasW = p.inputs.some((b) => b.shared);
  const offOf: Record<string, string> = { [X]: "xo", [Y]: "yo" };
  const loc = (name: string): Loc => {
    const arr = L.array.get(L.storage.get(name)!)!;
    return { arr, off: offOf[arr] ?? "0", w: widthOf(decls.get(name)!), caller: arr === X || arr === Y || arr === W };
  };
  // tables, each once
  const body: string[] = [];
  const tableIds = new Map<string, string>();
  let decoder = false;
  const rebuilt = loadTimeTables(p);
  const table = (name: string, index: boolean): string => {
    let id = tableIds.get(name);
    if (id) return id;
    tableIds.set(name, (id = `tab${tableIds.size}`)); // not T…: the module's own tables are T0, T1, …
    const data = p.tables[name];
    let expr = rebuilt.get(name) ?? opts.table?.(name, data, index);
    if (expr === undefined) {
      if (data.length <= 64) expr = `new ${index ? "Int32Array" : "Float64Array"}([${Array.from(data, num).join(", ")}])`;
      else {
        decoder = true;
        expr = `new ${index ? "Int32Array" : "Float64Array"}(${BASE64_DECODE}(${JSON.stringify(toBase64(index ? Int32Array.from(data) : data))}).buffer)`;
      }
    }
    body.push(`  const ${id} = ${expr}; // ${JSON.stringify(name)}`);
    return id;
  };
  const indexOps = new Set<StageOp>(["gather", "place"]);
  const fns: string[] = [], calls: string[] = [];
  p.stages.forEach((st, i) => {
    for (const b of L.zeroBefore.get(i) ?? []) {
      const arr = L.array.get(b)!, floats = decls.get(b)!.len * widthOf(decls.get(b)!);
      calls.push(arr === Y ? `y.fill(0, yo, yo + ${floats});` : `${arr}.fill(0);`);
    }
    if (L.skip.has(i)) return;
    const c: Ctx = { src: st.src.map(loc), dst: loc(st.dst), table: (t) => table(t, indexOps.has(st.op)), scale: L.scaleOf.get(i) ?? 1 };
    const lines = renderStage(st, c);
    const params = [...new Set([...c.src, c.dst].map((l) => l.arr))].filter((a) => a === X || a === Y || a === W).flatMap((a) => (a === W ? [W] : [a, offOf[a]]));
    fns.push(`  // ${st.op} ${st.src.join(", ")} -> ${st.dst}${c.scale !== 1 ? `, scaled by ${num(c.scale)}` : ""}`, `  function s${i}(${params.join(", ")}) {`, ...lines.map((s) => `    ${s}`), "  }");
    calls.push(`s${i}(${params.join(", ")});`);
  });
  const scratch = L.scratch.map((s) => `  const ${s.name} = new Float64Array(${s.floats});`);
  const inFloats = input.len * widthOf(input), outFloats = output.len * widthOf(output);
  return [
    "function makeKernel() {",
    `  "use strict";`,
    `  // ${opts.title ?? "stage program"}, ${precision}: ${p.stages.length} stages`,
    ...(decoder ? [BASE64_DECODER.replace(/^/gm, "  ")] : []),
    ...(rebuilt.size ? [TRIG_JS] : []),
    ...body,
    ...scratch,
    ...fns,
    `  return function run(${hasW ? "W, " : ""}x, xo, y, yo, batch) {`,
    `    if (batch === undefined) batch = 1;`,
    `    for (let b = 0; b < batch; b++, xo += ${inFloats}, yo += ${outFloats}) {`,
    ...calls.map((s) => `      ${s}`),
    "    }",
    "  };",
    "}",
  ].join("\n");
}

function renderStage(st: StageInstr, c: Ctx): string[] {
  const r = RENDER[st.op] as Render<StageOp> | Unsupported;
  if ("unsupported" in r) throw new Error(`internal: the cpu renders no '${st.op}' stage: ${r.unsupported}`);
  return r(st as StageInstrOf<StageOp>, c);
}
