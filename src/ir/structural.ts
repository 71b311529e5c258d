// Structural transposes, adjoints and inverses: the one table of what each operator's structure
// gives for A.T, A.H and inv(A) without a dense matrix (dft.T = dft, inv(perm(p)) = perm(q),
// inv(butterfly) = a butterfly of inverted 2x2 blocks, ...). The adjoint rules
// (src/passes/rules/adjoint.ts) push .T, .H and inv through products, sums, kron and blockdiag to
// the leaves and look the leaves up here; the front end's inv() accepts exactly the operators with
// an inverse entry (CHEAP_INVERSE), and the docs' tables are checked against it.
import { apply, binary, compose, fill, operatorOf, requireLinear, scale, tensorOf } from "./build.js";
import { callConstructor } from "./catalogue.js";
import { fail } from "./errors.js";
import { mk, type Node, type NodeOf, remake } from "./node.js";
import { type Norm, type OperatorOp, OPERATOR_OPS } from "./ops.js";
import { chanTransposeNode, diagblocksNode } from "./ops/cayley.js";
import { butterflyFlip, monarchFlip } from "./ops/fastfactors.js";
import { dftNode, fftScale } from "./ops/fourier.js";
import { invpermNode, mtransposeNode, reverseNode, windowNode } from "./ops/structure.js";
import { operatorType, toReal } from "./types.js";

/** The three structural questions, named as the IR ops that ask them. */
export type StructuralKind = "transpose" | "adjoint" | "inv";
/** A leaf's answer, or undefined where these particular arguments have none (a dense fallback may still apply). */
type Rule<K extends OperatorOp> = (A: NodeOf<K>) => Node | undefined;
export type StructuralRules<K extends OperatorOp> = { readonly [Q in StructuralKind]?: Rule<K> };

const call = (name: string, ...values: Node[]): Node => callConstructor(name, values.map((value) => ({ value }))) as Node;
const conjT = (v: Node): Node => call("conj", v);
const same = <K extends OperatorOp>(A: NodeOf<K>): Node => A;
/** An ortho DCT / DST is real orthogonal (A.T = A.H = inv(A)); any one's inverse toggles the flag. */
const flipInverse = (A: NodeOf<"dct" | "dst">): Node => mk(A.op, A.type, [], { ...A.arg, inverse: !A.arg.inverse, ...(A.op === "dct" ? { plan: undefined } : {}) }) as Node;
const orthoFlip = (A: NodeOf<"dct" | "dst">): Node | undefined => (A.arg.norm === "ortho" ? flipInverse(A) : undefined);
/** perm(p).T = perm(p).H = inv(perm(p)) = perm(q), q[p[i]] = i: a permutation matrix is real and orthogonal; O(n). */
const permInverse = (A: NodeOf<"perm">): Node => mk("perm", A.type, [invpermNode(A.src[0])], {});
const strideInverse = (A: NodeOf<"stride">): Node => mk("stride", A.type, [], { m: A.arg.n, n: A.arg.m });
/** A square Toeplitz matrix is persymmetric, T.T = J T J (J the reversal); a Hankel one symmetric. */
const toeplitzT = (conj: boolean) => (A: NodeOf<"toeplitz" | "circulant" | "hankel" | "conv">): Node | undefined => {
  const { rows, cols, complex } = operatorOf(A);
  if (rows !== cols) return undefined;
  const B = conj && complex ? remake(A, A.src.map(conjT)) : A;
  return A.op === "hankel" ? B : compose(reverseNode(rows), compose(B, reverseNode(rows)));
};
/** dft(n, norm).H has dft's scale with the other sign: (s / s') idft(n, norm). */
const dftAdjoint = ({ n, norm, inverse }: { n: number; norm: Norm; inverse: boolean }): Node =>
  scale(fftScale(norm, n, inverse) / fftScale(norm, n, !inverse), dftNode(n, norm, !inverse));
const reciprocal = (v: Node): Node => binary("/", fill(1, [], toReal(tensorOf(v).dtype)), v) as Node;

/**
 * The table: for each operator op whose structure answers, its transpose, adjoint and inverse
 * rules. An op without an `inv` entry has no cheap inverse (inv() refuses it, E0501).
 */
export const STRUCTURAL: { readonly [K in OperatorOp]?: StructuralRules<K> } = {
  eye: { transpose: same, adjoint: same, inv: same },
  bitrev: { transpose: same, adjoint: same, inv: same },
  reverse: { transpose: same, adjoint: same, inv: same },
  dft: { transpose: same, adjoint: (A) => dftAdjoint(A.arg), inv: (A) => dftNode(A.arg.n, A.arg.norm, !A.arg.inverse) },
  // the DFT factored (backward norm): the DFT's answers
  butterfly_dft: {
    transpose: same,
    adjoint: (A) => dftAdjoint({ n: A.arg.n, norm: "backward", inverse: false }),
    inv: (A) => dftNode(A.arg.n, "backward", true),
  },
  wht: {
    transpose: same,
    adjoint: same,
    // wht(n, norm)^2 = s^2 n I
    inv: (A) => scale(1 / (fftScale(A.arg.norm, A.arg.n, false) ** 2 * A.arg.n), A),
  },
  dct: { transpose: orthoFlip, adjoint: orthoFlip, inv: flipInverse },
  dst: { transpose: orthoFlip, adjoint: orthoFlip, inv: flipInverse },
  perm: { transpose: permInverse, adjoint: permInverse, inv: permInverse },
  stride: { transpose: strideInverse, adjoint: strideInverse, inv: strideInverse },
  window: {
    transpose: (A) => windowNode(A.arg.cols, A.arg.rows, -A.arg.offset),
    adjoint: (A) => windowNode(A.arg.cols, A.arg.rows, -A.arg.offset),
  },
  diag: { transpose: same, adjoint: (A) => call("diag", conjT(A.src[0])), inv: (A) => call("diag", reciprocal(A.src[0])) },
  dense: {
    transpose: (A) => call("dense", mtransposeNode(A.src[0], false)),
    adjoint: (A) => call("dense", mtransposeNode(A.src[0], true)),
  },
  lowrank: {
    transpose: (A) => call("lowrank", A.src[1], A.src[0]),
    adjoint: (A) => call("lowrank", conjT(A.src[1]), conjT(A.src[0])),
  },
  toeplitz: { transpose: toeplitzT(false), adjoint: toeplitzT(true) },
  hankel: { transpose: toeplitzT(false), adjoint: toeplitzT(true) },
  conv: { transpose: toeplitzT(false), adjoint: toeplitzT(true) },
  circulant: {
    transpose: toeplitzT(false),
    adjoint: toeplitzT(true),
    // idft(n) . diag(1 / (dft(n) @ c)) . dft(n): O(n log n) instead of an O(n³) dense inverse
    inv: (A) => {
      const N = operatorOf(A).rows, spectrum = apply(dftNode(N, "backward", false), A.src[0]);
      return compose(dftNode(N, "backward", true), compose(call("diag", reciprocal(spectrum)), dftNode(N, "backward", false)));
    },
  },
  // the multi-channel filter with its channel axes swapped (and time reversed mod n for block_circulant), conjugated for .H
  diagblocks: {
    transpose: (A) => diagblocksNode(chanTransposeNode(A.src[0], false, false)),
    adjoint: (A) => diagblocksNode(chanTransposeNode(A.src[0], true, false)),
  },
  block_circulant: {
    transpose: (A) => call("block_circulant", chanTransposeNode(A.src[0], false, true)),
    adjoint: (A) => call("block_circulant", chanTransposeNode(A.src[0], true, true)),
  },
  butterfly: { transpose: (A) => butterflyFlip(A, "transpose"), adjoint: (A) => butterflyFlip(A, "adjoint"), inv: (A) => butterflyFlip(A, "inv") },
  monarch: { transpose: (A) => monarchFlip(A, "transpose"), adjoint: (A) => monarchFlip(A, "adjoint"), inv: (A) => monarchFlip(A, "inv") },
};

/** A leaf's structural transpose, adjoint or inverse, or undefined where its structure gives none. */
export function structural(k: StructuralKind, A: Node): Node | undefined {
  const rule = (STRUCTURAL[A.op as OperatorOp] as StructuralRules<OperatorOp> | undefined)?.[k] as Rule<OperatorOp> | undefined;
  return rule?.(A as NodeOf<OperatorOp>);
}

/** Operators with an inverse rule: inv() accepts them (composites decide by their parts: hasCheapInverse). */
export const CHEAP_INVERSE: ReadonlySet<OperatorOp> = new Set(OPERATOR_OPS.filter((k) => STRUCTURAL[k]?.inv));

/** Whether the structure gives an inverse cheaply (no dense factorisation needed). */
export function hasCheapInverse(A: Node): boolean {
  switch (A.op) {
    case "kron": case "blockdiag": case "compose": return A.src.every(hasCheapInverse);
    case "transpose": case "adjoint": case "inv": return hasCheapInverse(A.src[0]);
    case "scale": return (A.arg.re !== 0 || A.arg.im !== 0) && hasCheapInverse(A.src[0]);
    default: return CHEAP_INVERSE.has(A.op as OperatorOp);
  }
}

export function inv(A: Node): Node {
  const a = requireLinear(A, "inv()");
  if (a.rows !== a.cols) fail("E0501", `inv() needs a square operator, got ${a.rows}x${a.cols}`, 0);
  if (!hasCheapInverse(A))
    fail("E0501", `inv() is only defined where the structure gives a cheap inverse (${[...CHEAP_INVERSE].join(", ")}, and kron/blockdiag/products of those); '${A.op}' has none`, 0);
  // an inverse in the operator's own family (idft, idct, a butterfly, perm, diag, ...) is built at
  // once, so the reference interpreter and `linc graph` see the structured inverse, not a dense one
  const B = structural("inv", A);
  if (B?.op === A.op) return B;
  return mk("inv", operatorType(a.rows, a.cols, a.complex), [A], {});
}
