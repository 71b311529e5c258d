// The onnx backend's per-mode channel mixing (modemix) as broadcasting: X [..., I, modes] gets an
// axis of 1 after its channels, the (complex) Mul with W [I, O, modes] gives [..., I, O, modes]
// (the mode axes broadcast as the IR's do), and ReduceSum adds over I.
import { type NodeOf, isSingle } from "../../ir/index.js";
import { type Val, mul, toPrec } from "./complex.js";
import { type Ctx, tensorType } from "./ctx.js";

export function modemixGraph(c: Ctx, n: NodeOf<"modemix">): Val {
  const g = c.g, prec = isSingle(tensorType(n).dtype) ? "f32" : "f64";
  const [x, w] = n.src.map((s) => toPrec(g, c.tensor(s), prec));
  const p = x.shape.length - (w.shape.length - 1);
  const xu: Val = { ...x, name: g.op1("Unsqueeze", [x.name, g.i64([p + 1])]), shape: [...x.shape.slice(0, p + 1), 1, ...x.shape.slice(p + 1)] };
  const prod = mul(g, xu, w);
  return { ...prod, name: g.op1("ReduceSum", [prod.name, g.i64([p])], { keepdims: 0 }), shape: [...tensorType(n).shape] };
}
