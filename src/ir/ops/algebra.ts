// Operator algebra: composition, sum, scaling, transpose, conjugate transpose, inverse.
// Their reference meanings compose the meanings of their operands.
import { type OpDefs, defineConstructor } from "../catalogue.js";
import { inverseChannels } from "../channels.js";
import { inv } from "../structural.js";
import { mk, type Node } from "../node.js";
import { type DType, type OperatorType, type TensorType, tensorType, typeStr } from "../types.js";
import { type CMat, type CTensor, applyDense, cmat, invertMat, matmul, transposeMat } from "../value.js";
import { L } from "./common.js";

const addMat = (a: CMat, b: CMat): CMat => {
  const c = cmat(a.rows, a.cols);
  for (let i = 0; i < c.re.length; i++) (c.re[i] = a.re[i] + b.re[i]), (c.im[i] = a.im[i] + b.im[i]);
  return c;
};

const scaleTensor = (x: CTensor, re: number, im: number): CTensor => {
  const y = { shape: [...x.shape], re: new Float64Array(x.re.length), im: new Float64Array(x.re.length) };
  for (let i = 0; i < x.re.length; i++) (y.re[i] = re * x.re[i] - im * x.im[i]), (y.im[i] = re * x.im[i] + im * x.re[i]);
  return y;
};

defineConstructor({
  name: "inv",
  doc: "inverse of an operator whose structure gives it cheaply",
  params: [{ name: "A", kind: "operator" }],
  channels: true,
  build: (a) => ((a.A.type as OperatorType).batch ? inverseChannels(a.A) : inv(a.A)),
});

export const algebraOps = {
  compose: {
    dense: (_n, [a, b]) => matmul(L(a).dense(), L(b).dense()),
    apply: (_n, [a, b], x) => L(a).apply(L(b).apply(x)),
  },
  opsum: {
    dense: (_n, [a, b]) => addMat(L(a).dense(), L(b).dense()),
    apply: (_n, [a, b], x) => {
      // a fresh result: an operand's apply may return x itself (the identity), which must not change
      const u = L(a).apply(x), v = L(b).apply(x);
      const y = { shape: [...u.shape], re: new Float64Array(u.re.length), im: new Float64Array(u.re.length) };
      for (let i = 0; i < y.re.length; i++) (y.re[i] = u.re[i] + v.re[i]), (y.im[i] = u.im[i] + v.im[i]);
      return y;
    },
  },
  scale: { apply: (n, [a], x) => scaleTensor(L(a).apply(x), n.arg.re, n.arg.im) },
  transpose: { dense: (_n, [a]) => transposeMat(L(a).dense(), false) },
  adjoint: { dense: (_n, [a]) => transposeMat(L(a).dense(), true) },
  inv: { dense: (_n, [a]) => invertMat(L(a).dense()), apply: (_n, [a], x) => applyDense(invertMat(L(a).dense()), x) },
  materialize: {
    tensor: (_n, [a]) => {
      const m = L(a).dense();
      return { shape: [m.rows, m.cols], re: m.re.slice(), im: m.im.slice() };
    },
  },
  minverse: {
    // each square matrix on the last two axes (leading axes are a batch of them)
    tensor: (_n, [w]) => {
      const t = w as CTensor, m = t.shape[t.shape.length - 1], mm = m * m;
      const y = { shape: [...t.shape], re: new Float64Array(t.re.length), im: new Float64Array(t.re.length) };
      for (let o = 0; o < t.re.length; o += mm) {
        const inv = invertMat({ rows: m, cols: m, re: t.re.subarray(o, o + mm), im: t.im.subarray(o, o + mm) });
        y.re.set(inv.re, o);
        y.im.set(inv.im, o);
      }
      return y;
    },
    verify: (n) => {
      const s = n.src[0]?.type, t = n.type as TensorType;
      if (n.src.length !== 1 || s?.kind !== "tensor" || s.shape.length < 2) return "minverse takes one tensor of at least two axes";
      const [r, c] = s.shape.slice(-2);
      if (r !== c || typeof r !== "number") return `minverse needs square matrices on the last two axes, got ${typeStr(s)}`;
      return t.dtype === s.dtype && t.shape.length === s.shape.length && t.shape.every((d, i) => d === s.shape[i]) ? undefined : `minverse's result must be ${typeStr(s)}, got ${typeStr(t)}`;
    },
  },
} satisfies OpDefs;

/** The dense matrix of an operator as a tensor (a fallback lowering for small operators). */
export function materializeNode(A: Node, dtype: DType): Node {
  const a = A.type as OperatorType;
  return mk("materialize", tensorType(dtype, [a.rows, a.cols]), [A], {});
}


export function minverseNode(W: Node): Node {
  return mk("minverse", W.type, [W], {});
}
