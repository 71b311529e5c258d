// Per-mode channel mixing, FNO's `einsum('bixy,ioxy->boxy', x, w)`: for X [..., I, m1..mk] and
// W [I, O, m1..mk], Y[..., o, m] = sum over i of X[..., i, m] W[i, o, m], one small I x O matrix
// product per mode. The mode axes broadcast as numpy's do (a W mode axis of length 1 shares its
// weights across that axis: AFNO's per-block MLP over all frequencies). The leading axes of X are
// a batch (symbolic ones included); the channel and mode axes are concrete.
import { type OpDefs, defineConstructor } from "../catalogue.js";
import { requireFloat, tensorOf } from "../build.js";
import { fail } from "../errors.js";
import { mk, type Node } from "../node.js";
import { promote, shapeStr, tensorType, typeStr } from "../types.js";
import { type CTensor, ctensor, numelOf } from "../value.js";
import { T } from "./common.js";

/**
 * The geometry of a modemix node: batch rows, channels I and O, the output's mode extents and,
 * per mode axis, the element strides of X's and W's modes (0 where that operand broadcasts).
 * Backends walk the modes with these strides; adjacent axes that step alike are merged.
 */
export interface ModemixGeometry {
  readonly I: number;
  readonly O: number;
  /** Elements of X's and W's mode blocks, and of the output's. */
  readonly MX: number;
  readonly MW: number;
  readonly M: number;
  /** Mode loops, outermost first: extent and the strides of X and W (in elements). */
  readonly loops: readonly { readonly n: number; readonly sx: number; readonly sw: number }[];
}

export function modemixGeometry(xModes: readonly number[], wShape: readonly number[]): ModemixGeometry {
  const [I, O, ...wModes] = wShape;
  const k = wModes.length, M = wModes.map((w, j) => Math.max(w, xModes[j]));
  const loops: { n: number; sx: number; sw: number }[] = [];
  for (let j = k - 1, ax = 1, aw = 1; j >= 0; j--) {
    loops.unshift({ n: M[j], sx: xModes[j] === 1 ? 0 : ax, sw: wModes[j] === 1 ? 0 : aw });
    ax *= xModes[j];
    aw *= wModes[j];
  }
  // axis j and the one inside it merge when each operand's stride on j is the inner one's times its extent
  const merged: { n: number; sx: number; sw: number }[] = [];
  for (const l of loops.filter((l) => l.n > 1)) {
    const last = merged[merged.length - 1];
    if (last && last.sx === l.sx * l.n && last.sw === l.sw * l.n) merged[merged.length - 1] = { n: last.n * l.n, sx: l.sx, sw: l.sw };
    else merged.push(l);
  }
  return { I, O, MX: numelOf(xModes as number[]), MW: numelOf(wModes), M: numelOf(M), loops: merged };
}

/** For each output mode (row-major), the offsets of its X and W elements within their mode blocks. */
export function modemixOffsets(g: ModemixGeometry): { x: Int32Array; w: Int32Array } {
  const x = new Int32Array(g.M), w = new Int32Array(g.M), idx = new Array<number>(g.loops.length).fill(0);
  for (let m = 0; m < g.M; m++) {
    for (let j = 0; j < g.loops.length; j++) (x[m] += idx[j] * g.loops[j].sx), (w[m] += idx[j] * g.loops[j].sw);
    for (let j = g.loops.length - 1; j >= 0 && ++idx[j] === g.loops[j].n; j--) idx[j] = 0;
  }
  return { x, w };
}

function modemixNode(X: Node, W: Node): Node {
  const tx = requireFloat(X, "modemix()", 0), tw = requireFloat(W, "modemix()", 1);
  const k = tw.shape.length - 2, r = tx.shape.length;
  if (k < 0) fail("E0301", `modemix() needs weights W [I, O, modes...] of at least two axes, got ${typeStr(tw)}`, 1);
  for (const d of tw.shape) if (typeof d !== "number") fail("E0305", `modemix() needs weights of concrete shape, got ${typeStr(tw)}`, 1);
  if (r < k + 1) fail("E0301", `modemix() with ${k} mode ax${k === 1 ? "is" : "es"} (W ${shapeStr(tw.shape)}) needs X [..., I, modes...] of at least ${k + 1} axes, got ${typeStr(tx)}`, 0);
  const [I, O, ...wModes] = tw.shape as number[], xModes = tx.shape.slice(r - k), c = tx.shape[r - k - 1];
  for (const d of [c, ...xModes]) if (typeof d !== "number") fail("E0305", `modemix() needs X's channel and mode axes (the last ${k + 1}) concrete, got ${typeStr(tx)}`, 0);
  if (c !== I) fail("E0301", `modemix(): X has ${c} channels on axis ${-(k + 1)} (${shapeStr(tx.shape)}), W has ${I} on its first axis (${shapeStr(tw.shape)})`, 1);
  const modes = (xModes as number[]).map((d, j) => {
    const e = wModes[j];
    if (d !== e && d !== 1 && e !== 1)
      fail("E0301", `modemix(): mode axis ${j - k} of X (${shapeStr(tx.shape)}) and of W (${shapeStr(tw.shape)}) do not broadcast (${d} against ${e})`, 1);
    return Math.max(d, e);
  });
  return mk("modemix", tensorType(promote(tx.dtype, tw.dtype), [...tx.shape.slice(0, r - k - 1), O, ...modes]), [X, W], {});
}

defineConstructor({
  name: "modemix",
  doc: "per-mode channel mixing Y[..., o, m] = sum_i X[..., i, m] W[i, o, m] for X [..., I, modes...] and W [I, O, modes...] (FNO's einsum('bixy,ioxy->boxy')); the mode axes broadcast, so a W mode axis of length 1 shares weights across it",
  params: [{ name: "X", kind: "tensor" }, { name: "W", kind: "tensor" }],
  build: (a) => modemixNode(a.X, a.W),
});

/** The float64 meaning: one I x O product per batch row and mode, summed over i in order. */
function modemix(x: CTensor, w: CTensor): CTensor {
  const k = w.shape.length - 2, r = x.shape.length;
  const g = modemixGeometry(x.shape.slice(r - k), w.shape), { I, O, MX, MW, M } = g, off = modemixOffsets(g);
  const lead = x.shape.slice(0, r - k - 1), B = numelOf(lead);
  const y = ctensor([...lead, O, ...modesOf(x.shape.slice(r - k), w.shape.slice(2))]);
  for (let b = 0; b < B; b++)
    for (let o = 0; o < O; o++)
      for (let m = 0; m < M; m++) {
        let sr = 0, si = 0;
        for (let i = 0; i < I; i++) {
          const p = (b * I + i) * MX + off.x[m], q = (i * O + o) * MW + off.w[m];
          const ar = x.re[p], ai = x.im[p], br = w.re[q], bi = w.im[q];
          sr += ar * br - ai * bi;
          si += ar * bi + ai * br;
        }
        y.re[(b * O + o) * M + m] = sr;
        y.im[(b * O + o) * M + m] = si;
      }
  return y;
}

const modesOf = (xm: readonly number[], wm: readonly number[]) => xm.map((d, j) => Math.max(d, wm[j]));

export const mixOps = {
  modemix: { tensor: (_n, [x, w]) => modemix(T(x), T(w)) },
} satisfies OpDefs;

/** The geometry of a modemix node (its sources' concrete channel and mode axes). */
export function modemixGeometryOf(n: Node): ModemixGeometry {
  const xs = tensorOf(n.src[0]).shape, ws = tensorOf(n.src[1]).shape as number[];
  return modemixGeometry(xs.slice(xs.length - (ws.length - 2)) as number[], ws);
}
