// The onnx backend's reductions and layout ops along any axis, one ONNX op each on the logical
// axes (a complex value's trailing 2 stays last): sum (ReduceSum), reshape (Reshape; a leading
// symbolic axis is copied, 0), permute (Transpose), concat (Concat), narrow (Slice), pad_axis
// (Pad, zeros).
import type { NodeOf } from "../../ir/index.js";
import { type Val, promote, rankOf } from "./complex.js";
import { type Ctx, tensorType } from "./ctx.js";

export type LayoutOp = "sum" | "reshape" | "permute" | "concat" | "narrow" | "pad_axis";

export function layoutOp(c: Ctx, n: NodeOf<LayoutOp>): Val {
  const g = c.g, x = c.tensor(n.src[0]), shape = [...tensorType(n).shape];
  const out = (name: string): Val => ({ ...x, name, shape });
  switch (n.op) {
    case "sum":
      return out(g.op1("ReduceSum", [x.name, g.i64([n.arg.axis])], { keepdims: 0 }));
    case "reshape":
      return out(g.op1("Reshape", [x.name, g.i64([...shape.map((d) => (typeof d === "number" ? d : 0)), ...(x.complex ? [2] : [])])]));
    case "permute":
      return out(g.op1("Transpose", [x.name], { perm: x.complex ? [...n.arg.axes, shape.length] : [...n.arg.axes] }));
    case "concat": {
      // a complex part held as real data (its imaginary part known zero) gets its zeros first
      const xs = n.src.map((s) => c.tensor(s)), cx = xs.some((v) => v.complex);
      const parts = xs.map((v) => (cx ? promote(g, v) : v));
      return { ...parts[0], name: g.op1("Concat", parts.map((v) => v.name), { axis: n.arg.axis }), shape };
    }
    case "narrow":
      return out(g.op1("Slice", [x.name, g.i64([n.arg.start]), g.i64([n.arg.stop]), g.i64([n.arg.axis])]));
    case "pad_axis": {
      const r = rankOf(x), pads = new Array<number>(2 * r).fill(0);
      pads[n.arg.axis] = n.arg.before;
      pads[r + n.arg.axis] = n.arg.after;
      return out(g.op1("Pad", [x.name, g.i64(pads)]));
    }
  }
}
