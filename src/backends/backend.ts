// The one Backend interface, and the shape of every backend's op table. A backend consumes a
// lowered graph (lowerForBackend(program, { target: backend.target, params })): only kernel ops
// (src/ir/ops.ts KERNEL_OPS), with the planner's choices recorded on them. Its table is a
// `Record<KernelOp, Render | Unsupported>`, so tsc reports an op it forgets; an Unsupported
// entry becomes error E0801 naming the op, the backend and the reason.
import { type HostArray, type KernelOp, type Node, type Program, type RunGeom, type StageBuf, type StageProgram, type Target, LincError, isKernelOp, own } from "../ir/index.js";

/** A kernel op a backend cannot render, and why (shown to the user with E0801). */
export interface Unsupported {
  readonly unsupported: string;
}
export const unsupported = (reason: string): Unsupported => ({ unsupported: reason });
export const isUnsupported = (r: unknown): r is Unsupported => typeof r === "object" && r !== null && "unsupported" in r;

/** Every kernel op, with its rendering R or the reason the backend has none. */
export type OpTable<R> = { readonly [K in KernelOp]: R | Unsupported };

/** E0801 for the first node whose op the table does not render (or that is not a kernel op at all). */
export function checkSupported<R>(backend: string, table: OpTable<R>, nodes: Iterable<Node>): void {
  for (const n of nodes) {
    if (!isKernelOp(n.op))
      throw new LincError("E0801", `op '${n.op}' reached the ${backend} backend unlowered: backends run lowered graphs (lowerForBackend(program, { target }))`);
    const r = table[n.op];
    if (isUnsupported(r)) throw new LincError("E0801", `op '${n.op}' is not supported by the ${backend} backend: ${r.unsupported}`);
  }
}

/** A compiled artefact: module text (JS) or bytes (ONNX), with the file extension it is written with. */
export interface Artifact {
  readonly text?: string;
  readonly bytes?: Uint8Array;
  /** Extra files beside the main one (typings), by suffix: { ".d.mts": "..." }. */
  readonly extra?: Readonly<Record<string, string>>;
  readonly ext: string;
}

export interface CompileOptions {
  /** Params bound at compile time (embedded or folded). */
  params?: Record<string, HostArray>;
  /** The file name the artefact will be saved as (kernel.mjs by default): generated headers name it. */
  moduleFile?: string;
}

export interface Backend {
  readonly name: Target;
  readonly doc: string;
  /** The schedule the lowering uses for this backend. */
  readonly target: Target;
  /** Which kernel ops it renders: the reason for each it does not (the docs' and tests' view of the table). */
  readonly coverage: { readonly [K in KernelOp]: string | undefined };
  /** Run a lowered program on bound inputs and params: one host array per output. */
  run(lowered: Program, bindings: Record<string, HostArray>): Promise<Record<string, HostArray>>;
  /** Compile a lowered program to a standalone artefact (absent for the reference interpreter). */
  compile?(lowered: Program, opts?: CompileOptions): Artifact;
  /**
   * Run one stage program (src/ir/stages.ts) the way this backend renders it, for the
   * stage-level tests (test/stages): present on the backends that render stages.
   */
  readonly runStages?: StageRunner;
}

/**
 * A backend's rendering of a stage program, run once for the batch geometry `run` on float64
 * planes (StageBuf, as the stage interpreter evalStages takes them), with the data in the given
 * precision inside: what test/stages compares, stage op by stage op, with evalStages.
 */
export type StageRunner = (p: StageProgram, inputs: Readonly<Record<string, StageBuf>>, run: RunGeom, precision: "f32" | "f64") => Promise<Record<string, StageBuf>>;

/**
 * The compiled-kernel cache every backend's `run` uses: per lowered program, the kernel made for
 * the arrays last bound to it (compared by identity: `boundParams`), so repeated runs (`linc
 * bench`) compile and run the param stage once and then cost one kernel call each. Keyed weakly:
 * a program no longer referenced takes its kernel with it. A kernel that is a promise and
 * rejects is forgotten, so the next run tries again.
 */
export class KernelCache<K> {
  private readonly byProgram = new WeakMap<Program, { key: readonly unknown[]; kernel: K }>();

  get(program: Program, key: readonly unknown[], make: () => K): K {
    const hit = this.byProgram.get(program);
    if (hit && hit.key.length === key.length && hit.key.every((a, i) => a === key[i])) return hit.kernel;
    const kernel = make();
    this.byProgram.set(program, { key, kernel });
    if (kernel instanceof Promise)
      kernel.catch(() => {
        if (this.byProgram.get(program)?.kernel === kernel) this.byProgram.delete(program);
      });
    return kernel;
  }
}

/** The arrays bound to a program's params, in declaration order (undefined where unbound): a kernel's cache key. */
export const boundParams = (program: Program, bindings: Record<string, HostArray>): (HostArray | undefined)[] => program.params.map((p) => own(bindings, p.name));

/** The coverage view of a table: undefined where it renders the op, else the reason. */
export function coverageOf<R>(table: OpTable<R>): { readonly [K in KernelOp]: string | undefined } {
  const out = {} as { [K in KernelOp]: string | undefined };
  for (const k of Object.keys(table) as KernelOp[]) out[k] = isUnsupported(table[k]) ? (table[k] as Unsupported).unsupported : undefined;
  return out;
}
