// Stage programs (src/ir/stages.ts, recorded by the `lower` pass) as ONNX nodes: the onnx
// backend's table from stage op to rendering, which tsc checks for completeness. The maths of
// each stage is its meaning in src/ir/stageeval.ts; the choices here are ONNX's only.
//
// Layout (renderer-internal). Inside a rendered program every buffer is a real ONNX tensor with
// the batch last: a complex buffer [2, L, B] (the re and im planes first), a real one [L, B],
// where L is the buffer's per-vector length times the batch's inner count I (a number) and B the
// batch's outer count (a run-time dimension). A stage views its source as [(2,) outer, n, J, B]
// with J = its inner count times I. Batch last makes every Fourier stage a MatMul whose columns
// are the whole batch; planes first make a complex product one real MatMul by a realified
// matrix [[re, -im], [im, re]] over (plane, index):
//   codelet    one MatMul by the realified DFT matrix of the axis;
//   stockham   Transpose to [outer, p, (2, k), rest] + one batched MatMul by m realified r x r
//              matrices (the twiddles w_{p,j} folded into the r-point DFT) + Transpose back; a
//              pass without twiddles (m = 1) is one plain MatMul;
//   matmul     one batched MatMul per plane of the weights, the weights on the right ((x^T W^T)^T);
//   the rest   Gather / Pad / Slice / Concat / Transpose / Mul / Add / Einsum.
// Real data stays real: a cast to complex is the real buffer itself, promoted (imaginary plane
// zero) only by a stage that needs it; a codelet or Stockham pass on a real source multiplies by
// the real-plane half of its realified matrix (half the weights and the work of a first pass).
// Tables are the program's float64 values stored once as initializers in the data precision.
import { type FftRoute, type StageInstrOf, type StageOp, type StageProgram, LincError, checkProgram, twiddle } from "../../ir/index.js";
import { type Unsupported, isUnsupported } from "../backend.js";
import { type GraphBuilder, type Prec, MAX_MODEL_BYTES } from "./graph.js";
import { checkDenseSize } from "./matmul.js";

/** A buffer in the internal layout: [2, L, B] complex, [L, B] real (any reshape of it). */
export interface SBuf {
  readonly name: string;
  readonly complex: boolean;
}

/** How a program renders: the data precision, the batch's inner count, and the choices the compile options make. */
export interface RenderOptions {
  readonly prec: Prec;
  /** The batch's inner count (a number; the outer count B is the run-time last axis); 1 by default. */
  readonly I?: number;
  /** The FFT route the schedule planned with: "dft" renders a direct DFT stage by ONNX's DFT op, the others by a MatMul. */
  readonly route?: FftRoute;
  readonly opset?: number;
  /** The kernel op rendered, for messages. */
  readonly op?: string;
}

interface RCtx extends Required<RenderOptions> {
  readonly g: GraphBuilder;
  readonly tables: StageProgram["tables"];
}

/**
 * One stage as ONNX nodes, from its sources and the destination's current value (undefined: still
 * zeros); `s`: a scale the next stage applies in place, folded into this one's matrix (FOLDS_SCALE).
 */
type Render<K extends StageOp> = (c: RCtx, st: StageInstrOf<K>, src: SBuf[], old: SBuf | undefined, s: number) => SBuf;

/**
 * The stages that fold an in-place `scale` after them into their MatMul weights: one pass less,
 * and onnxruntime's MatMul-scale fusion (a float32 `alpha` attribute) cannot round an f64 scale.
 */
const FOLDS_SCALE: ReadonlySet<StageOp> = new Set(["codelet", "stockham"]);

const planes = (x: SBuf): number[] => (x.complex ? [2] : []);
/** x reshaped to [(2,) ...dims, -1]: -1 is the batch (times whatever trailing extent dims leave out). */
const view = (c: { g: GraphBuilder }, x: SBuf, dims: readonly number[]): string => c.g.op1("Reshape", [x.name, c.g.i64([...planes(x), ...dims, -1])]);
const geom = (c: RCtx, st: { geom: { outer: number; n: number; inner: number } }) => ({ O: st.geom.outer, n: st.geom.n, J: st.geom.inner * c.I });
const cplx = (name: string): SBuf => ({ name, complex: true });
/** Axis of the stage's n in a view [(2,) O, n, ...]. */
const axisN = (x: SBuf) => (x.complex ? 2 : 1);

/** A real buffer as complex (imaginary plane 0): [L, B] -> [2, L, B]. */
export function promoteS(c: { g: GraphBuilder }, x: SBuf): SBuf {
  if (x.complex) return x;
  const u = c.g.op1("Unsqueeze", [view(c, x, [1]), c.g.i64([0])]); // [1, 1, L·B]
  return cplx(c.g.op1("Pad", [u, c.g.i64([0, 0, 0, 1, 0, 0])]));
}

/** The real plane of a complex buffer (a real one is its own). */
export const realS = (c: { g: GraphBuilder }, x: SBuf): SBuf => (x.complex ? { name: c.g.op1("Gather", [view(c, x, [1]), c.g.constant("i64", [], [0n], "re")], { axis: 0 }), complex: false } : x);

/** The conjugate of a complex view (rank r, planes first). */
const conjS = (c: RCtx, x: string, rank: number): string => c.g.op1("Mul", [x, c.g.constant(c.prec, [2, ...Array(rank - 1).fill(1)], [1, -1], "conj")]);

/**
 * x ⊙ t (conj(x) ⊙ t when conjX) for a complex table t of n entries, broadcast as `dims` (without
 * the planes; by default along axis 2 of a rank-5 view [2, O, n, J, B]).
 */
function mulTable(c: RCtx, x: string, re: Float64Array, im: Float64Array, conjX = false, dims0?: readonly number[]): string {
  const n = re.length;
  reserve(c, 4 * n);
  const a = new Float64Array(2 * n), b = new Float64Array(2 * n);
  // x t = x·(tr, tr) + (xi, xr)·(-ti, ti);  conj(x) t = x·(tr, -tr) + (xi, xr)·(ti, ti)
  for (let k = 0; k < n; k++) (a[k] = re[k]), (a[n + k] = conjX ? -re[k] : re[k]), (b[k] = conjX ? im[k] : -im[k]), (b[n + k] = im[k]);
  const dims = [2, ...(dims0 ?? [1, n, 1, 1])];
  const swapped = c.g.op1("Gather", [x, c.g.i64([1, 0], "swap")], { axis: 0 });
  return c.g.op1("Add", [c.g.op1("Mul", [x, c.g.constant(c.prec, dims, a, "tab_re")]), c.g.op1("Mul", [swapped, c.g.constant(c.prec, dims, b, "tab_im")])]);
}

/**
 * Refuse (E0801) initializers of `entries` more values that would take the model past
 * MAX_MODEL_BYTES, before their float64 arrays are allocated (GraphBuilder checks again on adding).
 */
function reserve(c: RCtx, entries: number): void {
  const bytes = entries * (c.prec === "f32" ? 4 : 8);
  if (c.g.initBytes + bytes > MAX_MODEL_BYTES)
    throw new LincError("E0801", `op '${c.op}': the onnx model's tables would reach ${Math.ceil((c.g.initBytes + bytes) / 2 ** 20)} MiB, over the limit of ${MAX_MODEL_BYTES / 2 ** 20} MiB (protobuf cannot encode a model of 2 GiB)`);
}

/** A twiddled Stockham pass folds its twiddles into its m stacked r x r matrices while they hold at most this many values (else a twiddle Mul follows one r x r MatMul). */
const MAX_FOLDED_PASS = 1 << 24;

/** Planes of an interleaved complex table (entries from..from+n). */
function tablePlanes(t: Float64Array, n: number, entry: (k: number) => number = (k) => k): [Float64Array, Float64Array] {
  const re = new Float64Array(n), im = new Float64Array(n);
  for (let k = 0; k < n; k++) (re[k] = t[2 * entry(k)]), (im[k] = t[2 * entry(k) + 1]);
  return [re, im];
}

/**
 * The realified [2r, 2r] matrix of a complex r x r matrix M[j][k] (rows (plane, j), columns
 * (plane, k)), into `w` at `at`; for a real source (`realIn`) its [2r, r] half that reads the real plane.
 */
function realify(r: number, m: (j: number, k: number) => readonly [number, number], w: Float64Array, at = 0, realIn = false): void {
  const cols = realIn ? r : 2 * r;
  for (let j = 0; j < r; j++)
    for (let k = 0; k < r; k++) {
      const [a, b] = m(j, k);
      w[at + j * cols + k] = a;
      w[at + (r + j) * cols + k] = b;
      if (realIn) continue;
      w[at + j * cols + r + k] = -b;
      w[at + (r + j) * cols + r + k] = a;
    }
}

/**
 * s times the DFT of length r along axis n of x viewed as [(2,) O, r, -1]: one MatMul by the
 * realified matrix (its real-plane half for a real x; O > 1: moved to a batch axis around it),
 * refused (E0801) before allocating past the dense limit; or, `byOp` (a codelet on the "dft"
 * route), ONNX's DFT op (its inverse divides by r).
 */
function dftAlong(c: RCtx, x0: SBuf, O: number, r: number, sign: number, s: number, byOp = false): SBuf {
  if (byOp) {
    const t = c.g.op1("Transpose", [view(c, promoteS(c, x0), [O, r])], { perm: [1, 2, 3, 0] }); // [O, r, R, 2]
    const attrs = { inverse: sign > 0 ? 1 : 0, onesided: 0 };
    const y = c.opset >= 20 ? c.g.op1("DFT", [t, "", c.g.constant("i64", [], [1n], "axis")], attrs) : c.g.op1("DFT", [t], { ...attrs, axis: 1 });
    const scaled = c.g.op1("Mul", [y, c.g.scalar(sign > 0 ? s * r : s, c.prec)]);
    return cplx(c.g.op1("Transpose", [scaled], { perm: [3, 0, 1, 2] }));
  }
  const realIn = !x0.complex, ci = realIn ? r : 2 * r;
  checkDenseSize(c.op, r, r, 4 * (c.prec === "f32" ? 4 : 8));
  reserve(c, 2 * r * ci);
  const w = new Float64Array(2 * r * ci);
  realify(r, (j, k) => {
    const [a, b] = twiddle((j * k) % r, r, sign);
    return [s * a, s * b];
  }, w, 0, realIn);
  const W = c.g.constant(c.prec, [2 * r, ci], w, `dft${r}`);
  if (O === 1) return cplx(c.g.op1("MatMul", [W, c.g.op1("Reshape", [x0.name, c.g.i64([ci, -1])])]));
  // [(2,) O, r, R] -> [O, (2,) r, R]: a real x is that already
  const t = realIn ? view(c, x0, [O, r]) : c.g.op1("Reshape", [c.g.op1("Transpose", [view(c, x0, [O, r])], { perm: [1, 0, 2, 3] }), c.g.i64([O, ci, -1])]);
  const y = c.g.op1("Reshape", [c.g.op1("MatMul", [W, t]), c.g.i64([O, 2, r, -1])]);
  return cplx(c.g.op1("Transpose", [y], { perm: [1, 0, 2, 3] }));
}

/** Zero-extend axis `axis` of a view of rank `rank` by `before` and `after` entries. */
const padAxis = (c: RCtx, x: string, rank: number, axis: number, before: number, after: number): string => {
  if (!before && !after) return x;
  const pads = new Array(2 * rank).fill(0);
  (pads[axis] = before), (pads[rank + axis] = after);
  return c.g.op1("Pad", [x, c.g.i64(pads)]);
};

/**
 * A matmul's weight matrices [blocks, rows, cols] from one real plane of its weights (flat): a
 * Reshape where the strides are the default row-major layout, a Reshape and Transpose where they
 * lay out a permutation of it (a transposed or channel-major weight tensor), else one Gather.
 */
function weightsOf(c: RCtx, st: StageInstrOf<"matmul">, flat: string): string {
  const { blocks, rows, cols } = st.arg, [sb, so, si] = st.arg.strides ?? [rows * cols, cols, 1];
  const axes = [{ ext: blocks, s: sb, at: 0 }, { ext: rows, s: so, at: 1 }, { ext: cols, s: si, at: 2 }].filter((a) => a.ext > 1).sort((a, b) => b.s - a.s);
  const dense = axes.every((a, k) => a.s === (k + 1 < axes.length ? axes[k + 1].s * axes[k + 1].ext : 1));
  const shape = c.g.i64([blocks, rows, cols]);
  if (!dense) {
    reserve(c, blocks * rows * cols);
    const idx = Array.from({ length: blocks * rows * cols }, (_, k) => Math.floor(k / (rows * cols)) * sb + (Math.floor(k / cols) % rows) * so + (k % cols) * si);
    return c.g.op1("Reshape", [c.g.op1("Gather", [flat, c.g.i64(idx, "weights")], { axis: 0 }), shape]);
  }
  const reach = axes.reduce((p, a) => p * a.ext, 1);
  const cut = c.g.op1("Slice", [flat, c.g.i64([0]), c.g.i64([reach]), c.g.i64([0])]);
  const order = axes.map((a) => a.at), sorted = [...order].sort();
  const laid = order.every((a, k) => a === sorted[k]) ? cut : c.g.op1("Transpose", [c.g.op1("Reshape", [cut, c.g.i64(axes.map((a) => a.ext))])], { perm: sorted.map((a) => order.indexOf(a)) });
  return c.g.op1("Reshape", [laid, shape]);
}

const STAGE_RENDER: { readonly [K in StageOp]: Render<K> | Unsupported } = {
  // to complex: the real buffer itself, its imaginary plane zero until a stage needs it (real data stays real through
  // the stages that keep it real: data movement, scale, wht_pass, a matmul by real weights)
  cast: (c, st, [x]) => (st.arg.to === "complex" ? x : realS(c, x)),
  // [O, h, 2, J, B] real -> [2, O, h, J, B]
  as_complex: (c, st, [x]) => {
    const { O, n, J } = geom(c, st);
    return cplx(c.g.op1("Transpose", [view(c, x, [O, n / 2, 2, J])], { perm: [2, 0, 1, 3, 4] }));
  },
  as_real: (c, st, [x0]) => {
    const { O, n, J } = geom(c, st), x = promoteS(c, x0);
    return { name: c.g.op1("Transpose", [view(c, x, [O, n, J])], { perm: [1, 2, 0, 3, 4] }), complex: false };
  },
  gather: (c, st, [x]) => {
    const { O, n, J } = geom(c, st), idx = c.tables[st.arg.index], ax = axisN(x), rank = ax + 3;
    const holes = idx.some((i) => i < 0); // -1 reads a zero appended to the axis
    const src = padAxis(c, view(c, x, [O, n, J]), rank, ax, 0, holes ? 1 : 0);
    const y = c.g.op1("Gather", [src, c.g.i64(Array.from(idx, (i) => (i < 0 ? n : i)), "index")], { axis: ax });
    return { name: st.arg.conj && x.complex ? conjS(c, y, rank) : y, complex: x.complex };
  },
  place: (c, st, [x0], old0) => {
    const cx = x0.complex || !!old0?.complex, x = cx ? promoteS(c, x0) : x0, old = old0 && cx ? promoteS(c, old0) : old0;
    const { O, n, J } = geom(c, st), idx = c.tables[st.arg.index], m = st.arg.m, ax = axisN(x), rank = ax + 3;
    // y_t = x_k where index[k] = t, else the old y_t: one Gather over concat(old, x) (or x and a zero)
    const xv = view(c, x, [O, n, J]);
    const from = Array.from({ length: m }, (_, t) => (old ? t : n));
    idx.forEach((t, k) => (from[t] = old ? m + k : k));
    const src = old ? c.g.op1("Concat", [view(c, old, [O, m, J]), xv], { axis: ax }) : padAxis(c, xv, rank, ax, 0, 1);
    return { name: c.g.op1("Gather", [src, c.g.i64(from, "place")], { axis: ax }), complex: x.complex };
  },
  window: (c, st, [x]) => {
    const { O, n, J } = geom(c, st), { m, offset } = st.arg, ax = axisN(x), rank = ax + 3;
    const lo = Math.min(n, Math.max(0, offset)), hi = Math.max(lo, Math.min(n, offset + m));
    let y = view(c, x, [O, n, J]);
    if (lo > 0 || hi < n) y = c.g.op1("Slice", [y, c.g.i64([lo]), c.g.i64([hi]), c.g.i64([ax])]);
    // the entries before the source's start and after its end are zeros
    const before = hi > lo ? lo - offset : 0;
    return { name: padAxis(c, y, rank, ax, before, m - before - (hi - lo)), complex: x.complex };
  },
  transpose: (c, st, [x]) => {
    const { O, J } = geom(c, st), { a, b } = st.arg, ax = axisN(x);
    const perm = [...Array(ax + 4).keys()];
    [perm[ax], perm[ax + 1]] = [ax + 1, ax];
    return { name: c.g.op1("Transpose", [view(c, x, [O, a, b, J])], { perm }), complex: x.complex };
  },
  scale: (c, st, [x]) => ({ name: c.g.op1("Mul", [x.name, c.g.scalar(st.arg.s, c.prec)]), complex: x.complex }),
  mul: (c, st, [x]) => {
    const { O, n, J } = geom(c, st), [re, im] = tablePlanes(c.tables[st.arg.table], n);
    return cplx(mulTable(c, view(c, promoteS(c, x), [O, n, J]), re, st.arg.conj ? im.map((v) => -v) : im));
  },
  add: (c, _st, [x0, z0]) => {
    const cx = x0.complex || z0.complex, [x, z] = cx ? [promoteS(c, x0), promoteS(c, z0)] : [x0, z0];
    return { name: c.g.op1("Add", [view(c, x, [1]), view(c, z, [1])]), complex: cx };
  },
  codelet: (c, st, [x], _old, scale) => {
    const { O, n } = geom(c, st);
    return dftAlong(c, x, O, n, st.arg.sign, scale, c.route === "dft");
  },
  stockham: (c, st, [x], _old, scale) => {
    const { O, n } = geom(c, st), { r, s, sign, twiddles } = st.arg, m = n / (r * s);
    if (twiddles === undefined) return dftAlong(c, x, O, r, sign, scale); // m = 1: the r-point DFT, the rest (q, J, B) as columns
    const t = c.tables[twiddles];
    if (m * 4 * r * r > MAX_FOLDED_PASS) {
      // large m: y[p, j] = w_{p,j} Σ_k ω_r^{jk} x[k, p]: the r-point DFT with (p, rest) as columns, the twiddles, then (j, p) -> (p, j)
      const d = view(c, dftAlong(c, x, O, r, sign, scale), [O, r, m]);
      const [re, im] = tablePlanes(t, m * r, (k) => (k % m) * r + Math.floor(k / m)); // [j][p]
      return cplx(c.g.op1("Transpose", [mulTable(c, d, re, im, false, [1, r, m, 1])], { perm: [0, 1, 3, 2, 4] }));
    }
    // M_p[j][k] = w_{p,j} ω_r^{jk}: m stacked realified matrices (their real-plane halves for a real x), batched over p
    const realIn = !x.complex, ci = realIn ? r : 2 * r;
    reserve(c, m * 2 * r * ci);
    const w = new Float64Array(m * 2 * r * ci);
    for (let p = 0; p < m; p++)
      realify(r, (j, k) => {
        const [a, b] = twiddle((j * k) % r, r, sign), wr = scale * t[2 * (p * r + j)], wi = scale * t[2 * (p * r + j) + 1];
        return [a * wr - b * wi, a * wi + b * wr];
      }, w, p * 2 * r * ci, realIn);
    const W = c.g.constant(c.prec, [m, 2 * r, ci], w, `stockham${r}x${m}`);
    // x[q + s(p + k m)] as [(2,) O, k, p, rest] -> [O, p, (2,) k, rest]; y as [O, p, (2, j), rest] -> [2, O, p, j, rest]
    // (O = 1: each Transpose moves one axis, which onnxruntime does by block copies)
    const xt = O === 1 ? c.g.op1("Transpose", [c.g.op1("Reshape", [x.name, c.g.i64([...planes(x), r, m, -1])])], { perm: realIn ? [1, 0, 2] : [2, 0, 1, 3] })
      : c.g.op1("Transpose", [view(c, x, [O, r, m])], { perm: realIn ? [0, 2, 1, 3] : [1, 3, 0, 2, 4] });
    const y = c.g.op1("MatMul", [W, c.g.op1("Reshape", [xt, c.g.i64([O, m, ci, -1])])]);
    if (O === 1) return cplx(c.g.op1("Transpose", [c.g.op1("Reshape", [y, c.g.i64([m, 2, r, -1])])], { perm: [1, 0, 2, 3] }));
    return cplx(c.g.op1("Transpose", [c.g.op1("Reshape", [y, c.g.i64([O, m, 2, r, -1])])], { perm: [2, 0, 1, 3, 4] }));
  },
  real_split: (c, st, [z]) => {
    const { O, n: h, J } = geom(c, st), [wr, wi] = tablePlanes(c.tables[st.arg.twiddles], h + 1);
    // X_k = Z_k (1 - i w_k)/2 + conj Z_{h-k} (1 + i w_k)/2, i w = (-wi, wr)
    const zv = view(c, promoteS(c, z), [O, h, J]), at = (f: (k: number) => number) => c.g.op1("Gather", [zv, c.g.i64(Array.from({ length: h + 1 }, (_, k) => f(k)), "split")], { axis: 2 });
    const a = mulTable(c, at((k) => k % h), wi.map((v) => (1 + v) / 2), wr.map((v) => -v / 2));
    const b = mulTable(c, at((k) => (h - k) % h), wi.map((v) => (1 - v) / 2), wr.map((v) => v / 2), true);
    return cplx(c.g.op1("Add", [a, b]));
  },
  real_join: (c, st, [x]) => {
    const { O, n, J } = geom(c, st), h = n - 1, [vr, vi] = tablePlanes(c.tables[st.arg.twiddles], h);
    // the imaginary parts of X_0 and X_h are ignored; Z_k = X_k (1 + i v_k)/2 + conj X_{h-k} (1 - i v_k)/2
    const mask = new Float64Array(2 * n).fill(1);
    (mask[n] = 0), (mask[2 * n - 1] = 0);
    const xv = c.g.op1("Mul", [view(c, promoteS(c, x), [O, n, J]), c.g.constant(c.prec, [2, 1, n, 1, 1], mask, "edges")]);
    const at = (f: (k: number) => number) => c.g.op1("Gather", [xv, c.g.i64(Array.from({ length: h }, (_, k) => f(k)), "join")], { axis: 2 });
    const a = mulTable(c, at((k) => k), vi.map((v) => (1 - v) / 2), vr.map((v) => v / 2));
    const b = mulTable(c, at((k) => h - k), vi.map((v) => (1 + v) / 2), vr.map((v) => -v / 2), true);
    return cplx(c.g.op1("Add", [a, b]));
  },
  wht_pass: (c, st, [x]) => {
    const { O, n } = geom(c, st), s = st.arg.s, ax = axisN(x) + 1;
    // pairs (2sb + j, 2sb + s + j) as [O, b, 2, (s, J, B)]
    const [a, b] = c.g.op("Split", [view(c, x, [O, n / (2 * s), 2]), c.g.i64([1, 1], "halves")], { axis: ax }, "half", 2);
    return { name: c.g.op1("Concat", [c.g.op1("Add", [a, b]), c.g.op1("Sub", [a, b])], { axis: ax }), complex: x.complex };
  },
  matmul: (c, st, [x, w]) => {
    const { O } = geom(c, st), { blocks, cols } = st.arg;
    // W [.., blocks, rows, cols] against x viewed as [.., O, blocks, cols, (J, B)], as (x^T W^T)^T: the constant
    // weights on the right, where onnxruntime packs them once (a constant left operand is repacked every run)
    const swap = (t: string, rank: number) => c.g.op1("Transpose", [t], { perm: [...Array(rank - 2).keys(), rank - 1, rank - 2] });
    const prod = (W: string, wRank: number, v: string, vRank: number) => swap(c.g.op1("MatMul", [swap(v, vRank), swap(W, wRank)]), Math.max(wRank, vRank));
    const xv = view(c, x, [O, blocks, cols]), xRank = x.complex ? 5 : 4;
    if (!w.complex) return { name: prod(weightsOf(c, st, c.g.op1("Reshape", [w.name, c.g.i64([-1])])), 3, xv, xRank), complex: x.complex };
    const flat = c.g.op1("Reshape", [w.name, c.g.i64([-1, 2])]);
    const plane = (i: bigint) => weightsOf(c, st, c.g.op1("Gather", [flat, c.g.constant("i64", [], [i], "plane")], { axis: 1 }));
    if (!x.complex) {
      // real x: both planes of W in one MatMul, [2, 1, blocks, rows, cols] x [1, O, blocks, cols, R]
      const W2 = c.g.op1("Concat", [plane(0n), plane(1n)].map((p) => c.g.op1("Unsqueeze", [p, c.g.i64([0, 1])])), { axis: 0 });
      return cplx(prod(W2, 5, c.g.op1("Unsqueeze", [xv, c.g.i64([0])]), 5));
    }
    // W x = Wr x + i (Wi x), i (a, b) = (-b, a)
    const wi = prod(plane(1n), 3, xv, 5);
    const iw = c.g.op1("Mul", [c.g.op1("Gather", [wi, c.g.i64([1, 0], "swap")], { axis: 0 }), c.g.constant(c.prec, [2, 1, 1, 1, 1], [-1, 1], "i")]);
    return cplx(c.g.op1("Add", [prod(plane(0n), 3, xv, 5), iw]));
  },
  butterfly_pass: (c, st, [x0, w]) => {
    const x = promoteS(c, x0), { O, n } = geom(c, st), { s, factor } = st.arg, nb = n / (2 * s);
    // y[b, r, j] = Σ_c w[factor, b s + j, r, c] x[b, c, j], the weights in their interleaved layout
    const wf = c.g.op1("Gather", [c.g.op1("Reshape", [w.name, c.g.i64([-1, nb, s, 2, 2, ...planes(w)])]), c.g.constant("i64", [], [BigInt(factor)], "factor")], { axis: 0 });
    const xv = view(c, x, [O, nb, 2, s]);
    const E = (wt: string) => c.g.op1("Einsum", [wt, xv], { equation: "bjrc,pobcjz->pobrjz" });
    if (!w.complex) return cplx(E(wf));
    const part = (i: bigint) => c.g.op1("Gather", [wf, c.g.constant("i64", [], [i], "plane")], { axis: 4 });
    // W x = Wr x + i (Wi x), i (a, b) = (-b, a)
    const iw = c.g.op1("Mul", [c.g.op1("Gather", [E(part(1n)), c.g.i64([1, 0], "swap")], { axis: 0 }), c.g.constant(c.prec, [2, 1, 1, 1, 1, 1], [-1, 1], "i")]);
    return cplx(c.g.op1("Add", [E(part(0n)), iw]));
  },
};

/**
 * Render a stage program on inputs in the internal layout (shared inputs: the weights as the
 * model holds them, interleaved), for a batch whose inner count is I; the outputs, by name. A
 * complex buffer may come out real (its imaginary part zero: see `cast`); a real one never complex.
 */
export function renderStages(g: GraphBuilder, p: StageProgram, inputs: Readonly<Record<string, SBuf>>, o: RenderOptions): Record<string, SBuf> {
  const problems = checkProgram(p);
  if (problems.length) throw new Error(`internal: unsound stage program: ${problems.join("; ")}`);
  const c: RCtx = { g, tables: p.tables, I: 1, route: "auto", opset: 17, op: "stages", ...o };
  const bufs = new Map<string, SBuf>(Object.entries(inputs));
  for (let i = 0; i < p.stages.length; i++) {
    const st = p.stages[i], next = p.stages[i + 1];
    const render = STAGE_RENDER[st.op];
    if (isUnsupported(render)) throw new LincError("E0801", `stage '${st.op}' is not rendered by the onnx backend: ${render.unsupported}`);
    const src = st.src.map((s) => bufs.get(s) ?? fail(s));
    const fold = FOLDS_SCALE.has(st.op) && next?.op === "scale" && next.src[0] === st.dst && next.dst === st.dst;
    // the registry's entry for st's own op; tsc cannot correlate the table's key with st's type
    bufs.set(st.dst, (render as Render<StageOp>)(c, st as never, src, bufs.get(st.dst), fold ? next.arg.s : 1));
    if (fold) i++;
  }
  return Object.fromEntries(p.outputs.map((b) => [b.name, bufs.get(b.name)!]));
}

const fail = (name: string): never => {
  throw new Error(`internal: stage buffer '${name}' read before it is written`);
};

// Into and out of the internal layout by plain 2-D transposes and moves of one axis: onnxruntime
// has fast kernels for those (a general permutation such as [2, 1, 0] is several times slower).

/** Rows [.., len(, 2)] (interleaved complex, any leading dims) into the internal layout. */
export function enterRows(g: GraphBuilder, x: string, len: number, complex: boolean): SBuf {
  const cols = g.op1("Transpose", [g.op1("Reshape", [x, g.i64([-1, complex ? 2 * len : len])])], { perm: [1, 0] }); // [len(, 2), B]
  if (!complex) return { name: cols, complex };
  return cplx(g.op1("Transpose", [g.op1("Reshape", [cols, g.i64([len, 2, -1])])], { perm: [1, 0, 2] }));
}

/** The internal layout back to rows [B, len(, 2)]. */
export function leaveRows(g: GraphBuilder, y: SBuf, len: number): string {
  if (!y.complex) return g.op1("Transpose", [g.op1("Reshape", [y.name, g.i64([len, -1])])], { perm: [1, 0] });
  const t = g.op1("Transpose", [g.op1("Reshape", [y.name, g.i64([2, len, -1])])], { perm: [1, 0, 2] }); // [len, 2, B]
  return g.op1("Reshape", [g.op1("Transpose", [g.op1("Reshape", [t, g.i64([2 * len, -1])])], { perm: [1, 0] }), g.i64([-1, len, 2])]);
}
