// The codelet expression DAG (FFTW genfft's `expr`, tinygrad's UOp): real scalar nodes built
// through one factory that hash-conses them, so equal subexpressions are one node and common
// subexpression elimination is free. The factory simplifies as it builds, the way genfft's
// algebraic simplifier does, so the generators can write the maths plainly:
//   x·1 = x, x·(-1) = -x, x·0 = 0, x + 0 = x, x - x = 0, -(-x) = x, c1·c2 folded;
//   constants are kept positive: a negative constant is -(|c|), and a product's sign is
//   pulled out (-a)·b = -(a·b), so that negations float up into the sums that consume them:
//   a + (-b) = a - b, (-a) + b = b - a, (-a) + (-b) = -(a + b), a - (-b) = a + b, ...
// A negation therefore survives only at an output (the renderer folds it into the store) or
// under another negation's cancellation; the unparsers never emit a separate negate.

export type Op = "load" | "const" | "add" | "sub" | "neg" | "mul";

/** One real scalar: `arg` is the load's name or the constant's value (>= 0). */
export interface Node {
  readonly id: number;
  readonly op: Op;
  readonly src: readonly Node[];
  readonly arg: string | number;
}

/** A constant's value (NaN for any other node). */
export const valueOf = (n: Node): number => (n.op === "const" && typeof n.arg === "number" ? n.arg : NaN);
/** A load's name. */
export const nameOf = (n: Node): string => String(n.arg);

/** A complex value as its two real nodes. */
export interface C {
  readonly re: Node;
  readonly im: Node;
}

/** A hash-consing node factory; one per codelet, so node ids are small and dense. */
export class Dag {
  private readonly table = new Map<string, Node>();
  private count = 0;
  readonly zero = this.make("const", [], 0);
  readonly one = this.make("const", [], 1);

  private make(op: Op, src: readonly Node[], arg: string | number): Node {
    const key = `${op}|${typeof arg === "number" ? arg.toPrecision(17) : arg}|${src.map((s) => s.id).join(",")}`;
    let n = this.table.get(key);
    if (!n) this.table.set(key, (n = { id: this.count++, op, src, arg }));
    return n;
  }

  /** Every node built so far, in creation (hence topological) order. */
  get size(): number {
    return this.count;
  }

  load(name: string): Node {
    return this.make("load", [], name);
  }
  num(c: number): Node {
    if (!Number.isFinite(c)) throw new RangeError(`codelet constant must be finite, got ${c}`);
    return c < 0 ? this.neg(this.make("const", [], -c)) : this.make("const", [], c === 0 ? 0 : c);
  }
  neg(a: Node): Node {
    if (a.op === "neg") return a.src[0];
    if (a === this.zero) return a;
    return this.make("neg", [a], "");
  }
  add(a: Node, b: Node): Node {
    if (a === this.zero) return b;
    if (b === this.zero) return a;
    if (a.op === "neg" && b.op === "neg") return this.neg(this.add(a.src[0], b.src[0]));
    if (a.op === "neg") return this.sub(b, a.src[0]);
    if (b.op === "neg") return this.sub(a, b.src[0]);
    return a.id <= b.id ? this.make("add", [a, b], "") : this.make("add", [b, a], "");
  }
  sub(a: Node, b: Node): Node {
    if (b === this.zero) return a;
    if (a === this.zero) return this.neg(b);
    if (a === b) return this.zero;
    if (b.op === "neg") return this.add(a, b.src[0]);
    if (a.op === "neg") return this.neg(this.add(a.src[0], b));
    return this.make("sub", [a, b], "");
  }
  mul(a: Node, b: Node): Node {
    if (a.op === "neg") return this.neg(this.mul(a.src[0], b));
    if (b.op === "neg") return this.neg(this.mul(a, b.src[0]));
    if (a === this.zero || b === this.zero) return this.zero;
    if (a === this.one) return b;
    if (b === this.one) return a;
    if (a.op === "const" && b.op === "const") return this.num(valueOf(a) * valueOf(b));
    // constants first, then by id: one node per product whatever the operand order
    const first = b.op === "const" && a.op !== "const" ? true : a.op !== "const" && a.id > b.id;
    return first ? this.make("mul", [b, a], "") : this.make("mul", [a, b], "");
  }

  // complex arithmetic over the real nodes
  cadd(a: C, b: C): C {
    return { re: this.add(a.re, b.re), im: this.add(a.im, b.im) };
  }
  csub(a: C, b: C): C {
    return { re: this.sub(a.re, b.re), im: this.sub(a.im, b.im) };
  }
  /** a·i^q: swaps and signs only. */
  rot(a: C, q: number): C {
    switch (((q % 4) + 4) % 4) {
      case 0: return a;
      case 1: return { re: this.neg(a.im), im: a.re };
      case 2: return { re: this.neg(a.re), im: this.neg(a.im) };
      default: return { re: a.im, im: this.neg(a.re) };
    }
  }
  /** a·w for a complex w of nodes (a run-time twiddle), or a·conj(w) when `conj`. */
  cmul(a: C, w: C, conj = false): C {
    const { re: ar, im: ai } = a, { re: wr, im: wi } = w;
    return conj
      ? { re: this.add(this.mul(ar, wr), this.mul(ai, wi)), im: this.sub(this.mul(ai, wr), this.mul(ar, wi)) }
      : { re: this.sub(this.mul(ar, wr), this.mul(ai, wi)), im: this.add(this.mul(ar, wi), this.mul(ai, wr)) };
  }
  /** a times the real constant c. */
  scale(a: C, c: number): C {
    const k = this.num(c);
    return { re: this.mul(k, a.re), im: this.mul(k, a.im) };
  }
}

/** The nodes the roots depend on, each once, in creation order (operands before users: the order the generator wrote them). */
export function schedule(roots: readonly Node[]): Node[] {
  const seen = new Set<Node>();
  const visit = (n: Node): void => {
    if (seen.has(n)) return;
    seen.add(n);
    n.src.forEach(visit);
  };
  roots.forEach(visit);
  return [...seen].sort((a, b) => a.id - b.id);
}

/** Real additions (add, sub) and multiplications the roots cost; loads, constants and negations are free. */
export function opCount(roots: readonly Node[]): { adds: number; muls: number } {
  let adds = 0, muls = 0;
  for (const n of schedule(roots)) {
    if (n.op === "add" || n.op === "sub") adds++;
    else if (n.op === "mul") muls++;
  }
  return { adds, muls };
}
