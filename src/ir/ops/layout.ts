// Reductions and layout along any axis, numpy's conventions: sum and mean over an axis
// (keepdims=False), reshape (row-major, one -1 inferred), permute (numpy.transpose), concat
// (numpy.concatenate) and stack (numpy.stack), slicing and zero padding along an axis, and
// torch's GLU (halves of an axis). Axes count from the end when negative; the
// nodes carry them normalised (0 <= axis < rank).
import { type OpDefs, callConstructor, defineConstructor } from "../catalogue.js";
import { resolveShape } from "../bind.js";
import { binary, lastDim, requireFloat, scalar, slice, tensorOf } from "../build.js";
import { fail } from "../errors.js";
import { mk, type Node, type NodeOf } from "../node.js";
import { type Dim, type Shape, isComplex, promote, shapeStr, tensorType, typeStr } from "../types.js";
import { type CTensor, type RValue, ctensor, numelOf } from "../value.js";
import { T, checkSize } from "./common.js";

/** `axis` of a rank-`rank` tensor, normalised to 0..rank-1 (negative axes count from the end). */
export function normAxis(axis: number, rank: number, what: string, argIndex?: number): number {
  if (axis < -rank || axis >= rank) fail("E0307", `${what}: axis ${axis} is out of range for a tensor of rank ${rank}`, argIndex);
  return axis < 0 ? axis + rank : axis;
}

/** The concrete extent of axis `axis` of x, or E0305 naming what needed it. */
function concreteAxis(x: Node, axis: number, what: string, argIndex?: number): number {
  const d = tensorOf(x).shape[axis];
  if (typeof d !== "number") fail("E0305", `${what} needs a concrete axis ${axis}, got symbolic '${d}' in ${typeStr(x.type)}`, argIndex);
  return d as number;
}

/** A tensor of rank >= 1 holding float data. */
function ranked(x: Node, what: string, argIndex: number): Shape {
  const t = requireFloat(x, what, argIndex);
  if (t.shape.length === 0) fail("E0307", `${what} needs a tensor with at least one axis, got a scalar`, argIndex);
  return t.shape;
}

function sumNode(x: Node, axis: number, what: string): NodeOf<"sum"> {
  const shape = ranked(x, what, 0), a = normAxis(axis, shape.length, what, 1);
  concreteAxis(x, a, what, 1);
  return mk("sum", tensorType(tensorOf(x).dtype, shape.filter((_, i) => i !== a)), [x], { axis: a });
}

/** The shape reshape(x, dims) gives, numpy's rules; a symbolic axis only as the one leading axis that -1 keeps. */
function reshaped(x: Node, dims: readonly number[]): Dim[] {
  const shape = tensorOf(x).shape;
  const free = dims.filter((d) => d === -1).length;
  if (free > 1) fail("E0302", `reshape() can infer one dimension (-1), got ${free}`, 1);
  dims.forEach((d) => (d === -1 || d > 0) || fail("E0302", `reshape() dimensions must be positive or -1, got ${d}`, 1));
  const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const sym = shape.filter((d) => typeof d !== "number");
  if (sym.length) {
    // [s, c...] -> [-1, c'...] with prod(c) = prod(c'): the symbolic axis stays; nothing else can be checked
    const rest = shape.slice(1) as number[];
    if (sym.length > 1 || typeof shape[0] === "number" || dims[0] !== -1 || free !== 1)
      fail("E0305", `reshape() of ${typeStr(x.type)}: a symbolic dimension can only stay as the leading axis, written -1 (reshape(x, -1, ...))`, 1);
    const have = rest.reduce((a, b) => a * b, 1);
    if (have !== known) fail("E0301", `reshape() cannot turn ${shapeStr(shape)} into [${dims.join(", ")}]: the axes after the leading one hold ${have} elements, the new ones ${known}`, 1);
    return [shape[0], ...dims.slice(1)];
  }
  const total = (shape as number[]).reduce((a, b) => a * b, 1);
  if (free ? total % known !== 0 : total !== known)
    fail("E0301", `reshape() cannot turn ${shapeStr(shape)} (${total} elements) into [${dims.join(", ")}]`, 1);
  return dims.map((d) => (d === -1 ? total / known : d));
}

/** numpy.concatenate(xs, axis): the parts in the result's dtype, side by side along the axis. */
function concatNode(xs: readonly Node[], axis0: number, what: string): Node {
  const shapes = xs.map((x) => ranked(x, what, 0)), r = shapes[0].length;
  const axis = normAxis(axis0, r, what, 1);
  shapes.forEach((s, k) => {
    if (s.length !== r || s.some((d, i) => i !== axis && d !== shapes[0][i]))
      fail("E0301", `${what} along axis ${axis0}: ${shapeStr(s)} (tensor ${k + 1}) does not match ${shapeStr(shapes[0])} on the other axes`, 0);
  });
  if (xs.length === 1) return xs[0];
  const n = xs.reduce((acc, x) => acc + concreteAxis(x, axis, what, 0), 0);
  const dtype = xs.map((x) => tensorOf(x).dtype).reduce(promote);
  // every part in the result's dtype first, so a backend copies blocks of one kind
  const parts = xs.map((x) => (tensorOf(x).dtype === dtype ? x : mk("cast", tensorType(dtype, tensorOf(x).shape), [x], { dtype })));
  return mk("concat", tensorType(dtype, shapes[0].map((d, i) => (i === axis ? n : d))), parts, { axis });
}

/** `before` zeros, x, `after` zeros along `axis`: the last axis padded at its end is `pad`, the rest `pad_axis`. */
function padNode(x: Node, axis0: number, before: number, after: number): Node {
  const shape = ranked(x, "pad()", 0), r = shape.length, axis = normAxis(axis0, r, "pad()", 1);
  if (!(before >= 0 && after >= 0)) fail("E0302", `pad() widths must be >= 0, got before ${before}, after ${after}`, 1);
  if (before === 0 && after === 0) return x;
  const m = concreteAxis(x, axis, "pad()", 1), len = checkSize(m + before + after, "pad() result length", 1);
  const t = tensorType(tensorOf(x).dtype, shape.map((d, i) => (i === axis ? len : d)));
  return axis === r - 1 && before === 0 ? mk("pad", t, [x], { n: len }) : mk("pad_axis", t, [x], { axis, before, after });
}

/** numpy.stack: each part gets a new axis of length 1 at `axis` (a row-major reshape), then they are concatenated there. */
function stackNode(xs: readonly Node[], axis0: number): Node {
  const shapes = xs.map((x) => requireFloat(x, "stack()", 0).shape), r = shapes[0].length;
  shapes.forEach((s, k) => {
    if (s.length !== r || s.some((d, i) => d !== shapes[0][i]))
      fail("E0301", `stack() needs tensors of one shape: ${shapeStr(s)} (tensor ${k + 1}) is not ${shapeStr(shapes[0])}`, 0);
  });
  if (axis0 < -r - 1 || axis0 > r) fail("E0307", `stack(): axis ${axis0} is out of range for stacking tensors of rank ${r} (the result has rank ${r + 1}: axes ${-r - 1}..${r})`, 1);
  const axis = axis0 < 0 ? axis0 + r + 1 : axis0;
  // a backend keeps the symbolic (batch) axes in front of any axis it moves data across
  const sym = shapes[0].findIndex((d, i) => i >= axis && typeof d !== "number");
  if (sym >= 0) fail("E0305", `stack() along axis ${axis0} would put the new axis before the symbolic axis '${shapes[0][sym]}': stack along an axis after it`, 1);
  const shape = [...shapes[0].slice(0, axis), 1, ...shapes[0].slice(axis)];
  return concatNode(xs.map((x) => mk("reshape", tensorType(tensorOf(x).dtype, shape), [x], {})), axis, "stack()");
}

/** torch.nn.functional.glu: the first half of the axis times the sigmoid of the second half. */
function gluNode(x: Node, axis0: number): Node {
  const t = tensorOf(x), shape = ranked(x, "glu()", 0), axis = normAxis(axis0, shape.length, "glu()", 1);
  if (isComplex(t.dtype)) fail("E0402", `glu() needs real data, got ${typeStr(t)}`, 0);
  const n = concreteAxis(x, axis, "glu()", 1);
  if (n % 2 !== 0) fail("E0302", `glu() halves axis ${axis0}, whose length ${n} is odd`, 1);
  const half = (start: number) => callConstructor("slice", [{ value: x }, { value: axis }, { value: start }, { value: start + n / 2 }]) as Node;
  const b = half(n / 2);
  return binary("*", half(0), mk("sigmoid", tensorOf(b), [b], {})) as Node;
}

defineConstructor(
  {
    name: "sum",
    doc: "sum over one axis, dropping it (numpy.sum(x, axis)); negative axes count from the end",
    params: [{ name: "x", kind: "tensor" }, { name: "axis", kind: "int" }],
    build: (a) => sumNode(a.x, a.axis, "sum()"),
  },
  {
    name: "mean",
    doc: "mean over one axis, dropping it (numpy.mean(x, axis)): the sum divided by the axis length",
    params: [{ name: "x", kind: "tensor" }, { name: "axis", kind: "int" }],
    build: (a) => {
      const s = sumNode(a.x, a.axis, "mean()"), n = tensorOf(a.x).shape[s.arg.axis] as number;
      return mk("div", tensorOf(s), [s, scalar(n, tensorOf(s).dtype)], {});
    },
  },
  {
    name: "reshape",
    doc: "the same elements in row-major order with new dimensions (numpy.reshape(x, dims)); one dimension may be -1 (inferred)",
    params: [{ name: "x", kind: "tensor" }, { name: "dims", kind: "int", variadic: true }],
    build: (a) => {
      const t = requireFloat(a.x, "reshape()", 0), shape = reshaped(a.x, a.dims);
      return shape.length === t.shape.length && shape.every((d, i) => d === t.shape[i]) ? a.x : mk("reshape", tensorType(t.dtype, shape), [a.x], {});
    },
  },
  {
    name: "permute",
    doc: "the axes reordered: axis i of the result is axis axes[i] of x (numpy.transpose(x, axes), torch's permute)",
    params: [{ name: "x", kind: "tensor" }, { name: "axes", kind: "int", variadic: true }],
    build: (a) => {
      const t = tensorOf(a.x), shape = ranked(a.x, "permute()", 0), r = shape.length;
      if (a.axes.length !== r) fail("E0307", `permute() needs ${r} axes for ${typeStr(t)}, got ${a.axes.length}`, 1);
      const axes: number[] = a.axes.map((v: number) => normAxis(v, r, "permute()", 1));
      if (new Set(axes).size !== r) fail("E0307", `permute() axes [${a.axes.join(", ")}] are not a permutation of the ${r} axes`, 1);
      if (axes.every((v, i) => v === i)) return a.x;
      return mk("permute", tensorType(t.dtype, axes.map((v) => shape[v])), [a.x], { axes });
    },
  },
  {
    name: "concat",
    doc: "the tensors one after another along an axis (numpy.concatenate(xs, axis)); the other axes must agree",
    params: [{ name: "xs", kind: "tensor", variadic: true }, { name: "axis", kind: "int", default: 0 }],
    build: (a) => concatNode(a.xs, a.axis, "concat()"),
  },
  {
    name: "slice",
    doc: "x[start:stop] along an axis (negative bounds count from the end, as in Python; not clamped)",
    params: [{ name: "x", kind: "tensor" }, { name: "axis", kind: "int" }, { name: "start", kind: "int" }, { name: "stop", kind: "int" }],
    build: (a) => {
      const shape = ranked(a.x, "slice()", 0), axis = normAxis(a.axis, shape.length, "slice()", 1);
      if (axis === shape.length - 1) return slice(a.x, a.start, a.stop);
      const n = concreteAxis(a.x, axis, "slice()", 1);
      const s = a.start < 0 ? a.start + n : a.start, e = a.stop < 0 ? a.stop + n : a.stop;
      if (s < 0 || e > n || s >= e) fail("E0306", `slice [${a.start}:${a.stop}] is empty or out of range for axis ${a.axis} of length ${n}`, 2);
      return mk("narrow", tensorType(tensorOf(a.x).dtype, shape.map((d, i) => (i === axis ? e - s : d))), [a.x], { axis, start: s, stop: e });
    },
  },
  {
    name: "pad",
    doc: "zero padding: pad(x, n) pads the last axis at its end to length n; pad(x, axis, before, after) puts `before` zeros before and `after` zeros after along an axis (numpy.pad on that axis)",
    params: [{ name: "x", kind: "tensor" }, { name: "sizes", kind: "int", variadic: true }],
    build: (a) => {
      const s: number[] = a.sizes;
      if (s.length === 1) {
        requireFloat(a.x, "pad()", 0);
        const m = lastDim(a.x, "pad()", 0);
        checkSize(s[0], "n", 1);
        if (s[0] < m) fail("E0302", `pad() target length ${s[0]} is shorter than the axis (${m})`, 1);
        return padNode(a.x, -1, 0, s[0] - m);
      }
      if (s.length !== 3) fail("E0201", `pad() takes pad(x, n) or pad(x, axis, before, after), got ${s.length + 1} arguments`, 1);
      return padNode(a.x, s[0], s[1], s[2]);
    },
  },
  {
    name: "stack",
    doc: "the tensors (all of one shape) stacked along a new axis (numpy.stack(xs, axis)); negative axes count from the end of the result",
    params: [{ name: "xs", kind: "tensor", variadic: true }, { name: "axis", kind: "int", default: 0 }],
    build: (a) => stackNode(a.xs, a.axis),
  },
  {
    name: "glu",
    doc: "gated linear unit a * sigmoid(b) of the two halves a, b of an axis (torch.nn.functional.glu(x, dim))",
    params: [{ name: "x", kind: "tensor" }, { name: "axis", kind: "int", default: -1 }],
    build: (a) => gluNode(a.x, a.axis),
  },
);

// ---- reference meanings -------------------------------------------------------------------

/** Row-major strides of a shape. */
const stridesOf = (shape: readonly number[]): number[] => {
  const st = new Array<number>(shape.length);
  for (let k = shape.length - 1, acc = 1; k >= 0; k--) (st[k] = acc), (acc *= shape[k]);
  return st;
};

/** x viewed as [outer, n, inner] around `axis`. */
const around = (shape: readonly number[], axis: number) => ({
  outer: numelOf(shape.slice(0, axis)), n: shape[axis], inner: numelOf(shape.slice(axis + 1)),
});

/** y[o, i] = sum over k of x[o, k, i] (in order of k, as the backends add). */
function sumAxis(x: CTensor, axis: number): CTensor {
  const { outer, n, inner } = around(x.shape, axis);
  const y = ctensor(x.shape.filter((_, i) => i !== axis));
  for (let o = 0; o < outer; o++)
    for (let k = 0; k < n; k++)
      for (let i = 0; i < inner; i++) {
        const s = (o * n + k) * inner + i;
        y.re[o * inner + i] += x.re[s];
        y.im[o * inner + i] += x.im[s];
      }
  return y;
}

function permuteAxes(x: CTensor, axes: readonly number[]): CTensor {
  const shape = axes.map((a) => x.shape[a]), st = stridesOf(x.shape), y = ctensor(shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < y.re.length; o++) {
    let s = 0;
    for (let k = 0; k < shape.length; k++) s += idx[k] * st[axes[k]];
    y.re[o] = x.re[s];
    y.im[o] = x.im[s];
    for (let k = shape.length - 1; k >= 0 && ++idx[k] === shape[k]; k--) idx[k] = 0;
  }
  return y;
}

/** The sources' [outer, n_j, inner] blocks side by side along the axis. */
function concatAxis(xs: readonly CTensor[], axis: number): CTensor {
  const shape = [...xs[0].shape];
  shape[axis] = xs.reduce((a, x) => a + x.shape[axis], 0);
  const y = ctensor(shape), { outer, n, inner } = around(shape, axis);
  let at = 0;
  for (const x of xs) {
    const m = x.shape[axis] * inner;
    for (let o = 0; o < outer; o++) {
      y.re.set(x.re.subarray(o * m, (o + 1) * m), o * n * inner + at);
      y.im.set(x.im.subarray(o * m, (o + 1) * m), o * n * inner + at);
    }
    at += m;
  }
  return y;
}

function narrowAxis(x: CTensor, axis: number, start: number, stop: number): CTensor {
  const { outer, n, inner } = around(x.shape, axis), len = stop - start;
  const y = ctensor(x.shape.map((d, i) => (i === axis ? len : d)));
  for (let o = 0; o < outer; o++) {
    const from = (o * n + start) * inner;
    y.re.set(x.re.subarray(from, from + len * inner), o * len * inner);
    y.im.set(x.im.subarray(from, from + len * inner), o * len * inner);
  }
  return y;
}

/** x's [outer, n, inner] blocks placed at offset `before` of [outer, before + n + after, inner] zeros. */
function padAxis(x: CTensor, axis: number, before: number, after: number): CTensor {
  const { outer, n, inner } = around(x.shape, axis), len = before + n + after;
  const y = ctensor(x.shape.map((d, i) => (i === axis ? len : d)));
  for (let o = 0; o < outer; o++) {
    const to = (o * len + before) * inner;
    y.re.set(x.re.subarray(o * n * inner, (o + 1) * n * inner), to);
    y.im.set(x.im.subarray(o * n * inner, (o + 1) * n * inner), to);
  }
  return y;
}

export const layoutOps = {
  sum: { tensor: (n, [x]) => sumAxis(T(x), n.arg.axis) },
  reshape: {
    verify: (n) => {
      const a = numelOfShape(tensorOf(n.src[0]).shape), b = numelOfShape(tensorOf(n).shape);
      return a === b ? undefined : `reshape of ${shapeStr(tensorOf(n.src[0]).shape)} into ${shapeStr(tensorOf(n).shape)} changes the element count`;
    },
    tensor: (n, [x], env) => {
      const y = ctensor(resolveShape(tensorOf(n).shape, env.dims)), v = T(x);
      if (y.re.length !== v.re.length) return fail("E0301", `reshape of ${v.re.length} elements into ${shapeStr(y.shape)}`);
      y.re.set(v.re);
      y.im.set(v.im);
      return y;
    },
  },
  permute: { tensor: (n, [x]) => permuteAxes(T(x), n.arg.axes) },
  concat: { tensor: (n, src: RValue[]) => concatAxis(src.map(T), n.arg.axis) },
  narrow: { tensor: (n, [x]) => narrowAxis(T(x), n.arg.axis, n.arg.start, n.arg.stop) },
  pad_axis: { tensor: (n, [x]) => padAxis(T(x), n.arg.axis, n.arg.before, n.arg.after) },
} satisfies OpDefs;

/** Element count with each symbolic name as a factor (equal for equal products of the same names). */
function numelOfShape(shape: Shape): string {
  const c = shape.filter((d): d is number => typeof d === "number").reduce((a, b) => a * b, 1);
  return [c, ...shape.filter((d) => typeof d !== "number").map(String).sort()].join("*");
}
