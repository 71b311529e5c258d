// Operator algebra: associativity, identity and scale elimination, inverse cancellation of the
// Fourier family, Kronecker mixed product, diagonal and permutation fusion.
import {
  type Norm, binary, compose, dftNode, eyeNode, fftScale, mk, opsum, reverseNode, scale, tensorType, windowNode, type Node,
} from "../../ir/index.js";
import { type Rule, rule } from "../rewrite.js";
import { diag, is, kron, op } from "./util.js";

/** If A and B are a forward/inverse pair of the same size, the scalar c with A B = c I. */
export function cancelScale(A: Node, B: Node): number | undefined {
  if (A.op === "dft" && B.op === "dft" && A.arg.n === B.arg.n && A.arg.inverse !== B.arg.inverse) {
    const n = A.arg.n;
    return fftScale(A.arg.norm, n, A.arg.inverse) * fftScale(B.arg.norm, n, B.arg.inverse) * n;
  }
  if (A.op === "dct" && B.op === "dct" && A.arg.n === B.arg.n && A.arg.type === B.arg.type && A.arg.norm === B.arg.norm && A.arg.inverse !== B.arg.inverse) return 1;
  if (A.op === "bitrev" && B.op === "bitrev" && A.arg.n === B.arg.n) return 1;
  if (A.op === "reverse" && B.op === "reverse" && A.arg.n === B.arg.n) return 1;
  if (A.op === "stride" && B.op === "stride" && A.arg.m === B.arg.n && A.arg.n === B.arg.m) return 1;
  if (A.op === "wht" && B.op === "wht" && A.arg.n === B.arg.n) {
    const n = A.arg.n;
    return fftScale(A.arg.norm, n, false) * fftScale(B.arg.norm, n, false) * n;
  }
  return undefined;
}

/** Left factor and the rest of a right-nested composition. */
const head = (C: Node): [Node, Node | undefined] => (C.op === "compose" ? [C.src[0], C.src[1]] : [C, undefined]);
/** compose(X, rest) or X alone. */
const then = (X: Node, rest: Node | undefined) => (rest ? compose(X, rest) : X);

/** diag of a constant vector (values interleaved re, im when complex). */
const constDiag = (data: number[], complex: boolean): Node =>
  diag(mk("const", tensorType(complex ? "c128" : "f64", [complex ? data.length / 2 : data.length]), [], { data: Float64Array.from(data) }));

/** The DCT that DST type t (2, 3, 4) is a signed reversal of. */
const dctOf = (n: number, type: number, norm: Norm, inverse: boolean): Node =>
  mk("dct", { kind: "operator", rows: n, cols: n, complex: false }, [], { n, type, norm, inverse });

/**
 * dst(n, type, norm) through the DCT or the DFT (D = diag((-1)^j), J = reversal):
 *   DST-II = J DCT-II D,  DST-III = D DCT-III J,  DST-IV = D DCT-IV J  (same norms; inverses reversed);
 *   DST-I  = f i W dft(M) E, M = 2(n+1): E is the odd extension [0, x, 0, -rev(x)], W keeps bins
 *   1..n, f the norm's scale (DST-I squared is 2(n+1) I, so the inverse scales by 1 / (2(n+1) f²)).
 */
function dstVia(n: number, type: number, norm: Norm, inverse: boolean): Node {
  const D = constDiag(Array.from({ length: n }, (_, j) => (j % 2 ? -1 : 1)), false), J = reverseNode(n);
  const C = dctOf(n, type, norm, inverse);
  if (type === 2) return inverse ? compose(D, compose(C, J)) : compose(J, compose(C, D));
  if (type === 3 || type === 4) return inverse ? compose(J, compose(C, D)) : compose(D, compose(C, J));
  const M = 2 * (n + 1), f = norm === "forward" ? 1 / M : norm === "ortho" ? 1 / Math.sqrt(M) : 1;
  const s = inverse ? 1 / (M * f) : f;
  const E = opsum(windowNode(M, n, -1), scale(-1, compose(windowNode(M, n, -(n + 2)), J)));
  const iS = constDiag(Array.from({ length: 2 * n }, (_, k) => (k % 2 ? s : 0)), true);
  return compose(iS, compose(windowNode(n, M, 1), compose(dftNode(M, "backward", false), E)));
}

export const algebraRules: Rule[] = [
  rule({
    name: "dst-lower",
    doc: "dst(n, type) -> reversal . dct . sign flips (types 2-4), or the DFT of the odd extension (type 1)",
    match: "dst",
    rewrite: (n) => dstVia(n.arg.n, n.arg.type, n.arg.norm, n.arg.inverse),
  }),
  {
    name: "compose-assoc",
    doc: "(A @ B) @ C -> A @ (B @ C)  (right-nested chains expose neighbours to the other rules)",
    match: "compose",
    guard: (n) => n.src[0].op === "compose",
    rewrite: (n) => compose(n.src[0].src[0], compose(n.src[0].src[1], n.src[1])),
  },
  {
    name: "compose-identity",
    doc: "I @ A -> A, A @ I -> A",
    match: "compose",
    rewrite: (n) => (n.src[0].op === "eye" ? n.src[1] : n.src[1].op === "eye" ? n.src[0] : undefined),
  },
  {
    name: "inverse-cancel",
    doc: "dft(n) @ idft(n) -> c I (any norms), and likewise dct/idct, bitrev, stride, wht pairs",
    match: "compose",
    rewrite: (n) => {
      const [B, rest] = head(n.src[1]);
      const c = cancelScale(n.src[0], B);
      if (c === undefined) return undefined;
      const I = rest ?? eyeNode(op(n).rows);
      return scale(Math.abs(c - 1) < 1e-15 ? 1 : c, I);
    },
  },
  rule({
    name: "butterfly-dft",
    doc: "butterfly_dft(n) -> dft(n)  (bit reversal then radix-2 factors is the DFT)",
    match: "butterfly_dft",
    rewrite: (n) => mk("dft", n.type, [], { n: n.arg.n, norm: "backward", inverse: false }),
  }),
  {
    name: "scale-fold",
    doc: "a * (b * A) -> (a b) * A; (s * A) @ B and A @ (s * B) -> s * (A @ B); 0-free",
    match: ["scale", "compose"],
    rewrite: (n) => {
      if (n.op === "scale") {
        if (n.src[0].op === "scale" && n.arg.im === 0 && n.src[0].arg.im === 0) return scale(n.arg.re * n.src[0].arg.re, n.src[0].src[0]);
        return undefined;
      }
      const [A, B] = n.src;
      if (A.op === "scale" && A.arg.im === 0) return scale(A.arg.re, compose(A.src[0], B));
      if (B.op === "scale" && B.arg.im === 0) return scale(B.arg.re, compose(A, B.src[0]));
      return undefined;
    },
  },
  {
    name: "kron-mixed-product",
    doc: "kron(A1..Ak) @ kron(B1..Bk) -> kron(A1 @ B1, ..., Ak @ Bk) when the factor shapes match",
    match: "compose",
    rewrite: (n) => {
      const A = n.src[0];
      const [B, rest] = head(n.src[1]);
      if (!is(A, "kron") || !is(B, "kron") || A.src.length !== B.src.length) return undefined;
      if (!A.src.every((a, i) => op(a).cols === op(B.src[i]).rows)) return undefined;
      return then(kron(A.src.map((a, i) => compose(a, B.src[i]))), rest);
    },
  },
  {
    name: "diag-fuse",
    doc: "diag(a) @ diag(b) -> diag(a * b)",
    match: "compose",
    rewrite: (n) => {
      const A = n.src[0];
      const [B, rest] = head(n.src[1]);
      if (!is(A, "diag") || !is(B, "diag")) return undefined;
      return then(diag(binary("*", A.src[0], B.src[0]) as Node), rest);
    },
  },
  {
    name: "opsum-same",
    doc: "A + A -> 2 * A",
    match: "opsum",
    rewrite: (n) => (n.src[0] === n.src[1] ? scale(2, n.src[0]) : undefined),
  },
];
