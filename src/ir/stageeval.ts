// The stage interpreter: the float64 meaning of every stage op (stages.ts), the definition each
// backend's rendering of a stage is checked against, and how the tests check the lowering
// (src/passes/lower) against the kernel ops' own meanings (ops/*.ts). Plain loops over
// complex128 lines, written to be read, not to be fast.
//
// A stage reads each line along its axis (a fixed outer index o and inner index j) whole before
// it writes that line, so a stage the registry marks in-place may write its own source.
import { type BufDecl, type Geom, type StageInstr, type StageInstrOf, type StageOp, type StageProgram, checkProgram, outLength } from "./stages.js";
import { twiddle } from "./ops/fourier.js";

/** A buffer's values, real and imaginary planes apart (a real buffer's im stays 0). */
export type StageBuf = { readonly re: Float64Array; readonly im: Float64Array };
/** The batch geometry a program runs for: each stage acts `outer` and `inner` times more. */
export type RunGeom = { readonly outer: number; readonly inner: number };

type Line = { re: Float64Array; im: Float64Array };
type Tables = StageProgram["tables"];
/** The new destination line of a stage from its source lines (shared sources whole) and the old destination line. */
type LineOp<K extends StageOp> = (st: StageInstrOf<K>, x: Line[], old: Line, t: Tables) => Line;

const line = (n: number): Line => ({ re: new Float64Array(n), im: new Float64Array(n) });
const map = (n: number, f: (k: number) => [number, number]): Line => {
  const y = line(n);
  for (let k = 0; k < n; k++) [y.re[k], y.im[k]] = f(k);
  return y;
};
/** Complex entry k of an interleaved table. */
const entry = (t: Float64Array, k: number): [number, number] => [t[2 * k], t[2 * k + 1]];
const cmul = (ar: number, ai: number, br: number, bi: number): [number, number] => [ar * br - ai * bi, ar * bi + ai * br];

/** ω^e = e^{sign·2πie/n} for e < n, by `twiddle` (kept for the last few n: every line of a stage reuses them). */
const rootsCache = new Map<string, [number, number][]>();
function roots(n: number, sign: number): [number, number][] {
  const key = `${n}:${sign}`;
  let w = rootsCache.get(key);
  if (!w) {
    if (rootsCache.size > 16) rootsCache.delete(rootsCache.keys().next().value!);
    rootsCache.set(key, (w = Array.from({ length: n }, (_, e) => twiddle(e, n, sign))));
  }
  return w;
}

const LINE_OPS: { readonly [K in StageOp]: LineOp<K> } = {
  cast: (st, [x]) => map(x.re.length, (k) => [x.re[k], st.arg.to === "complex" ? x.im[k] : 0]),
  as_complex: (_st, [x]) => map(x.re.length / 2, (k) => [x.re[2 * k], x.re[2 * k + 1]]),
  as_real: (_st, [x]) => map(2 * x.re.length, (k) => [k % 2 ? x.im[k >> 1] : x.re[k >> 1], 0]),
  gather: (st, [x], _old, t) => {
    const idx = t[st.arg.index], c = st.arg.conj ? -1 : 1;
    return map(st.arg.m, (k) => (idx[k] < 0 ? [0, 0] : [x.re[idx[k]], c * x.im[idx[k]]]));
  },
  place: (st, [x], old, t) => {
    const idx = t[st.arg.index], y = { re: Float64Array.from(old.re), im: Float64Array.from(old.im) };
    for (let k = 0; k < idx.length; k++) (y.re[idx[k]] = x.re[k]), (y.im[idx[k]] = x.im[k]);
    return y;
  },
  window: (st, [x]) => map(st.arg.m, (k) => {
    const i = k + st.arg.offset;
    return i >= 0 && i < x.re.length ? [x.re[i], x.im[i]] : [0, 0];
  }),
  transpose: (st, [x]) => {
    const { a, b } = st.arg, y = line(a * b);
    for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) (y.re[j * a + i] = x.re[i * b + j]), (y.im[j * a + i] = x.im[i * b + j]);
    return y;
  },
  scale: (st, [x]) => map(x.re.length, (k) => [st.arg.s * x.re[k], st.arg.s * x.im[k]]),
  mul: (st, [x], _old, t) => {
    const tab = t[st.arg.table], c = st.arg.conj ? -1 : 1;
    return map(x.re.length, (k) => cmul(x.re[k], x.im[k], tab[2 * k], c * tab[2 * k + 1]));
  },
  add: (_st, [x, z]) => map(x.re.length, (k) => [x.re[k] + z.re[k], x.im[k] + z.im[k]]),
  codelet: (st, [x]) => {
    const n = x.re.length, w = roots(n, st.arg.sign);
    return map(n, (k) => {
      let sr = 0, si = 0;
      for (let j = 0; j < n; j++) {
        const [p, q] = cmul(x.re[j], x.im[j], ...w[(j * k) % n]);
        (sr += p), (si += q);
      }
      return [sr, si];
    });
  },
  stockham: (st, [x], _old, t) => {
    const { r, s, sign, twiddles } = st.arg, n = x.re.length, m = n / (r * s), y = line(n), wr = roots(r, sign);
    for (let p = 0; p < m; p++)
      for (let q = 0; q < s; q++)
        for (let j = 0; j < r; j++) {
          let sr = 0, si = 0;
          for (let k = 0; k < r; k++) {
            const i = q + s * (p + k * m);
            const [a, b] = cmul(x.re[i], x.im[i], ...wr[(j * k) % r]);
            (sr += a), (si += b);
          }
          const w = twiddles === undefined ? ([1, 0] as [number, number]) : entry(t[twiddles], p * r + j);
          [y.re[q + s * (r * p + j)], y.im[q + s * (r * p + j)]] = cmul(sr, si, ...w);
        }
    return y;
  },
  real_split: (st, [z], _old, t) => {
    const h = z.re.length, w = t[st.arg.twiddles];
    return map(h + 1, (k) => {
      // halves of Z_k and conj Z_{h-k}, halved before adding: parts near the largest double do not overflow a finite X_k
      const ar = z.re[k % h] / 2, ai = z.im[k % h] / 2, br = z.re[(h - k) % h] / 2, bi = -z.im[(h - k) % h] / 2;
      const [or, oi] = cmul(ai - bi, br - ar, ...entry(w, k)); // w_k (Z_k - conj Z_{h-k}) / 2i
      return [ar + br + or, ai + bi + oi];
    });
  },
  real_join: (st, [x], _old, t) => {
    const h = x.re.length - 1, v = t[st.arg.twiddles];
    const im = (k: number) => (k === 0 || k === h ? 0 : x.im[k]); // the edge bins' imaginary parts are ignored
    return map(h, (k) => {
      // from the halves of X_k and conj X_{h-k}: a finite Z_k never overflows on the way
      const ar = x.re[k] / 2, ai = im(k) / 2, br = x.re[h - k] / 2, bi = -im(h - k) / 2;
      const [er, ei] = cmul(ar - br, ai - bi, ...entry(v, k)); // v_k (X_k - conj X_{h-k}) / 2
      return [ar + br - ei, ai + bi + er]; // ... + i (er + i ei)
    });
  },
  wht_pass: (st, [x]) => {
    const s = st.arg.s, n = x.re.length, y = line(n);
    for (let b = 0; b < n / (2 * s); b++)
      for (let j = 0; j < s; j++) {
        const i0 = 2 * s * b + j, i1 = i0 + s;
        (y.re[i0] = x.re[i0] + x.re[i1]), (y.im[i0] = x.im[i0] + x.im[i1]);
        (y.re[i1] = x.re[i0] - x.re[i1]), (y.im[i1] = x.im[i0] - x.im[i1]);
      }
    return y;
  },
  butterfly_pass: (st, [x, w]) => {
    const { s, factor } = st.arg, n = x.re.length, y = line(n);
    for (let b = 0; b < n / (2 * s); b++)
      for (let j = 0; j < s; j++) {
        const i0 = 2 * s * b + j, i1 = i0 + s, at = 4 * (factor * (n / 2) + b * s + j);
        const m = (e: number, i: number) => cmul(w.re[at + e], w.im[at + e], x.re[i], x.im[i]);
        const [a, c] = [m(0, i0), m(1, i1)], [d, e] = [m(2, i0), m(3, i1)];
        (y.re[i0] = a[0] + c[0]), (y.im[i0] = a[1] + c[1]);
        (y.re[i1] = d[0] + e[0]), (y.im[i1] = d[1] + e[1]);
      }
    return y;
  },
  matmul: (st, [x, w]) => {
    const { blocks, rows, cols } = st.arg, [sb, so, sc] = st.arg.strides ?? [rows * cols, cols, 1], y = line(blocks * rows);
    for (let b = 0; b < blocks; b++)
      for (let o = 0; o < rows; o++) {
        let sr = 0, si = 0;
        for (let i = 0; i < cols; i++) {
          const at = b * sb + o * so + i * sc;
          const [p, q] = cmul(w.re[at], w.im[at], x.re[b * cols + i], x.im[b * cols + i]);
          (sr += p), (si += q);
        }
        (y.re[b * rows + o] = sr), (y.im[b * rows + o] = si);
      }
    return y;
  },
};

/** Run one stage on whole buffers, along its axis, for the batch geometry `run`. */
export function evalStage(st: StageInstr, bufs: ReadonlyMap<string, StageBuf>, shared: ReadonlySet<string>, tables: Tables, run: RunGeom = { outer: 1, inner: 1 }): void {
  const g: Geom = { outer: st.geom.outer * run.outer, n: st.geom.n, inner: st.geom.inner * run.inner };
  const out = outLength(st);
  const src = st.src.map((s) => bufs.get(s)!), dst = bufs.get(st.dst)!;
  const read = (b: StageBuf, n: number, o: number, j: number): Line => {
    const l = line(n);
    for (let k = 0; k < n; k++) (l.re[k] = b.re[(o * n + k) * g.inner + j]), (l.im[k] = b.im[(o * n + k) * g.inner + j]);
    return l;
  };
  const op = LINE_OPS[st.op] as LineOp<StageOp>;
  for (let o = 0; o < g.outer; o++)
    for (let j = 0; j < g.inner; j++) {
      const xs = src.map((b, i) => (shared.has(st.src[i]) ? b : read(b, g.n, o, j)));
      const y = op(st, xs, read(dst, out, o, j), tables);
      for (let k = 0; k < out; k++) (dst.re[(o * out + k) * g.inner + j] = y.re[k]), (dst.im[(o * out + k) * g.inner + j] = y.im[k]);
    }
}

/** The number of entries a buffer holds for a batch geometry. */
export const bufferSize = (b: BufDecl, run: RunGeom): number => (b.shared ? b.len : run.outer * b.len * run.inner);

/**
 * Evaluate a stage program on its inputs (each of bufferSize entries) for the batch geometry
 * `run`, returning its outputs. The program is checked first (an internal error if unsound).
 */
export function evalStages(p: StageProgram, inputs: Readonly<Record<string, StageBuf>>, run: RunGeom = { outer: 1, inner: 1 }): Record<string, StageBuf> {
  const problems = checkProgram(p);
  if (problems.length) throw new Error(`internal: unsound stage program: ${problems.join("; ")}`);
  const bufs = new Map<string, StageBuf>();
  for (const b of p.inputs) {
    const v = inputs[b.name];
    if (!v || v.re.length !== bufferSize(b, run) || v.im.length !== v.re.length) throw new Error(`internal: input '${b.name}' needs ${bufferSize(b, run)} entries`);
    bufs.set(b.name, v);
  }
  for (const b of [...p.outputs, ...p.temps]) bufs.set(b.name, line(bufferSize(b, run)));
  const shared = new Set(p.inputs.filter((b) => b.shared).map((b) => b.name));
  for (const st of p.stages) evalStage(st, bufs, shared, p.tables, run);
  return Object.fromEntries(p.outputs.map((b) => [b.name, bufs.get(b.name)!]));
}
