// Random operator expressions as DSL source, with random values for their params: the corpus
// of the property tests (algebraic identities) and of the rule fuzzing; and random bindings for
// a program's inputs and params.
import { type HostArray, type Program, type TensorType, isComplex } from "../../src/ir/index.js";
import { type Rng, rng } from "../../src/ir/math/random.js";

export { type Rng, rng };

/** Uniform numbers in [-1, 1) from the one seeded generator: the tests' usual random data. */
export function uniform(seed: number): () => number {
  const r = rng(seed);
  return () => 2 * r.next() - 1;
}

/** len uniform numbers in [-1, 1) from seed. */
export const uniformArray = (len: number, seed: number): Float64Array => Float64Array.from({ length: len }, uniform(seed));

/** Normal random values for every input and param of a program (symbolic dims = 3), except those in overrides. */
export function randomBindings(p: Program, seed: number, overrides: Record<string, HostArray> = {}): Record<string, HostArray> {
  const r = rng(seed);
  const out: Record<string, HostArray> = {};
  for (const d of [...p.inputs, ...p.params]) {
    if (d.name in overrides) continue;
    const t = d.node.type as TensorType;
    const shape = t.shape.map((s) => (typeof s === "number" ? s : 3));
    const len = shape.reduce((a, b) => a * b, 1) * (isComplex(t.dtype) ? 2 : 1);
    out[d.name] = { dtype: t.dtype, shape, data: Float64Array.from({ length: len }, () => r.normal()) };
  }
  return { ...out, ...overrides };
}

export interface RandomSpec {
  /** Declarations of params, then `A = <expr>`. */
  decls: string[];
  expr: string;
  n: number;
  params: Record<string, HostArray>;
  /** Whether inv(expr) is allowed (cheap inverse structure). */
  invertible: boolean;
}

const isPow2 = (n: number) => (n & (n - 1)) === 0;
const divisors = (n: number) => [...Array(n + 1).keys()].filter((d) => d > 1 && d < n && n % d === 0);

export class SpecGen {
  private count = 0;
  readonly decls: string[] = [];
  readonly params: Record<string, HostArray> = {};
  constructor(readonly r: Rng, readonly complexParams = true) {}

  private param(dtype: "f64" | "c128" | "i64", shape: number[], fillFn?: (len: number) => number[]): string {
    const name = `p${this.count++}`;
    const len = shape.reduce((a, b) => a * b, 1) * (dtype === "c128" ? 2 : 1);
    const data = fillFn ? fillFn(len) : Array.from({ length: len }, () => this.r.normal());
    this.decls.push(`param ${name}: ${dtype}[${shape.join(", ")}]`);
    this.params[name] = {
      dtype, shape,
      data: dtype === "i64" ? BigInt64Array.from(data.map((v) => BigInt(v))) : Float64Array.from(data),
    };
    return name;
  }
  private fdt(): "f64" | "c128" {
    return this.complexParams && this.r.next() < 0.3 ? "c128" : "f64";
  }


  /** Every leaf operator kind available at size n, by constructor name. */
  leafKinds(n: number): Record<string, () => { e: string; inv: boolean }> {
    const r = this.r;
    const norm = () => r.pick(["backward", "ortho", "forward"]);
    const k: Record<string, () => { e: string; inv: boolean }> = {
      dft: () => ({ e: `${r.pick(["dft", "idft"])}(${n}, norm="${norm()}")`, inv: true }),
      I: () => ({ e: `I(${n})`, inv: true }),
      // entries bounded away from zero so that inv(diag) stays well conditioned
      diag: () => ({ e: `diag(${this.param(this.fdt(), [n], (len) => Array.from({ length: len }, () => (r.next() < 0.5 ? -1 : 1) * (0.5 + r.next())))})`, inv: true }),
      dense: () => ({ e: `dense(${this.param(this.fdt(), [n, n])})`, inv: false }),
      toeplitz: () => ({ e: `toeplitz(${this.param(this.fdt(), [n])}, ${this.param(this.fdt(), [n])})`, inv: false }),
      circulant: () => ({ e: `circulant(${this.param("f64", [n])})`, inv: false }),
      hankel: () => ({ e: `hankel(${this.param(this.fdt(), [n])}, ${this.param("f64", [n])})`, inv: false }),
      conv: () => ({ e: `conv(${this.param(this.fdt(), [r.int(1, n)])}, ${n}, mode="same")`, inv: false }),
      perm: () => {
        const p = [...Array(n).keys()];
        for (let i = n - 1; i > 0; i--) { const j = r.int(0, i); [p[i], p[j]] = [p[j], p[i]]; }
        return { e: `perm(${this.param("i64", [n], () => p)})`, inv: true };
      },
      lowrank: () => ({ e: `lowrank(${this.param(this.fdt(), [n, 2])}, ${this.param(this.fdt(), [n, 2])})`, inv: false }),
    };
    if (n >= 2) k.dct = () => ({ e: `${r.pick(["dct", "idct"])}(${n}, type=${r.int(1, 4)}, norm="${norm()}")`, inv: true });
    k.dst = () => ({ e: `${r.pick(["dst", "idst"])}(${n}, type=${r.int(1, 4)}, norm="${norm()}")`, inv: true });
    if (isPow2(n) && n >= 2) {
      k.wht = () => ({ e: `wht(${n}, norm="${r.pick(["backward", "ortho"])}")`, inv: true });
      k.bitrev = () => ({ e: `bitrev(${n})`, inv: true });
      k.butterfly_dft = () => ({ e: `butterfly_dft(${n})`, inv: true });
      k.butterfly = () => ({ e: `butterfly(${this.param(this.fdt(), [Math.log2(n), n / 2, 2, 2])}, increasing=${r.pick(["true", "false"])})`, inv: false });
    }
    const ds = divisors(n);
    if (ds.length) {
      k.stride = () => { const a = r.pick(ds); return { e: `stride(${a}, ${n / a})`, inv: true }; };
      k.kron = () => { const a = r.pick(ds); return { e: `kron(${this.op(a, 0).e}, ${this.op(n / a, 0).e})`, inv: false }; };
    }
    if (n >= 2) k.blockdiag = () => { const a = r.int(1, n - 1); return { e: `blockdiag(${this.op(a, 0).e}, ${this.op(n - a, 0).e})`, inv: false }; };
    const b = Math.round(Math.sqrt(n));
    if (b * b === n && b > 1) k.monarch = () => ({ e: `monarch(${this.param(this.fdt(), [b, b, b])}, ${this.param(this.fdt(), [b, b, b])})`, inv: false });
    return k;
  }

  /** A random square n x n operator expression; depth bounds nesting. */
  op(n: number, depth: number): { e: string; inv: boolean } {
    const r = this.r;
    const leaves = Object.values(this.leafKinds(n));
    const ds = divisors(n);
    if (depth <= 0 || r.next() < 0.35) return r.pick(leaves)();

    const combos: (() => { e: string; inv: boolean })[] = [
      () => { const a = this.op(n, depth - 1), c = this.op(n, depth - 1); return { e: `(${a.e} @ ${c.e})`, inv: a.inv && c.inv }; },
      () => { const a = this.op(n, depth - 1), c = this.op(n, depth - 1); return { e: `(${a.e} + ${c.e})`, inv: false }; },
      () => { const a = this.op(n, depth - 1); return { e: `(${r.pick([2.5, -0.5, 3])} * ${a.e})`, inv: a.inv }; },
      () => { const a = this.op(n, depth - 1); return { e: `(${a.e}).${r.pick(["T", "H"])}`, inv: a.inv }; },
      () => { const a = this.op(n, depth - 1); return a.inv ? { e: `inv(${a.e})`, inv: true } : a; },
    ];
    if (ds.length) {
      combos.push(() => { const a = r.pick(ds), x = this.op(a, depth - 1), y = this.op(n / a, depth - 1); return { e: `kron(${x.e}, ${y.e})`, inv: x.inv && y.inv }; });
      combos.push(() => { const a = r.int(1, n - 1), x = this.op(a, depth - 1), y = this.op(n - a, depth - 1); return { e: `blockdiag(${x.e}, ${y.e})`, inv: x.inv && y.inv }; });
    }
    return r.pick(combos)();
  }
}

/** A random spec `output y = A @ x` over x: c128[batch, n] (or f64), with bound params. */
export function randomSpec(seed: number, opts: { n?: number; depth?: number; realInput?: boolean } = {}): RandomSpec & { source: string; x: HostArray } {
  const r = rng(seed);
  const n = opts.n ?? r.pick([1, 2, 3, 4, 6, 8, 9, 12, 16]);
  const g = new SpecGen(r);
  const { e, inv } = g.op(n, opts.depth ?? 2);
  const xdt = opts.realInput ? "f64" : "c128";
  const batch = r.int(1, 3);
  const source = [...g.decls, `input x: ${xdt}[batch, ${n}]`, `A = ${e}`, `output y = A @ x`, ""].join("\n");
  const x: HostArray = { dtype: xdt, shape: [batch, n], data: Float64Array.from({ length: batch * n * (xdt === "c128" ? 2 : 1) }, () => r.normal()) };
  return { decls: g.decls, expr: e, n, params: g.params, invertible: inv, source, x };
}
