// Elementwise tensor ops (numpy broadcasting, pointwise functions, casts) compiled to one
// specialised loop nest per node. Values are symbolic complex numbers whose imaginary part may
// be absent (known zero), so real data costs no complex arithmetic. Broadcasting: axes of
// extent 1 are dropped, neighbouring axes that every operand reads the same way (all present
// or all broadcast) merge, so equal shapes become one flat loop.
import { fail } from "../../ir/index.js";
import { type Expr, type Gen, type Kind, type Ref, type Stage, mulE } from "./gen.js";

/** One operand: an array, or a literal scalar folded into the code. */
export interface Operand {
  ref?: Ref;
  lit?: { re: number; im: number };
  shape: readonly Expr[];
}

interface Sym {
  re: string;
  im: string | null;
}

const num = (x: number): string => (Object.is(x, -0) ? "0" : Number.isFinite(x) ? (x < 0 ? `(${x})` : String(x)) : x > 0 ? "Infinity" : x < 0 ? "(-Infinity)" : "NaN");

/** Code of one op on symbolic operands; `bind` names an intermediate. */
function formula(op: string, arg: Record<string, unknown>, [a, b]: Sym[], bind: (e: string) => string): Sym {
  switch (op) {
    case "add":
      return { re: `${a.re} + ${b.re}`, im: a.im && b.im ? `${a.im} + ${b.im}` : a.im ?? b.im };
    case "sub":
      return { re: `${a.re} - ${b.re}`, im: a.im && b.im ? `${a.im} - ${b.im}` : a.im ?? (b.im ? `-${b.im}` : null) };
    case "mul":
      if (a.im && b.im) return { re: `${a.re} * ${b.re} - ${a.im} * ${b.im}`, im: `${a.re} * ${b.im} + ${a.im} * ${b.re}` };
      if (a.im) return { re: `${a.re} * ${b.re}`, im: `${a.im} * ${b.re}` };
      return { re: `${a.re} * ${b.re}`, im: b.im ? `${a.re} * ${b.im}` : null };
    case "div": {
      if (!b.im) return { re: `${a.re} / ${b.re}`, im: a.im ? `${a.im} / ${b.re}` : null };
      const d = bind(`${b.re} * ${b.re} + ${b.im} * ${b.im}`);
      const ai = a.im ?? "0";
      return { re: `(${a.re} * ${b.re} + ${ai} * ${b.im}) / ${d}`, im: `(${ai} * ${b.re} - ${a.re} * ${b.im}) / ${d}` };
    }
    case "neg":
      return { re: `-${a.re}`, im: a.im ? `-${a.im}` : null };
    case "conj":
      return { re: a.re, im: a.im ? `-${a.im}` : null };
    case "real":
    case "cast":
      return a;
    case "imag":
      return { re: a.im ?? "0", im: null };
    case "abs":
      return { re: a.im ? `Math.hypot(${a.re}, ${a.im})` : `Math.abs(${a.re})`, im: null };
    case "relu":
      return { re: `Math.max(${a.re}, 0)`, im: null };
    case "tanh":
    case "sin":
      return { re: `Math.${op}(${a.re})`, im: null };
    case "exp": {
      if (!a.im) return { re: `Math.exp(${a.re})`, im: null };
      const e = bind(`Math.exp(${a.re})`);
      return { re: `${e} * Math.cos(${a.im})`, im: `${e} * Math.sin(${a.im})` };
    }
    case "softshrink": {
      const l = Number(arg.lambda);
      const shrink = (v: string) => `(${v} > ${num(l)} ? ${v} - ${num(l)} : ${v} < ${num(-l)} ? ${v} + ${num(l)} : 0)`;
      return { re: shrink(a.re), im: a.im ? shrink(a.im) : null };
    }
  }
  return fail("E0801", `elementwise op '${op}' is not supported by the cpu backend`);
}

export const ELEMENTWISE = new Set(["add", "sub", "mul", "div", "neg", "conj", "real", "imag", "abs", "relu", "tanh", "sin", "exp", "softshrink", "cast"]);

/**
 * Emit `y = op(operands)` for output shape `shape` (already dimension expressions): a
 * module-level function specialised to the node, called from the stage's code.
 */
export function emitElementwise(gen: Gen, stage: Stage, op: string, arg: Record<string, unknown>, operands: Operand[], y: Ref, shape: readonly Expr[]): void {
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
    if (o.lit) return { re: num(o.lit.re), im: o.lit.im !== 0 ? num(o.lit.im) : null };
    const ix = bind(idx(strides[i]));
    if (o.ref!.kind === "C") return { re: bind(`a${i}[2 * ${ix}]`), im: bind(`a${i}[2 * ${ix} + 1]`) };
    return { re: bind(`a${i}[${ix}]`), im: null };
  });
  const r = formula(op, arg, syms, bind);
  const o = bind(idx(axes.map((_, k) => mulE(...extents.slice(k + 1)))));
  if (y.kind === "C") body.push(`${inner}y[2 * ${o}] = ${r.re}; y[2 * ${o} + 1] = ${r.im ?? "0"};`);
  else body.push(`${inner}y[${o}] = ${r.re};`);
  axes.forEach((_, k) => body.push(`${pad(axes.length - 1 - k)}}`));
  const dimArgs = [...gen.dims.values()];
  gen.top.push(`function ${fn}(${[...args, "y", ...dimArgs].join(", ")}) {\n${body.join("\n")}\n}`);
  const callArgs = operands.map((o) => (o.ref ? o.ref.name : "null"));
  gen.line(stage, `${fn}(${[...callArgs, y.name, ...(stage === "run" ? dimArgs : [])].join(", ")});`);
}

/** Kind of the result an elementwise op produces from operand kinds (before storing). */
export function resultKind(kinds: Kind[]): Kind {
  return kinds.includes("C") ? "C" : "R";
}
