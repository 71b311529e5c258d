// A grammar-aware generator of random well-typed specs (issue 10, systematic checks): typed
// productions for operators of a given size and tensors of a given last axis, drawing the
// size-only constructors and their string options from the catalogue, and declaring params on
// demand. Seeded: the same seed gives the same spec. Used by test/dsl/grammar-fuzz.test.ts
// (check, passes, reference) and test/backends/fuzz-sample.test.ts (every backend).
import type { DType, HostArray } from "../../src/ir/index.js";
import { constructorNames, getConstructor } from "../../src/ir/index.js";
import { rng as seededRng } from "../../src/ir/math/random.js";

export interface GeneratedSpec {
  source: string;
  /** Arrays for every input and param (batch 3). */
  bindings: Record<string, HostArray>;
}

const FLOATS: DType[] = ["f32", "f64", "c64", "c128"];
/** Catalogue constructors whose only required argument is a size n (options from their oneOf). */
const SIZED = constructorNames().filter((name) => {
  const c = getConstructor(name)!;
  const req = c.params.filter((p) => p.default === undefined);
  return req.length === 1 && req[0].kind === "int" && req[0].name === "n" && c.params.every((p) => p.default === undefined || p.kind === "string" || p.kind === "int");
});
/** Of those, the ones needing a power of two, and the ones that are not square n x n. */
const POW2 = new Set(["wht", "bitrev", "butterfly_dft"]);
const NOT_SQUARE = new Set(["rdft", "irdft"]);
const INVERTIBLE = new Set(["dft", "idft", "wht", "I", "bitrev", "dct", "idct", "dst", "idst", "butterfly_dft"]);

class Gen {
  readonly r: () => number;
  readonly decls: string[] = [];
  readonly bindings: Record<string, HostArray> = {};
  private k = 0;
  constructor(seed: number) {
    this.r = seededRng(seed).next;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)];
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  num(): string {
    return this.pick(["2", "0.5", "-1.5", "3", "1e-3", "0.25"]);
  }
  /** Declare a param of the given shape (dtype random unless given) and bind values to it. */
  param(shape: number[], dtype?: DType): string {
    const name = `p${this.k++}`;
    const dt = dtype ?? this.pick(FLOATS);
    this.decls.push(`param ${name}: ${dt}[${shape.join(", ")}]`);
    this.bindings[name] = this.values(dt, shape);
    return name;
  }
  values(dtype: DType, shape: number[]): HostArray {
    const n = shape.reduce((a, b) => a * b, 1) * (dtype.startsWith("c") ? 2 : 1);
    const v = Array.from({ length: n }, () => (this.chance(0.5) ? 1 : -1) * (0.25 + this.r()));
    return { dtype, shape, data: dtype === "f32" || dtype === "c64" ? Float32Array.from(v) : Float64Array.from(v) };
  }

  /** A constructor of the catalogue sized n, with its string options drawn from their oneOf. */
  sized(n: number): string | undefined {
    const names = SIZED.filter((c) => !NOT_SQUARE.has(c) && (!POW2.has(c) || (n & (n - 1)) === 0));
    const name = this.pick(names);
    const c = getConstructor(name)!;
    const opts = c.params
      .filter((p) => p.default !== undefined && p.oneOf && this.chance(0.3))
      .map((p) => `${p.name}=${p.kind === "string" ? `"${this.pick(p.oneOf!)}"` : this.pick(p.oneOf!)}`)
      .filter((o) => !(o === "type=1" && n < 2));
    return `${name}(${[String(n), ...opts].join(", ")})`;
  }

  /** An operator of size n x n. */
  op(n: number, depth: number): string {
    const leaf = depth <= 0 || this.chance(0.35);
    if (leaf) {
      switch (Math.floor(this.r() * 6)) {
        case 0: return `diag(${this.param([n])})`;
        case 1: return `dense(${this.param([n, n])})`;
        case 2: return `toeplitz(${this.param([n], "f64")}, ${this.param([n], "f64")})`;
        case 3: return `circulant(${this.param([n])})`;
        default: return this.sized(n)!;
      }
    }
    const d = depth - 1;
    const split = [2, 3, 4].filter((a) => n % a === 0 && n / a >= 1 && a < n);
    switch (Math.floor(this.r() * 8)) {
      case 0: return `(${this.op(n, d)} @ ${this.op(n, d)})`;
      case 1: return `(${this.op(n, d)} + ${this.op(n, d)})`;
      case 2: return `(${this.num()} * ${this.op(n, d)})`;
      case 3: return `${this.op(n, d)}.${this.pick(["T", "H"])}`;
      case 4: {
        if (!split.length) return this.op(n, d);
        const a = this.pick(split);
        return `kron(${this.op(a, d)}, ${this.op(n / a, d)})`;
      }
      case 5: {
        if (n < 2) return this.op(n, d);
        const a = 1 + Math.floor(this.r() * (n - 1));
        return `blockdiag(${this.op(a, d)}, ${this.op(n - a, d)})`;
      }
      case 6: {
        const s = this.sized(n)!;
        return INVERTIBLE.has(s.slice(0, s.indexOf("("))) && !s.includes("type=1") ? `inv(${s})` : s;
      }
      default: return `(${this.op(n, d)} - ${this.op(n, d)})`;
    }
  }

  /** A tensor [batch, n]. */
  tensor(n: number, depth: number, leaves: string[]): string {
    if (depth <= 0 || this.chance(0.25)) return this.pick(leaves);
    const d = depth - 1;
    const t = () => this.tensor(n, d, leaves);
    switch (Math.floor(this.r() * 14)) {
      case 0:
      case 1: return `(${this.op(n, Math.min(d, 2))} @ ${t()})`;
      case 2: return `(${t()} + ${t()})`;
      case 3: return `(${t()} - ${t()})`;
      case 4: return `(${t()} * ${t()})`;
      case 5: return `(${t()} * ${this.param([n])})`;
      case 6: return `(${this.num()} * ${t()})`;
      case 7: return `(-${t()})`;
      case 8: return `${this.pick(["real", "imag", "conj", "abs"])}(${t()})`;
      case 9: return `${this.pick(["relu", "tanh", "sin"])}(real(${t()}))`;
      case 10: return `softshrink(real(${t()}), lambda=0.1)`;
      case 11: {
        const k = 1 + Math.floor(this.r() * n);
        return `pad(${t()}[0:${k}], ${n})`;
      }
      case 12: return n % 2 === 0 ? `(irdft(${n}) @ (rdft(${n}) @ real(${t()})))` : t();
      default: return `(${t()} / ${this.pick(["2", "-4", "0.5"])})`;
    }
  }
}

/** A random well-typed spec: one or two inputs [batch, n], a few outputs of random depth. */
export function generateSpec(seed: number, opts: { maxDepth?: number } = {}): GeneratedSpec {
  const g = new Gen(seed);
  const n = g.pick([1, 2, 3, 4, 6, 8]);
  const maxDepth = opts.maxDepth ?? 4;
  const inputs = g.chance(0.5) ? ["x"] : ["x", "z"];
  const lines: string[] = [];
  for (const name of inputs) {
    const dt = g.pick(FLOATS);
    lines.push(`input ${name}: ${dt}[batch, ${n}]`);
    g.bindings[name] = g.values(dt, [3, n]);
  }
  const outs = 1 + Math.floor(g.r() * 3);
  const body: string[] = [];
  for (let i = 0; i < outs; i++) body.push(`output y${i} = ${g.tensor(n, 1 + Math.floor(g.r() * maxDepth), inputs)}`);
  return { source: [...lines, ...g.decls, ...body, ""].join("\n"), bindings: g.bindings };
}
