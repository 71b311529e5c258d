// The cpu backend's reductions and layout ops along any axis (sum, reshape, permute, concat,
// narrow, pad_axis): each node becomes one module-level loop function over its shape, sizes as dimension
// expressions (a symbolic axis is a variable of the run stage). Interleaved complex data moves as
// pairs: an axis of width w = 2 floats per element.
import type { NodeOf } from "../../ir/index.js";
import { type Expr, type Gen, type Ref, type Stage, mulE, par, tensorTypeOf, width } from "./gen.js";

export type LayoutOp = "sum" | "reshape" | "permute" | "concat" | "narrow" | "pad_axis";

/** A loop function `fn(x0, .., y, dims..)` with this body, called in `stage` on the operand arrays. */
export function emitFn(gen: Gen, stage: Stage, xs: readonly string[], y: Ref, body: string[]): void {
  const fn = gen.fresh("L"), dimArgs = [...gen.dims.values()];
  const args = xs.map((_, i) => `x${i}`);
  gen.top.push(`function ${fn}(${[...args, "y", ...dimArgs].join(", ")}) {\n${body.map((l) => `  ${l}`).join("\n")}\n}`);
  gen.line(stage, `${fn}(${[...xs, y.name, ...(stage === "run" ? dimArgs : [])].join(", ")});`);
}

/** [outer, n, inner] around `axis` of a shape, as expressions (inner in floats: times w). */
function around(gen: Gen, shape: readonly (number | string)[], axis: number, w: number) {
  return { outer: gen.numel(shape.slice(0, axis)), n: gen.dim(shape[axis]), inner: mulE(gen.numel(shape.slice(axis + 1)), w) };
}

export function emitLayout(gen: Gen, stage: Stage, n: NodeOf<LayoutOp>, xs: readonly string[], y: Ref): void {
  const w = width(y.kind), xShape = tensorTypeOf(n.src[0]).shape, yShape = tensorTypeOf(n).shape;
  switch (n.op) {
    case "sum": {
      // in the order of the axis, as the reference adds
      const { outer, n: len, inner } = around(gen, xShape, n.arg.axis, w);
      return emitFn(gen, stage, xs, y, [
        `for (let o = 0; o < ${outer}; o++)`,
        `  for (let i = 0; i < ${inner}; i++) {`,
        `    let s = 0;`,
        `    for (let k = 0; k < ${len}; k++) s += x0[(o * ${par(len)} + k) * ${par(inner)} + i];`,
        `    y[o * ${par(inner)} + i] = s;`,
        `  }`,
      ]);
    }
    case "reshape":
      return emitFn(gen, stage, xs, y, [`for (let i = 0; i < ${mulE(gen.numel(yShape), w)}; i++) y[i] = x0[i];`]);
    case "narrow": {
      const { outer, n: len, inner } = around(gen, xShape, n.arg.axis, w), m = mulE(n.arg.stop - n.arg.start, inner);
      return emitFn(gen, stage, xs, y, [
        `for (let o = 0; o < ${outer}; o++)`,
        `  for (let i = 0; i < ${m}; i++) y[o * ${par(m)} + i] = x0[(o * ${par(len)} + ${n.arg.start}) * ${par(inner)} + i];`,
      ]);
    }
    case "pad_axis": {
      // zeros, then each [n, inner] block of x at offset `before` of its [before + n + after, inner] row
      const { outer, n: len, inner } = around(gen, xShape, n.arg.axis, w), m = mulE(len, inner);
      const row = mulE(n.arg.before + (len as number) + n.arg.after, inner), at = mulE(n.arg.before, inner);
      return emitFn(gen, stage, xs, y, [
        `y.fill(0, 0, ${mulE(outer, row)});`,
        `for (let o = 0; o < ${outer}; o++)`,
        `  for (let i = 0; i < ${m}; i++) y[o * ${par(row)} + ${par(at)} + i] = x0[o * ${par(m)} + i];`,
      ]);
    }
    case "concat": {
      const { outer, n: total, inner } = around(gen, yShape, n.arg.axis, w), row = mulE(total, inner);
      const body: string[] = [];
      let at: Expr = 0;
      n.src.forEach((s, j) => {
        const m = mulE(gen.dim(tensorTypeOf(s).shape[n.arg.axis]), inner);
        body.push(`for (let o = 0; o < ${outer}; o++)`, `  for (let i = 0; i < ${m}; i++) y[o * ${par(row)} + ${par(at)} + i] = x${j}[o * ${par(m)} + i];`);
        at = typeof at === "number" && typeof m === "number" ? at + m : `${par(at)} + ${par(m)}`;
      });
      return emitFn(gen, stage, xs, y, body);
    }
    case "permute": {
      // one loop per output axis; the source index steps by the permuted source strides
      const r = xShape.length, strides: Expr[] = new Array(r);
      for (let k = r - 1, acc: Expr = w; k >= 0; k--) (strides[k] = acc), (acc = mulE(acc, gen.dim(xShape[k])));
      const body: string[] = [];
      n.arg.axes.forEach((a, k) => body.push(`${"  ".repeat(k)}for (let i${k} = 0, s${k} = ${k ? `s${k - 1}` : 0}; i${k} < ${par(gen.dim(yShape[k]))}; i${k}++, s${k} += ${par(strides[a])})`));
      const pad = "  ".repeat(r), s = `s${r - 1}`;
      if (w === 2) body.push(`${pad}{ y[o] = x0[${s}]; y[o + 1] = x0[${s} + 1]; o += 2; }`);
      else body.push(`${pad}y[o++] = x0[${s}];`);
      return emitFn(gen, stage, xs, y, ["let o = 0;", ...body]);
    }
  }
}
