// The code generator's state: the text of the two stages (param stage, run once per kernel;
// run stage, per call), buffers and scratch, constant tables, FFT plans and the runtime library.
// Every identifier in generated code is numbered (v12, F3, d0); names from a spec only ever
// appear as JSON string literals.
import type { FftPlan, Node, RealFftPlan, StageProgram, TensorType } from "../../ir/index.js";
import { describePlan, describeRealPlan, isComplex, isSingle, realLength } from "../../ir/index.js";
import { type Precision, stageKernelSource } from "./stages.js";
import { LibSet, type Prec, arrayCtor } from "./lib/index.js";
import type { ArrayInfo } from "./emit.js";
import { dataLiteral } from "./data.js";

/** A size: a number, or a JS expression over dimension variables. */
export type Expr = number | string;
export const mulE = (...xs: Expr[]): Expr => {
  let k = 1;
  const syms: string[] = [];
  for (const x of xs) typeof x === "number" ? (k *= x) : syms.push(x);
  if (k === 0 || syms.length === 0) return k;
  return [...(k === 1 ? [] : [String(k)]), ...syms].join(" * ");
};
export const addE = (a: Expr, b: Expr): Expr =>
  typeof a === "number" && typeof b === "number" ? a + b : a === 0 ? b : b === 0 ? a : `(${a}) + (${b})`;
export const par = (e: Expr): string => (typeof e === "number" ? String(e) : `(${e})`);

export type Kind = "R" | "C";
export type Stage = "param" | "run";
export const width = (k: Kind): number => (k === "C" ? 2 : 1);
export const kindOf = (t: TensorType): Kind => (isComplex(t.dtype) ? "C" : "R");
export const precOf = (t: TensorType): Prec => (isSingle(t.dtype) ? "s" : "d");
/** The typed-array constructor holding a tensor of this type. */
export const ctorOf = (t: TensorType): string => (t.dtype === "i64" ? "BigInt64Array" : arrayCtor(precOf(t)));
/** The type of a tensor node (the walk only asks this of tensors). */
export function tensorTypeOf(n: Node): TensorType {
  if (n.type.kind !== "tensor") throw new Error(`internal: ${n.op} is not a tensor`);
  return n.type;
}
const precisionOf = (p: Prec): Precision => (p === "d" ? "f64" : "f32");

/** A 32-bit FNV-1a digest of a table's bytes: with its name and length, the key of a module-level table. */
function digest(d: Float64Array): string {
  const u = new Uint32Array(d.buffer, d.byteOffset, 2 * d.length);
  let h = 0x811c9dc5;
  for (let i = 0; i < u.length; i++) h = Math.imul(h ^ u[i], 16777619);
  return (h >>> 0).toString(16);
}
export const joinKind = (a: Kind, b: Kind): Kind => (a === "C" || b === "C" ? "C" : "R");

/** A place holding a value: array variable, element offset, kind and precision. */
export interface Ref {
  name: string;
  off: Expr;
  kind: Kind;
  prec: Prec;
}

/**
 * What a backend built on this generator passes in (the generator knows no such backend by name):
 * replacement kernel factories, each the source of a factory with the same `run(x, xo, y, yo,
 * batch)` contract as the JavaScript one (a butterfly's takes W first), or undefined to keep the
 * JavaScript one; and the text around them. `prelude()` is module-level text placed before the
 * kernels, asked for once the walk is done. The replacement factories are made per kernel, in
 * createKernel: after `instance()` (a statement giving the kernel its own state), by the
 * statements `bindFactories` wraps (which may run them again later). `runGuard`, `methods` and
 * `methodTypings` add a check at the top of run, methods of the kernel object and their typings.
 */
export interface KernelHooks {
  /**
   * The kernel of a kernel op's stage program (src/ir/stages.ts: what the `lower` pass recorded on
   * a dft, rdft, irdft, wht or butterfly where the target's schedule lists the op), on rows of
   * `width` floats per element (a complex program on real rows: 1) in `precision`. A butterfly's
   * factory takes its weights first, `run(W, x, xo, y, yo, batch)`; with `fixed`, weights given
   * once (run.load(W), in the param stage) and run's W is null.
   */
  stages?(program: StageProgram, rows: { readonly precision: Precision; readonly width: 1 | 2; readonly fixed?: boolean }): string | undefined;
  prelude(): string;
  instance(): string;
  /** createKernel's statements that make the replacement factories (`lines`) now, and whenever they must be remade. */
  bindFactories(lines: string[]): string[];
  /** A statement at the top of run, after the argument checks, over its input and output variables. */
  runGuard?(gen: Gen, inputs: readonly { name: string; info: ArrayInfo }[], outputs: readonly { name: string; info: ArrayInfo }[]): string;
  /** Methods of the kernel object besides run: each a name and its `function name(...) {...}` lines (inside createKernel). */
  methods?(gen: Gen, descriptors: { inputs: ArrayInfo[]; outputs: ArrayInfo[] }): { name: string; lines: string[] }[];
  /** Their declarations inside the typings' `interface Kernel` (lines). */
  readonly methodTypings?: readonly string[];
}

export class Gen {
  readonly lib = new LibSet();
  /** `backend`: the name the module header gives. */
  constructor(readonly kernels?: KernelHooks, readonly backend = "cpu") {}
  /** Module-level declarations: data, tables, FFT factories, elementwise functions. */
  readonly top: string[] = [];
  /** Per-kernel FFT factories (the replacement ones of `kernels`): [identifier, factory source]. */
  readonly kernelFactories: [string, string][] = [];
  readonly paramLines: string[] = [];
  readonly runDecls: string[] = [];
  readonly allocLines: string[] = [];
  readonly runLines: string[] = [];
  private count = 0;
  private readonly ffts = new Map<string, string>();
  private readonly tables = new Map<string, string>();
  private readonly scratch: { stage: Stage; prec: Prec; size: string; name: string; busy: boolean }[] = [];
  /** Symbolic dimension name -> variable. */
  readonly dims = new Map<string, string>();

  fresh(prefix: string): string {
    return `${prefix}${this.count++}`;
  }

  line(stage: Stage, s: string): void {
    (stage === "param" ? this.paramLines : this.runLines).push(s);
  }

  dim(d: number | string): Expr {
    if (typeof d === "number") return d;
    let v = this.dims.get(d);
    if (!v) this.dims.set(d, (v = `d${this.dims.size}`));
    return v;
  }
  numel(shape: readonly (number | string)[]): Expr {
    return mulE(...shape.map((d) => this.dim(d)));
  }

  /** A new array of `size` floats living as long as the kernel (param stage) or batch size (run). */
  alloc(stage: Stage, prec: Prec, size: Expr): string {
    const name = this.fresh("v");
    const make = `new ${arrayCtor(prec)}(${size})`;
    if (stage === "param") this.paramLines.push(`const ${name} = ${make};`);
    else {
      this.runDecls.push(`let ${name} = null;`);
      this.allocLines.push(`${name} = ${make};`);
    }
    return name;
  }

  /** Scratch of at least `size` floats, shared by nodes emitted one after another. */
  acquire(stage: Stage, prec: Prec, size: Expr): string {
    const key = String(size);
    const hit = this.scratch.find((s) => !s.busy && s.stage === stage && s.prec === prec && s.size === key);
    if (hit) {
      hit.busy = true;
      return hit.name;
    }
    const name = this.alloc(stage, prec, size);
    this.scratch.push({ stage, prec, size: key, name, busy: true });
    return name;
  }
  /** One scratch array free again (its last reader emitted): the next acquire of its size reuses it. */
  release(name: string): void {
    const s = this.scratch.find((x) => x.name === name);
    if (s) s.busy = false;
  }
  releaseAll(): void {
    for (const s of this.scratch) s.busy = false;
  }

  /** A module-level constant computed once at load (tables of bit reversal, twiddles, ...). */
  table(key: string, expr: string): string {
    let id = this.tables.get(key);
    if (!id) {
      id = this.fresh("T");
      this.tables.set(key, id);
      this.top.push(`const ${id} = ${expr};`);
    }
    return id;
  }

  /**
   * Identifier of a module-level complex FFT run function: the hooks' kernel for the recorded
   * plan where they render one, else the stage program the lowering recorded for it (which
   * includes the scale) rendered by the stage renderer.
   */
  fft(plan: FftPlan, inverse: boolean, prec: Prec, scale: number, program: StageProgram): string {
    const kind = inverse ? "ifft" : "fft", precision = precisionOf(prec);
    const title = `${kind} n=${plan.n} ${precision}: ${describePlan(plan)}`;
    return this.kernel(`${kind}:${JSON.stringify(plan)}:${prec}:${scale}`, title, () =>
      this.kernels?.stages?.(program, { precision, width: 2 }), () => this.stageSource(program, precision, title));
  }

  /** Identifier of a module-level rfft or irfft run function: the hooks' for the recorded real plan, else the stage program rendered. */
  realFft(kind: "rfft" | "irfft", plan: RealFftPlan, prec: Prec, scale: number, program: StageProgram): string {
    const precision = precisionOf(prec), title = `${kind} n=${realLength(plan)} ${precision}: ${describeRealPlan(plan)}`;
    return this.kernel(`${kind}:${JSON.stringify(plan)}:${prec}:${scale}`, title, () =>
      this.kernels?.stages?.(program, { precision, width: 2 }), () => this.stageSource(program, precision, title));
  }

  /** Identifier of a Walsh-Hadamard kernel (run(x, xo, y, yo, batch)): the hooks', else the stage program rendered (on real buffers for real rows). */
  wht(n: number, width: 1 | 2, prec: Prec, scale: number, program: StageProgram): string {
    const precision = precisionOf(prec), title = `wht n=${n} ${width === 2 ? "complex" : "real"} ${precision}`;
    return this.kernel(`wht:${n}:${width}:${prec}:${scale}`, title, () => this.kernels?.stages?.(program, { precision, width }), () => this.stageSource(program, precision, title, width === 1 ? "real" : undefined));
  }

  /** Identifier of a butterfly kernel rendered from its stage program: run(W, x, xo, y, yo, batch) on complex rows. */
  butterflyStages(program: StageProgram, prec: Prec, increasing: boolean): string {
    const n = program.inputs[0].len, precision = precisionOf(prec), w = program.inputs.find((b) => b.shared)!.dtype;
    const title = `butterfly n=${n} complex ${precision}, ${w} weights`;
    return this.kernel(`bfly-stages:${n}:${prec}:${w}:${increasing}`, title, () => undefined, () => this.stageSource(program, precision, title));
  }

  /**
   * Identifier of the kernel of kernel op A's stage program (run(W.., x, xo, y, yo, batch), src/backends/cpu/stages.ts),
   * on complex rows or, `rows` "real", on real ones: the hooks' where they render it, else the program rendered.
   */
  stageKernel(A: Node, program: StageProgram, prec: Prec, rows?: "real"): string {
    const precision = precisionOf(prec), title = `${A.op} ${program.inputs[0].len} -> ${program.outputs[0].len}${rows ? " real rows" : ""} ${precision}`;
    return this.kernel(`stages:${A.id}:${prec}:${rows ?? ""}`, title, () => this.kernels?.stages?.(program, { precision, width: rows ? 1 : 2 }), () => this.stageSource(program, precision, title, rows));
  }

  /**
   * A stage program's kernel factory, its tables module-level constants (one per distinct table of
   * the module); the chains of Fourier passes inside it run the hooks' kernels where they render
   * them (then the factory is made per kernel, as theirs are: `hooked`).
   */
  private stageSource(p: StageProgram, precision: Precision, title: string, rows?: "real"): string {
    return stageKernelSource(p, precision, {
      title,
      rows,
      table: (name, data, index) => {
        const lit = dataLiteral(this, data, "f64");
        return this.table(`stage:${index ? "i" : "f"}:${name}:${data.length}:${digest(data)}`, index ? `Int32Array.from(${lit})` : lit);
      },
      fourier: (segment) => {
        const n = segment.inputs[0].len, key = `chain:${n}:${JSON.stringify(segment.stages)}`;
        const id = this.replacement(key, `fft n=${n} f64 inside a stage program`, () => this.kernels?.stages?.(segment, { precision: "f64", width: 2 }));
        if (id !== undefined) this.hooked = true;
        return id;
      },
    });
  }
  private hooked = false;

  /**
   * Identifier of a replacement butterfly kernel (run(W, x, xo, y, yo, batch)), or undefined: the
   * stage program's kernel then. `fixed`: the param-stage table of its weights, loaded into the
   * kernel once (one kernel per such table).
   */
  butterfly(n: number, width: 1 | 2, prec: Prec, increasing: boolean, complexWeights: boolean, fixed?: string, program?: StageProgram): string | undefined {
    const precision = precisionOf(prec), key = `bfly:${n}:${width}:${prec}:${increasing}:${complexWeights}:${fixed ?? ""}`, had = this.ffts.get(key);
    const id = this.replacement(key, `butterfly n=${n} ${width === 2 ? "complex" : "real"} ${precision}`, () => (program ? this.kernels?.stages?.(program, { precision, width, fixed: fixed !== undefined }) : undefined));
    if (id && !had && fixed) this.line("param", `${id}.load(${fixed});`);
    return id;
  }

  /** A replacement kernel factory per key, or undefined where `kernels` renders none (no JavaScript factory is made then). */
  private replacement(key: string, comment: string, make: () => string | undefined): string | undefined {
    let id = this.ffts.get(key);
    if (id) return id;
    const own = make();
    if (own === undefined) return undefined;
    this.ffts.set(key, (id = this.fresh("F")));
    this.kernelFactories.push([id, `// ${comment}\n${id} = (${own})();`]);
    return id;
  }

  /** One FFT kernel factory per key: a JavaScript one instantiated once when the module loads, a replacement one per kernel. */
  private kernel(key: string, comment: string, replacement: () => string | undefined, js: () => string): string {
    let id = this.ffts.get(key);
    if (!id) {
      id = this.fresh("F");
      this.ffts.set(key, id);
      const own = replacement();
      if (own !== undefined) this.kernelFactories.push([id, `// ${comment}\n${id} = (${own})();`]);
      else {
        this.hooked = false;
        const text = js();
        // a factory calling the hooks' kernels is made per kernel after them, as they are
        if (this.hooked) this.kernelFactories.push([id, `// ${comment}\n${id} = (${text})();`]);
        else this.top.push(`// ${comment}\nconst ${id} = (${text})();`);
      }
    }
    return id;
  }

  /** Per-node converted copies of tensors (weights in a kernel's precision and kind). */
  readonly converted = new Map<string, Ref>();
  key(n: Node, prec: Prec, kind: Kind): string {
    return `${n.id}:${prec}:${kind}`;
  }
}
