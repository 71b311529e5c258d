// block2 on run-time twiddles (a butterfly param bound at run time): the 2x2 blocks of
// w [L, h, 2, 2] inverted by the closed form [[d, -b], [-c, a]] / (ad - bc), or transposed
// (conjugated for the adjoint), factor axis reversed. Elementwise ONNX ops; a singular block
// gives IEEE inf / NaN, as in the reference.
import type { Block2Mode } from "../../ir/index.js";
import { type Val, addSub, conj, div, mul, permuteLast, reshapeLast, scaleBy } from "./complex.js";
import type { GraphBuilder } from "./graph.js";
import { concatLast, gatherLast } from "./pieces.js";

export function block2(g: GraphBuilder, w: Val, mode: Block2Mode): Val {
  const [L] = w.shape as number[];
  const order = Array.from({ length: L }, (_, i) => L - 1 - i);
  const rev: Val = { ...w, name: g.op1("Gather", [w.name, g.i64(order, "index")], { axis: 0 }) };
  if (mode !== "inv") {
    const t = permuteLast(g, rev, [1, 0]);
    return mode === "adjoint" ? conj(g, t) : t;
  }
  const flat = reshapeLast(g, rev, 2, [4]);
  const [a, b, c, d] = [0, 1, 2, 3].map((i) => gatherLast(g, flat, [i]));
  const det = addSub(g, "Sub", mul(g, a, d), mul(g, b, c));
  const adj = concatLast(g, [d, scaleBy(g, b, -1), scaleBy(g, c, -1), a]);
  return reshapeLast(g, div(g, adj, det), 1, [2, 2]);
}
