// Straight-line complex arithmetic emitted as JavaScript source text.
//
// A codelet generator works on symbolic complex values: each component is a term, a variable
// name with an optional minus sign. Negations are folded into the next add/sub instead of
// being emitted, and multiplications by the constants 1, -1, ±i and (±1±i)/√2 cost nothing or
// two multiplies, as in FFTW's genfft. Every result is a fresh `const`, so V8 sees SSA code.
import { cis } from "../../../ir/index.js";


/** A real term: `name` or `-name`, or a numeric literal `0`. */
export interface Term {
  readonly name: string;
  readonly neg: boolean;
}
/** A complex value as a pair of real terms. */
export interface Cplx {
  readonly re: Term;
  readonly im: Term;
}

export const term = (name: string, neg = false): Term => ({ name, neg });
export const cplx = (re: string, im: string): Cplx => ({ re: term(re), im: term(im) });
const negT = (t: Term): Term => ({ name: t.name, neg: !t.neg });
/** The term as an expression; a negative term is parenthesised so it can follow any operator. */
export const show = (t: Term): string => (t.neg ? `(-${t.name})` : t.name);

/** A number as a JS literal that round-trips exactly. */
export function lit(x: number): string {
  if (Object.is(x, -0)) return "0";
  const s = String(x);
  return s.includes("e") || s.includes(".") || s.includes("I") || s.includes("N") ? s : s + ".0";
}

export class Emitter {
  readonly lines: string[] = [];
  private count = 0;
  constructor(private readonly prefix = "t", readonly indent = "  ") {}

  fresh(): string {
    return `${this.prefix}${this.count++}`;
  }
  line(s: string): void {
    this.lines.push(this.indent + s);
  }
  /** Binds an expression to a new const and returns its term. */
  bind(expr: string): Term {
    const name = this.fresh();
    this.line(`const ${name} = ${expr};`);
    return term(name);
  }

  // a + b and a - b on real terms, folding signs: (-a) + (-b) = -(a + b), (-a) + b = b - a.
  addR(a: Term, b: Term): Term {
    if (!a.neg && !b.neg) return this.bind(`${a.name} + ${b.name}`);
    if (!a.neg && b.neg) return this.bind(`${a.name} - ${b.name}`);
    if (a.neg && !b.neg) return this.bind(`${b.name} - ${a.name}`);
    return negT(this.bind(`${a.name} + ${b.name}`));
  }
  subR(a: Term, b: Term): Term {
    return this.addR(a, negT(b));
  }
  /** Real term times a real constant (the sign of the constant folds into the term). */
  scaleR(a: Term, c: number): Term {
    if (c === 1) return a;
    if (c === -1) return negT(a);
    const t = this.bind(`${a.name} * ${lit(Math.abs(c))}`);
    return c < 0 !== a.neg ? negT(t) : t;
  }
  /** Sum of c_k * a_k for real constants, as one expression (used by odd-prime codelets). */
  dotR(terms: Term[], coefs: number[]): Term {
    const parts: string[] = [];
    terms.forEach((t, k) => {
      const c = coefs[k] * (t.neg ? -1 : 1);
      if (c === 0) return;
      const mag = Math.abs(c) === 1 ? t.name : `${t.name} * ${lit(Math.abs(c))}`;
      parts.push(parts.length === 0 ? (c < 0 ? `-${mag}` : mag) : `${c < 0 ? "-" : "+"} ${mag}`);
    });
    return this.bind(parts.length ? parts.join(" ") : "0");
  }

  add(a: Cplx, b: Cplx): Cplx {
    return { re: this.addR(a.re, b.re), im: this.addR(a.im, b.im) };
  }
  sub(a: Cplx, b: Cplx): Cplx {
    return { re: this.subR(a.re, b.re), im: this.subR(a.im, b.im) };
  }
  /** a times i^q, free: only swaps and signs. */
  rotate(a: Cplx, q: number): Cplx {
    switch (((q % 4) + 4) % 4) {
      case 0: return a;
      case 1: return { re: negT(a.im), im: a.re };
      case 2: return { re: negT(a.re), im: negT(a.im) };
      default: return { re: a.im, im: negT(a.re) };
    }
  }
  /**
   * a times e^{2πi e/n}: exact for multiples of π/4, else four multiplies with literals
   * computed from the reduced angle (so the constant is as accurate as Math.cos allows).
   */
  twiddle(a: Cplx, e: number, n: number): Cplx {
    e = ((e % n) + n) % n;
    if ((4 * e) % n === 0) return this.rotate(a, (4 * e) / n);
    if ((8 * e) % n === 0) {
      // (±1 ± i)/√2: rotate by a quarter-turn multiple, then by e^{iπ/4} = (1+i)/√2.
      const q = Math.floor((8 * e) / n / 2);
      const b = this.rotate(a, q);
      const s = Math.SQRT1_2;
      return { re: this.scaleR(this.subR(b.re, b.im), s), im: this.scaleR(this.addR(b.re, b.im), s) };
    }
    return this.mulConst(a, ...cis(e, n));
  }
  mulConst(a: Cplx, cr: number, ci: number): Cplx {
    const re = this.bind(`${prod(a.re, cr)} ${addSigned(a.im, -ci)}`);
    const im = this.bind(`${prod(a.re, ci)} ${addSigned(a.im, cr)}`);
    return { re, im };
  }
  /** Binds a complex value to plain names (no pending sign), e.g. before storing it. */
  settle(a: Cplx): Cplx {
    const fix = (t: Term) => (t.neg ? this.bind(`-${t.name}`) : t);
    return { re: fix(a.re), im: fix(a.im) };
  }
}

function prod(t: Term, c: number): string {
  const neg = c < 0 !== t.neg;
  return `${neg ? "-" : ""}${t.name} * ${lit(Math.abs(c))}`;
}
function addSigned(t: Term, c: number): string {
  const neg = c < 0 !== t.neg;
  return `${neg ? "-" : "+"} ${t.name} * ${lit(Math.abs(c))}`;
}
