// The gpujs backend's per-mode channel mixing (modemix): one kernel whose rows are X's leading
// (batch) axes; a thread computes output channel o at mode m as the sum over input channels of
// X[row, i, m] W[i, o, m], the mode's X and W offsets read from a table (a broadcast mode axis
// repeats offsets). The result is handed on in the node's own layout (the same floats).
import { type Dim, type NodeOf, modemixGeometryOf, modemixOffsets } from "../../ir/index.js";
import type { Expr, Val } from "./builder.js";
import { type Ctx, type Layout, shapeOf } from "./context.js";
import { fl, fn, head, idiv } from "./kernels.js";

/** Y[row, o, m] = sum over i of X[row, i, xoff[m]] W[i, o, woff[m]]; a0 = X, a1 = W, a2 = (xoff, woff) per mode. */
function modemixKernel(I: number, O: number, M: number, MX: number, MW: number): string {
  const body = [
    head(O * M),
    `const o = ${idiv("k", M)};`,
    `const m = k - o * ${fl(M)};`,
    `const xb = row * ${fl(I * MX)} + a2[2.0 * m];`,
    `const wb = o * ${fl(MW)} + a2[2.0 * m + 1.0];`,
    `let yr = 0.0;`,
    `let yi = 0.0;`,
    `let i = 0.0;`,
    `for (let ii = 0; ii < ${I}; ii++) {`,
    `  const xq = 2.0 * (xb + i * ${fl(MX)});`,
    `  const wq = 2.0 * (wb + i * ${fl(O * MW)});`,
    `  const xr = a0[xq];`,
    `  const xi = a0[xq + 1.0];`,
    `  const wr = a1[wq];`,
    `  const wi = a1[wq + 1.0];`,
    `  yr += xr * wr - xi * wi;`,
    `  yi += xr * wi + xi * wr;`,
    `  i += 1.0;`,
    `}`,
  ];
  return fn(3, body.join("\n"));
}

export function modemix(ctx: Ctx, n: NodeOf<"modemix">, L: Layout): Val {
  const g = modemixGeometryOf(n), x = shapeOf(n.src[0]), k = shapeOf(n.src[1]).length - 2;
  const rows: Expr = { k: 1, dims: [] };
  x.slice(0, x.length - k - 1).forEach((d: Dim) => (typeof d === "number" ? (rows.k *= d) : rows.dims.push(d)));
  const t = ctx.b.table(`modemix:${n.key}`, () => {
    const off = modemixOffsets(g), out = new Float64Array(2 * g.M);
    off.x.forEach((v, m) => ((out[2 * m] = v), (out[2 * m + 1] = off.w[m])));
    return out;
  });
  const v = ctx.b.kernel(modemixKernel(g.I, g.O, g.M, g.MX, g.MW), [{ s: ctx.value(n.src[0]).slot }, { s: ctx.value(n.src[1]).slot }, t], rows, g.O * g.M);
  return { slot: v.slot, rows: L.rows, n: L.n };
}
