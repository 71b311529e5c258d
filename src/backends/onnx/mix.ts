// The onnx backend's per-mode channel mixing (modemix) as one Einsum
// `...i<modes of X>, io<modes of W> -> ...o<modes>` (complex operands: four real Einsums, pieces.ts).
// A mode axis one operand broadcasts (length 1 against the other's m) is squeezed out of that
// operand and left out of its labels, so Einsum broadcasts it; onnxruntime runs the contraction
// over i as batched matrix products.
import { type NodeOf, isSingle } from "../../ir/index.js";
import { type Val, toPrec } from "./complex.js";
import { type Ctx, tensorType } from "./ctx.js";
import { einsumC } from "./pieces.js";

const LABELS = "abcdefghjklmnpqrstuvwxyz";

export function modemixGraph(c: Ctx, n: NodeOf<"modemix">): Val {
  const g = c.g, prec = isSingle(tensorType(n).dtype) ? "f32" : "f64";
  const [x, w] = n.src.map((s) => toPrec(g, c.tensor(s), prec));
  const k = w.shape.length - 2, p = x.shape.length - k; // X's mode axes start at p
  const xm = x.shape.slice(p) as number[], wm = w.shape.slice(2) as number[];
  const squeeze = (v: Val, at: number, drop: number[]): Val =>
    drop.length === 0 ? v : { ...v, name: g.op1("Squeeze", [v.name, g.i64(drop.map((j) => at + j))]), shape: v.shape.filter((_, a) => !drop.includes(a - at)) };
  // an axis of 1 against a longer one is dropped from that operand
  const xDrop = xm.flatMap((d, j) => (d === 1 && wm[j] !== 1 ? [j] : []));
  const wDrop = wm.flatMap((d, j) => (d === 1 && xm[j] !== 1 ? [j] : []));
  const lab = (drop: number[]) => xm.map((_, j) => (drop.includes(j) ? "" : LABELS[j])).join("");
  const eq = `...i${lab(xDrop)},io${lab(wDrop)}->...o${lab([])}`;
  return einsumC(g, eq, squeeze(x, p, xDrop), squeeze(w, 2, wDrop), [...tensorType(n).shape]);
}
