// The one walk of the gpujs backend: a lowered Program in, a Plan (slots, tables, stages) out.
// Every tensor becomes a device value of rows x n complex float32 numbers; each op appends the
// kernels that compute it. Stages that depend only on params and constants form the param
// phase (run once in createKernel: a filter's spectrum, a structured matrix); the rest run per
// call. Symbolic dimensions may appear anywhere but in the last axis (the batch rows). Small
// index and matrix work (minverse, invperm, sh_matrix of param angles) are float64 host steps.
import { type HostArray, type Node, type OperatorType, type Program, type TensorType, fail, isComplex, toposort } from "../../ir/index.js";
import { Builder, type Expr, type Plan, type Val, lit } from "./builder.js";
import { type Operand, elementwise } from "./elementwise.js";
import * as K from "./kernels.js";
import { type Ctx, applyOp, realPartOf, transposeRows } from "./operators.js";
import { GPUJS_SPHERE_OPS, sphereOp } from "./sphere.js";
import { s4dKernel } from "./ssm.js";

export const KERNEL_OPERATORS = new Set([
  "dft", "rdft", "irdft", "dct", "wht", "eye", "diag", "perm", "bitrev", "stride", "window", "reverse",
  "dense", "lowrank", "kron", "blockdiag", "butterfly", "monarch", "compose", "opsum", "scale",
  "toeplitz", "circulant", "hankel", "conv",
]);
export const KERNEL_TENSOR_OPS = new Set([
  "input", "param", "const", "fill", "apply", "add", "sub", "mul", "div", "neg", "conj", "real", "imag", "abs",
  "relu", "tanh", "sin", "exp", "softshrink", "slice", "pad", "cast", "circ_embed", "mtranspose", "materialize", "minverse",
  "invperm", "s4d_kernel", ...GPUJS_SPHERE_OPS,
]);
const ELEMENTWISE = new Set(["add", "sub", "mul", "div", "neg", "conj", "real", "imag", "abs", "relu", "tanh", "sin", "exp", "softshrink"]);

const shapeOf = (n: Node) => (n.type as TensorType).shape;

/** rows (product of all but the last axis) and row length of a tensor node. */
function layout(n: Node): { rows: Expr; n: number } {
  const sh = shapeOf(n);
  if (sh.length === 0) return { rows: lit(1), n: 1 };
  const last = sh[sh.length - 1];
  if (typeof last !== "number") fail("E0801", `the gpujs backend needs a concrete last axis, '${last}' is symbolic`);
  const rows: Expr = { k: 1, dims: [] };
  for (const d of sh.slice(0, -1)) typeof d === "number" ? (rows.k *= d) : rows.dims.push(d);
  return { rows, n: last as number };
}

export function checkKernelOps(nodes: readonly Node[]): void {
  for (const n of nodes) {
    if (KERNEL_OPERATORS.has(n.op) || KERNEL_TENSOR_OPS.has(n.op)) continue;
    fail("E0801", `op '${n.op}' is not supported by the gpujs backend: it runs lowered graphs (lowerForBackend(program, { target: "gpujs" })), where such ops fold to constants`);
  }
}

export function buildPlan(program: Program, bound: Record<string, HostArray> = {}): Plan {
  const roots = program.outputs.map((o) => o.node);
  const order = toposort(roots);
  checkKernelOps(order);
  const b = new Builder();
  const values = new Map<Node, Val>();
  const plan: Plan = { nslots: 0, tables: b.tables, stages: b.stages, inputs: [], params: [], outputs: [], consts: [] };
  const ctx: Ctx = {
    b,
    value: (n) => values.get(n) ?? fail("E0801", `internal: value of ${n} used before it was computed`),
  };
  const info = (n: Node) => ({ dtype: (n.type as TensorType).dtype, shape: [...shapeOf(n)] });

  for (const n of order) {
    if (n.type.kind === "operator") continue;
    const L = layout(n);
    const withLayout = (v: Val): Val => ({ slot: v.slot, ...L });
    const set = (v: Val) => values.set(n, withLayout(v));
    switch (n.op) {
      case "input": {
        const slot = b.slot(1);
        plan.inputs.push({ name: n.arg.name as string, slot, ...info(n) });
        set({ slot, ...L });
        continue;
      }
      case "param": {
        if (L.rows.dims.length) fail("E0801", `param '${n.arg.name}' has a symbolic dimension: the gpujs backend needs params of concrete shape`);
        const slot = b.slot(0);
        const h = bound[n.arg.name as string];
        const t = h ? b.table(`param:${n.id}`, () => hostComplex(h)) : undefined;
        plan.params.push({ name: n.arg.name as string, slot, ...info(n), bound: t && "t" in t ? t.t : undefined });
        set({ slot, ...L });
        continue;
      }
      case "const": {
        const slot = b.slot(0);
        const d = n.arg.data as ArrayLike<number>;
        const cplx = isComplex((n.type as TensorType).dtype);
        const t = b.table(`const:${n.id}`, () => (cplx ? d : Array.from(d, (v) => [Number(v), 0]).flat()));
        plan.consts.push({ slot, table: (t as { t: number }).t });
        set({ slot, ...L });
        continue;
      }
      case "fill":
        set(b.kernel(K.fill(Number(n.arg.value)), [], L.rows, L.n));
        continue;
      case "apply": {
        const [A, xn] = n.src;
        const y = applyOp(ctx, A, ctx.value(xn));
        const t = A.type as OperatorType;
        const real = !isComplex((n.type as TensorType).dtype) && t.complex && !t.realOutput;
        set(real ? realPartOf(ctx, y) : y);
        continue;
      }
      case "cast": {
        const x = ctx.value(n.src[0]);
        const toReal = !isComplex((n.type as TensorType).dtype) && isComplex((n.src[0].type as TensorType).dtype);
        set(toReal ? realPartOf(ctx, x) : x);
        continue;
      }
      case "slice":
      case "pad": {
        const x = ctx.value(n.src[0]);
        const off = n.op === "slice" ? (n.arg.start as number) : 0;
        set(b.kernel(K.winmul(x.n, L.n, off, false, false), [{ s: x.slot }], x.rows, L.n));
        continue;
      }
      case "circ_embed": {
        const [c, r] = n.src.map((s) => ctx.value(s));
        set(b.kernel(K.circEmbed(c.n, r.n, n.arg.N as number, n.arg.kind === "hankel"), [{ s: c.slot }, { s: r.slot }], lit(1), n.arg.N as number));
        continue;
      }
      case "mtranspose": {
        const W = n.src[0];
        const [r, c] = shapeOf(W) as number[];
        const conj = n.arg.conj ? 1 : 0;
        const t = b.table(`mT:${r}:${c}:${conj}`, () => Array.from({ length: r * c }, (_, o) => 2 * ((o % r) * c + Math.floor(o / r)) + conj));
        set(b.kernel(K.gather(r * c, r * c, false), [{ s: ctx.value(W).slot }, t], lit(1), r * c));
        continue;
      }
      case "materialize": {
        // the operator applied to the identity's rows gives its columns; transpose into place
        const A = n.src[0];
        const { rows, cols } = A.type as OperatorType;
        const eye = b.kernel(K.eyeRows(cols), [], lit(cols), cols);
        const colsOfA = applyOp(ctx, A, eye);
        set(transposeRows(ctx, { slot: colsOfA.slot, rows: lit(1), n: rows * cols }, cols, rows));
        continue;
      }
      case "minverse": {
        const [m] = shapeOf(n.src[0]) as number[];
        set(b.host("minverse", [ctx.value(n.src[0])], m, m, m));
        continue;
      }
      case "invperm": {
        // an index vector: inverted on the host (once, in the param phase, when p is a param)
        set(b.host("invperm", [ctx.value(n.src[0])], 1, L.n));
        continue;
      }
      case "gaunt_direct":
      case "gaunt_fourier":
      case "sh_matrix":
        set(sphereOp(ctx, n, L));
        continue;
      case "s4d_kernel":
        set(s4dKernel(ctx, n));
        continue;
    }
    if (!ELEMENTWISE.has(n.op)) fail("E0801", `op '${n.op}' is not supported by the gpujs backend`);
    const args: { s: number }[] = [];
    const operands: Operand[] = n.src.map((s) => {
      const sh = shapeOf(s);
      if (s.op === "fill") return { lit: [Number(s.arg.value), 0] as [number, number] };
      if (s.op === "const" && sh.every((d) => d === 1)) {
        const d = s.arg.data as ArrayLike<number>;
        return { lit: [Number(d[0]), isComplex((s.type as TensorType).dtype) ? Number(d[1]) : 0] as [number, number] };
      }
      args.push({ s: ctx.value(s).slot });
      return { shape: sh };
    });
    const { src } = elementwise(n.op, Number(n.arg.lambda ?? 0), operands, shapeOf(n));
    set(b.kernel(src, args, L.rows, L.n));
  }
  plan.outputs = program.outputs.map((o) => ({ name: o.name, slot: ctx.value(o.node).slot, ...info(o.node) }));
  plan.nslots = b.slotPhase.length;
  return plan;
}

/** A host array as complex interleaved numbers (real parts only for real dtypes). */
export function hostComplex(h: HostArray): Float64Array {
  if (isComplex(h.dtype)) return Float64Array.from(h.data as ArrayLike<number>);
  const out = new Float64Array(2 * h.data.length);
  for (let i = 0; i < h.data.length; i++) out[2 * i] = Number(h.data[i]);
  return out;
}
