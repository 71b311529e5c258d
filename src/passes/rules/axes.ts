// Rules across axes. The algebra (in the `algebra` pass, before anything is lowered): two
// applications along one axis are one application of the product, so inverse pairs cancel
// (fft2 then ifft2 is the identity); applications along different axes commute, and are put in
// one canonical order (the larger axis outside) so that equal expressions hash-cons to one node.
// The lowering (the `lower-axes` pass): an application along a non-last axis becomes permute ->
// apply on the last axis -> permute back, so every later rule and every backend sees `A @ x`
// only; adjacent permutes fuse.
import { type Node, type NodeOf, apply, applyAxis, binary, compose, mk, scalar, tensorType } from "../../ir/index.js";
import { type Rule, rule } from "../rewrite.js";
import { cancelScale } from "./algebra.js";
import { as } from "./apply.js";
import { op, tt } from "./util.js";

const rankOf = (x: Node) => tt(x).shape.length;
/** The axis of an apply node when it is not the last, else undefined. */
const offLast = (n: NodeOf<"apply">): number | undefined => n.arg.axis;
/** Complex-linear: neither rdft-like (real input) nor irdft-like (real output). */
const linear = (A: Node) => !op(A).realInput && !op(A).realOutput;
const along = (A: Node, x: Node, k: number) => apply(A, x, k === rankOf(x) - 1 ? undefined : k);

/** x with its axes permuted (numpy.transpose(x, axes)); a permute of a permute fuses, the identity is x. */
export function permuteNode(x: Node, axes: readonly number[]): Node {
  if (x.op === "permute") return permuteNode(x.src[0], axes.map((a) => x.arg.axes[a]));
  if (axes.every((a, i) => a === i)) return x;
  const t = tt(x);
  return mk("permute", tensorType(t.dtype, axes.map((a) => t.shape[a])), [x], { axes: [...axes] });
}

export const axesRules: Rule[] = [
  rule({
    name: "along-merge",
    doc: "along(A, along(B, x, k), k) -> c x when A B = c I, else along(A @ B, x, k) (k not the last axis: the last is apply-inverse-cancel's)",
    match: "apply",
    guard: (n) => offLast(n) !== undefined && n.src[1].op === "apply" && n.src[1].arg.axis === n.arg.axis,
    rewrite: (n) => {
      const [A, inner] = n.src, B = inner.src[0], x = inner.src[1];
      const c = cancelScale(A, B);
      if (c !== undefined) return as(tt(n).dtype, Math.abs(c - 1) < 1e-15 ? x : (binary("*", x, scalar(c, tt(x).dtype)) as Node));
      if (!linear(A) || !linear(B)) return undefined;
      return as(tt(n).dtype, along(compose(A, B), x, offLast(n)!));
    },
  }),
  rule({
    name: "along-commute",
    doc: "along(A, along(B, x, b), a) -> along(B, along(A, x, a), b) for a < b (one canonical order: the larger axis outside)",
    match: "apply",
    guard: (n) => n.src[1].op === "apply" && applyAxis(n) < applyAxis(n.src[1] as NodeOf<"apply">),
    rewrite: (n) => {
      const [A, inner] = n.src, B = inner.src[0], x = inner.src[1];
      if (inner.op !== "apply" || !linear(A) || !linear(B)) return undefined;
      return as(tt(n).dtype, along(B, along(A, x, applyAxis(n)), applyAxis(inner)));
    },
  }),
  rule({
    name: "along-identity",
    doc: "along(I, x, k) -> x; along(s A, x, k) -> s along(A, x, k)",
    match: "apply",
    guard: (n) => offLast(n) !== undefined && (n.src[0].op === "eye" || n.src[0].op === "scale"),
    rewrite: (n) => {
      const [A, x] = n.src;
      if (A.op === "eye") return as(tt(n).dtype, x);
      if (A.op !== "scale" || A.arg.im !== 0) return undefined;
      const y = along(A.src[0], x, offLast(n)!);
      return as(tt(n).dtype, binary("*", y, scalar(A.arg.re, tt(y).dtype)) as Node);
    },
  }),
];

/** moveToEnd(r, k): the permutation taking axis k of a rank-r tensor to the end. */
const moveToEnd = (r: number, k: number) => [...[...Array(r).keys()].filter((i) => i !== k), k];
/** Its inverse: the last axis back to position k. */
const moveBack = (r: number, k: number) => [...Array(r).keys()].map((i) => (i < k ? i : i === k ? r - 1 : i - 1));

export const lowerAxesRules: Rule[] = [
  rule({
    name: "along-permute",
    doc: "along(A, x, k) -> permute(A @ permute(x, k to the end), the end back to k) for k not the last axis",
    match: "apply",
    guard: (n) => offLast(n) !== undefined,
    rewrite: (n) => {
      const [A, x] = n.src, r = rankOf(x), k = offLast(n)!;
      return permuteNode(apply(A, permuteNode(x, moveToEnd(r, k))), moveBack(r, k));
    },
  }),
  rule({
    name: "permute-fuse",
    doc: "permute(permute(x, p), q) -> permute(x, p[q]) (x itself when that is the identity)",
    match: "permute",
    guard: (n) => n.src[0].op === "permute",
    rewrite: (n) => permuteNode(n.src[0], n.arg.axes),
  }),
];
