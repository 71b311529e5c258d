// Emitting the staged MatMul FFT (stages.ts) of the fused spectral products (spectral.ts) as
// ONNX: getting data into the stage layout [c, j1, j2, …, jL, batch], running forward stages
// (natural -> digit-reversed) and transposed stages (digit-reversed -> natural), and getting
// results back to [..., n(, 2)]. One Transpose on the way in and one on the way out; every stage
// in between is Reshape + MatMul.
import type { GraphBuilder, Prec } from "./graph.js";
import type { Val } from "./complex.js";
import { type Plan, leadK, realify, stageEntry, strides } from "./stages.js";

/** A tensor in stage layout: `rows` per column block, complex planes first when `complex`. */
export interface Staged {
  name: string;
  prec: Prec;
  /** Leading dims of the original value (restored on the way out) and the value it came from. */
  lead: Val;
}


/** [.., L(, 2)] -> flattened [B, L(, 2)], zero-padded on the signal axis to `len`. */
function flatPad(g: GraphBuilder, x: Val, len: number): string {
  const L = x.shape[x.shape.length - 1] as number;
  const flat = g.op1("Reshape", [x.name, g.i64(x.complex ? [-1, L, 2] : [-1, L])]);
  if (len <= L) return len === L ? flat : g.op1("Slice", [flat, g.i64([0]), g.i64([len]), g.i64([1])]);
  const r = x.complex ? 3 : 2, pads = new Array(2 * r).fill(0);
  pads[r + 1] = len - L;
  return g.op1("Pad", [flat, g.i64(pads)]);
}

/**
 * Into stage layout for a plan whose first stage reads `pIn` of its n1 input digits (the rest
 * are zero): complex [2, pIn, s1, B]; real [pIn, s1, B]. (Real rows are never packed two to a
 * complex row: that would make a row's result depend on its partner's values.)
 */
export function enter(g: GraphBuilder, x: Val, p: Plan, pIn: number, mode: "complex" | "real"): Staged {
  const s1 = strides(p, 0).s;
  const v = flatPad(g, x, pIn * s1);
  // only plain 2-D transposes and moves of whole contiguous blocks: onnxruntime has fast kernels for those
  const len = pIn * s1, T2 = (v: string, rows: number) => g.op1("Transpose", [g.op1("Reshape", [v, g.i64([-1, rows])])], { perm: [1, 0] });
  if (mode === "complex") {
    const cols = g.op1("Reshape", [T2(v, 2 * len), g.i64([len, 2, -1])]); // [len, 2, B]
    return { name: g.op1("Transpose", [cols], { perm: [1, 0, 2] }), prec: x.prec, lead: x }; // [2, len, B]
  }
  return { name: T2(v, len), prec: x.prec, lead: x };
}

/** One stage: view as [T, rowsIn, cols] and multiply by T stacked weights [T, rowsOut, rowsIn]. */
export function stage(g: GraphBuilder, x: Staged, T: number, rowsIn: number, rowsOut: number, w: Float64Array, hint: string): Staged {
  const view = g.op1("Reshape", [x.name, g.i64(T === 1 ? [rowsIn, -1] : [T, rowsIn, -1])]);
  const W = g.constant(x.prec, T === 1 ? [rowsOut, rowsIn] : [T, rowsOut, rowsIn], w, hint);
  return { ...x, name: g.op1("MatMul", [W, view]) };
}

export interface StageOpts {
  /** Input digits read by the first forward stage (the rest are zero). */
  pIn?: number;
  /** Output digits kept by the last transposed stage (j_1 < keep). */
  keep?: number;
  /** A real first forward stage / a real last transposed stage. */
  realIn?: boolean;
  realOut?: boolean;
}

/** Forward stages a = from..to-1 of plan p (natural input digits -> digit-reversed output); the fused pipelines stop before the last. */
export function forwardStages(g: GraphBuilder, x: Staged, p: Plan, o: StageOpts = {}, from = 0, to = p.dims.length): Staged {
  let v = x;
  for (let a = from; a < to; a++) {
    const na = p.dims[a], { t: T } = strides(p, a);
    const nIn = a === 0 ? (o.pIn ?? na) : na, realIn = a === 0 && !!o.realIn;
    const rowsIn = nIn * (realIn ? 1 : 2), rowsOut = 2 * na;
    const w = new Float64Array(T * rowsIn * rowsOut);
    for (let pos = 0; pos < T; pos++) {
      const K = leadK(p, a, pos);
      realify((k, j) => stageEntry(p, a, K, k, j), { nOut: na, nIn, outOrder: "ic", inOrder: "ci", realIn }, w, pos * rowsIn * rowsOut);
    }
    v = stage(g, v, T, rowsIn, rowsOut, w, `fft${p.n}_s${a}`);
  }
  return v;
}

/** Transposed stages a = from-1 down to 0 (digit-reversed input -> natural output), inverse of forwardStages' order. */
export function transposedStages(g: GraphBuilder, x: Staged, p: Plan, o: StageOpts = {}, from = p.dims.length): Staged {
  let v = x;
  for (let a = from - 1; a >= 0; a--) {
    const na = p.dims[a], { t: T } = strides(p, a);
    const nOut = a === 0 ? (o.keep ?? na) : na, realOut = a === 0 && !!o.realOut;
    const rowsIn = 2 * na, rowsOut = nOut * (realOut ? 1 : 2);
    const w = new Float64Array(T * rowsIn * rowsOut);
    for (let pos = 0; pos < T; pos++) {
      const K = leadK(p, a, pos);
      realify((j, k) => stageEntry(p, a, K, k, j), { nOut, nIn: na, outOrder: "ci", inOrder: "ic", realOut }, w, pos * rowsIn * rowsOut);
    }
    v = stage(g, v, T, rowsIn, rowsOut, w, `ifft${p.n}_s${a}`);
  }
  return v;
}

/** Restore the original leading dims around a flat [B, n(, 2)] result. */
export function restoreLead(g: GraphBuilder, flat: string, lead: Val, tail: number[]): string {
  const r = lead.shape.length - 1;
  if (r === 1 && typeof lead.shape[0] !== "string") return g.op1("Reshape", [flat, g.i64([lead.shape[0] as number, ...tail])]);
  if (r === 1) return g.op1("Reshape", [flat, g.i64([-1, ...tail])]);
  const dims = g.op1("Slice", [g.op1("Shape", [lead.name]), g.i64([0]), g.i64([r]), g.i64([0])]);
  return g.op1("Reshape", [flat, g.op1("Concat", [dims, g.i64(tail)], { axis: 0 })]);
}

/** Leave from natural layout [(c, keep·s1) or keep·s1, B]: the window [a, b) of [.., ·(, 2)]. */
export function leaveNatural(g: GraphBuilder, x: Staged, len: number, complex: boolean, a: number, b: number): Val {
  let flat: string;
  if (complex) {
    const v = g.op1("Transpose", [g.op1("Reshape", [x.name, g.i64([2, len, -1])])], { perm: [1, 0, 2] }); // [len, 2, B]
    flat = g.op1("Reshape", [g.op1("Transpose", [g.op1("Reshape", [v, g.i64([2 * len, -1])])], { perm: [1, 0] }), g.i64([-1, len, 2])]);
  } else {
    const v = g.op1("Reshape", [x.name, g.i64([len, -1])]);
    flat = g.op1("Transpose", [v], { perm: [1, 0] });
  }
  if (a > 0 || b < len) flat = g.op1("Slice", [flat, g.i64([a]), g.i64([b]), g.i64([1])]);
  const out = restoreLead(g, flat, x.lead, complex ? [b - a, 2] : [b - a]);
  return { name: out, shape: [...x.lead.shape.slice(0, -1), b - a], complex, prec: x.prec };
}
