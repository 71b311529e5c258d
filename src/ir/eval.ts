// The evaluator of the reference meanings: evaluates any IR graph in float64 / complex128, following each
// op's catalogue meaning. It is the living definition every pass and backend is checked against.
// Operators become LinOps (applied directly where the catalogue says how, otherwise through
// their dense matrix, which is refused above value.limits.maxDenseElements before allocating).
import type { EvalEnv } from "./catalogue.js";
import { getOpDef } from "./reference.js";
import { bindDims } from "./bind.js";
import { type HostArray, hostToTensor, own, tensorToHost } from "./host.js";
import { type Node, toposort } from "./node.js";
import type { Program } from "./program.js";
import { type TensorType, isComplex } from "./types.js";
import { type CTensor, type LinOp, type RValue, checkDenseSize, denseFromApply, denseOp } from "./value.js";

/** Evaluate `roots` (and everything they depend on) under `env`; returns every node's value. */
export function evalNodes(roots: readonly Node[], env: EvalEnv): Map<Node, RValue> {
  const values = new Map<Node, RValue>();
  for (const n of toposort(roots)) {
    const src = n.src.map((s) => values.get(s)!);
    values.set(n, evalNode(n, src, env));
  }
  return values;
}

function evalNode(n: Node, src: RValue[], env: EvalEnv): RValue {
  const def = getOpDef(n.op);
  if (n.type.kind === "tensor") {
    if (!def.tensor) throw new Error(`internal: tensor op '${n.op}' has no reference meaning`);
    const v = def.tensor(n, src, env);
    // real-typed values carry no imaginary part, whatever the arithmetic produced on the way
    if (!isComplex(n.type.dtype) && v.im.some((x) => x !== 0)) return { shape: v.shape, re: v.re, im: new Float64Array(v.re.length) };
    return v;
  }
  const { rows, cols } = n.type;
  if (def.apply) {
    const apply = (x: CTensor) => def.apply!(n, src, x);
    let m: ReturnType<LinOp["dense"]> | undefined;
    const dense = () => (m ??= def.dense ? (checkDenseSize(rows, cols), def.dense(n, src)) : denseFromApply(rows, cols, apply));
    return { rows, cols, apply, dense } satisfies LinOp;
  }
  if (!def.dense) throw new Error(`internal: operator op '${n.op}' has no reference meaning`);
  return denseOp(rows, cols, () => {
    checkDenseSize(rows, cols);
    return def.dense!(n, src);
  });
}

/** Bind host arrays to symbolic dims, checking each against its declared type. */
export function bindEnv(program: Program, bindings: Record<string, HostArray>): EvalEnv {
  const dims = bindDims(program, bindings);
  const env: EvalEnv = { bindings: new Map(), dims };
  for (const d of [...program.inputs, ...program.params]) env.bindings.set(d.name, hostToTensor(own(bindings, d.name)!));
  return env;
}

/** Run a program on the reference interpreter: host arrays in, host arrays (one per output) out. */
export function evaluate(program: Program, bindings: Record<string, HostArray>): Record<string, HostArray> {
  const env = bindEnv(program, bindings);
  const values = evalNodes(program.outputs.map((o) => o.node), env);
  // entries, not `out[name] = ...`: an output may be named '__proto__'
  return Object.fromEntries(program.outputs.map((o) => [o.name, tensorToHost(values.get(o.node) as CTensor, (o.node.type as TensorType).dtype)]));
}

/** Dense matrix of an operator node (for tests and small fallbacks in backends). */
export function denseOf(op: Node, env: EvalEnv = { bindings: new Map() }) {
  const v = evalNodes([op], env).get(op) as LinOp;
  return v.dense();
}

