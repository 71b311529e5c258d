// Where each computed tensor lives. Outputs of the run stage are written straight into the
// caller's (or a fresh) output array; other run-stage buffers are recycled once their last
// reader has been emitted (a reader's own buffer is taken before its sources are released, so
// nothing is overwritten in use), and an op that reads element i before writing element i
// runs in place over a dying operand of the same shape, kind and precision. Param-stage
// values live as long as the kernel.
import type { Node } from "../../ir/index.js";
import { type Gen, type Ref, type Stage, kindOf, mulE, precOf, tensorTypeOf, width } from "./gen.js";

/** The outputs' array variables, and the nodes computed straight into them (node -> output index). */
export interface OutputPlaces {
  readonly vars: readonly string[];
  readonly direct: ReadonlyMap<Node, number>;
}

/** The tensors an op reads, looking through the operators it applies. */
const tensorUses = (n: Node): Node[] => n.src.flatMap((s) => (s.type.kind === "operator" ? tensorUses(s) : [s]));

export class BufferPlan {
  private readonly lastUse = new Map<Node, Node>();
  private readonly pool: { key: string; name: string }[] = [];
  private readonly recyclable = new Set<Node>();

  constructor(
    private readonly gen: Gen,
    order: readonly Node[],
    private readonly roots: readonly Node[],
    private readonly outputs: OutputPlaces,
    private readonly inPlace: (n: Node) => boolean,
  ) {
    for (const n of order) if (n.type.kind === "tensor") for (const s of tensorUses(n)) this.lastUse.set(s, n);
  }

  /** A buffer for n's value; `values` holds the values emitted so far. */
  place(n: Node, stage: Stage, values: ReadonlyMap<Node, Ref>): Ref {
    const t = tensorTypeOf(n);
    const kind = kindOf(t), prec = precOf(t);
    const d = this.outputs.direct.get(n);
    const size = mulE(this.gen.numel(t.shape), width(kind));
    if (d !== undefined) return { name: this.outputs.vars[d], off: 0, kind, prec };
    if (stage === "run" && n.op !== "fill" && !this.roots.includes(n)) {
      this.recyclable.add(n);
      const same = (s: Node) => {
        const st = tensorTypeOf(s);
        return JSON.stringify(st.shape) === JSON.stringify(t.shape) && kindOf(st) === kind && precOf(st) === prec;
      };
      const dying = this.inPlace(n) ? n.src.find((s) => this.recyclable.has(s) && this.lastUse.get(s) === n && same(s)) : undefined;
      if (dying) {
        this.recyclable.delete(dying);
        return { name: values.get(dying)!.name, off: 0, kind, prec };
      }
      const i = this.pool.findIndex((b) => b.key === `${prec}:${size}`);
      if (i >= 0) return { name: this.pool.splice(i, 1)[0].name, off: 0, kind, prec };
    }
    return { name: this.gen.alloc(stage, prec, size), off: 0, kind, prec };
  }

  /** After n is emitted: the buffers of the operands it was the last reader of go back to the pool. */
  release(n: Node, values: ReadonlyMap<Node, Ref>): void {
    for (const s of new Set(tensorUses(n)))
      if (this.lastUse.get(s) === n && this.recyclable.has(s)) {
        const t = tensorTypeOf(s), v = values.get(s)!;
        this.pool.push({ key: `${v.prec}:${mulE(this.gen.numel(t.shape), width(kindOf(t)))}`, name: v.name });
        for (const [k, c] of this.gen.converted) if (c.name === v.name) this.gen.converted.delete(k);
      }
  }
}
