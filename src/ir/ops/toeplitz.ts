// Toeplitz family: toeplitz(c, r), circulant(c), hankel(c, r) (scipy.linalg conventions) and
// conv(h, n, mode) (numpy.convolve(x, h, mode) as an operator on x of length n).
import { type OpDefs, defineConstructor } from "../catalogue.js";
import { mk, type Node } from "../node.js";
import type { ConvMode, EmbedKind } from "../ops.js";
import { type OperatorType, type TensorType, operatorType, promote, tensorType } from "../types.js";
import { type CTensor, ctensor } from "../value.js";
import { channelBroadcast, channelShape } from "../channels.js";
import { T, checkSize, concreteTensor, matFrom, tensorIsComplex } from "./common.js";

const opOf = (n: Node) => n.type as OperatorType;
const at = (v: CTensor, i: number): [number, number] => [v.re[i], v.im[i]];

/** Output length and offset into the full convolution for numpy.convolve's modes. */
export function convWindow(n: number, k: number, mode: ConvMode): { rows: number; offset: number } {
  const full = n + k - 1;
  if (mode === "full") return { rows: full, offset: 0 };
  if (mode === "same") {
    const rows = Math.max(n, k);
    return { rows, offset: Math.floor((full - rows) / 2) };
  }
  return { rows: Math.max(n, k) - Math.min(n, k) + 1, offset: Math.min(n, k) - 1 };
}

defineConstructor(
  {
    name: "toeplitz",
    doc: "Toeplitz matrix with first column c and first row r (r[0] ignored); leading axes of c and r are channels",
    params: [{ name: "c", kind: "tensor" }, { name: "r", kind: "tensor" }],
    build: (a) => {
      const c = channelShape(a.c, 1, "toeplitz's c", 0), r = channelShape(a.r, 1, "toeplitz's r", 1);
      const [m] = c.dims, [n] = r.dims, batch = channelBroadcast(c.batch, r.batch, "toeplitz(c, r)", 1);
      return mk("toeplitz", operatorType(checkSize(m, "length of c", 0), checkSize(n, "length of r", 1), tensorIsComplex(a.c) || tensorIsComplex(a.r), { batch }), [a.c, a.r], {});
    },
  },
  {
    name: "circulant",
    doc: "circulant matrix with first column c; leading axes of c are channels",
    params: [{ name: "c", kind: "tensor" }],
    build: (a) => {
      const { batch, dims: [n] } = channelShape(a.c, 1, "circulant's c", 0);
      return mk("circulant", operatorType(checkSize(n, "length of c", 0), n, tensorIsComplex(a.c), { batch }), [a.c], {});
    },
  },
  {
    name: "hankel",
    doc: "Hankel matrix with first column c and last row r (r[0] ignored)",
    params: [{ name: "c", kind: "tensor" }, { name: "r", kind: "tensor" }],
    build: (a) => {
      const [m] = concreteTensor(a.c, 1, "hankel's c", 0), [n] = concreteTensor(a.r, 1, "hankel's r", 1);
      return mk("hankel", operatorType(checkSize(m, "length of c", 0), checkSize(n, "length of r", 1), tensorIsComplex(a.c) || tensorIsComplex(a.r)), [a.c, a.r], {});
    },
  },
  {
    name: "conv",
    doc: "convolution with filter h of a signal of length n (numpy.convolve(x, h, mode)); leading axes of h are channels (a depthwise convolution)",
    params: [{ name: "h", kind: "tensor" }, { name: "n", kind: "int" }, { name: "mode", kind: "string", default: "full", oneOf: ["full", "same", "valid"] }],
    build: (a) => {
      const { batch, dims: [k] } = channelShape(a.h, 1, "conv's h", 0);
      checkSize(k, "length of h", 0);
      const n = checkSize(a.n, "n", 1);
      const { rows } = convWindow(n, k, a.mode);
      return mk("conv", operatorType(checkSize(rows, "output length"), n, tensorIsComplex(a.h), { batch }), [a.h], { n, mode: a.mode });
    },
  },
);

export const toeplitzOps = {
  toeplitz: {
    dense: (node, [c, r]) => matFrom(opOf(node).rows, opOf(node).cols, (i, j) => (i >= j ? at(T(c), i - j) : at(T(r), j - i))),
  },
  circulant: {
    dense: (node, [c]) => {
      const n = opOf(node).rows;
      return matFrom(n, n, (i, j) => at(T(c), (((i - j) % n) + n) % n));
    },
  },
  hankel: {
    dense: (node, [c, r]) => {
      const m = opOf(node).rows;
      return matFrom(m, opOf(node).cols, (i, j) => (i + j < m ? at(T(c), i + j) : at(T(r), i + j - m + 1)));
    },
  },
  conv: {
    dense: (node, [h]) => {
      const k = T(h).re.length;
      const { rows, offset } = convWindow(node.arg.n, k, node.arg.mode);
      return matFrom(rows, node.arg.n, (i, j) => {
        const d = i + offset - j;
        return d >= 0 && d < k ? at(T(h), d) : 0;
      });
    },
  },
  circ_embed: {
    verify: (n) => {
      const [m, k] = n.src.map((s) => (s.type as TensorType).shape[0] as number);
      return n.arg.N >= m + k - 1 ? undefined : `circulant embedding of size ${n.arg.N} is too small for ${m}x${k}`;
    },
    tensor: (node, [cv, rv]) => {
      const { N, kind } = node.arg, c = T(cv), r = T(rv), m = c.re.length, n = r.re.length;
      const v = ctensor([N]);
      // h is the Hankel sequence c ++ r[1:]; the reversed-column Toeplitz has t(d) = h[d + n - 1]
      const h = (k: number): [number, number] => (k < m ? [c.re[k], c.im[k]] : [r.re[k - m + 1], r.im[k - m + 1]]);
      const col = (i: number): [number, number] => (kind === "hankel" ? h(i + n - 1) : [c.re[i], c.im[i]]);
      const row = (j: number): [number, number] => (kind === "hankel" ? h(n - 1 - j) : [r.re[j], r.im[j]]);
      for (let i = 0; i < m; i++) [v.re[i], v.im[i]] = col(i);
      for (let j = 1; j < n; j++) [v.re[N - j], v.im[N - j]] = row(j);
      return v;
    },
  },
} satisfies OpDefs;

/**
 * First column v (length N) of the circulant that embeds toeplitz(c, r) (m x n, N >= m+n-1) in
 * its top-left corner: v[i] = c[i] for i < m, v[N-j] = r[j] for 0 < j < n. For kind "hankel"
 * the embedded Toeplitz is the Hankel matrix with its columns reversed (H = T J).
 */
export function circEmbedNode(c: Node, r: Node, N: number, kind: EmbedKind): Node {
  const ct = c.type as TensorType, rt = r.type as TensorType;
  const dtype = promote(ct.dtype, rt.dtype);
  return mk("circ_embed", tensorType(dtype, [N]), [c, r], { N, kind });
}
