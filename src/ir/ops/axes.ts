// Operators along any axis: `along(A, x, axis)` applies A to every line of x along one axis
// (`along(A, x, -1)` is `A @ x`), and numpy.fft's / scipy.fft's multi-axis transforms are sugar
// over it (fft2 ifft2 fftn ifftn rfft2 irfft2 rfftn irfftn dct2 idct2 dctn idctn): one `apply`
// per axis, no op of their own, so the optimizer's algebra sees each axis (rules/axes.ts).
import { defineConstructor } from "../catalogue.js";
import { apply, requireFloat, tensorOf } from "../build.js";
import { fail } from "../errors.js";
import type { Norm } from "../ops.js";
import { mk, type Node } from "../node.js";
import { operatorType, typeStr } from "../types.js";
import { NORMS } from "./common.js";
import { dftNode } from "./fourier.js";
import { normAxis } from "./layout.js";
import { windowNode } from "./structure.js";

/** A applied along `axis` of x (negative axes count from the end); the last axis is `A @ x`. */
export function along(A: Node, x: Node, axis: number, what = "along()", xIndex = 1, axisIndex = 2): Node {
  const r = requireFloat(x, what, xIndex).shape.length;
  if (r === 0) fail("E0307", `${what} needs a tensor with at least one axis, got a scalar`, xIndex);
  const k = normAxis(axis, r, what, axisIndex);
  return apply(A, x, k === r - 1 ? undefined : k, xIndex);
}

/** The axes a multi-axis transform runs over, normalised, each once; all of x's axes when none are given. */
function axesOf(x: Node, axes: readonly number[] | undefined, what: string): number[] {
  const r = requireFloat(x, what, 0).shape.length;
  if (r === 0) fail("E0307", `${what} needs a tensor with at least one axis, got a scalar`, 0);
  const ks = (axes ?? [...Array(r).keys()]).map((a) => normAxis(a, r, what, 1));
  if (new Set(ks).size !== ks.length) fail("E0307", `${what}: axes [${axes!.join(", ")}] repeat an axis`, 1);
  return ks;
}

/** The concrete length of axis k of x. */
function lengthAt(x: Node, k: number, what: string): number {
  const d = tensorOf(x).shape[k];
  if (typeof d !== "number") fail("E0305", `${what} needs a concrete axis ${k}, got symbolic '${d}' in ${typeStr(x.type)}`, 0);
  return d as number;
}

/** op(len) along each of `axes` in turn, the last axis first (numpy applies its 1-D transforms so). */
function eachAxis(x: Node, axes: readonly number[], what: string, op: (len: number) => Node): Node {
  const lens = axes.map((k) => lengthAt(x, k, what));
  return [...axes.keys()].reverse().reduce((y, i) => along(op(lens[i]), y, axes[i], what, 0, 1), x);
}

const fftn = (x: Node, axes: readonly number[] | undefined, norm: Norm, inverse: boolean, what: string) =>
  eachAxis(x, axesOf(x, axes, what), what, (n) => dftNode(n, norm, inverse));

/** numpy.fft.rfftn: rfft along the last of `axes`, then fft along the others. */
function rfftn(x: Node, axes: readonly number[] | undefined, norm: Norm, what: string): Node {
  const ks = axesOf(x, axes, what), k = ks[ks.length - 1], n = lengthAt(x, k, what);
  const rdft = mk("rdft", operatorType(Math.floor(n / 2) + 1, n, true, { realInput: true }), [], { n, norm });
  return eachAxis(along(rdft, x, k, what, 0, 1), ks.slice(0, -1), what, (m) => dftNode(m, norm, false));
}

/**
 * numpy.fft.irfftn: ifft along all but the last of `axes`, then irfft of length n (default
 * 2 (m - 1) for m bins) along the last, its bins cropped or zero-padded to n // 2 + 1 first.
 */
function irfftn(X: Node, axes: readonly number[] | undefined, n: number | undefined, norm: Norm, what: string, nIndex: number): Node {
  const ks = axesOf(X, axes, what), k = ks[ks.length - 1];
  const y = eachAxis(X, ks.slice(0, -1), what, (m) => dftNode(m, norm, true));
  const m = lengthAt(y, k, what), len = n ?? 2 * (m - 1);
  if (!Number.isInteger(len) || len < 1) fail("E0302", `${what}: the output length must be a positive integer, got ${len}${n === undefined ? ` (2 (m - 1) for ${m} bins; give n=)` : ""}`, n === undefined ? 0 : nIndex);
  const bins = Math.floor(len / 2) + 1;
  const fitted = bins === m ? y : along(windowNode(bins, m, 0), y, k, what, 0, 1);
  return along(mk("irdft", operatorType(len, bins, true, { realOutput: true }), [], { n: len, norm }), fitted, k, what, 0, 1);
}

/** scipy.fft.dctn / idctn: the DCT of `type` along each of `axes`. */
function dctn(x: Node, axes: readonly number[] | undefined, type: number, norm: Norm, inverse: boolean, what: string): Node {
  return eachAxis(x, axesOf(x, axes, what), what, (n) => {
    if (type === 1 && n < 2) fail("E0302", `${what}: DCT type 1 needs axes of length >= 2, got ${n}`, 0);
    return mk("dct", operatorType(n, n, false), [], { n, type, norm, inverse });
  });
}

const NORM = { name: "norm", kind: "string", default: "backward", oneOf: NORMS } as const;
const TYPE = { name: "type", kind: "int", default: 2, oneOf: [1, 2, 3, 4] } as const;
const X = { name: "x", kind: "tensor" } as const;
const AXES = { name: "axes", kind: "int", variadic: true, optional: true } as const;
const LENGTH = { name: "n", kind: "int", optional: true } as const;
const LAST_TWO = [-2, -1];

defineConstructor(
  {
    name: "along",
    doc: "operator A applied along one axis of x (negative axes count from the end): x's shape with that axis replaced by A's rows; along(A, x, -1) is A @ x",
    params: [{ name: "A", kind: "operator" }, X, { name: "axis", kind: "int" }],
    build: (a) => along(a.A, a.x, a.axis),
  },
  { name: "fft2", doc: "2-D DFT over the last two axes (numpy.fft.fft2)", params: [X, NORM], build: (a) => fftn(a.x, LAST_TWO, a.norm, false, "fft2()") },
  { name: "ifft2", doc: "2-D inverse DFT over the last two axes (numpy.fft.ifft2)", params: [X, NORM], build: (a) => fftn(a.x, LAST_TWO, a.norm, true, "ifft2()") },
  { name: "fftn", doc: "N-D DFT over the given axes, all axes when none are given (numpy.fft.fftn)", params: [X, AXES, NORM], build: (a) => fftn(a.x, a.axes, a.norm, false, "fftn()") },
  { name: "ifftn", doc: "N-D inverse DFT over the given axes, all axes when none are given (numpy.fft.ifftn)", params: [X, AXES, NORM], build: (a) => fftn(a.x, a.axes, a.norm, true, "ifftn()") },
  { name: "rfft2", doc: "2-D DFT of real data over the last two axes, the last one halved to n//2+1 bins (numpy.fft.rfft2)", params: [X, NORM], build: (a) => rfftn(a.x, LAST_TWO, a.norm, "rfft2()") },
  { name: "rfftn", doc: "N-D DFT of real data over the given axes (all when none), the last one halved (numpy.fft.rfftn)", params: [X, AXES, NORM], build: (a) => rfftn(a.x, a.axes, a.norm, "rfftn()") },
  {
    name: "irfft2",
    doc: "inverse of rfft2 (numpy.fft.irfft2): real output whose last axis has length n (numpy's s[-1]; default 2 (m - 1) for m bins)",
    params: [X, NORM, LENGTH],
    build: (a) => irfftn(a.x, LAST_TWO, a.n, a.norm, "irfft2()", 2),
  },
  {
    name: "irfftn",
    doc: "inverse of rfftn over the given axes, all when none (numpy.fft.irfftn): the last axis real, of length n (default 2 (m - 1))",
    params: [X, AXES, NORM, LENGTH],
    build: (a) => irfftn(a.x, a.axes, a.n, a.norm, "irfftn()", 3),
  },
  { name: "dct2", doc: "2-D DCT over the last two axes (scipy.fft.dctn(x, type, axes=(-2, -1), norm))", params: [X, TYPE, NORM], build: (a) => dctn(a.x, LAST_TWO, a.type, a.norm, false, "dct2()") },
  { name: "idct2", doc: "2-D inverse DCT over the last two axes (scipy.fft.idctn(x, type, axes=(-2, -1), norm))", params: [X, TYPE, NORM], build: (a) => dctn(a.x, LAST_TWO, a.type, a.norm, true, "idct2()") },
  { name: "dctn", doc: "N-D DCT over the given axes, all when none (scipy.fft.dctn)", params: [X, AXES, TYPE, NORM], build: (a) => dctn(a.x, a.axes, a.type, a.norm, false, "dctn()") },
  { name: "idctn", doc: "N-D inverse DCT over the given axes, all when none (scipy.fft.idctn)", params: [X, AXES, TYPE, NORM], build: (a) => dctn(a.x, a.axes, a.type, a.norm, true, "idctn()") },
);
