// Elementwise kernels of the gpujs backend: the shared pointwise formulas
// (../shared/pointwise.ts) over (ar, ai) and (br, bi) in GPU.js spelling, and the
// broadcasting of operands to the output's shape by static index maps. Symbolic dimensions
// may only lead a shape (they are the batch rows), so every index map is a formula in literals.
import { fail } from "../../ir/index.js";
import { type Target, erfExpression, pointwise } from "../shared/pointwise.js";
import { fl } from "./kernels.js";

/**
 * GPU.js spelling of the shared formulas: float literals (`1.0`), no Math.hypot or
 * Math.tanh, and each kernel is one expression per part, so an intermediate is inlined in
 * parentheses. `copy` (used to broadcast) is the gpujs backend's own rule.
 */
const GPUJS: Target = {
  num: fl,
  hypot: (re, im) => `Math.sqrt(${re} * ${re} + ${im} * ${im})`,
  // tanh through exp of a non-positive argument: no overflow for large |x|
  tanh: (x) => `(${x} < 0.0 ? -1.0 : 1.0) * (1.0 - Math.exp(-2.0 * Math.abs(${x}))) / (1.0 + Math.exp(-2.0 * Math.abs(${x})))`,
  bind: (e) => `(${e})`,
  // the tables of linc's erf inlined (a GPU.js kernel calls no pasted function)
  erf: (x) => erfExpression(GPUJS, x),
  rules: { copy: (a) => a },
};

/** How an operand is read: an argument (broadcast from its own shape) or a complex literal. */
/** `real`: the operand's data is real (its imaginary slots are zero and known to be). */
export type Operand = { shape: readonly (number | string)[]; real?: boolean } | { lit: [number, number] };

/**
 * Element index of an operand of shape `s` for output element e of shape `out` (numpy
 * broadcasting, right-aligned). Leading symbolic dims of `out` shared by the operand are
 * folded into one "rows" axis; the rest must be literal.
 */
function indexMap(s: readonly (number | string)[], out: readonly (number | string)[]): string {
  const same = s.length === out.length && s.every((d, i) => d === out[i]);
  if (same) return "e";
  const pad = [...Array(out.length - s.length).fill(1), ...s];
  // the trailing axes the two shapes agree on read straight through: the tail of e
  let k = out.length;
  while (k > 0 && pad[k - 1] === out[k - 1]) k--;
  const tail = out.slice(k);
  if (tail.some((d) => typeof d !== "number")) fail("E0801", `broadcasting over a symbolic dimension that is not the leading one is not supported by the gpujs backend`);
  const T = (tail as number[]).reduce((a, b) => a * b, 1);
  if (pad.slice(0, k).every((d) => d === 1)) return T === 1 ? "0.0" : `(e - Math.floor((e + 0.5) / ${fl(T)}) * ${fl(T)})`;
  // general: peel axes from the right
  const terms: string[] = [];
  let outStride = 1, inStride = 1;
  for (let a = out.length - 1; a >= 0; a--) {
    const d = out[a] as number, ds = pad[a] as number;
    if (typeof d !== "number" || typeof ds !== "number") {
      // an operand broadcast along the leading symbolic axis (a per-channel bias [H, 1]) does not read it
      if (a === 0 && ds === 1) break;
      if (a === 0 && d === ds) {
        terms.push(`Math.floor((e + 0.5) / ${fl(outStride)}) * ${fl(inStride)}`);
        break;
      }
      fail("E0801", `broadcasting over a symbolic dimension that is not the leading one is not supported by the gpujs backend`);
    }
    if (ds !== 1) {
      const idx = `(Math.floor((e + 0.5) / ${fl(outStride)}) - Math.floor((e + 0.5) / ${fl(outStride * d)}) * ${fl(d)})`;
      terms.push(`${idx} * ${fl(inStride)}`);
      inStride *= ds;
    }
    outStride *= d;
  }
  return terms.length ? terms.join(" + ") : "0.0";
}

/** The kernel text of `op` over its operands (arguments in operand order, literals inlined). */
export function elementwise(op: string, lambda: number, operands: Operand[], out: readonly (number | string)[]): { src: string; nargs: number } {
  // every operand is read as a complex pair; a missing second operand is zero. A real operand's
  // imaginary part is known zero (null), so real data gets real arithmetic: inf * x stays +-inf
  // instead of meeting 0 * inf = NaN in a complex product
  const knownReal = (o: Operand | undefined) => o === undefined || ("lit" in o ? o.lit[1] === 0 : o.real === true);
  const parts = ["a", "b"].map((v, i) => ({ re: `${v}r`, im: knownReal(operands[i]) ? null : `${v}i` }));
  const y = pointwise(GPUJS, op, parts, lambda) ?? fail("E0801", `elementwise op '${op}' is not supported by the gpujs backend`);
  let nargs = 0;
  const names = ["a", "b"];
  const lines = [`const t = this.thread.x * 1.0;`, `const e = Math.floor(t * 0.5);`, `const c = t - 2.0 * e;`];
  operands.forEach((o, i) => {
    const v = names[i];
    if ("lit" in o) lines.push(`const ${v}r = ${fl(o.lit[0])};`, `const ${v}i = ${fl(o.lit[1])};`);
    else {
      const arg = `a${nargs++}`;
      lines.push(`const ${v}q = 2.0 * (${indexMap(o.shape, out)});`, `const ${v}r = ${arg}[${v}q];`, `const ${v}i = ${arg}[${v}q + 1.0];`);
    }
  });
  if (operands.length < 2) lines.push(`const br = 0.0;`, `const bi = 0.0;`);
  lines.push(`const yr = ${y.re};`, `const yi = ${y.im ?? "0.0"};`);
  const params = Array.from({ length: nargs }, (_, i) => `a${i}`).join(", ");
  return { src: `function(${params}) {\n${lines.join("\n")}\nreturn c < 0.5 ? yr : yi;\n}`, nargs };
}
