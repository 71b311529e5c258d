// Small lowered building blocks shared by the operator rules: last-axis gather, slice, pad and
// concat, and a complex-aware Einsum (complex products split into real Einsums).
import type { GraphBuilder } from "./graph.js";
import { type Val, merge, part, rankOf } from "./complex.js";

const lastAxis = (x: Val) => x.shape.length - 1;
const withLast = (x: Val, n: number) => [...x.shape.slice(0, -1), n];

/** y[.., i] = x[.., idx[i]] along the last logical axis. */
export function gatherLast(g: GraphBuilder, x: Val, idx: number[]): Val {
  return { ...x, name: g.op1("Gather", [x.name, g.i64(idx, "index")], { axis: lastAxis(x) }), shape: withLast(x, idx.length) };
}

/** x[.., a:b] on the last logical axis. */
export function sliceLast(g: GraphBuilder, x: Val, a: number, b: number): Val {
  if (a === 0 && b === x.shape[lastAxis(x)]) return x;
  return { ...x, name: g.op1("Slice", [x.name, g.i64([a]), g.i64([b]), g.i64([lastAxis(x)])]), shape: withLast(x, b - a) };
}

/** Zero-pad the last logical axis by `before` and `after` entries. */
export function padLast(g: GraphBuilder, x: Val, before: number, after: number): Val {
  if (before === 0 && after === 0) return x;
  const r = rankOf(x), pads = new Array(2 * r).fill(0);
  pads[lastAxis(x)] = before;
  pads[r + lastAxis(x)] = after;
  return { ...x, name: g.op1("Pad", [x.name, g.i64(pads)]), shape: withLast(x, (x.shape[lastAxis(x)] as number) + before + after) };
}

/** Einsum over logical axes; complex operands go through real and imaginary parts. */
export function einsumC(g: GraphBuilder, eq: string, x: Val, w: Val, shape: (number | string)[]): Val {
  const E = (a: Val, b: Val) => g.op1("Einsum", [a.name, b.name], { equation: eq });
  if (!x.complex && !w.complex) return { ...x, name: E(x, w), shape };
  const xr = part(g, x, 0), xi = x.complex ? part(g, x, 1) : undefined;
  const wr = part(g, w, 0), wi = w.complex ? part(g, w, 1) : undefined;
  const re = xi && wi ? g.op1("Sub", [E(xr, wr), E(xi, wi)]) : E(xr, wr);
  const imTerms = [xi ? E(xi, wr) : undefined, wi ? E(xr, wi) : undefined].filter((t): t is string => !!t);
  const im = imTerms.length === 2 ? g.op1("Add", imTerms) : imTerms[0];
  const R: Val = { ...x, name: re, shape, complex: false }, I: Val = { ...x, name: im, shape, complex: false };
  return merge(g, R, I);
}

/** Concatenate along the last logical axis. */
export function concatLast(g: GraphBuilder, vs: Val[]): Val {
  if (vs.length === 1) return vs[0];
  const axis = lastAxis(vs[0]);
  const total = vs.reduce((s, v) => s + (v.shape[lastAxis(v)] as number), 0);
  return { ...vs[0], name: g.op1("Concat", vs.map((v) => v.name), { axis }), shape: withLast(vs[0], total) };
}
