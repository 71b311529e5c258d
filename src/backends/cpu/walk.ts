// The walk of the cpu code generator over a lowered graph in topological order: each tensor node
// is emitted by its entry in the tensor table (tensors.ts) into the buffer the buffer plan
// gives it; operators are emitted where they are applied. It also keeps every node's value and
// the converted copies (precision, kind, transposes, dense forms) that operators read.
import { type HostArray, type Node, type NodeOf, type Stage as GraphStage, convWindow } from "../../ir/index.js";
import { type Unsupported, isUnsupported } from "../backend.js";
import type { BufferPlan } from "./buffers.js";
import { type Expr, type Gen, type Kind, type Ref, type Stage, kindOf, mulE, precOf, tensorTypeOf, width } from "./gen.js";
import type { Prec } from "./lib/index.js";
import type { Ctx } from "./operators.js";
import { type Env, type KernelTensorOp, type TensorRule, type Walk, TENSORS, isKernelTensor } from "./tensors.js";

const numelOf = (n: Node): number => (tensorTypeOf(n).shape as number[]).reduce((a, b) => a * b, 1);

/** n as a tensor kernel op (checkSupported has refused the others up front). */
export function kernelTensor(n: Node): NodeOf<KernelTensorOp> {
  if (!isKernelTensor(n)) throw new Error(`internal: '${n.op}' reached the cpu emitter as a tensor`);
  return n;
}

/** The tensor table's entry for n. */
export function tensorRuleOf(n: NodeOf<KernelTensorOp>): TensorRule<KernelTensorOp> {
  const rule: TensorRule<KernelTensorOp> | Unsupported = TENSORS[n.op];
  if (isUnsupported(rule)) throw new Error(`internal: tensor op '${n.op}' reached the cpu emitter without a rendering`);
  return rule;
}

export class Walker implements Walk {
  readonly values = new Map<Node, Ref>();
  /** Input nodes and their array variables. */
  readonly inputs = new Map<Node, string>();

  constructor(
    readonly gen: Gen,
    readonly bound: Readonly<Record<string, HostArray>>,
    private readonly stages: ReadonlyMap<Node, GraphStage>,
    private readonly buffers: BufferPlan,
  ) {}

  /** Values known before the run (consts, bound and unbound params) are computed in createKernel. */
  stageOf(n: Node): Stage {
    return this.stages.get(n) === "run" ? "run" : "param";
  }

  place(n: Node, stage: Stage): Ref {
    return this.buffers.place(n, stage, this.values);
  }

  input(n: NodeOf<"input">): Ref {
    const t = tensorTypeOf(n), name = this.gen.fresh("v");
    this.inputs.set(n, name);
    return { name, off: 0, kind: kindOf(t), prec: precOf(t) };
  }

  value(node: Node): Ref {
    let v = this.values.get(node);
    if (v) return v;
    const n = kernelTensor(node), rule = tensorRuleOf(n);
    if (!("value" in rule && rule.lazy)) throw new Error(`internal: value of ${n} used before it was computed`);
    this.values.set(n, (v = rule.value(n, this)));
    return v;
  }

  /** Emits n (a tensor) by its table entry; operators are emitted where they are applied. */
  emit(node: Node): void {
    if (node.type.kind === "operator") return;
    const n = kernelTensor(node), rule = tensorRuleOf(n);
    if ("value" in rule) {
      if (!rule.lazy) this.values.set(n, rule.value(n, this));
      return;
    }
    const stage = this.stageOf(n);
    const y = this.place(n, stage);
    this.values.set(n, y);
    const env: Env = { walk: this, gen: this.gen, stage, ctx: this.ctx(stage, y.prec) };
    rule.emit(n, y, env);
    this.gen.releaseAll();
    this.buffers.release(n, this.values);
  }

  /** Whether n's entry reads element i before writing element i (so it may run in place). */
  static inPlace(n: Node): boolean {
    const rule = tensorRuleOf(kernelTensor(n));
    return "emit" in rule && rule.inPlace === true;
  }

  /** A converted copy of tensor n (made once, in n's own stage); `tag` names a layout change. */
  private converted(n: Node, prec: Prec, kind: Kind, tag: string, size: Expr, fill: (src: string, dst: string) => string): string {
    const key = `${this.gen.key(n, prec, kind)}:${tag}`;
    const hit = this.gen.converted.get(key);
    if (hit) return hit.name;
    const src = this.value(n);
    let name = src.name;
    if (tag || src.prec !== prec || src.kind !== kind) {
      const stage = this.stageOf(n);
      name = this.gen.alloc(stage, prec, mulE(size, width(kind)));
      this.gen.line(stage, fill(src.name, name) + ";");
    }
    this.gen.converted.set(key, { name, off: 0, kind, prec });
    return name;
  }

  ctx(stage: Stage, prec: Prec): Ctx {
    const gen = this.gen;
    return {
      gen,
      stage,
      prec,
      table: (n, kind) => {
        // sized by the shape's expression: a run-time operand's shape has symbolic dims (a batch)
        const src = this.value(n);
        return this.converted(n, prec, kind, "", gen.numel(tensorTypeOf(n).shape), (s, d) => `${gen.lib.use("convert")}(${s}, ${width(src.kind)}, ${d}, ${width(kind)})`);
      },
      structMatrix: (A, kind) => this.structMatrix(A, prec, kind),
      stageOf: (n) => this.stageOf(n),
      permTable: (n) => {
        const p = this.value(n), key = `perm:${n.id}`;
        const hit = gen.converted.get(key);
        if (hit) return hit.name;
        const name = gen.fresh("v");
        gen.line(this.stageOf(n), `const ${name} = ${gen.lib.use("permTable")}(${p.name}, ${numelOf(n)});`);
        gen.converted.set(key, { ...p, name });
        return name;
      },
    };
  }

  /** The dense [rows, cols] matrix of a small Toeplitz-like operator, built in the operator's stage. */
  private structMatrix(A: Node, prec: Prec, kind: Kind): string {
    const key = `struct:${A.id}:${prec}:${kind}`;
    const hit = this.gen.converted.get(key);
    if (hit) return hit.name;
    if (A.type.kind !== "operator" || (A.op !== "toeplitz" && A.op !== "circulant" && A.op !== "hankel" && A.op !== "conv"))
      throw new Error(`internal: no dense form of ${A.op} here`);
    const { rows, cols } = A.type;
    const st = this.stageOf(A), c = this.ctx(st, prec);
    const first = c.table(A.src[0], kind), second = A.src.length > 1 ? c.table(A.src[1], kind) : "null";
    const lc = numelOf(A.src[0]);
    const off = A.op === "conv" ? convWindow(A.arg.n, lc, A.arg.mode).offset : 0;
    const name = this.gen.alloc(st, prec, rows * cols * width(kind));
    this.gen.line(st, `${this.gen.lib.use("structMat")}(${JSON.stringify(A.op)}, ${first}, ${lc}, ${second}, ${rows}, ${cols}, ${off}, ${width(kind)}, ${name});`);
    this.gen.converted.set(key, { name, off: 0, kind, prec });
    return name;
  }
}
