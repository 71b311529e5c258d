// The gpujs backend's reductions and layout ops along any axis (sum, reshape, permute, concat,
// narrow, pad_axis). Each node keeps the leading axes that it leaves in place as the kernel's rows (the
// symbolic batch axes among them) and works within one row of the concrete rest: permute, narrow,
// pad_axis and reshape are one gather by an index table (-1: a zero), concat picks its part by position, sum adds along
// the axis. The result is handed on in the node's own layout (the data are the same floats).
import { type Dim, type NodeOf, fail } from "../../ir/index.js";
import type { Expr, Val } from "./builder.js";
import { type Ctx, type Layout, shapeOf } from "./context.js";
import { fl, fn, gather, head } from "./kernels.js";

export type LayoutOp = "sum" | "reshape" | "permute" | "concat" | "narrow" | "pad_axis";

const numel = (s: readonly Dim[]) => (s as number[]).reduce((a, b) => a * b, 1);

/** The rows (leading axes 0..p-1) as an Expr; the axes from p on must be concrete. */
function rowsOf(shape: readonly Dim[], p: number, what: string): Expr {
  const rows: Expr = { k: 1, dims: [] };
  shape.forEach((d, i) => {
    if (i < p) typeof d === "number" ? (rows.k *= d) : rows.dims.push(d);
    else if (typeof d !== "number") fail("E0801", `${what} over the symbolic axis '${d}' is not supported by the gpujs backend (only leading axes it keeps in place may be symbolic)`);
  });
  return rows;
}

/** How many leading axes the node keeps as they are. */
function keptAxes(n: NodeOf<LayoutOp>): number {
  const x = shapeOf(n.src[0]), y = shapeOf(n);
  switch (n.op) {
    case "permute": {
      let p = 0;
      while (n.arg.axes[p] === p) p++;
      return p;
    }
    case "reshape": {
      let p = 0;
      while (p < x.length && p < y.length && x[p] === y[p]) p++;
      return p;
    }
    default:
      return n.arg.axis;
  }
}

export function layoutOp(ctx: Ctx, n: NodeOf<LayoutOp>, L: Layout): Val {
  const x = shapeOf(n.src[0]), y = shapeOf(n), p = keptAxes(n);
  const rows = rowsOf(x, p, n.op);
  rowsOf(y, p, n.op);
  const inN = numel(x.slice(p)), outN = numel(y.slice(p));
  const args = n.src.map((s) => ({ s: ctx.value(s).slot }));
  let v: Val;
  switch (n.op) {
    case "sum": {
      const len = x[p] as number, inner = inN / len;
      const body = [
        head(outN),
        `let yr = 0.0;`,
        `let yi = 0.0;`,
        `let j = 0.0;`,
        `for (let jj = 0; jj < ${len}; jj++) {`,
        `  const q = 2.0 * (row * ${fl(inN)} + j * ${fl(inner)} + k);`,
        `  yr += a0[q];`,
        `  yi += a0[q + 1.0];`,
        `  j += 1.0;`,
        `}`,
      ];
      v = ctx.b.kernel(fn(1, body.join("\n")), args, rows, outN);
      break;
    }
    case "concat": {
      const inner = numel(y.slice(p + 1));
      let at = 0;
      const body = [head(outN), `let yr = 0.0;`, `let yi = 0.0;`];
      n.src.forEach((s, j) => {
        const m = (shapeOf(s)[p] as number) * inner;
        body.push(`${j ? "} else " : ""}if (k < ${fl(at + m - 0.5)}) {`, `  const q = 2.0 * (row * ${fl(m)} + k - ${fl(at)});`, `  yr = a${j}[q];`, `  yi = a${j}[q + 1.0];`);
        at += m;
      });
      body.push(`}`);
      v = ctx.b.kernel(fn(n.src.length, body.join("\n")), args, rows, outN);
      break;
    }
    default: {
      // an index table within one row: output position -> 2 * source position (even: not conjugated)
      const t = ctx.b.table(`${n.op}:${n.key}`, () => Float64Array.from(rowIndex(n, x.slice(p) as number[], y.slice(p) as number[], p), (j) => (j < 0 ? -1 : 2 * j)));
      v = ctx.b.kernel(gather(inN, outN, false), [...args, t], rows, outN);
    }
  }
  return { slot: v.slot, rows: L.rows, n: L.n };
}

/** For each output position of one row, its source position in the input row (-1: none, a zero). */
function rowIndex(n: NodeOf<"reshape" | "permute" | "narrow" | "pad_axis">, xs: number[], ys: number[], p: number): number[] {
  const len = numel(ys);
  if (n.op === "reshape") return Array.from({ length: len }, (_, i) => i);
  if (n.op === "pad_axis") {
    // the row starts at the padded axis: position j * inner + i reads x's (j - before) * inner + i
    const inner = numel(xs.slice(1)), { before } = n.arg;
    return Array.from({ length: len }, (_, o) => {
      const j = Math.floor(o / inner) - before;
      return j >= 0 && j < xs[0] ? j * inner + (o % inner) : -1;
    });
  }
  // the row starts at the narrowed axis: its window is contiguous
  if (n.op === "narrow") return Array.from({ length: len }, (_, i) => n.arg.start * numel(xs.slice(1)) + i);
  const axes = n.arg.axes.slice(p).map((a) => a - p), st = new Array<number>(xs.length);
  for (let k = xs.length - 1, acc = 1; k >= 0; k--) (st[k] = acc), (acc *= xs[k]);
  const out = new Array<number>(len), idx = new Array<number>(ys.length).fill(0);
  for (let o = 0; o < len; o++) {
    out[o] = idx.reduce((s, v, k) => s + v * st[axes[k]], 0);
    for (let k = ys.length - 1; k >= 0 && ++idx[k] === ys[k]; k--) idx[k] = 0;
  }
  return out;
}
