// The pointwise ops of the JS-like backends (cpu, gpujs) as one op-to-code map. Each rule is
// the complex arithmetic of one op over symbolic operands: code text for the real part and
// for the imaginary part, the latter null when known zero, so real data costs no complex
// arithmetic. A target differs only by a small table (how it spells literals, hypot and tanh,
// how it names an intermediate) and may prepend rules of its own, as in tinygrad's
// CStyleLanguage.

import { ERF_GRID, ERF_SMALL, ERF_TAYLOR } from "../../ir/math/erf.js";

/** A symbolic complex value: code of its parts; `im` null means known zero. */
export interface Sym {
  re: string;
  im: string | null;
}

/** What a target spells its own way. */
export interface Target {
  /** A numeric literal. */
  num(x: number): string;
  /** |re + i im|. */
  hypot(re: string, im: string): string;
  tanh(x: string): string;
  /** erf(x), linc's one erf routine (src/ir/math/erf.ts): a call of its pasted text, or its tables inlined. */
  erf(x: string): string;
  /** Names an intermediate that a formula reads more than once. */
  bind(e: string): string;
  /** Rules of the target's own, looked up before the shared ones. */
  rules?: Record<string, Rule>;
}

/** One op: the result from its operands (`b` absent for unary ops); `lambda` is softshrink's. */
export type Rule = (a: Sym, b: Sym, t: Target, lambda: number) => Sym;

/** Plain JavaScript: the spelling of the cpu backend, and the base other targets override. */
export const JS: Omit<Target, "bind" | "erf"> = {
  num: (x) => (Object.is(x, -0) ? "(-0)" : Number.isFinite(x) ? (x < 0 ? `(${x})` : String(x)) : x > 0 ? "Infinity" : x < 0 ? "(-Infinity)" : "NaN"),
  hypot: (re, im) => `Math.hypot(${re}, ${im})`,
  tanh: (x) => `Math.tanh(${x})`,
};

const real = (re: string): Sym => ({ re, im: null });

/** The shared op-to-code map; its keys are the pointwise ops every JS-like target supports. */
export const POINTWISE: Record<string, Rule> = {
  add: (a, b) => ({ re: `${a.re} + ${b.re}`, im: a.im && b.im ? `${a.im} + ${b.im}` : a.im ?? b.im }),
  sub: (a, b) => ({ re: `${a.re} - ${b.re}`, im: a.im && b.im ? `${a.im} - ${b.im}` : a.im ?? (b.im ? `-${b.im}` : null) }),
  mul: (a, b) => {
    // the full formula for two complex operands; an operand known real adds no cross terms,
    // so the product of real values is the IEEE one (as the reference's, src/ir/ops/tensor.ts)
    if (a.im && b.im) return { re: `${a.re} * ${b.re} - ${a.im} * ${b.im}`, im: `${a.re} * ${b.im} + ${a.im} * ${b.re}` };
    if (a.im) return { re: `${a.re} * ${b.re}`, im: `${a.im} * ${b.re}` };
    return { re: `${a.re} * ${b.re}`, im: b.im ? `${a.re} * ${b.im}` : null };
  },
  // a / b as the reference divides (src/ir/ops/tensor.ts): a divisor with zero imaginary part
  // divides each part (IEEE: x / 0 is +-inf or NaN), otherwise Smith's algorithm, which scales
  // by the larger of |br|, |bi| so that no intermediate overflows needlessly
  div: (a, b, t) => {
    if (!b.im) return { re: `${a.re} / ${b.re}`, im: a.im ? `${a.im} / ${b.re}` : null };
    const [ar, ai, br, bi] = [a.re, a.im ?? t.num(0), b.re, b.im];
    const zero = t.bind(`${bi} == ${t.num(0)}`), big = t.bind(`Math.abs(${br}) >= Math.abs(${bi})`);
    const r = t.bind(`${big} ? ${bi} / ${br} : ${br} / ${bi}`);
    const d = t.bind(`${big} ? ${br} + ${bi} * ${r} : ${br} * ${r} + ${bi}`);
    return {
      re: `(${zero} ? ${ar} / ${br} : (${big} ? (${ar} + ${ai} * ${r}) / ${d} : (${ar} * ${r} + ${ai}) / ${d}))`,
      im: `(${zero} ? ${ai} / ${br} : (${big} ? (${ai} - ${ar} * ${r}) / ${d} : (${ai} * ${r} - ${ar}) / ${d}))`,
    };
  },
  neg: (a) => ({ re: `-${a.re}`, im: a.im ? `-${a.im}` : null }),
  conj: (a) => ({ re: a.re, im: a.im ? `-${a.im}` : null }),
  real: (a) => real(a.re),
  imag: (a, _b, t) => real(a.im ?? t.num(0)),
  // a cast keeps both parts; the store drops the imaginary part when the result is real
  cast: (a) => a,
  abs: (a, _b, t) => real(a.im ? t.hypot(a.re, a.im) : `Math.abs(${a.re})`),
  // the real-valued functions read the real part only, as the reference does
  relu: (a, _b, t) => real(`Math.max(${a.re}, ${t.num(0)})`),
  tanh: (a, _b, t) => real(t.tanh(a.re)),
  sin: (a) => real(`Math.sin(${a.re})`),
  cos: (a) => real(`Math.cos(${a.re})`),
  sigmoid: (a, _b, t) => real(`${t.num(1)} / (${t.num(1)} + Math.exp(-(${a.re})))`),
  // torch's formula and order of operations, x * 0.5 * (1 + erf(x / sqrt 2)), as the reference
  gelu: (a, _b, t) => {
    const x = t.bind(a.re);
    return real(`${x} * ${t.num(0.5)} * (${t.num(1)} + ${t.erf(`${x} * ${t.num(Math.SQRT1_2)}`)})`);
  },
  angle: (a, _b, t) => real(`Math.atan2(${a.im ?? t.num(0)}, ${a.re})`),
  atan2: (a, b) => real(`Math.atan2(${a.re}, ${b.re})`),
  // exp(x + iy) = e^x (cos y + i sin y)
  exp: (a, _b, t) => {
    if (!a.im) return real(`Math.exp(${a.re})`);
    const e = t.bind(`Math.exp(${a.re})`);
    return { re: `${e} * Math.cos(${a.im})`, im: `${e} * Math.sin(${a.im})` };
  },
  // each part shrunk towards zero by lambda; NaN stays NaN (v - v: +0 for any finite v, NaN for NaN)
  softshrink: (a, _b, t, l) => {
    const shrink = (v: string) => `(${v} > ${t.num(l)} ? ${v} - ${t.num(l)} : (${v} < ${t.num(-l)} ? ${v} + ${t.num(l)} : ${v} - ${v}))`;
    return { re: shrink(a.re), im: a.im ? shrink(a.im) : null };
  },
};

/**
 * erf(x) as one expression over the tables of src/ir/math/erf.ts (for targets that cannot call
 * a pasted function): the interval's Taylor polynomial picked by comparisons, in Horner form.
 */
export function erfExpression(t: Target, x: string): string {
  const a = t.bind(`Math.abs(${x})`), g = ERF_GRID;
  const horner = (c: readonly number[], v: string) => c.reduceRight((acc, k) => (acc === "" ? t.num(k) : `${t.num(k)} + ${v} * (${acc})`), "");
  const small = `${a} * (${horner(ERF_SMALL, t.bind(`${a} * ${a}`))})`;
  let r = t.num(1);
  for (let i = ERF_TAYLOR.length - 1; i >= 0; i--) {
    const d = t.bind(`${a} - ${t.num(g.first + g.step * (i + 0.5))}`);
    r = `(${a} < ${t.num(g.first + g.step * (i + 1))} ? ${horner(ERF_TAYLOR[i], d)} : ${r})`;
  }
  return `(${x} < ${t.num(0)} ? ${t.num(-1)} : ${t.num(1)}) * (${a} < ${t.num(g.first)} ? ${small} : ${r})`;
}

/** Code of `op` on symbolic operands, or undefined when neither table knows the op. */
export function pointwise(t: Target, op: string, [a, b]: readonly Sym[], lambda = 0): Sym | undefined {
  const own = (table: Record<string, Rule> | undefined) => (table && Object.hasOwn(table, op) ? table[op] : undefined);
  return (own(t.rules) ?? own(POINTWISE))?.(a, b, t, lambda);
}
