// A stage program under construction: the lowering's one way to declare buffers, intern tables
// and append stages (src/ir/stages.ts), so the algorithms in fft.ts and ops.ts read as maths.
import type { BufDecl, StageArgs, StageDType, StageInstr, StageOp, StageProgram } from "../../ir/index.js";

export class ProgramBuilder {
  private readonly inputs: BufDecl[] = [];
  private readonly outputs: BufDecl[] = [];
  private readonly temps: BufDecl[] = [];
  private readonly tables: Record<string, Float64Array> = {};
  private readonly stages: StageInstr[] = [];

  /** A batched input (or, `shared`, one the whole batch reads: an operator's weights). */
  input(name: string, len: number, dtype: StageDType, shared = false): string {
    this.inputs.push(shared ? { name, len, dtype, shared } : { name, len, dtype });
    return name;
  }

  output(name: string, len: number, dtype: StageDType): string {
    this.outputs.push({ name, len, dtype });
    return name;
  }

  /** A fresh temporary of len entries. */
  temp(len: number, dtype: StageDType = "complex"): string {
    const name = `t${this.temps.length}`;
    this.temps.push({ name, len, dtype });
    return name;
  }

  /** A table by key: made once per program, however many stages read it. */
  table(key: string, make: () => Float64Array): string {
    if (!Object.hasOwn(this.tables, key)) this.tables[key] = make();
    return key;
  }

  /** Append a stage acting along the whole vector (an axis of n). */
  stage<K extends StageOp>(op: K, src: readonly string[], dst: string, n: number, arg: StageArgs[K]): void {
    this.stages.push({ op, src, dst, geom: { outer: 1, n, inner: 1 }, arg } as StageInstr);
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
