// The plan a gpujs kernel runs: device values in numbered slots, constant tables (twiddles,
// index tables, small constant matrices) and a straight list of stages, each one GPU.js
// kernel (or a host step) writing one slot. The plan is plain data (JSON), so the in-process
// runner and the standalone module execute the very same thing. Sizes are products of a
// literal and symbolic dimensions, evaluated when a run binds them.
import { type Block2Mode, fail } from "../../ir/index.js";

/** k * product of the named dimensions. */
export interface Expr {
  k: number;
  dims: string[];
}
export const lit = (k: number): Expr => ({ k, dims: [] });
export const mulX = (a: Expr, b: Expr | number): Expr =>
  typeof b === "number" ? { k: a.k * b, dims: a.dims } : { k: a.k * b.k, dims: [...a.dims, ...b.dims] };

/**
 * Steps the runtime does on the host in float64 (small, and mostly in the param phase):
 * minverse (Gauss-Jordan), shmatrix (Y[k, i] = Y_i(theta_k, phi_k) by the Legendre
 * recursion), invperm (q[p[i]] = i, checking that p is a permutation), block2:<mode> (the
 * twiddles of a butterfly's inverse, transpose or adjoint: 2x2 blocks turned, factor order
 * reversed), mcayley (the per-frequency Cayley solve (I + H_k)^-1 (I - H_k) of a [c, c, n]
 * filter spectrum).
 */
export type HostStep = "minverse" | "shmatrix" | "invperm" | `block2:${Block2Mode}` | "mcayley";

/** A stage argument: a slot (device value) or a constant table. */
export type Arg = { s: number } | { t: number };

export interface Stage {
  /** Output slot. */
  out: number;
  args: Arg[];
  /** Number of floats written (2 per complex element). */
  len: Expr;
  /** GPU.js kernel text, or the name of a host step. */
  src?: string;
  host?: HostStep;
  /** Host step size (minverse: the matrix order; shmatrix: the degree lmax; block2: the factor count; mcayley: c). */
  m?: number;
  /** 0: param stage (run once in createKernel), 1: run stage. */
  phase: 0 | 1;
}

/** A device value: `rows` rows of length `n`, complex interleaved. */
export interface Val {
  slot: number;
  rows: Expr;
  n: number;
}

export interface Plan {
  nslots: number;
  tables: Float32Array[];
  stages: Stage[];
  /** Slots holding inputs / params as they are uploaded. */
  inputs: { name: string; slot: number; dtype: string; shape: (number | string)[]; perm?: true }[];
  params: { name: string; slot: number; dtype: string; shape: (number | string)[]; bound?: number; perm?: true }[];
  outputs: { name: string; slot: number; dtype: string; shape: (number | string)[] }[];
  /** Slots holding a constant table (set when the kernel is created). */
  consts: { slot: number; table: number }[];
}

export class Builder {
  readonly tables: Float32Array[] = [];
  readonly stages: Stage[] = [];
  private readonly tableKeys = new Map<string, number>();
  /** Phase of each slot: 1 when it depends on a run-time input. */
  readonly slotPhase: (0 | 1)[] = [];

  slot(phase: 0 | 1): number {
    this.slotPhase.push(phase);
    return this.slotPhase.length - 1;
  }

  /** A constant table, built once per key. */
  table(key: string, make: () => ArrayLike<number>): Arg {
    let i = this.tableKeys.get(key);
    if (i === undefined) {
      i = this.tables.length;
      this.tables.push(Float32Array.from(make()));
      this.tableKeys.set(key, i);
    }
    return { t: i };
  }

  /** Append a kernel writing `rows` rows of length n; its phase follows its arguments and size. */
  kernel(src: string, args: Arg[], rows: Expr, n: number): Val {
    const phase: 0 | 1 = rows.dims.length > 0 || args.some((a) => "s" in a && this.slotPhase[a.s] === 1) ? 1 : 0;
    const out = this.slot(phase);
    const len = mulX(rows, 2 * n);
    if (len.k * 1 > 1 << 26) fail("E0801", `a gpujs stage of ${len.k} floats (before batch) is beyond what the backend plans for`);
    this.stages.push({ out, args, len, src, phase });
    return { slot: out, rows, n };
  }

  /** Append a host step reading `args` and writing `rows` (concrete) rows of length n. */
  host(kind: HostStep, args: Val[], rows: number, n: number, m = 0): Val {
    const phase: 0 | 1 = args.some((a) => this.slotPhase[a.slot] === 1) ? 1 : 0;
    const out = this.slot(phase);
    this.stages.push({ out, args: args.map((a) => ({ s: a.slot })), len: lit(2 * rows * n), host: kind, m, phase });
    return { slot: out, rows: lit(rows), n };
  }
}
