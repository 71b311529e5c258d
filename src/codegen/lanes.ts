// Two-lane vectorisation of a codelet DAG (superword-level parallelism, as an SLP vectoriser
// does it): a SIMD renderer that keeps each complex number as one (re, im) lane pair (wasm's
// f64x2, or f32x4 as two such pairs side by side) asks for the vector of a pair of real nodes,
// and gets a small program of lane-wise vector instructions computing it:
//   (a + b, c + d)  = (a, c) + (b, d)          (a - b, c + d) = (a, c) + (-b, d)  ...
//   (a·b, c·d)      = (a, c) · (b, d)          (k1·a, k2·c)   = (a, c) · const(k1, k2)
//   (b, a)          = swap (a, b)              (-a, b)        = flip-re (a, b)
// The leaves are the renderer's own vectors (loaded inputs, twiddle vectors) named by their node
// pairs. Among the ways to pair operands the search takes the one needing the fewest new
// vectors (a vector already computed is free, one used twice counts once), so the sign folding and operand order of
// the DAG cost no extra instructions: the rotations by ±i become one swap and one sign flip, a
// twiddle product one swap and two multiplies, as hand-written SIMD codelets do.

import { type Dag, type Node, valueOf } from "./dag.js";

/** One lane-wise instruction; operands are indices of earlier instructions. */
export type VIns =
  | { readonly op: "leaf"; readonly leaf: number }
  | { readonly op: "const"; readonly re: number; readonly im: number }
  | { readonly op: "add" | "sub" | "mul"; readonly a: number; readonly b: number }
  | { readonly op: "swap"; readonly a: number }
  | { readonly op: "flip"; readonly a: number; readonly re: boolean; readonly im: boolean };

interface Plan {
  readonly key: string;
  /** The keys of the instructions this plan would add, its own included: its cost is their number. */
  readonly fresh: ReadonlySet<string>;
  readonly kids: readonly Plan[];
  readonly make: (kids: number[]) => VIns;
}

type Term = readonly [sign: 1 | -1, node: Node];

export class Lanes {
  /** The program so far: every instruction, operands first. */
  readonly prog: VIns[] = [];
  private readonly done = new Map<string, number>();

  private readonly group = new Map<Node, number>();
  private readonly sigs = new Map<Node, string>();

  /** `leaves[k]` = the (re, im) node pair that the renderer's vector k holds. */
  constructor(private readonly d: Dag, leaves: readonly (readonly [Node, Node])[]) {
    leaves.forEach(([re, im], leaf) => {
      this.done.set(key(re, im), this.push({ op: "leaf", leaf }));
      // the loads of one leaf form a group; a group holding either load of another leaf merges with it
      const [r, i] = [strip(re)[1], strip(im)[1]], g = this.group.get(r) ?? this.group.get(i) ?? leaf;
      this.group.set(r, g).set(i, g);
    });
  }

  /** The instruction index of the vector (re, im), adding what it needs to the program. */
  vec(re: Node, im: Node): number {
    const plan = new Search(this.d, this.done, (n) => this.sig(n)).plan(re, im);
    if (!plan) throw new Error(`internal: no lane-wise form for the pair (#${re.id} ${re.op}, #${im.id} ${im.op})`);
    return this.emit(plan);
  }

  private emit(p: Plan): number {
    const have = this.done.get(p.key);
    if (have !== undefined) return have;
    const i = this.push(p.make(p.kids.map((k) => this.emit(k))));
    this.done.set(p.key, i);
    return i;
  }
  /**
   * The leaf groups a node reads: the two lanes of a vector always read the same leaves (every
   * instruction combines whole vectors), so a pair whose signatures differ has no plan.
   */
  private sig(n: Node): string {
    let s = this.sigs.get(n);
    if (s === undefined) {
      const g = this.group.get(n);
      s = n.op === "load" ? String(g ?? `?${n.id}`) : [...new Set(n.src.flatMap((m) => (m.op === "const" ? [] : this.sig(m).split(" "))))].filter(Boolean).sort().join(" ");
      this.sigs.set(n, s);
    }
    return s;
  }
  private push(ins: VIns): number {
    this.prog.push(ins);
    return this.prog.length - 1;
  }
}

const key = (a: Node, b: Node) => `${a.id},${b.id}`;
type Offer = (kids: (() => Plan | null)[], make: (i: number[]) => VIns) => void;

/**
 * One search for the cheapest plan of a pair, memoised per pair. Every rule but the swap goes
 * to smaller nodes (operands, or a negation's operand), and a swapped pair is planned without
 * swapping back, so the search has no cycles.
 */
class Search {
  private readonly memo = new Map<string, Plan | null>();
  constructor(private readonly d: Dag, private readonly done: ReadonlyMap<string, number>, private readonly sig: (n: Node) => string) {}

  plan(a: Node, b: Node, swapped = false): Plan | null {
    const k = key(a, b), mk = swapped ? k + "'" : k;
    if (this.done.has(k)) return { key: k, fresh: new Set(), kids: [], make: () => { throw new Error("internal: emitted"); } };
    if (this.memo.has(mk)) return this.memo.get(mk)!;
    if (this.sig(a) !== this.sig(b)) return null;
    let best: Plan | null = null;
    // kids are planned lazily, so an alternative stops as soon as it cannot beat the best so far
    const offer: Offer = (thunks, make) => {
      if (best && best.fresh.size <= 1) return;
      const kids: Plan[] = [];
      for (const t of thunks) {
        const p = t();
        if (!p || (best && p.fresh.size + 1 >= best.fresh.size)) return;
        kids.push(p);
      }
      const fresh = new Set([k]);
      for (const p of kids) for (const f of p.fresh) fresh.add(f);
      if (!best || fresh.size < best.fresh.size) best = { key: k, fresh, kids, make };
    };
    const ca = constOf(a), cb = constOf(b);
    if (ca !== null && cb !== null) offer([], () => ({ op: "const", re: ca, im: cb }));
    if (a !== b && !swapped) offer([() => this.plan(b, a, true)], ([x]) => ({ op: "swap", a: x }));
    if (a.op === "neg" || b.op === "neg") {
      const [sa, na] = strip(a), [sb, nb] = strip(b);
      offer([() => this.plan(na, nb)], ([x]) => ({ op: "flip", a: x, re: sa < 0, im: sb < 0 }));
    }
    this.products(a, b, offer);
    this.sums(a, b, offer);
    this.memo.set(mk, best);
    return best;
  }

  /** (σa·x1·x2, σb·y1·y2) = (x, y) · (σa·x', σb·y'), over the pairings of the factors. */
  private products(a: Node, b: Node, offer: Offer): void {
    const [sa, ma] = strip(a), [sb, mb] = strip(b);
    if (ma.op !== "mul" || mb.op !== "mul") return;
    const signed = (s: number, n: Node) => (s < 0 ? this.d.neg(n) : n);
    for (const [i, j] of [[0, 0], [0, 1], [1, 0], [1, 1]])
      for (const signOnFirst of [false, true]) {
        const x1 = ma.src[i], x2 = ma.src[1 - i], y1 = mb.src[j], y2 = mb.src[1 - j];
        const f = signOnFirst ? [signed(sa, x1), signed(sb, y1), x2, y2] : [x1, y1, signed(sa, x2), signed(sb, y2)];
        offer([() => this.plan(f[0], f[1]), () => this.plan(f[2], f[3])], ([p, q]) => ({ op: "mul", a: p, b: q }));
      }
  }

  /** (±p ± q, ±r ± s) as the sum or difference of two lane pairs, over both alignments. */
  private sums(a: Node, b: Node, offer: Offer): void {
    const ta = terms(a), tb = terms(b);
    if (!ta || !tb) return;
    const signed = (s: number, n: Node) => (s < 0 ? this.d.neg(n) : n);
    for (const [i, j] of [[0, 1], [1, 0]]) {
      const pairs: [Term, Term][] = [[ta[0], tb[i]], [ta[1], tb[j]]];
      // each pair enters as +(σa p, σb r) or as -(-σa p, -σb r)
      for (const o1 of [1, -1])
        for (const o2 of [1, -1]) {
          if (o1 < 0 && o2 < 0) continue;
          const [[s1, p1], [t1, q1]] = pairs[0], [[s2, p2], [t2, q2]] = pairs[1];
          const k1 = () => this.plan(signed(o1 * s1, p1), signed(o1 * t1, q1)), k2 = () => this.plan(signed(o2 * s2, p2), signed(o2 * t2, q2));
          if (o1 > 0 && o2 > 0) offer([k1, k2], ([x, y]) => ({ op: "add", a: x, b: y }));
          else if (o2 < 0) offer([k1, k2], ([x, y]) => ({ op: "sub", a: x, b: y }));
          else offer([k2, k1], ([y, x]) => ({ op: "sub", a: y, b: x }));
        }
    }
  }
}

/** The node without its negation, and the sign taken off. */
const strip = (n: Node): [1 | -1, Node] => (n.op === "neg" ? [-1, n.src[0]] : [1, n]);

/** A constant's value (a negated constant included), else null. */
function constOf(n: Node): number | null {
  const [s, m] = strip(n);
  return m.op === "const" ? s * valueOf(m) : null;
}

/** The two signed terms of a sum or difference (or of its negation), else null. */
function terms(n: Node): [Term, Term] | null {
  const [s, m] = strip(n);
  if (m.op === "add") return [[s, m.src[0]], [s, m.src[1]]];
  if (m.op === "sub") return [[s, m.src[0]], [s === 1 ? -1 : 1, m.src[1]]];
  return null;
}
