// Per-channel operators: parameters with extra leading axes give a batch of operators, one per
// channel (diag(d) with d [H, n]; circulant, toeplitz and conv with filters [H, L]; dense(W) with
// W [G, m, k]). Their type carries the channel shape (OperatorType.batch). `A @ x` with A of
// batch [H] and x [..., H, n] gives y[..., h, :] = A_h x[..., h, :]: the batch axes align with
// the axes of x just before the last, numpy-broadcast style (a size-1 axis on either side
// broadcasts).
//
// `@` writes a batched operator out at once as tensor ops every backend renders: a broadcast
// multiply (diag); an inserted axis, a broadcast multiply and a sum over the last axis (dense);
// FFTs along the last axis with a per-channel spectrum (the Toeplitz family: O(B·H·L log L),
// never a dense matrix; a constant filter's spectrum folds at compile time). So a batched
// operator node is only ever the argument of `@`, of the algebra below, or of a refusal.
import { apply, binary, compose, isOperator, opsum, scale, scalar, tensorOf, requireFloat } from "./build.js";
import { callConstructor, type WrittenArg } from "./catalogue.js";
import { fail } from "./errors.js";
import { mk, type Node } from "./node.js";
import { reverseNode, mtransposeNode } from "./ops/structure.js";
import { convWindow } from "./ops/toeplitz.js";
import { type Dim, type OperatorType, type Shape, isComplex, isSingle, shapeStr, tensorType, toComplex, toReal, typeStr } from "./types.js";

/** The channel shape of an operator ([] for one operator). */
export const batchOf = (A: Node): Shape => (A.type as OperatorType).batch ?? [];
export const isBatched = (A: Node): boolean => isOperator(A) && batchOf(A).length > 0;

/** A parameter's leading channel axes and its `core` trailing axes; every axis concrete. */
export function channelShape(x: Node, core: number, what: string, argIndex: number): { batch: number[]; dims: number[] } {
  const t = requireFloat(x, what, argIndex);
  if (t.shape.length < core)
    fail("E0301", `${what} must have ${core === 1 ? "an axis" : `${core} axes`} (any axes before ${core === 1 ? "it" : "them"} are channels), got ${typeStr(t)}`, argIndex);
  for (const d of t.shape) if (typeof d !== "number") fail("E0305", `${what} needs concrete dimensions, got ${typeStr(t)}`, argIndex);
  const s = t.shape as number[];
  return { batch: s.slice(0, s.length - core), dims: s.slice(s.length - core) };
}

/** numpy broadcasting of two channel shapes; a mismatch names the channel counts (E0301). */
export function channelBroadcast(a: Shape, b: Shape, what: string, argIndex?: number): Dim[] {
  const n = Math.max(a.length, b.length), out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x === y || y === 1) out.push(x);
    else if (x === 1) out.push(y);
    else fail("E0301", `${what}: ${x} channels against ${y} (channel shapes ${shapeStr(a)} and ${shapeStr(b)} do not broadcast)`, argIndex);
  }
  return out;
}

const call = (name: string, ...args: (Node | number | string | WrittenArg)[]): Node =>
  callConstructor(name, args.map((v) => (typeof v === "object" && "value" in v ? v : { value: v as Node | number | string }))) as Node;

/** x with a new axis of size 1 inserted before its last `fromEnd` axes (numpy's expand_dims). */
export function insertAxis(x: Node, fromEnd: number): Node {
  const t = tensorOf(x), k = t.shape.length - fromEnd;
  return mk("reshape", tensorType(t.dtype, [...t.shape.slice(0, k), 1, ...t.shape.slice(k)]), [x], {});
}

/** p in x's precision (f32/c64 or f64/c128), keeping p's own real or complex kind. */
function precisionOf(p: Node, x: Node): Node {
  const tp = tensorOf(p), single = isSingle(tensorOf(x).dtype);
  if (isSingle(tp.dtype) === single) return p;
  const dtype = isComplex(tp.dtype) ? toComplex(single ? "f32" : "f64") : toReal(single ? "f32" : "f64");
  // a filled constant (zeros(n) as toeplitz's r) stays one, so the causal case is seen for what it is
  if (p.op === "fill") return mk("fill", tensorType(dtype, tp.shape), [], p.arg);
  return mk("cast", tensorType(dtype, tp.shape), [p], { dtype });
}

/** x broadcast to `shape` on every axis but the last (a no-op where it already has it). */
function broadcastLead(x: Node, lead: Shape): Node {
  const t = tensorOf(x), want = [...lead, t.shape[t.shape.length - 1]];
  if (want.length === t.shape.length && want.every((d, i) => d === t.shape[i])) return x;
  return binary("+", x, mk("fill", tensorType(t.dtype, want), [], { value: 0 })) as Node;
}

/** The FFT size of a linear convolution needing `need` points: the next power of two (at most 2x the work of the exact size). */
const fftSize = (need: number): number => 2 ** Math.ceil(Math.log2(need));

/** Circular convolution along the last axis of x [..., N] with filters v [..., N]: per-channel spectra, broadcast. */
function circularConv(x: Node, v: Node, N: number): Node {
  if (!isComplex(tensorOf(x).dtype) && !isComplex(tensorOf(v).dtype)) {
    const F = call("rdft", N);
    return apply(call("irdft", N), binary("*", apply(F, x), apply(F, v)) as Node);
  }
  const F = call("dft", N);
  return apply(call("idft", N), binary("*", apply(F, x), apply(F, v)) as Node);
}

const padTo = (x: Node, N: number): Node => (tensorOf(x).shape.at(-1) === N ? x : call("pad", x, N));
const sliceLast = (x: Node, start: number, stop: number): Node => {
  const n = tensorOf(x).shape.at(-1);
  return start === 0 && stop === n ? x : mk("slice", tensorType(tensorOf(x).dtype, [...tensorOf(x).shape.slice(0, -1), stop - start]), [x], { start, stop });
};
/** v[..., 1:] reversed along the last axis: the tail of a circulant's first column read backwards. */
const reversedTail = (v: Node): Node => {
  const n = tensorOf(v).shape.at(-1) as number;
  return apply(reverseNode(n - 1), sliceLast(v, 1, n));
};
const isZeros = (x: Node): boolean => x.op === "fill" && x.arg.value === 0;

/**
 * First column [..., N] of the N-circulant embedding each channel's toeplitz(c, r) (m x n) in its
 * top-left corner: v[i] = c[i] for i < m, v[N - j] = r[j] for 0 < j < n, zero between.
 */
function toeplitzEmbedding(c: Node, r: Node, N: number): Node {
  const n = tensorOf(r).shape.at(-1) as number;
  if (n === 1 || isZeros(r)) return padTo(c, N);
  const lead = channelBroadcast(tensorOf(c).shape.slice(0, -1), tensorOf(r).shape.slice(0, -1), "toeplitz(c, r)");
  const head = broadcastLead(padTo(c, N - n + 1), lead), tail = broadcastLead(reversedTail(r), lead);
  return call("concat", head, tail, { name: "axis", value: -1 });
}

/**
 * dense(W) with channel axes [g1..gr] applied to x [..., g1..gr, k] as modemix: x's last axis moved
 * before its channel axes ([..., k, g1..gr]), W [g1..gr, m, k] as [k, m, g1..gr], and the mixed
 * [..., m, g1..gr] moved back to [..., g1..gr, m].
 */
function groupMix(x: Node, W: Node, r: number): Node {
  const rank = tensorOf(x).shape.length, lead = rank - r - 1;
  const axes = (order: number[]) => order.map((value) => ({ value }));
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
  const xp = call("permute", x, ...axes([...range(0, lead), rank - 1, ...range(lead, rank - 1)]));
  const wp = call("permute", W, ...axes([r + 1, r, ...range(0, r)]));
  const y = call("modemix", xp, wp);
  return call("permute", y, ...axes([...range(0, lead), ...range(lead + 1, rank), lead]));
}

/** `A @ x` for a batched operator A (apply() has checked its columns against x's last axis). */
export function applyChannels(A: Node, x: Node): Node {
  const batch = batchOf(A), t = tensorOf(x), lead = t.shape.slice(0, -1);
  for (let i = 1; i <= batch.length; i++) {
    const a = batch[batch.length - i], b = lead[lead.length - i] ?? 1;
    if (a !== b && a !== 1 && b !== 1)
      fail("E0301", `the operator has ${a} channels on its channel axis ${batch.length - i} (channel shape ${shapeStr(batch)}) but the operand has ${typeof b === "number" ? b : `symbolic '${b}'`} on axis ${lead.length - i} (operand ${typeStr(t)}; the channel axes are the ones just before the last)`);
  }
  return channelRule(A, x);
}

function channelRule(A: Node, x: Node): Node {
  const op = A.type as OperatorType;
  switch (A.op) {
    case "diag":
      return binary("*", x, precisionOf(A.src[0], x)) as Node;
    case "dense": {
      // y[..., g, i] = Σ_j W[g, i, j] x[..., g, j]
      const W = precisionOf(A.src[0], x), r = batchOf(A).length, rank = tensorOf(x).shape.length;
      // where x has the channel axes: a per-mode channel mixing whose modes are the channels
      // (modemix contracts x's axis before its modes), O(B·G·m·k) work and no [..., G, m, k] temporary
      if (rank > r) return groupMix(x, W, r);
      return call("sum", binary("*", insertAxis(x, 1), W) as Node, -1);
    }
    case "circulant":
      return circularConv(x, precisionOf(A.src[0], x), op.cols);
    case "toeplitz": {
      const N = fftSize(op.rows + op.cols - 1);
      const v = toeplitzEmbedding(precisionOf(A.src[0], x), precisionOf(A.src[1], x), N);
      return sliceLast(circularConv(padTo(x, N), v, N), 0, op.rows);
    }
    case "conv": {
      const h = precisionOf(A.src[0], x), k = tensorOf(h).shape.at(-1) as number, n = A.arg.n;
      const { rows, offset } = convWindow(n, k, A.arg.mode), N = fftSize(n + k - 1);
      return sliceLast(circularConv(padTo(x, N), padTo(h, N), N), offset, offset + rows);
    }
    case "compose":
      return apply(A.src[0], apply(A.src[1], x));
    case "opsum":
      return binary("+", apply(A.src[0], x), apply(A.src[1], x)) as Node;
    case "scale":
      return binary("*", scalar(A.arg.re, tensorOf(x).dtype), apply(A.src[0], x)) as Node;
    default:
      return fail("E0502", `per-channel '${A.op}' operators cannot be applied`);
  }
}

/** A.T or A.H of a batched operator, per channel, where the family's rule exists (E0502 elsewhere). */
export function transposeChannels(A: Node, conj: boolean): Node {
  const c = (v: Node): Node => (conj && isComplex(tensorOf(v).dtype) ? call("conj", v) : v);
  switch (A.op) {
    case "diag":
      return call("diag", c(A.src[0]));
    case "dense":
      return call("dense", mtransposeNode(A.src[0], conj));
    case "circulant": {
      // circulant(c).T = circulant(c'), c'[k] = c[-k mod n]
      const v = A.src[0], n = tensorOf(v).shape.at(-1) as number;
      return call("circulant", c(n === 1 ? v : call("concat", sliceLast(v, 0, 1), reversedTail(v), { name: "axis", value: -1 })));
    }
    case "compose":
      return compose(transposeChannels(A.src[1], conj), transposeChannels(A.src[0], conj));
    case "opsum":
      return opsum(transposeChannels(A.src[0], conj), transposeChannels(A.src[1], conj));
    case "scale":
      return scale(A.arg.re, transposeChannels(A.src[0], conj));
    default:
      return fail("E0502", `.${conj ? "H" : "T"} of a per-channel '${A.op}' operator is not supported (it is for per-channel diag, dense and circulant, and their products, sums and multiples)`);
  }
}

/** inv(A) of a batched operator, per channel: diag (1 / d) and products and multiples of it (E0501 elsewhere). */
export function inverseChannels(A: Node): Node {
  const a = A.type as OperatorType;
  if (a.rows !== a.cols) fail("E0501", `inv() needs a square operator, got ${a.rows}x${a.cols}`, 0);
  switch (A.op) {
    case "diag":
      return call("diag", binary("/", 1, A.src[0]) as Node);
    case "compose":
      return compose(inverseChannels(A.src[1]), inverseChannels(A.src[0]));
    case "scale":
      return scale(1 / A.arg.re, inverseChannels(A.src[0]));
    default:
      return fail("E0501", `inv() of a per-channel '${A.op}' operator is not supported (it is for per-channel diag, and products and multiples of it)`, 0);
  }
}

/** Channel h of x along its first axis: x[h:h+1] (keep) or x[h] (the axis dropped). */
export function channelRow(x: Node, h: number, keep = false): Node {
  const row = call("slice", x, 0, h, h + 1);
  return keep ? row : mk("reshape", tensorType(tensorOf(x).dtype, tensorOf(x).shape.slice(1)), [row], {});
}

/** One tensor per channel, stacked along a new first axis ([...] each -> [H, ...]): for the families built channel by channel. */
export function stackChannels(rows: readonly Node[]): Node {
  const parts = rows.map((r) => insertAxis(r, tensorOf(r).shape.length));
  return parts.length === 1 ? parts[0] : call("concat", ...parts, { name: "axis", value: 0 });
}
