// A stage program under construction: the lowering's one way to declare buffers, intern tables
// and append stages (src/ir/stages.ts), so the algorithms in fft.ts and ops.ts read as maths.
//
// Nesting. A kernel op's stages are written for one vector of its own; `along` runs such a body
// inside another op's program along an axis of that program's vector (a factor of a kron, a run
// of equal blocks of a blockdiag): every stage appended inside acts `outer` and `inner` times
// more, every temporary is that many times longer, and the weights it declares are named and
// found through the factor's position (BufDecl.source). The bodies themselves never change.
import type { BufDecl, StageArgs, StageDType, StageInstr, StageOp, StageProgram } from "../../ir/index.js";

type Scope = { readonly outer: number; readonly inner: number; readonly path: readonly number[] };

export class ProgramBuilder {
  private readonly inputs: BufDecl[] = [];
  private readonly outputs: BufDecl[] = [];
  private readonly temps: BufDecl[] = [];
  private readonly tables: Record<string, Float64Array> = {};
  private readonly stages: StageInstr[] = [];
  private scope: Scope = { outer: 1, inner: 1, path: [] };

  /** A batched input of the program. */
  input(name: string, len: number, dtype: StageDType): string {
    this.inputs.push({ name, len, dtype });
    return name;
  }

  /**
   * The weights the whole batch reads: the tensor at `source` (source indices from the op being
   * lowered; from the outermost op when nested), named after it so that nested ones never clash.
   */
  weight(name: string, source: readonly number[], len: number, dtype: StageDType): string {
    const path = [...this.scope.path, ...source];
    const full = [...this.scope.path, name].join(".");
    if (!this.inputs.some((b) => b.name === full)) this.inputs.push({ name: full, len, dtype, shared: true, source: path });
    return full;
  }

  output(name: string, len: number, dtype: StageDType): string {
    this.outputs.push({ name, len, dtype });
    return name;
  }

  /** A fresh temporary of len entries per vector of the body being written. */
  temp(len: number, dtype: StageDType = "complex"): string {
    const name = `t${this.temps.length}`;
    this.temps.push({ name, len: this.scope.outer * len * this.scope.inner, dtype });
    return name;
  }

  /** A table by key: made once per program, however many stages read it. */
  table(key: string, make: () => Float64Array): string {
    if (!Object.hasOwn(this.tables, key)) this.tables[key] = make();
    return key;
  }

  /** A table of data the lowering was given (a constant's values): one per distinct content, named `prefix #k`. */
  data(prefix: string, values: Float64Array): string {
    for (let k = 0; ; k++) {
      const name = `${prefix} #${k}`, t = this.tables[name];
      if (!t) return (this.tables[name] = values), name;
      if (t.length === values.length && t.every((v, i) => v === values[i])) return name;
    }
  }

  /** Append a stage acting along the whole vector of the body being written (an axis of n). */
  stage<K extends StageOp>(op: K, src: readonly string[], dst: string, n: number, arg: StageArgs[K]): void {
    this.stages.push({ op, src, dst, geom: { outer: this.scope.outer, n, inner: this.scope.inner }, arg } as StageInstr);
  }

  /**
   * Write a body along an axis of the current vector, viewed as [outer, ·, inner]; `source`: the
   * index of the source of the current op that the body's op is (its weights are found through it).
   */
  along<T>(outer: number, inner: number, source: number | undefined, body: () => T): T {
    const saved = this.scope;
    this.scope = { outer: saved.outer * outer, inner: inner * saved.inner, path: source === undefined ? saved.path : [...saved.path, source] };
    try {
      return body();
    } finally {
      this.scope = saved;
    }
  }

  build(): StageProgram {
    return { inputs: this.inputs, outputs: this.outputs, temps: this.temps, tables: this.tables, stages: this.stages };
  }
}

/** An interleaved complex table of n entries, entry k = f(k). */
export function complexTable(n: number, f: (k: number) => readonly [number, number]): Float64Array {
  const t = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) [t[2 * k], t[2 * k + 1]] = f(k);
  return t;
}

/** An index table of n entries. */
export const indexTable = (n: number, f: (k: number) => number): Float64Array => Float64Array.from({ length: n }, (_, k) => f(k));
