// The cpu backend's stage renderer: a stage program (src/ir/stages.ts; what the `lower` pass
// records on the ops the schedule lists) as the JavaScript text of a kernel factory,
//   function makeKernel() { …; return function run(W, .., x, xo, .., y, yo, .., batch) { … }; }
// the contract of every kernel the cpu generator calls: the shared weights first (one array each,
// in the program's input order), then each batched input and each output as an array and the
// float offset of its first vector; `batch` vectors, one after another. The common case, one
// input and one output, is `run(x, xo, y, yo, batch)` (`run(W, x, xo, y, yo, batch)` with
// weights). Complex buffers are interleaved (re, im); the data is Float64Array (f64) or
// Float32Array (f32), while temporaries and tables are float64 whatever the precision, so f32
// rounds only on input and output. With `rows: "real"` a complex program whose every stage maps
// real data to real data (realRowsProblem) runs on real rows, every buffer one float an element.
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
import type { Unsupported } from "../backend.js";
import { passLines } from "./stagepass.js";

export type Precision = "f64" | "f32";

export interface RenderOptions {
  /** An expression for a table (a Float64Array, or an Int32Array for an index table) defined outside the factory, or undefined to embed it. */
  table?(name: string, data: Float64Array, index: boolean): string | undefined;
  /** A comment line naming the kernel. */
  title?: string;
  /** "real": the complex program run on real rows (every buffer real; see realRowsProblem). */
  rows?: "real";
  /**
   * The identifier of a kernel run(x, xo, y, yo, batch) computing `segment`, a chain of Fourier
   * stages (a complex FFT) between two of this kernel's float64 scratch buffers, or undefined to
   * render the chain here: how a backend built on this one runs the FFT inside a larger program
   * (a DCT's) in its own kernels.
   */
  fourier?(segment: StageProgram): string | undefined;
}

/**
 * The chains of Fourier passes (stockham, codelet) of a program that run as one sub-program: each
 * on one vector (no batch geometry), reading the previous one's result, from a temporary to a
 * temporary (the first stage's source, the last one's destination), the buffers between them
 * used by the chain alone. Stage index of the chain's first -> its last.
 */
function fourierChains(p: StageProgram): Map<number, number> {
  const temps = new Set(p.temps.map((b) => b.name)), chains = new Map<number, number>();
  const isPass = (i: number) => {
    const st = p.stages[i];
    return st !== undefined && (st.op === "stockham" || st.op === "codelet") && st.geom.outer === 1 && st.geom.inner === 1 && temps.has(st.src[0]) && temps.has(st.dst);
  };
  const usedOutside = (name: string, lo: number, hi: number) => p.stages.some((st, k) => (k < lo || k > hi) && (st.dst === name || st.src.includes(name)));
  for (let i = 0; i < p.stages.length; i++) {
    if (!isPass(i)) continue;
    let j = i;
    while (isPass(j + 1) && p.stages[j + 1].src[0] === p.stages[j].dst && !usedOutside(p.stages[j].dst, i, j + 1)) j++;
    if (p.stages[i].src[0] !== p.stages[j].dst) chains.set(i, j);
    i = j;
  }
  return chains;
}

/** The last stage of the Fourier chain starting at stage i. */
const fourierEnd = (p: StageProgram, i: number): number => fourierChains(p).get(i)!;

/** The sub-program of a chain of Fourier stages i..j. */
function segmentOf(p: StageProgram, i: number, j: number): StageProgram {
  const stages = p.stages.slice(i, j + 1), decl = (name: string) => p.temps.find((b) => b.name === name)!;
  const x = stages[0].src[0], y = stages[stages.length - 1].dst;
  const names = new Set(stages.flatMap((st) => [st.src[0], st.dst]));
  const tables = Object.fromEntries(stages.flatMap((st) => (st.op === "stockham" && st.arg.twiddles ? [[st.arg.twiddles, p.tables[st.arg.twiddles]]] : [])));
  return { inputs: [decl(x)], outputs: [decl(y)], temps: [...names].filter((b) => b !== x && b !== y).map(decl), tables, stages };
}

/** Where a stage operand lives for the current vector: an array, the float offset of its element 0, floats per element. */
interface Loc {
  readonly arr: string;
  readonly off: string;
  readonly w: 1 | 2;
  /** A caller's array (an input, output or weights: a parameter of the stage's function) rather than the kernel's scratch. */
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
    // real rows: the table is real (realRowsProblem)
    if (x.w === 1) return perLine(g, [[x, g.n], [y, g.n]], ([xb, yb]) => [`for (let k = 0; k < ${g.n}; k++) ${y.arr}[${yb} + ${g.inner} * k] = ${x.arr}[${xb} + ${g.inner} * k] * ${t}[2 * k];`]);
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
  matmul: (st, { src: [x, W], dst: y }) => matmul(st, x, W, y),
  butterfly_pass: (st, { src: [x, W], dst: y }) => {
    const g = st.geom, u = x.w * g.inner, { s, factor } = st.arg, n = g.n, ww = W.w;
    // the 2x2 block of pair q: entries (a c; d e), complex when the weights are
    const wq = `${at(W, `${4 * ww * factor * (n / 2)} + ${4 * ww} * (bb * ${s} + q)`)}`;
    if (x.w === 1) // real rows, real weights (realRowsProblem)
      return perLine(g, [[x, n], [y, n]], ([xb, yb]) => [
        `for (let bb = 0; bb < ${n / (2 * s)}; bb++) for (let q = 0; q < ${s}; q++) {`,
        `  const t = ${wq}, k0 = ${u} * (${2 * s} * bb + q), i0 = ${yb} + k0, i1 = i0 + ${u * s}, j0 = ${xb} + k0, j1 = j0 + ${u * s};`,
        `  const u = ${x.arr}[j0], v = ${x.arr}[j1];`,
        `  ${y.arr}[i0] = ${W.arr}[t] * u + ${W.arr}[t + 1] * v; ${y.arr}[i1] = ${W.arr}[t + 2] * u + ${W.arr}[t + 3] * v;`,
        "}",
      ]);
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

/**
 * y[b·rows + o] = Σ_i W[b, o, i] x[b·cols + i] on every line. Along the last axis (inner = 1) a dot
 * product per output entry; along an inner axis, the axis' `inner` lines at once, each weight
 * read once and applied to a run of inner consecutive elements (a kron factor's axis).
 * Complex x by real weights scales both parts; real rows have real weights (realRowsProblem).
 */
function matmul(st: StageInstrOf<"matmul">, x: Loc, W: Loc, y: Loc): string[] {
  const g = st.geom, I = g.inner, { blocks, rows, cols } = st.arg, [sb, so, si] = st.arg.strides ?? [rows * cols, cols, 1], ww = W.w, w = x.w;
  const wAt = (i: string) => `${W.arr}[${at(W, `wb + ${ww * si} * ${i}`)}]`;
  const head = (xb: string, yb: string) => `const wb = ${ww * sb} * b + ${ww * so} * o, xs = ${xb} + ${w * I * cols} * b, yr = ${yb} + ${w * I} * (b * ${rows} + o);`;
  const loops = `for (let b = 0; b < ${blocks}; b++) for (let o = 0; o < ${rows}; o++) {`;
  if (I === 1) {
    const dot = w === 1
      ? [`  let s = 0;`, `  for (let i = 0; i < ${cols}; i++) s += ${wAt("i")} * ${x.arr}[xs + i];`, `  ${y.arr}[yr] = s;`]
      : ww === 1
        ? [`  let sr = 0, sm = 0;`, `  for (let i = 0; i < ${cols}; i++) { const c = ${wAt("i")}, k = xs + 2 * i; sr += c * ${x.arr}[k]; sm += c * ${x.arr}[k + 1]; }`, `  ${y.arr}[yr] = sr; ${y.arr}[yr + 1] = sm;`]
        : [`  let sr = 0, sm = 0;`, `  for (let i = 0; i < ${cols}; i++) {`,
           `    const q = ${at(W, `wb + ${2 * si} * i`)}, cr = ${W.arr}[q], cm = ${W.arr}[q + 1], k = xs + 2 * i, xr = ${x.arr}[k], xm = ${x.arr}[k + 1];`,
           `    sr += cr * xr - cm * xm; sm += cr * xm + cm * xr;`, "  }", `  ${y.arr}[yr] = sr; ${y.arr}[yr + 1] = sm;`];
    return perLine(g, [[x, g.n], [y, blocks * rows]], ([xb, yb]) => [loops, `  ${head(xb, yb)}`, ...dot, "}"]);
  }
  // the lines of one outer index together: y's run of w·I floats accumulates each weight times x's
  const run = w * I;
  const axpy = ww === 1
    ? [`    const c = ${wAt("i")}, k = xs + ${run} * i;`, `    for (let j = 0; j < ${run}; j++) ${y.arr}[yr + j] += c * ${x.arr}[k + j];`]
    : [`    const q = ${at(W, `wb + ${2 * si} * i`)}, cr = ${W.arr}[q], cm = ${W.arr}[q + 1], k = xs + ${run} * i;`,
       `    for (let j = 0; j < ${run}; j += 2) { const xr = ${x.arr}[k + j], xm = ${x.arr}[k + j + 1]; ${y.arr}[yr + j] += cr * xr - cm * xm; ${y.arr}[yr + j + 1] += cr * xm + cm * xr; }`];
  const outer = { ...g, inner: 1 };
  return perLine(outer, [[x, g.n * I], [y, blocks * rows * I]], ([xb, yb]) => [
    loops, `  ${head(xb, yb)}`, `  for (let j = 0; j < ${run}; j++) ${y.arr}[yr + j] = 0;`, `  for (let i = 0; i < ${cols}; i++) {`, ...axpy, "  }", "}"]);
}

/** A Stockham pass (a codelet: one pass of radix n) on every line. */
function fourier(g: Geom, c: Ctx, p: { r: number; s: number; m: number }, sign: 1 | -1, tw: string | undefined): string[] {
  const { src: [x], dst: y } = c;
  return perLine(g, [[x, g.n], [y, g.n]], ([xb, yb]) =>
    passLines(p, 2 * g.inner, { name: x.arr, off: xb, caller: x.caller }, { name: y.arr, off: yb, caller: y.caller }, sign, tw, c.scale, ""));
}

/** An exact JavaScript literal of a double. */
const num = (v: number): string => (Object.is(v, -0) ? "-0" : Number.isFinite(v) ? String(v) : Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");

const FOLDS_SCALE = new Set<StageOp>(["codelet", "stockham", "real_split", "real_join"]);

/** The kernel's caller arrays: batched inputs x, x1, ..; outputs y, y1, ..; shared weights W, W1, .. (offsets: the array's name and "o"). */
const callerName = (base: string, k: number) => (k === 0 ? base : `${base}${k}`);

/** What a rendering needs to know of a program's buffers: which array each lives in, dtype widths, reuse of scratch. */
interface Layout {
  /** Buffer name -> the buffer whose storage it uses (itself unless a view). */
  readonly storage: Map<string, string>;
  /** Stages dropped (views) and scales folded into the stage before them. */
  readonly skip: Set<number>;
  readonly scaleOf: Map<number, number>;
  /** Storage buffer -> array name (a caller's array or a scratch Sk) and scratch arrays' float sizes. */
  readonly array: Map<string, string>;
  readonly scratch: { name: string; floats: number }[];
  /** Stages before which a storage buffer is zeroed. */
  readonly zeroBefore: Map<number, string[]>;
}

export const widthOf = (b: BufDecl): 1 | 2 => (b.dtype === "complex" ? 2 : 1);

/** The caller arrays of a program: buffer name -> array, and which hold weights (no offset, not batched). */
function callers(p: StageProgram): { array: Map<string, string>; weights: Set<string> } {
  const batched = p.inputs.filter((b) => !b.shared), shared = p.inputs.filter((b) => b.shared);
  const array = new Map<string, string>([
    ...batched.map((b, k): [string, string] => [b.name, callerName("x", k)]),
    ...p.outputs.map((b, k): [string, string] => [b.name, callerName("y", k)]),
    ...shared.map((b, k): [string, string] => [b.name, callerName("W", k)]),
  ]);
  return { array, weights: new Set(shared.map((_, k) => callerName("W", k))) };
}

/** `gone`: stages not rendered (the inside of a chain run as one call); `opaque`: stages rendered as such a call (no scale folds into them). */
function layout(p: StageProgram, decls: Map<string, BufDecl>, width: (b: BufDecl) => 1 | 2, gone: ReadonlySet<number>, opaque: ReadonlySet<number>): Layout {
  const inputs = new Set(p.inputs.filter((b) => !b.shared).map((b) => b.name)), outputs = new Set(p.outputs.map((b) => b.name)), temps = new Set(p.temps.map((b) => b.name));
  const storage = new Map<string, string>([...decls.keys()].map((k) => [k, k]));
  const skip = new Set<number>(gone);
  const writers = (name: string) => p.stages.flatMap((st, i) => (st.dst === name ? [i] : []));
  const readers = (name: string) => p.stages.flatMap((st, i) => (st.src.includes(name) ? [i] : []));
  p.stages.forEach((st, i) => {
    if (st.geom.inner !== 1) return;
    // a view of an input's reals as complex pairs: the temporary is written by this stage alone
    if (st.op === "as_complex" && inputs.has(st.src[0]) && temps.has(st.dst) && writers(st.dst).length === 1) (storage.set(st.dst, st.src[0]), skip.add(i));
    // the complex result written straight into an output: nothing else reads it, nothing touched the output before
    if (st.op === "as_real" && temps.has(st.src[0]) && outputs.has(st.dst) && readers(st.src[0]).length === 1 && [...writers(st.dst), ...readers(st.dst)].every((k) => k >= i))
      (storage.set(st.src[0], st.dst), skip.add(i));
  });
  const root = (name: string) => storage.get(name)!;
  const floats = (name: string) => decls.get(name)!.len * width(decls.get(name)!);
  // scales folded into the Fourier stage (kept) just before them, when it wrote the whole buffer they scale
  const scaleOf = new Map<number, number>();
  let prev = -1;
  p.stages.forEach((st, i) => {
    if (skip.has(i)) return;
    const before = prev >= 0 ? p.stages[prev] : undefined;
    if (st.op === "scale" && before && FOLDS_SCALE.has(before.op) && !opaque.has(prev) && !scaleOf.has(prev) && root(st.src[0]) === root(st.dst) && root(before.dst) === root(st.dst) && floats(before.dst) === floats(st.dst)) {
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
  const array = callers(p).array;
  const scratch: { name: string; floats: number; free: number }[] = [];
  for (const [b, [first, last]] of [...life].sort((a, c) => a[1][0] - c[1][0])) {
    const size = floats(b);
    let s = scratch.find((a) => a.floats === size && a.free < first);
    if (!s) scratch.push((s = { name: `S${scratch.length}`, floats: size, free: -1 }));
    s.free = last;
    array.set(b, s.name);
  }
  return { storage, skip, scaleOf, array, scratch, zeroBefore };
}

/** Stage ops that map real data to real data as they are (the real rows of a complex program). */
const REAL_SAFE = new Set<StageOp>(["gather", "place", "window", "transpose", "scale", "add", "wht_pass", "matmul", "butterfly_pass", "mul"]);

/**
 * Why the complex program `p` cannot run on real rows (undefined: it can): every stage must map
 * real data to real data as it stands (data movement, sums, scales, products by real weights or
 * real tables), so that its result on real rows is the program's own.
 */
export function realRowsProblem(p: StageProgram): string | undefined {
  const complexWeights = p.inputs.filter((b) => b.shared && b.dtype === "complex");
  if (complexWeights.length) return `complex weights ${complexWeights.map((b) => b.name).join(", ")}`;
  for (const st of p.stages) {
    if (!REAL_SAFE.has(st.op)) return `a ${st.op} stage`;
    if (st.op === "mul" && p.tables[st.arg.table].some((v, k) => k % 2 === 1 && v !== 0)) return `a product by the complex table '${st.arg.table}'`;
  }
  return undefined;
}

/** The source of the kernel factory rendering program `p` for data of the given precision. */
export function stageKernelSource(p: StageProgram, precision: Precision, opts: RenderOptions = {}): string {
  const problems = [...checkProgram(p), ...(opts.rows === "real" ? [realRowsProblem(p)] : []).filter((s): s is string => s !== undefined)];
  if (problems.length) throw new Error(`internal: the cpu cannot render this stage program${opts.rows ? " on real rows" : ""}: ${problems.join("; ")}`);
  const width = opts.rows === "real" ? () => 1 as const : widthOf;
  const decls = new Map([...p.inputs, ...p.outputs, ...p.temps].map((b) => [b.name, b]));
  // chains of Fourier passes a backend built on this one runs in its own kernel: the chain's first
  // stage becomes the call (reading the chain's source, writing its result), the others go
  const chainCalls = new Map<number, string>(), gone = new Set<number>();
  if (opts.fourier)
    for (const [a, b] of fourierChains(p)) {
      const id = opts.fourier(segmentOf(p, a, b));
      if (id === undefined) continue;
      chainCalls.set(a, id);
      for (let k = a + 1; k <= b; k++) gone.add(k);
    }
  const p1: StageProgram = chainCalls.size ? { ...p, stages: p.stages.map((st, i) => (chainCalls.has(i) ? { ...st, dst: p.stages[fourierEnd(p, i)].dst } : st)) } : p;
  const L = layout(p1, decls, width, gone, new Set(chainCalls.keys()));
  const { array: callerArrays, weights } = callers(p);
  const caller = new Set(callerArrays.values());
  const offOf = (arr: string) => (caller.has(arr) && !weights.has(arr) ? `${arr}o` : "0");
  const loc = (name: string): Loc => {
    const arr = L.array.get(L.storage.get(name)!)!;
    return { arr, off: offOf(arr), w: width(decls.get(name)!), caller: caller.has(arr) };
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
      const arr = L.array.get(b)!, floats = decls.get(b)!.len * width(decls.get(b)!);
      calls.push(caller.has(arr) ? `${arr}.fill(0, ${offOf(arr)}, ${offOf(arr)} + ${floats});` : `${arr}.fill(0);`);
    }
    if (L.skip.has(i)) return;
    const st1 = p1.stages[i];
    const c: Ctx = { src: st1.src.map(loc), dst: loc(st1.dst), table: (t) => table(t, indexOps.has(st.op)), scale: L.scaleOf.get(i) ?? 1 };
    const call = chainCalls.get(i);
    const lines = call ? [`${call}(${c.src[0].arr}, ${c.src[0].off}, ${c.dst.arr}, ${c.dst.off}, 1);`] : renderStage(st, c);
    const params = [...new Set([...c.src, c.dst].map((l) => l.arr))].filter((a) => caller.has(a)).flatMap((a) => (weights.has(a) ? [a] : [a, offOf(a)]));
    fns.push(`  // ${call ? `${st.op} .. ${p.stages[fourierEnd(p, i)].op} as ${call}:` : st.op} ${st.src.join(", ")} -> ${st1.dst}${c.scale !== 1 ? `, scaled by ${num(c.scale)}` : ""}`, `  function s${i}(${params.join(", ")}) {`, ...lines.map((s) => `    ${s}`), "  }");
    calls.push(`s${i}(${params.join(", ")});`);
  });
  const scratch = L.scratch.map((s) => `  const ${s.name} = new Float64Array(${s.floats});`);
  const batched = [...p.inputs.filter((b) => !b.shared), ...p.outputs].map((b) => ({ arr: callerArrays.get(b.name)!, floats: b.len * width(b) }));
  const args = [...weights, ...batched.flatMap(({ arr }) => [arr, `${arr}o`]), "batch"];
  return [
    "function makeKernel() {",
    `  "use strict";`,
    `  // ${opts.title ?? "stage program"}, ${precision}${opts.rows ? ", real rows" : ""}: ${p.stages.length} stages`,
    ...(decoder ? [BASE64_DECODER.replace(/^/gm, "  ")] : []),
    ...(rebuilt.size ? [TRIG_JS] : []),
    ...body,
    ...scratch,
    ...fns,
    `  return function run(${args.join(", ")}) {`,
    `    if (batch === undefined) batch = 1;`,
    `    for (let b = 0; b < batch; b++${batched.map(({ arr, floats }) => `, ${arr}o += ${floats}`).join("")}) {`,
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
