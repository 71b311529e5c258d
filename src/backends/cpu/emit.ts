// The one walk of the CPU code generator: a lowered Program in, the JavaScript text of a
// standalone kernel out. Nodes that depend only on params and consts (and have concrete
// shapes) form the param stage, run once in createKernel (a fixed filter's spectrum, say);
// the rest form the run stage, straight-line calls over buffers allocated per batch size.
import {
  type HostArray, type Node, type OperatorType, type Program, type TensorType, fail, toposort,
} from "../../ir/index.js";
import { convWindow } from "../../ir/ops/toeplitz.js";
import { dataLiteral } from "./data.js";
import { ELEMENTWISE, type Operand, emitElementwise } from "./elementwise.js";
import { type Expr, Gen, type Kind, type Ref, type Stage, kindOf, mulE, precOf, width } from "./gen.js";
import { arrayCtor } from "./lib/index.js";
import { type Ctx, applyInto } from "./operators.js";
import { checkKernelOps } from "./opset.js";
import { emitRunFunction } from "./run.js";
import { CPU_SPHERE_OPS, emitSphereOp } from "./sphere.js";

export interface ArrayInfo {
  name: string;
  dtype: string;
  shape: (number | string)[];
}

export interface Generated {
  /** Module body without exports; defines inputs, params, outputs, createKernel. */
  core: string;
  inputs: ArrayInfo[];
  params: ArrayInfo[];
  outputs: ArrayInfo[];
  /** Params that have a compile-time value (optional at createKernel). */
  bound: string[];
}

const info = (name: string, n: Node): ArrayInfo => {
  const t = n.type as TensorType;
  return { name, dtype: t.dtype, shape: [...t.shape] };
};
const ctorOf = (t: TensorType) => (t.dtype === "i64" ? "BigInt64Array" : arrayCtor(precOf(t)));

export function generate(program: Program, bound: Record<string, HostArray> = {}): Generated {
  const roots = program.outputs.map((o) => o.node);
  const order = toposort(roots);
  checkKernelOps(order);
  const gen = new Gen();
  const values = new Map<Node, Ref>();
  const runDep = new Map<Node, boolean>();
  for (const n of order)
    runDep.set(n, n.op === "input" || n.src.some((s) => runDep.get(s)) || (n.type.kind === "tensor" && n.type.shape.some((d) => typeof d !== "number")));
  const stageOf = (n: Node): Stage => (runDep.get(n) ? "run" : "param");

  // outputs computed straight into the caller's (or a fresh) output array
  const outVars = program.outputs.map(() => gen.fresh("o"));
  const direct = new Map<Node, number>();
  program.outputs.forEach((o, i) => {
    if (!direct.has(o.node) && stageOf(o.node) === "run" && !["input", "param", "const", "fill"].includes(o.node.op)) direct.set(o.node, i);
  });

  // run-stage buffers are recycled once their last reader has been emitted (a reader's own
  // buffer is taken before its sources are released, so nothing is overwritten in use)
  const lastUse = new Map<Node, Node>();
  const tensorUses = (n: Node): Node[] => n.src.flatMap((s) => (s.type.kind === "operator" ? tensorUses(s) : [s]));
  for (const n of order) if (n.type.kind === "tensor") for (const s of tensorUses(n)) lastUse.set(s, n);
  const pool: { key: string; name: string }[] = [];
  const recyclable = new Set<Node>();
  const newValue = (n: Node, stage: Stage): Ref => {
    const t = n.type as TensorType;
    const kind = kindOf(t), prec = precOf(t);
    const d = direct.get(n);
    const size = mulE(gen.numel(t.shape), width(kind));
    if (d !== undefined) return { name: outVars[d], off: 0, kind, prec };
    if (stage === "run" && n.op !== "fill" && !roots.includes(n)) {
      recyclable.add(n);
      // elementwise ops read element i before writing element i: run in place over a dying source
      const same = (s: Node) => JSON.stringify((s.type as TensorType).shape) === JSON.stringify(t.shape) && kindOf(s.type as TensorType) === kind && precOf(s.type as TensorType) === prec;
      const dying = ELEMENTWISE.has(n.op) ? n.src.find((s) => recyclable.has(s) && lastUse.get(s) === n && same(s)) : undefined;
      if (dying) {
        recyclable.delete(dying);
        return { name: values.get(dying)!.name, off: 0, kind, prec };
      }
      const i = pool.findIndex((b) => b.key === `${prec}:${size}`);
      if (i >= 0) return { name: pool.splice(i, 1)[0].name, off: 0, kind, prec };
    }
    return { name: gen.alloc(stage, prec, size), off: 0, kind, prec };
  };
  const release = (n: Node) => {
    for (const s of new Set(tensorUses(n)))
      if (lastUse.get(s) === n && recyclable.has(s)) {
        const t = s.type as TensorType, v = values.get(s)!;
        pool.push({ key: `${v.prec}:${mulE(gen.numel(t.shape), width(kindOf(t)))}`, name: v.name });
        for (const [k, c] of gen.converted) if (c.name === v.name) gen.converted.delete(k);
      }
  };

  /** Value of a tensor node, materialising consts and fills on first use. */
  const valueOf = (n: Node): Ref => {
    let v = values.get(n);
    if (v) return v;
    const t = n.type as TensorType;
    const stage = stageOf(n);
    if (n.op === "const") {
      const data = n.arg.data as ArrayLike<number>;
      v = { name: gen.table(`const:${n.id}`, dataLiteral(gen, data, t.dtype)), off: 0, kind: kindOf(t), prec: precOf(t) };
    } else if (n.op === "fill") {
      v = newValue(n, stage);
      const value = Number(n.arg.value);
      const fill = v.kind === "C" ? `${gen.lib.use("fillc", v.prec)}(${v.name}, ${value});` : `${v.name}.fill(${value});`;
      (stage === "param" ? gen.paramLines : gen.allocLines).push(fill);
    } else throw new Error(`internal: value of ${n} used before it was computed`);
    values.set(n, v);
    return v;
  };

  const converted = (n: Node, prec: Ref["prec"], kind: Kind, tag: string, size: number, fill: (src: string, dst: string) => string): string => {
    const key = `${gen.key(n, prec, kind)}:${tag}`;
    const hit = gen.converted.get(key);
    if (hit) return hit.name;
    const src = valueOf(n);
    let name = src.name;
    if (tag || src.prec !== prec || src.kind !== kind) {
      const stage = stageOf(n);
      name = gen.alloc(stage, prec, size * width(kind));
      gen.line(stage, fill(src.name, name) + ";");
    }
    gen.converted.set(key, { name, off: 0, kind, prec });
    return name;
  };
  const ctxFor = (stage: Stage, prec: Ref["prec"]): Ctx => ({
    gen,
    stage,
    prec,
    table: (n, kind) => {
      const src = valueOf(n);
      return converted(n, prec, kind, "", numelOf(n), (s, d) => `${gen.lib.use("convert")}(${s}, ${width(src.kind)}, ${d}, ${width(kind)})`);
    },
    transposed: (n, kind) => {
      const [r, c] = (n.type as TensorType).shape as number[];
      const base = ctxFor(stage, prec).table(n, kind);
      return converted(n, prec, kind, "T", r * c, (_s, d) => `${gen.lib.use("transpose2")}(${base}, ${r}, ${c}, ${width(kind)}, false, ${d})`);
    },
    structMatrix: (A, kind) => {
      const key = `struct:${A.id}:${prec}:${kind}`;
      const hit = gen.converted.get(key);
      if (hit) return hit.name;
      const { rows, cols } = A.type as OperatorType;
      const st: Stage = A.src.some((s) => stageOf(s) === "run") ? "run" : "param";
      const c = ctxFor(st, prec).table(A.src[0], kind);
      const r = A.src.length > 1 ? ctxFor(st, prec).table(A.src[1], kind) : "null";
      const lc = numelOf(A.src[0]);
      const off = A.op === "conv" ? convWindow(A.arg.n as number, lc, A.arg.mode as string).offset : 0;
      const name = gen.alloc(st, prec, rows * cols * width(kind));
      gen.line(st, `${gen.lib.use("structMat")}(${JSON.stringify(A.op)}, ${c}, ${lc}, ${r}, ${rows}, ${cols}, ${off}, ${width(kind)}, ${name});`);
      gen.converted.set(key, { name, off: 0, kind, prec });
      return name;
    },
    permTable: (n) => {
      const p = valueOf(n), len = numelOf(n);
      const key = `perm:${n.id}`;
      const hit = gen.converted.get(key);
      if (hit) return hit.name;
      const name = gen.fresh("v");
      gen.line(stageOf(n), `const ${name} = ${gen.lib.use("permTable")}(${p.name}, ${len});`);
      gen.converted.set(key, { ...p, name });
      return name;
    },
  });

  const params: ArrayInfo[] = program.params.map((d) => info(d.name, d.node));
  const inputs: ArrayInfo[] = program.inputs.map((d) => info(d.name, d.node));
  const outputs: ArrayInfo[] = program.outputs.map((d) => info(d.name, d.node));
  const inputVars = new Map<Node, string>();

  for (const n of order) {
    if (n.type.kind === "operator" || n.op === "const" || n.op === "fill") continue;
    const t = n.type as TensorType;
    const stage = stageOf(n);
    if (n.op === "input") {
      const name = gen.fresh("v");
      inputVars.set(n, name);
      values.set(n, { name, off: 0, kind: kindOf(t), prec: precOf(t) });
      continue;
    }
    if (n.op === "param") {
      const pname = n.arg.name as string;
      if (stage === "run") fail("E0801", `param '${pname}' has a symbolic dimension: the cpu backend needs params of concrete shape (declare it as an input)`);
      const name = gen.fresh("v");
      const h = bound[pname];
      const dflt = h ? gen.table(`param:${n.id}`, dataLiteral(gen, h.data, t.dtype)) : "undefined";
      const len = mulE(gen.numel(t.shape), width(kindOf(t)));
      gen.paramLines.push(`const ${name} = ${gen.lib.use("takeArray")}(P, ${JSON.stringify(pname)}, "param", ${ctorOf(t)}, ${len}, ${dflt});`);
      values.set(n, { name, off: 0, kind: kindOf(t), prec: precOf(t) });
      continue;
    }
    const y = newValue(n, stage);
    values.set(n, y);
    const ctx = ctxFor(stage, y.prec);
    const shapeE = t.shape.map((d) => gen.dim(d));
    if (n.op === "apply") {
      const [A, xn] = n.src;
      const xs = (xn.type as TensorType).shape;
      const rows = mulE(...xs.slice(0, -1).map((d) => gen.dim(d)));
      const x = valueOf(xn);
      // an operator on data of another precision (never from the DSL) sees a converted copy
      const xr = x.prec === y.prec ? x : { ...x, name: ctx.table(xn, x.kind), prec: y.prec };
      applyInto(ctx, A, xr, rows, y);
    } else if (ELEMENTWISE.has(n.op)) {
      const operands: Operand[] = n.src.map((s) => {
        const st = s.type as TensorType;
        const shape = st.shape.map((d) => gen.dim(d));
        if (s.op === "fill") return { lit: { re: Number(s.arg.value), im: 0 }, shape };
        if (s.op === "const" && numelOf(s) === 1) {
          const d = s.arg.data as ArrayLike<number>;
          return { lit: { re: Number(d[0]), im: kindOf(st) === "C" ? Number(d[1]) : 0 }, shape };
        }
        return { ref: valueOf(s), shape };
      });
      emitElementwise(gen, stage, n.op, n.arg as Record<string, unknown>, operands, y, shapeE);
    } else if (n.op === "slice" || n.op === "pad") {
      const [xn] = n.src;
      const x = valueOf(xn);
      const xs = (xn.type as TensorType).shape;
      const cols = xs[xs.length - 1] as number, rows = t.shape[t.shape.length - 1] as number;
      const B = mulE(...xs.slice(0, -1).map((d) => gen.dim(d)));
      const off = n.op === "slice" ? (n.arg.start as number) : 0;
      const xr = x.prec === y.prec && x.kind === y.kind ? x.name : ctx.table(xn, y.kind);
      gen.line(stage, `${gen.lib.use("window", y.prec)}(${xr}, 0, ${cols}, ${y.name}, 0, ${rows}, ${off}, ${B}, ${width(y.kind)});`);
    } else if (n.op === "circ_embed") {
      const [c, r] = n.src;
      const m = numelOf(c), nr = numelOf(r);
      gen.line(stage, `${gen.lib.use("circEmbed")}(${ctx.table(c, y.kind)}, ${m}, ${ctx.table(r, y.kind)}, ${nr}, ${n.arg.N}, ${n.arg.kind === "hankel"}, ${width(y.kind)}, ${y.name});`);
    } else if (n.op === "mtranspose") {
      const [W] = n.src;
      const [r, c] = (W.type as TensorType).shape as number[];
      gen.line(stage, `${gen.lib.use("transpose2")}(${ctx.table(W, y.kind)}, ${r}, ${c}, ${width(y.kind)}, ${!!n.arg.conj}, ${y.name});`);
    } else if (n.op === "materialize") {
      // the operator applied to the identity's rows gives its columns; transpose into place
      const [A] = n.src;
      const { rows, cols } = A.type as OperatorType;
      const eye = gen.acquire(stage, y.prec, cols * cols);
      gen.line(stage, `${gen.lib.use("eyeRows")}(${eye}, ${cols}, 1);`);
      const cs = gen.acquire(stage, y.prec, cols * rows * width(y.kind));
      applyInto(ctx, A, { name: eye, off: 0, kind: "R", prec: y.prec }, cols, { name: cs, off: 0, kind: y.kind, prec: y.prec });
      gen.line(stage, `${gen.lib.use("transpose2")}(${cs}, ${cols}, ${rows}, ${width(y.kind)}, false, ${y.name});`);
    } else if (n.op === "minverse") {
      const [W] = n.src;
      const [m] = (W.type as TensorType).shape as number[];
      gen.line(stage, `${gen.lib.use("minverse")}(${ctx.table(W, y.kind)}, ${m}, ${width(y.kind)}, ${y.name});`);
    } else if (n.op === "invperm") {
      // index data stays in its own array (i64 param, or integers in a float buffer): read as is
      // the checked index table of p, inverted: q[p[i]] = i
      gen.line(stage, `${gen.lib.use("invertTable")}(${gen.lib.use("permTable")}(${valueOf(n.src[0]).name}, ${numelOf(n)}), ${y.name});`);
    } else if (CPU_SPHERE_OPS.has(n.op)) {
      emitSphereOp(gen, stage, n, n.src.map((s) => { const v = valueOf(s); return v.prec === y.prec && v.kind === y.kind ? v.name : ctx.table(s, y.kind); }), y);
    } else fail("E0801", `op '${n.op}' is not supported by the cpu backend`);
    gen.releaseAll();
    release(n);
  }

  const outRefs = program.outputs.map((o) => valueOf(o.node));
  const core = emitRunFunction(gen, {
    inputs: program.inputs.filter((d) => inputVars.has(d.node)).map((d) => ({ info: info(d.name, d.node), name: inputVars.get(d.node)!, ctor: ctorOf(d.node.type as TensorType) })),
    outputs: program.outputs.map((o, i) => ({
      info: outputs[i],
      name: outVars[i],
      ctor: ctorOf(o.node.type as TensorType),
      len: mulE(gen.numel((o.node.type as TensorType).shape), width(kindOf(o.node.type as TensorType))),
      from: direct.get(o.node) === i ? undefined : outRefs[i],
    })),
    descriptors: { inputs, params, outputs },
  });
  return { core, inputs, params, outputs, bound: Object.keys(bound).filter((k) => program.params.some((p) => p.name === k)) };
}

const numelOf = (n: Node): number => ((n.type as TensorType).shape as number[]).reduce((a, b) => a * b, 1);
export type { Expr };
