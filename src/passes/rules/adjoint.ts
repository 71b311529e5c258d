// Transpose, conjugate transpose and inverse pushed to the leaves, where each structured
// operator knows its own: dft^T = dft, dft^H = c idft, inv(dft) = idft, diag^H = diag(conj v),
// perm(p)^T = perm(p)^H = inv(perm(p)) = perm(invperm(p)), kron and blockdiag factor-wise,
// products in reverse order. What has no structured answer falls back (small sizes only) to a
// materialised dense matrix. inv(butterfly(w)) = butterfly(block2_inv(w), !increasing).
import {
  type Node, apply, binary, butterflyInverse, callConstructor, compose, dftNode, fftScale, fill, invpermNode, materializeNode, minverseNode, mk,
  mtransposeNode, opsum, remake, reverseNode, scale, toReal, windowNode,
} from "../../ir/index.js";
import type { Rule } from "../rewrite.js";
import { blockdiag, diag, kron, op, tt } from "./util.js";

type Kind = "transpose" | "adjoint" | "inv";
const wrap = (k: Kind, A: Node): Node => (k === "inv" ? mk("inv", { ...op(A), kind: "operator", rows: op(A).cols, cols: op(A).rows }, [A], {}) : mk(k, { kind: "operator", rows: op(A).cols, cols: op(A).rows, complex: op(A).complex }, [A], {}));
const conjT = (v: Node): Node => (callConstructor("conj", [{ value: v }]) as Node);

/** The structured transpose / adjoint / inverse of a leaf, or undefined. */
function leaf(k: Kind, A: Node): Node | undefined {
  switch (A.op) {
    case "eye": case "bitrev": case "reverse":
      return A;
    case "dft": {
      const { n, inverse, norm } = A.arg;
      if (k === "transpose") return A;
      const other = dftNode(n, norm, !inverse);
      // the adjoint has A's scale with the opposite sign; the inverse is the same-norm partner
      return k === "inv" ? other : scale(fftScale(norm, n, inverse) / fftScale(norm, n, !inverse), other);
    }
    case "wht": {
      const { n, norm } = A.arg, s = fftScale(norm, n, false);
      return k === "inv" ? scale(1 / (s * s * n), A) : A;
    }
    case "dct":
      if (k === "inv" || A.arg.norm === "ortho") return mk("dct", A.type, [], { ...A.arg, inverse: !A.arg.inverse, plan: undefined });
      return undefined;
    case "perm":
      // a permutation matrix is real and orthogonal: P^T = P^H = P^-1 = perm(p^-1), O(n)
      return mk("perm", A.type, [invpermNode(A.src[0])], {});
    case "stride":
      return mk("stride", A.type, [], { m: A.arg.n, n: A.arg.m });
    case "window": {
      const { rows, cols, offset } = A.arg;
      return k === "inv" ? undefined : windowNode(cols, rows, -offset);
    }
    case "diag": {
      const v = A.src[0];
      if (k === "transpose") return A;
      if (k === "adjoint") return diag(conjT(v));
      return diag(binary("/", fill(1, [], toReal(tt(v).dtype)), v) as Node);
    }
    case "dense":
      return k === "inv" ? undefined : mk("dense", { ...op(A), rows: op(A).cols, cols: op(A).rows }, [mtransposeNode(A.src[0], k === "adjoint")], {});
    case "toeplitz": case "circulant": case "hankel": case "conv": {
      // square Toeplitz matrices are persymmetric: T^T = J T J (J the reversal); Hankel ones symmetric
      const { rows, cols } = op(A);
      if (k === "inv" || rows !== cols) return undefined;
      const B = k === "adjoint" && op(A).complex ? remake(A, A.src.map(conjT)) : A;
      return A.op === "hankel" ? B : compose(reverseNode(rows), compose(B, reverseNode(rows)));
    }
    case "butterfly":
      // inv: the factors' 2x2 blocks inverted, in reverse order (a butterfly again, O(n log n))
      return k === "inv" ? butterflyInverse(A) : undefined;
    case "lowrank": {
      const [U, V] = A.src;
      if (k === "inv") return undefined;
      return k === "transpose" ? callConstructor("lowrank", [{ value: V }, { value: U }]) as Node : callConstructor("lowrank", [{ value: conjT(V) }, { value: conjT(U) }]) as Node;
    }
  }
  return undefined;
}

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
    // inv(circulant(c)) = idft(n) . diag(1 / (dft(n) @ c)) . dft(n) wherever the target lowers the
    // circulant itself to its spectral form (O(n log n) instead of an O(n³) dense inverse)
    if (k === "inv" && A.op === "circulant" && !ctx.schedule.keepCirculantDirect(op(A).rows)) {
      const N = op(A).rows, spectrum = apply(dftNode(N, "backward", false), A.src[0]);
      return compose(dftNode(N, "backward", true), compose(diag(binary("/", fill(1, [], toReal(tt(spectrum).dtype)), spectrum) as Node), dftNode(N, "backward", false)));
    }
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
    return leaf(k, A) ?? denseFallback(k, A, limit);
  },
});

export const adjointRules: Rule[] = [push("transpose"), push("adjoint"), push("inv")];
