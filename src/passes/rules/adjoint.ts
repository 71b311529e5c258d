// Transpose, conjugate transpose and inverse pushed to the leaves: products in reverse order,
// kron and blockdiag factor-wise, scales and sums term-wise. At a leaf the operator's own
// structure answers (src/ir/structural.ts `STRUCTURAL`: dft.T = dft, inv(perm(p)) = perm(q),
// inv/.T/.H of butterfly and monarch as butterflies and Monarch matrices, ...). What has no
// structured answer falls back (small sizes only) to a materialised dense matrix.
import {
  type Node, callConstructor, compose, materializeNode, minverseNode, mk, mtransposeNode, opsum, scale, structural,
} from "../../ir/index.js";
import type { Rule } from "../rewrite.js";
import { blockdiag, kron, op } from "./util.js";

type Kind = "transpose" | "adjoint" | "inv";
const wrap = (k: Kind, A: Node): Node => (k === "inv" ? mk("inv", { ...op(A), kind: "operator", rows: op(A).cols, cols: op(A).rows }, [A], {}) : mk(k, { kind: "operator", rows: op(A).cols, cols: op(A).rows, complex: op(A).complex }, [A], {}));

/** The small-size fallback: the dense matrix, transposed or inverted as a tensor. */
function denseFallback(k: Kind, A: Node, limit: number): Node | undefined {
  const { rows, cols, complex } = op(A);
  if (rows * cols > limit) return undefined;
  const M = materializeNode(A, complex ? "c128" : "f64");
  const W = k === "inv" ? minverseNode(M) : mtransposeNode(M, k === "adjoint");
  return callConstructor("dense", [{ value: W }]) as Node;
}

const push = (k: Kind): Rule => ({
  name: `${k}-push`,
  doc: `${k}(A @ B) -> ${k}(B) @ ${k}(A); ${k} of kron/blockdiag factor-wise; of scale and sums; ${k}(${k}(A)) -> A; leaves by their structure`,
  match: k,
  rewrite: (n, ctx) => {
    const A = n.src[0], limit = ctx.schedule.denseFallbackLimit;
    switch (A.op) {
      case "compose": {
        // (AB)^-1 = B^-1 A^-1 holds only for square factors; (AB)^T = B^T A^T always
        const square = A.src.every((f) => op(f).rows === op(f).cols);
        return k === "inv" && !square ? denseFallback(k, A, limit) : compose(wrap(k, A.src[1]), wrap(k, A.src[0]));
      }
      case "kron": return kron(A.src.map((a) => wrap(k, a)));
      case "blockdiag": return blockdiag(A.src.map((a) => wrap(k, a)));
      case "scale": {
        const s = A.arg.re;
        return scale(k === "inv" ? 1 / s : s, wrap(k, A.src[0]));
      }
      case "opsum": return k === "inv" ? denseFallback(k, A, limit) : opsum(wrap(k, A.src[0]), wrap(k, A.src[1]));
    }
    if (A.op === k && k !== "inv") return A.src[0];
    if (A.op === "inv" && k === "inv") return A.src[0];
    // (A^T)^-1 = (A^-1)^T etc.: push the inner one first by swapping
    if ((A.op === "transpose" || A.op === "adjoint") && k === "inv") return wrap(A.op, wrap("inv", A.src[0]));
    // a circulant the target keeps direct (small) is inverted densely; elsewhere by its spectrum
    if (k === "inv" && A.op === "circulant" && ctx.schedule.keepCirculantDirect(op(A).rows)) return denseFallback(k, A, limit) ?? structural(k, A);
    return structural(k, A) ?? denseFallback(k, A, limit);
  },
});

export const adjointRules: Rule[] = [push("transpose"), push("adjoint"), push("inv")];
