// Fast factor family: butterfly(w, increasing) in torch-butterfly's twiddle layout
// [log2 n, n/2, 2, 2], butterfly_dft(n) (bit reversal then radix-2 factors: equals dft(n)), and
// monarch(w1, w2) as in the Monarch paper's reference code (version 2 einsums); the structural
// inverse, transpose and adjoint of butterflies and Monarch matrices (structural.ts's entries).
import { type OpDefs, defineConstructor } from "../catalogue.js";
import { fail } from "../errors.js";
import { compose, fill } from "../build.js";
import { mk, type Node, type NodeOf } from "../node.js";
import { type Block2Mode, block2 } from "../math/block2.js";
import { halfTurn } from "../math/trig.js";
import { type OperatorType, type TensorType, isPow2, log2i, operatorType, typeStr } from "../types.js";
import { type CTensor, ctensor } from "../value.js";
import { T, checkPow2, checkSize, concreteTensor, tensorIsComplex } from "./common.js";
import { bitrevIndex, mtransposeNode } from "./structure.js";

/**
 * One butterfly factor of stride s: for each block b and j < s, the pair
 * (2sb + j, 2sb + s + j) is multiplied by the 2x2 matrix tw(b*s + j).
 */
export function butterflyFactor(x: CTensor, s: number, tw: (q: number) => readonly [ArrayLike<number>, ArrayLike<number>]): CTensor {
  const n = x.shape[x.shape.length - 1];
  const batch = x.re.length / n;
  const y = ctensor([...x.shape]);
  for (let bt = 0; bt < batch; bt++)
    for (let b = 0; b < n / (2 * s); b++)
      for (let j = 0; j < s; j++) {
        const [re, im] = tw(b * s + j); // [a, b, c, d] row-major 2x2
        const i0 = bt * n + 2 * s * b + j, i1 = i0 + s;
        const x0r = x.re[i0], x0i = x.im[i0], x1r = x.re[i1], x1i = x.im[i1];
        y.re[i0] = re[0] * x0r - im[0] * x0i + re[1] * x1r - im[1] * x1i;
        y.im[i0] = re[0] * x0i + im[0] * x0r + re[1] * x1i + im[1] * x1r;
        y.re[i1] = re[2] * x0r - im[2] * x0i + re[3] * x1r - im[3] * x1i;
        y.im[i1] = re[2] * x0i + im[2] * x0r + re[3] * x1i + im[3] * x1r;
      }
  return y;
}

/** Stride of the factor applied idx-th: 2^idx when increasing, else 2^(L-1-idx). */
export const butterflyStride = (idx: number, logn: number, increasing: boolean): number =>
  1 << (increasing ? idx : logn - 1 - idx);

defineConstructor(
  {
    name: "butterfly",
    doc: "product of log2 n butterfly factors with twiddles w[log2 n, n/2, 2, 2] (torch-butterfly layout)",
    params: [{ name: "w", kind: "tensor" }, { name: "increasing", kind: "bool", default: true }],
    build: (a) => {
      const [L, h, r, c] = concreteTensor(a.w, 4, "butterfly's w", 0);
      const n = 2 * h;
      if (r !== 2 || c !== 2 || !isPow2(n) || L !== log2i(n))
        fail("E0301", `butterfly(w) needs w of shape [log2 n, n/2, 2, 2] with n a power of two, got [${L}, ${h}, ${r}, ${c}]`, 0);
      return mk("butterfly", operatorType(n, n, tensorIsComplex(a.w)), [a.w], { increasing: a.increasing });
    },
  },
  {
    name: "butterfly_dft",
    doc: "the DFT of size n as bit reversal followed by log2 n radix-2 butterfly factors",
    params: [{ name: "n", kind: "int" }],
    build: (a) => mk("butterfly_dft", operatorType(checkPow2(a.n, "n", 0), a.n, true), [], { n: a.n }),
  },
  {
    name: "monarch",
    doc: "Monarch matrix P2 BD(w2) P1 BD(w1): w1 [k, q, p], w2 [l, s, r] with l*r = k*q",
    params: [{ name: "w1", kind: "tensor" }, { name: "w2", kind: "tensor" }],
    build: (a) => {
      const [k, q, p] = concreteTensor(a.w1, 3, "monarch's w1", 0);
      const [l, s, r] = concreteTensor(a.w2, 3, "monarch's w2", 1);
      if (l * r !== k * q) fail("E0301", `monarch(w1, w2): w1 [${k}, ${q}, ${p}] gives ${k * q} values but w2 [${l}, ${s}, ${r}] takes l*r = ${l * r}`, 1);
      checkSize(s * l, "rows");
      checkSize(k * p, "columns");
      return monarchNode(a.w1, a.w2);
    },
  },
);

/** y = BD(w) x for block weights w [nb, out, in]: y[b*out + o] = sum_i w[b, o, i] x[b*in + i]. */
export function blockMatmul(w: CTensor, x: CTensor): CTensor {
  const [nb, out, inn] = w.shape;
  const n = nb * inn, batch = x.re.length / n;
  const y = ctensor([...x.shape.slice(0, -1), nb * out]);
  for (let bt = 0; bt < batch; bt++)
    for (let b = 0; b < nb; b++)
      for (let o = 0; o < out; o++) {
        let sr = 0, si = 0;
        for (let i = 0; i < inn; i++) {
          const wi = (b * out + o) * inn + i, xi = bt * n + b * inn + i;
          sr += w.re[wi] * x.re[xi] - w.im[wi] * x.im[xi];
          si += w.re[wi] * x.im[xi] + w.im[wi] * x.re[xi];
        }
        y.re[bt * nb * out + b * out + o] = sr;
        y.im[bt * nb * out + b * out + o] = si;
      }
  return y;
}

/** Reshape the last axis as [a, b] row-major, transpose to [b, a], flatten. */
export function strideTranspose(x: CTensor, a: number, b: number): CTensor {
  const n = a * b, batch = x.re.length / n;
  const y = ctensor([...x.shape]);
  for (let bt = 0; bt < batch; bt++)
    for (let i = 0; i < a; i++)
      for (let j = 0; j < b; j++) {
        y.re[bt * n + j * a + i] = x.re[bt * n + i * b + j];
        y.im[bt * n + j * a + i] = x.im[bt * n + i * b + j];
      }
  return y;
}

export const fastFactorOps = {
  butterfly: {
    apply: (node, [wv], x) => {
      const w = T(wv), n = (node.type as OperatorType).cols, logn = log2i(n);
      let y = x;
      for (let idx = 0; idx < logn; idx++) {
        const s = butterflyStride(idx, logn, node.arg.increasing);
        const base = idx * (n / 2) * 4;
        y = butterflyFactor(y, s, (q) => [w.re.subarray(base + 4 * q, base + 4 * q + 4), w.im.subarray(base + 4 * q, base + 4 * q + 4)]);
      }
      return y;
    },
  },
  butterfly_dft: {
    apply: (node, _src, x) => {
      const n = node.arg.n, logn = log2i(n), batch = x.re.length / n;
      let y = ctensor([...x.shape]);
      for (let b = 0; b < batch; b++)
        for (let i = 0; i < n; i++) (y.re[b * n + i] = x.re[b * n + bitrevIndex(i, logn)]), (y.im[b * n + i] = x.im[b * n + bitrevIndex(i, logn)]);
      for (let s = 1; s < n; s *= 2)
        y = butterflyFactor(y, s, (q) => {
          const [c, si] = halfTurn(q % s, s, -1);
          return [[1, c, 1, -c], [0, si, 0, -si]];
        });
      return y;
    },
  },
  block2: {
    tensor: (node, [wv]) => {
      const w = T(wv), [L, h] = w.shape, m = L * h * 4;
      const packed = new Float64Array(2 * m), y = new Float64Array(2 * m);
      for (let i = 0; i < m; i++) (packed[2 * i] = w.re[i]), (packed[2 * i + 1] = w.im[i]);
      block2(packed, L, h, 2, node.arg.mode, y);
      const out = ctensor([...w.shape]);
      for (let i = 0; i < m; i++) (out.re[i] = y[2 * i]), (out.im[i] = y[2 * i + 1]);
      return out;
    },
    verify: (n) => {
      const s = n.src[0]?.type, t = n.type as TensorType;
      if (n.src.length !== 1 || s?.kind !== "tensor") return "block2 takes one tensor w";
      const [L, h, r, c] = s.shape;
      if (s.shape.length !== 4 || r !== 2 || c !== 2 || typeof L !== "number" || typeof h !== "number") return `block2 needs w of shape [L, h, 2, 2], got ${typeStr(s)}`;
      return t.dtype === s.dtype && t.shape.length === 4 && t.shape.every((d, i) => d === s.shape[i]) ? undefined : `block2's result must be ${typeStr(s)}, got ${typeStr(t)}`;
    },
  },
  monarch: {
    // version-2 reference: out1 = BD(w1) x; view (k q) as (r l) and transpose to (l r); y = BD(w2) -> (s l) order
    apply: (_node, [w1v, w2v], x) => {
      const w1 = T(w1v), w2 = T(w2v);
      const [l, s, r] = w2.shape;
      const out1 = strideTranspose(blockMatmul(w1, x), r, l); // [.., l*r] as (l, r)
      const out2 = blockMatmul(w2, out1); // [.., l*s] as (l, s)
      return strideTranspose(out2, l, s); // (s, l)
    },
  },
} satisfies OpDefs;

/** The twiddles of inv, .T or .H of butterfly(w, increasing), used with !increasing. */
export function block2Node(w: Node, mode: Block2Mode): Node {
  return mk("block2", w.type, [w], { mode });
}

/**
 * inv, .T or .H of butterfly(w, increasing), structurally (torch-butterfly's flip): the product
 * of factors reversed, each factor's 2x2 blocks inverted, transposed or conjugate-transposed, is
 * a butterfly of the other stride order. O(n log n) to apply, no dense matrix.
 */
export function butterflyFlip(A: NodeOf<"butterfly">, mode: Block2Mode): Node {
  const { rows, cols, complex } = A.type as OperatorType;
  return mk("butterfly", operatorType(cols, rows, complex), [block2Node(A.src[0], mode)], { increasing: !A.arg.increasing });
}

/** Per-block inverse, transpose or conjugate transpose of block weights w [nb, out, in]. */
const blockwise = (w: Node, mode: Block2Mode): Node => (mode === "inv" ? mk("minverse", w.type, [w], {}) : mtransposeNode(w, mode === "adjoint"));

/** BD(v) for block weights v [nb, out, in]: a Monarch matrix whose second factor is the identity (1 x 1 blocks of ones). */
const blockDiagonal = (v: Node): Node => {
  const [nb, out] = (v.type as TensorType).shape as number[];
  return monarchNode(v, fill(1, [nb * out, 1, 1]));
};

/** S(l, r) . BD(v) . S(s, l) for v [l, r, s]: a Monarch matrix whose first factor is the identity. */
const strideBlockStride = (v: Node): Node => {
  const [l, , s] = (v.type as TensorType).shape as number[];
  return monarchNode(fill(1, [l * s, 1, 1]), v);
};

/**
 * inv, .T or .H of monarch(w1, w2) = S(l, s) BD(w2) S(r, l) BD(w1) (w1 [k, q, p], w2 [l, s, r]):
 * the factors in reverse order, each inverted, transposed or conjugate-transposed,
 * f(M) = BD(f(w1)) . S(l, r) . BD(f(w2)) . S(s, l), with f per block (S(a, b)^-1 = S(a, b)^T = S(b, a)).
 * That is two Monarch matrices with one trivial factor each: O(n sqrt n) to apply, no dense
 * matrix. The inverse needs square blocks (q = p, s = r); otherwise there is none by structure.
 */
export function monarchFlip(A: NodeOf<"monarch">, mode: Block2Mode): Node | undefined {
  const [w1, w2] = A.src;
  const [, q, p] = (w1.type as TensorType).shape, [, s, r] = (w2.type as TensorType).shape;
  if (mode === "inv" && (q !== p || s !== r)) return undefined;
  return compose(blockDiagonal(blockwise(w1, mode)), strideBlockStride(blockwise(w2, mode)));
}

const monarchNode = (w1: Node, w2: Node): Node => {
  const [k, , p] = (w1.type as TensorType).shape as number[], [l, s] = (w2.type as TensorType).shape as number[];
  return mk("monarch", operatorType(s * l, k * p, tensorIsComplex(w1) || tensorIsComplex(w2)), [w1, w2], {});
};
