// Elementwise tensor ops (numpy broadcasting, pointwise functions, casts) compiled to one
// specialised loop nest per node. Values are symbolic complex numbers whose imaginary part may
// be absent (known zero), so real data costs no complex arithmetic; the formulas are the
// shared ones of ../shared/pointwise.ts in plain JavaScript spelling. Broadcasting: axes of
// extent 1 are dropped, neighbouring axes that every operand reads the same way (all present
// or all broadcast) merge, so equal shapes become one flat loop.
import { fail } from "../../ir/index.js";
import { JS, type Sym, pointwise } from "../shared/pointwise.js";
import { type Expr, type Gen, type Ref, type Stage, mulE } from "./gen.js";

/** One operand: an array, or a literal scalar folded into the code. */
export interface Operand {
  ref?: Ref;
  lit?: { re: number; im: number };
  shape: readonly Expr[];
}

/**
 * Emit `y = op(operands)` for output shape `shape` (already dimension expressions; `lambda` is
 * softshrink's): a
 * module-level function specialised to the node, called from the stage's code.
 */
export function emitElementwise(gen: Gen, stage: Stage, op: string, lambda: number, operands: Operand[], y: Ref, shape: readonly Expr[]): void {
  const rank = shape.length;
  const aligned = operands.map((o) => [...Array(rank - o.shape.length).fill(1), ...o.shape]);
  // per kept axis: extent and, per array operand, whether it is read along it
  let axes: { ext: Expr[]; read: boolean[] }[] = [];
  shape.forEach((ext, k) => {
    if (ext === 1) return;
    axes.push({ ext: [ext], read: aligned.map((s) => s[k] !== 1) });
  });
  const merged: typeof axes = [];
  for (const a of axes) {
    const last = merged[merged.length - 1];
    if (last && last.read.every((r, i) => r === a.read[i])) last.ext.push(...a.ext);
    else merged.push({ ext: [...a.ext], read: [...a.read] });
  }
  axes = merged;
  const extents = axes.map((a) => mulE(...a.ext));
  // strides of each operand over the kept axes (row-major over the axes it reads)
  const strides = operands.map((_, i) => {
    const st: Expr[] = new Array(axes.length).fill(0);
    let acc: Expr = 1;
    for (let k = axes.length - 1; k >= 0; k--)
      if (axes[k].read[i]) {
        st[k] = acc;
        acc = mulE(acc, extents[k]);
      }
    return st;
  });

  const fn = gen.fresh("E");
  const args = operands.map((_, i) => `a${i}`);
  const body: string[] = [];
  const pad = (k: number) => "  ".repeat(k + 1);
  let temps = 0;
  axes.forEach((_, k) => body.push(`${pad(k)}for (let i${k} = 0; i${k} < ${extents[k]}; i${k}++) {`));
  const inner = pad(axes.length);
  const idx = (st: Expr[]): string => {
    const terms = st.map((s, k) => (s === 0 ? "" : s === 1 ? `i${k}` : `i${k} * ${typeof s === "number" ? s : `(${s})`}`)).filter(Boolean);
    return terms.length ? terms.join(" + ") : "0";
  };
  const bind = (e: string) => {
    const t = `t${temps++}`;
    body.push(`${inner}const ${t} = ${e};`);
    return t;
  };
  const syms: Sym[] = operands.map((o, i) => {
    if (o.lit) return { re: JS.num(o.lit.re), im: o.lit.im !== 0 ? JS.num(o.lit.im) : null };
    const ix = bind(idx(strides[i]));
    if (o.ref!.kind === "C") return { re: bind(`a${i}[2 * ${ix}]`), im: bind(`a${i}[2 * ${ix} + 1]`) };
    return { re: bind(`a${i}[${ix}]`), im: null };
  });
  const erf = (x: string) => `${gen.lib.use("erf")}(${x})`;
  const r = pointwise({ ...JS, bind, erf }, op, syms, lambda) ?? fail("E0801", `elementwise op '${op}' is not supported by the cpu backend`);
  const o = bind(idx(axes.map((_, k) => mulE(...extents.slice(k + 1)))));
  if (y.kind === "C") body.push(`${inner}y[2 * ${o}] = ${r.re}; y[2 * ${o} + 1] = ${r.im ?? "0"};`);
  else body.push(`${inner}y[${o}] = ${r.re};`);
  axes.forEach((_, k) => body.push(`${pad(axes.length - 1 - k)}}`));
  const dimArgs = [...gen.dims.values()];
  gen.top.push(`function ${fn}(${[...args, "y", ...dimArgs].join(", ")}) {\n${body.join("\n")}\n}`);
  const callArgs = operands.map((o) => (o.ref ? o.ref.name : "null"));
  gen.line(stage, `${fn}(${[...callArgs, y.name, ...(stage === "run" ? dimArgs : [])].join(", ")});`);
}
