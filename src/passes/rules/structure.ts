// Structure lowering: Toeplitz, Hankel and convolution operators embedded in a circulant of a
// planner-chosen size N (>= m + n - 1, the cheapest 2^a 3^b 5^c), and every circulant turned
// into its spectral form idft(N) . diag(dft(N) c) . dft(N). Small ones stay direct when the
// cost model says the O(mn) product is cheaper.
import {
  type Node, LincError, apply, callConstructor, circEmbedNode, compose, convWindow, dftNode, reverseNode, sizeLimits, windowNode,
} from "../../ir/index.js";
import type { Rule, RewriteCtx } from "../rewrite.js";
import { diag, op, tt } from "./util.js";

/** window(m, N) . circulant(v) . window(N, n): an m x n corner of an N-circulant. */
const corner = (m: number, n: number, N: number, v: Node, offset = 0): Node =>
  compose(windowNode(m, N, offset), compose(callConstructor("circulant", [{ value: v }]) as Node, windowNode(N, n, 0)));

/**
 * The circulant size N (>= need = m + n - 1) of an m x n operator's FFT route: the schedule's, or a
 * wisdom route's. Refused in the user's words (the op, its sides, the size, the limit) where N
 * passes the operator limit; the circulant itself would fail on its internal column's length.
 */
function embeddingSize(n: Node, ctx: RewriteCtx, m: number, k: number, need: number): number {
  const N = ctx.schedule.embeddingSize(need), max = sizeLimits.maxOperatorSide;
  if (N > max)
    throw new LincError("E0304", `${n.op} of ${m} x ${k}: its FFT route needs a circulant embedding of N = ${N} points (at least ${need}), above the limit of ${max}`);
  return N;
}

export const structureRules: Rule[] = [
  {
    name: "toeplitz-embed",
    doc: "toeplitz(c, r) -> window . circulant(embed(c, r, N)) . window, N >= m + n - 1 picked by the planner",
    match: "toeplitz",
    guard: (n, ctx) => !ctx.schedule.keepDirect(op(n).rows, op(n).cols),
    rewrite: (n, ctx) => {
      const { rows: m, cols: k } = op(n), N = embeddingSize(n, ctx, m, k, m + k - 1);
      return corner(m, k, N, circEmbedNode(n.src[0], n.src[1], N, "toeplitz"));
    },
  },
  {
    name: "hankel-embed",
    doc: "hankel(c, r) -> (toeplitz embedding of H J) . reverse(n)",
    match: "hankel",
    guard: (n, ctx) => !ctx.schedule.keepDirect(op(n).rows, op(n).cols),
    rewrite: (n, ctx) => {
      const { rows: m, cols: k } = op(n), N = embeddingSize(n, ctx, m, k, m + k - 1);
      return compose(corner(m, k, N, circEmbedNode(n.src[0], n.src[1], N, "hankel")), reverseNode(k));
    },
  },
  {
    name: "conv-embed",
    doc: "conv(h, n, mode) -> window(mode) . circulant(pad(h, N)) . window, N >= n + len(h) - 1",
    match: "conv",
    guard: (n, ctx) => !ctx.schedule.keepDirect(op(n).rows, op(n).cols),
    rewrite: (n, ctx) => {
      if (n.op !== "conv") return undefined;
      const h = n.src[0], k = tt(h).shape[0] as number, len = n.arg.n;
      const { rows, offset } = convWindow(len, k, n.arg.mode);
      const N = embeddingSize(n, ctx, rows, len, len + k - 1);
      const hp = N === k ? h : (callConstructor("pad", [{ value: h }, { value: N }]) as Node);
      return corner(rows, len, N, hp, offset);
    },
  },
  {
    name: "circulant-spectral",
    doc: "circulant(c) -> idft(N, unscaled) . diag(dft(N) @ c / N) . dft(N)",
    match: "circulant",
    guard: (n, ctx) => !ctx.schedule.keepCirculantDirect(op(n).rows),
    // The 1/N sits in the spectrum, not after the inverse transform: X(k) C(k) / N stays finite
    // where the product is (x[j] = 1e308 with |C(k)| > 1.8 overflowed X(k) C(k), and the
    // inverse then turned inf - inf into NaN everywhere).
    rewrite: (n) => {
      const N = op(n).rows;
      return compose(dftNode(N, "forward", true), compose(diag(apply(dftNode(N, "forward", false), n.src[0])), dftNode(N, "backward", false)));
    },
  },
];
