// The gpujs renderer of stage programs (src/ir/stages.ts): each stage one GPU.js kernel over
// its geometry times the batch, one float of the destination per thread, as every gpujs kernel
// (kernels.ts: thread t is component c = t % 2 of element e = t / 2). Element e of a stage's
// destination sits at (o, k, ji) with ji = e mod J (J = inner x the batch's inner), k = the
// position along the axis, o = the line's outer index (the batch rows included: o needs no
// bound, so a symbolic batch costs nothing). A source element (o, i, ji) of an axis of L is at
// float 2((o L + i) J + ji). Buffers are complex interleaved, real ones with imaginary parts 0.
//
// The Fourier codelets (codelet, stockham) are the shared DAG generator's (src/codegen/dft.ts)
// unparsed by the JavaScript unparser (codegen/js.ts) with float32 literals, which GPU.js's
// JavaScript subset reads: a thread computes one output, so each output's branch holds only the
// nodes that output needs. Tables are the program's float64 tables, uploaded once per kernel as
// float32 (index tables hold integers, exact). A `scale` of the buffer just written rides on the
// kernel that wrote it.
//
// Error bound of an FFT (float32, u = 2^-24): each output goes through log2 n butterfly levels
// with constants and twiddles rounded once from float64, so relative to the output's largest
// magnitude it stays below 4 u log2 n + 1e-6 (< 1e-5 at n = 65536); Rader and Bluestein run
// three FFTs and table products, about 3x that (test/gpujs/fft.test.ts checks both).
import { type Geom, type StageInstr, type StageInstrOf, type StageOp, type StageProgram, outLength } from "../../ir/index.js";
import { Dag, type C } from "../../codegen/dag.js";
import { dft, range } from "../../codegen/dft.js";
import { jsCodelet } from "../../codegen/js.js";
import type { Unsupported } from "../backend.js";
import { type Arg, type Builder, type Expr, type Val, mulX } from "./builder.js";
import { fill, fl, idiv } from "./kernels.js";

/** Where a stage's kernel runs: its geometry with the batch's inner folded into J, and its destination axis. */
interface Where {
  readonly g: Geom;
  /** Inner count, the batch's included. */
  readonly J: number;
  /** Length of the destination axis. */
  readonly out: number;
}

/**
 * A stage's kernel: the body (defining yr and yi for element (o, k, ji)), and the arguments after
 * its sources: its tables, then (place) the destination's old value. A body alone reads sources only.
 */
type Kernel = string[] | { readonly body: string[]; readonly tables: readonly Float64Array[]; readonly old?: boolean };

/** Renders one stage op: its kernel, reading sources a0, a1 (as many as the op has), then its tables, then the old destination. */
type Render<K extends StageOp> = (st: StageInstrOf<K>, w: Where, tables: StageProgram["tables"]) => Kernel;

/** The float address of element i (an expression) of a source line of L along the stage's axis. */
const at = (w: Where, L: number, i: string): string => (w.J === 1 ? `2.0 * (o * ${fl(L)} + ${i})` : `2.0 * ((o * ${fl(L)} + ${i}) * ${fl(w.J)} + ji)`);
const load = (name: string, arg: string, q: string) => [`const ${name}r = ${arg}[${q}];`, `const ${name}i = ${arg}[${q} + 1.0];`];
const cmul = (p: string, a: [string, string], b: [string, string]) => [`const ${p}r = ${a[0]} * ${b[0]} - ${a[1]} * ${b[1]};`, `const ${p}i = ${a[0]} * ${b[1]} + ${a[1]} * ${b[0]};`];

/**
 * The branches of a codelet, one per output j of `outs` (complex DAG values), selected by the
 * float `sel`: each binds only the nodes its output needs and sets yr, yi.
 */
function branches(sel: string, outs: readonly C[]): string[] {
  const lines = [`let yr = 0.0;`, `let yi = 0.0;`];
  outs.forEach((y, j) => {
    const code = jsCodelet([y.re, y.im], { prefix: `v${j}_`, literal: fl }); // names unique across branches (GPU.js tracks declarations per kernel)
    const test = j === outs.length - 1 ? `` : `if (${sel} < ${fl(j + 0.5)}) `;
    lines.push(`${j ? "else " : ""}${test}{`, ...code.lines, `  yr = ${code.expr(y.re)};`, `  yi = ${code.expr(y.im)};`, `}`);
  });
  return lines;
}

/** The complex loads x0..x(n-1) as DAG values, the lines that bind them from a0 at the given addresses. */
function loads(d: Dag, addrs: readonly string[]): { xs: C[]; lines: string[] } {
  return {
    xs: addrs.map((_, i) => ({ re: d.load(`x${i}r`), im: d.load(`x${i}i`) })),
    lines: addrs.flatMap((q, i) => load(`x${i}`, "a0", q)),
  };
}

/** The inverse of a place's index table on an axis of m: entry i is the k with index[k] = i (the last such), else -1. */
const inverses = new WeakMap<Float64Array, Map<number, Float64Array>>();
function inverseOf(index: Float64Array, m: number): Float64Array {
  const byM = inverses.get(index) ?? new Map<number, Float64Array>();
  inverses.set(index, byM);
  let inv = byM.get(m);
  if (!inv) {
    byM.set(m, (inv = new Float64Array(m).fill(-1)));
    index.forEach((i, k) => (inv![i] = k));
  }
  return inv;
}

/** Whether entry (p r + 0) of a Stockham table is exactly 1 for every p: the j = 0 outputs then need no product. */
const unitFirst = (t: Float64Array, r: number): boolean => {
  for (let i = 0; i < t.length; i += 2 * r) if (t[i] !== 1 || t[i + 1] !== 0) return false;
  return true;
};

export const GPUJS_STAGES: { readonly [K in StageOp]: Render<K> | Unsupported } = {
  cast: (st, w) => [`const q = ${at(w, w.g.n, "k")};`, `const yr = a0[q];`, `const yi = ${st.arg.to === "complex" ? "a0[q + 1.0]" : "0.0"};`],
  as_complex: (_st, w) => [`const yr = a0[${at(w, w.g.n, "2.0 * k")}];`, `const yi = a0[${at(w, w.g.n, "2.0 * k + 1.0")}];`],
  as_real: (_st, w) => [`const h = ${idiv("k", 2)};`, `const yr = a0[${at(w, w.g.n, "h")} + k - 2.0 * h];`, `const yi = 0.0;`],
  gather: (st, w, t) => ({
    tables: [t[st.arg.index]],
    body: [`const v = a1[k];`, `let yr = 0.0;`, `let yi = 0.0;`, `if (v > -0.5) {`, `  const q = ${at(w, w.g.n, "v")};`, `  yr = a0[q];`, `  yi = ${st.arg.conj ? "-" : ""}a0[q + 1.0];`, `}`],
  }),
  // through the inverse of the index table: y_i = x_v for v = inverse[i] >= 0, else the old y_i
  place: (st, w, t) => ({
    tables: [inverseOf(t[st.arg.index], st.arg.m)],
    old: true,
    body: [`const v = a1[k];`, `let yr = 0.0;`, `let yi = 0.0;`, `if (v > -0.5) {`, `  const q = ${at(w, w.g.n, "v")};`, `  yr = a0[q];`, `  yi = a0[q + 1.0];`, `} else {`, `  const q = ${at(w, w.out, "k")};`, `  yr = a2[q];`, `  yi = a2[q + 1.0];`, `}`],
  }),
  window: (st, w) => [
    `const i = k + ${fl(st.arg.offset)};`, `let yr = 0.0;`, `let yi = 0.0;`,
    `if (i > -0.5 && i < ${fl(w.g.n - 0.5)}) {`, `  const q = ${at(w, w.g.n, "i")};`, `  yr = a0[q];`, `  yi = a0[q + 1.0];`, `}`,
  ],
  // y_{jb a + ia} = x_{ia b + jb}
  transpose: (st, w) => [`const jb = ${idiv("k", st.arg.a)};`, `const q = ${at(w, w.g.n, `(k - jb * ${fl(st.arg.a)}) * ${fl(st.arg.b)} + jb`)};`, `const yr = a0[q];`, `const yi = a0[q + 1.0];`],
  scale: (st, w) => [`const q = ${at(w, w.g.n, "k")};`, `const yr = ${fl(st.arg.s)} * a0[q];`, `const yi = ${fl(st.arg.s)} * a0[q + 1.0];`],
  mul: (st, w, t) => ({
    tables: [t[st.arg.table]],
    body: [`const q = ${at(w, w.g.n, "k")};`, `const tr = a1[2.0 * k];`, `const ti = ${st.arg.conj ? "-" : ""}a1[2.0 * k + 1.0];`, ...cmul("y", ["a0[q]", "a0[q + 1.0]"], ["tr", "ti"])],
  }),
  add: (_st, w) => [`const q = ${at(w, w.g.n, "k")};`, `const yr = a0[q] + a1[q];`, `const yi = a0[q + 1.0] + a1[q + 1.0];`],
  codelet: (st, w) => {
    const d = new Dag(), n = w.g.n, x = loads(d, range(n).map((i) => at(w, n, fl(i))));
    return [...x.lines, ...branches("k", dft(d, x.xs, st.arg.sign))];
  },
  // output k = q + s (r p + jr) from x[q + s (p + i m)], i < r; output jr times table entry p r + jr
  stockham: (st, w, tables) => {
    const { r, s, twiddles } = st.arg, n = w.g.n, m = n / (r * s), d = new Dag();
    const x = loads(d, range(r).map((i) => at(w, n, `q + ${fl(s)} * p${i ? ` + ${fl(s * i * m)}` : ""}`)));
    const t = twiddles === undefined ? undefined : tables[twiddles];
    const one = t !== undefined && unitFirst(t, r);
    const tw = { re: d.load("wr"), im: d.load("wi") };
    const ys = dft(d, x.xs, st.arg.sign).map((y, j) => (t === undefined || (j === 0 && one) ? y : d.cmul(y, tw)));
    const body = [`const ks = ${idiv("k", s)};`, `const q = k - ks * ${fl(s)};`, `const p = ${idiv("ks", r)};`, `const jr = ks - p * ${fl(r)};`, ...x.lines];
    // the twiddle of output jr, read once before the branches
    if (t !== undefined) body.push(...load("w", "a1", `2.0 * (p * ${fl(r)} + jr)`));
    return { tables: t === undefined ? [] : [t], body: [...body, ...branches("jr", ys)] };
  },
  // Z of h points to X of h + 1 bins: A = Z_{k mod h}, B = conj Z_{(h-k) mod h}, X = (A + B + w_k (A - B) / i) / 2
  real_split: (st, w, t) => {
    const h = w.g.n;
    return {
      tables: [t[st.arg.twiddles]],
      body: [
        `let ka = k;`, `if (ka > ${fl(h - 0.5)}) { ka -= ${fl(h)}; }`, `let kb = ${fl(h)} - k;`, `if (kb > ${fl(h - 0.5)}) { kb -= ${fl(h)}; }`,
        ...load("a", "a0", at(w, h, "ka")), `const br = a0[${at(w, h, "kb")}];`, `const bi = -a0[${at(w, h, "kb")} + 1.0];`,
        `const wr = a1[2.0 * k];`, `const wi = a1[2.0 * k + 1.0];`,
        ...cmul("p", ["(ai - bi)", "(br - ar)"], ["wr", "wi"]),
        `const yr = 0.5 * (ar + br + pr);`, `const yi = 0.5 * (ai + bi + pi);`,
      ],
    };
  },
  // X of h + 1 bins to Z of h: A = X_k / 2, B = conj X_{h-k} / 2 (the edge bins' imaginary parts ignored), Z = A + B + i v_k (A - B)
  real_join: (st, w, t) => {
    const h = w.g.n - 1;
    return {
      tables: [t[st.arg.twiddles]],
      body: [
        `const keep = k < 0.5 ? 0.0 : 0.5;`,
        `const ar = 0.5 * a0[${at(w, h + 1, "k")}];`, `const ai = keep * a0[${at(w, h + 1, "k")} + 1.0];`,
        `const br = 0.5 * a0[${at(w, h + 1, `${fl(h)} - k`)}];`, `const bi = -keep * a0[${at(w, h + 1, `${fl(h)} - k`)} + 1.0];`,
        `const vr = a1[2.0 * k];`, `const vi = a1[2.0 * k + 1.0];`,
        ...cmul("e", ["(ar - br)", "(ai - bi)"], ["vr", "vi"]),
        `const yr = ar + br - ei;`, `const yi = ai + bi + er;`,
      ],
    };
  },
  // the pair (i0, i0 + s) of block bb: a + b at the first, a - b at the second
  wht_pass: (st, w) => {
    const s = st.arg.s, n = w.g.n;
    return [
      `const bb = ${idiv("k", 2 * s)};`, `const hi = k - bb * ${fl(2 * s)} > ${fl(s - 0.5)} ? 1.0 : 0.0;`, `const i0 = k - hi * ${fl(s)};`,
      `const q0 = ${at(w, n, "i0")};`, `const q1 = ${at(w, n, `i0 + ${fl(s)}`)};`, `const sg = 1.0 - 2.0 * hi;`,
      `const yr = a0[q0] + sg * a0[q1];`, `const yi = a0[q0 + 1.0] + sg * a0[q1 + 1.0];`,
    ];
  },
  // row o of block bb: Σ_i W[bb, o, i] x[bb cols + i], W the shared weights a1 at the strides, a loop over i with a literal bound
  matmul: (st, w) => {
    const { blocks, rows, cols } = st.arg, n = w.g.n;
    const [sb, so, si] = st.arg.strides ?? [rows * cols, cols, 1];
    const bb = blocks === 1 ? [`const bb = 0.0;`, `const ro = k;`] : [`const bb = ${idiv("k", rows)};`, `const ro = k - bb * ${fl(rows)};`];
    return [
      ...bb, `const w0 = bb * ${fl(sb)} + ro * ${fl(so)};`, `const x0 = bb * ${fl(cols)};`,
      `let yr = 0.0;`, `let yi = 0.0;`, `let i = 0.0;`,
      `for (let ii = 0; ii < ${cols}; ii++) {`,
      `  const wq = 2.0 * (w0 + i * ${fl(si)});`, `  const xq = ${at(w, n, "x0 + i")};`,
      ...cmul("p", ["a1[wq]", "a1[wq + 1.0]"], ["a0[xq]", "a0[xq + 1.0]"]).map((l) => `  ${l}`),
      `  yr += pr;`, `  yi += pi;`, `  i += 1.0;`,
      `}`,
    ];
  },
  // the pair (i0, i1 = i0 + s) times the 2x2 block w[factor, bb s + jj] (the shared weights a1), row hi of it
  butterfly_pass: (st, w) => {
    const { s, factor } = st.arg, n = w.g.n;
    return [
      `const bb = ${idiv("k", 2 * s)};`, `const jj = k - bb * ${fl(2 * s)};`, `const hi = jj > ${fl(s - 0.5)} ? 1.0 : 0.0;`, `const i0 = k - hi * ${fl(s)};`,
      `const q0 = ${at(w, n, "i0")};`, `const q1 = ${at(w, n, `i0 + ${fl(s)}`)};`,
      `const tw = 2.0 * (${fl(4 * factor * (n / 2))} + 4.0 * (bb * ${fl(s)} + jj - hi * ${fl(s)}) + 2.0 * hi);`,
      ...cmul("u", ["a1[tw]", "a1[tw + 1.0]"], ["a0[q0]", "a0[q0 + 1.0]"]),
      ...cmul("z", ["a1[tw + 2.0]", "a1[tw + 3.0]"], ["a0[q1]", "a0[q1 + 1.0]"]),
      `const yr = ur + zr;`, `const yi = ui + zi;`,
    ];
  },
};

/** The kernel text: element (o, k, ji) of a destination axis of `out`, J wide, then the body, its result times `scale`. */
function kernelText(w: Where, nargs: number, body: readonly string[], scale: number): string {
  const pos = w.J === 1
    ? [`const o = ${idiv("e", w.out)};`, `const k = e - o * ${fl(w.out)};`]
    : [`const ok = ${idiv("e", w.J)};`, `const ji = e - ok * ${fl(w.J)};`, `const o = ${idiv("ok", w.out)};`, `const k = ok - o * ${fl(w.out)};`];
  const ret = scale === 1 ? `c < 0.5 ? yr : yi` : `c < 0.5 ? ${fl(scale)} * yr : ${fl(scale)} * yi`;
  const args = range(nargs).map((i) => `a${i}`).join(", ");
  return [`function(${args}) {`, `const t = this.thread.x * 1.0;`, `const e = Math.floor(t * 0.5);`, `const c = t - 2.0 * e;`, ...pos, ...body, `return ${ret};`, `}`].join("\n");
}

/** The tables already uploaded into a builder (a program's tables are shared by its stages, and by the programs of equal ops). */
const uploads = new WeakMap<Builder, Map<Float64Array, Arg>>();
function upload(b: Builder, t: Float64Array): Arg {
  const mine = uploads.get(b) ?? new Map<Float64Array, Arg>();
  uploads.set(b, mine);
  let a = mine.get(t);
  if (!a) mine.set(t, (a = b.table(`stages:${mine.size}`, () => t)));
  return a;
}

/** The scale of a `scale` stage that rescales, in place, what `st` has just written (fused into st's kernel). */
const fusedScale = (st: StageInstr, next: StageInstr | undefined): number | undefined =>
  next?.op === "scale" && next.src[0] === st.dst && next.dst === st.dst ? next.arg.s : undefined;

/**
 * Append the kernels of a stage program to the builder, for `rows` vectors (the batch's outer
 * count, symbolic or not) each `inner` wide (1 along a last axis). `inputs`: the device values of
 * the program's inputs (shared ones whole). Returns the slot of each output.
 */
export function renderStages(b: Builder, p: StageProgram, inputs: Readonly<Record<string, Val>>, rows: Expr, inner = 1): Record<string, number> {
  const decls = new Map([...p.inputs, ...p.outputs, ...p.temps].map((d) => [d.name, d]));
  const slots = new Map<string, number>(p.inputs.map((d) => [d.name, inputs[d.name].slot]));
  // a buffer not yet written holds zeros
  const slotOf = (name: string): number => slots.get(name) ?? b.kernel(fill(0), [], rows, decls.get(name)!.len * inner).slot;
  for (let i = 0; i < p.stages.length; i++) {
    const st = p.stages[i], render = GPUJS_STAGES[st.op] as Render<StageOp> | Unsupported;
    if (!(render instanceof Function)) throw new Error(`internal: the gpujs backend renders no '${st.op}' stage: ${render.unsupported}`);
    const w: Where = { g: st.geom, J: st.geom.inner * inner, out: outLength(st) };
    const k = render(st, w, p.tables);
    const { body, tables, old } = Array.isArray(k) ? { body: k, tables: [], old: false } : k;
    const args: Arg[] = [...st.src.map((s) => ({ s: slotOf(s) })), ...tables.map((t) => upload(b, t)), ...(old ? [{ s: slotOf(st.dst) }] : [])];
    const scale = fusedScale(st, p.stages[i + 1]);
    if (scale !== undefined) i++;
    slots.set(st.dst, b.kernel(kernelText(w, args.length, body, scale ?? 1), args, mulX(rows, st.geom.outer), w.out * w.J).slot);
  }
  return Object.fromEntries(p.outputs.map((d) => [d.name, slotOf(d.name)]));
}
