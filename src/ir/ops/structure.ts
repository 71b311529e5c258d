// Structure family: I, diag, perm, bitrev, stride, window, dense, lowrank, kron, blockdiag.
// Conventions: perm y[i] = x[p[i]]; stride = reshape [m, n] -> transpose -> flatten; kron is
// numpy.kron on row-major flattening.
import { type OpDefs, defineConstructor } from "../catalogue.js";
import { channelShape } from "../channels.js";
import { fail } from "../errors.js";
import { mk, type Node } from "../node.js";
import { type OperatorType, type TensorType, log2i, operatorType, typeStr } from "../types.js";
import { type CMat, type CTensor, type LinOp, applyDense, cmat, ctensor, kronMat } from "../value.js";
import { L, T, checkPow2, checkSize, concreteTensor, matFrom, tensorIsComplex } from "./common.js";

const opOf = (n: Node) => n.type as OperatorType;

export const bitrevIndex = (i: number, bits: number): number => {
  let r = 0;
  for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
  return r;
};

/** The index values of a permutation vector, checked to be a permutation of 0..n-1 (E0603). */
function permIndex(p: CTensor): Int32Array {
  const N = p.re.length, idx = new Int32Array(N), seen = new Uint8Array(N);
  p.re.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v >= N || seen[v]) fail("E0603", `perm(): p is not a permutation of 0..${N - 1}`);
    seen[v] = 1;
    idx[i] = v;
  });
  return idx;
}

/** Permutation matrix of y[i] = x[src(i)]. */
const gatherMatrix = (n: number, src: (i: number) => number): CMat => {
  const m = cmat(n, n);
  for (let i = 0; i < n; i++) m.re[i * n + src(i)] = 1;
  return m;
};

export const eyeNode = (n: number): Node => mk("eye", operatorType(n, n, false), [], { n });
export const windowNode = (rows: number, cols: number, offset: number): Node =>
  mk("window", operatorType(rows, cols, false), [], { rows, cols, offset });

/**
 * The factors' types. An rdft/irdft-like factor (real-linear, not complex-linear) is allowed in a
 * kron when every other factor is a real operator, so that each row of the other axes is a real
 * (or a half-spectrum) signal of its own: kron(rdft(T), I(C)) is the real FFT over tokens of
 * every channel. blockdiag takes complex-linear blocks only.
 */
function operatorArgs(ops: Node[], what: string): OperatorType[] {
  const ts = ops.map((A) => A.type as OperatorType);
  ts.forEach((t, i) => {
    if (!t.realInput && !t.realOutput) return;
    const othersReal = ts.every((u, j) => j === i || (!u.complex && !u.realInput && !u.realOutput));
    if (what !== "kron" || !othersReal)
      fail("E0502", `${what} of rdft/irdft-like operators is only supported in a kron whose other factors are real operators`, i);
  });
  return ts;
}

defineConstructor(
  {
    name: "I",
    doc: "identity of size n",
    params: [{ name: "n", kind: "int" }],
    build: (a) => eyeNode(checkSize(a.n, "n", 0)),
  },
  {
    name: "diag",
    doc: "diagonal operator with the vector v on its diagonal; leading axes of v are channels (one diagonal each)",
    params: [{ name: "v", kind: "tensor" }],
    build: (a) => {
      const { batch, dims: [n] } = channelShape(a.v, 1, "diag's v", 0);
      return mk("diag", operatorType(checkSize(n, "length of v", 0), n, tensorIsComplex(a.v), { batch }), [a.v], {});
    },
  },
  {
    name: "perm",
    doc: "permutation y[i] = x[p[i]]; p is i64 index data",
    params: [{ name: "p", kind: "tensor" }],
    build: (a) => {
      const t = a.p.type as TensorType;
      if (t.dtype !== "i64" || t.shape.length !== 1 || typeof t.shape[0] !== "number")
        fail("E0401", `perm() needs a 1-D i64 index vector, got ${typeStr(t)}`, 0);
      const n = checkSize(t.shape[0] as number, "length of p", 0);
      return mk("perm", operatorType(n, n, false), [a.p], {});
    },
  },
  {
    name: "bitrev",
    doc: "bit-reversal permutation y[i] = x[bitrev(i)], n a power of two",
    params: [{ name: "n", kind: "int" }],
    build: (a) => mk("bitrev", operatorType(checkPow2(a.n, "n", 0), a.n, false), [], { n: a.n }),
  },
  {
    name: "stride",
    doc: "stride permutation: view x as [m, n] row-major, transpose, flatten",
    params: [{ name: "m", kind: "int" }, { name: "n", kind: "int" }],
    build: (a) => {
      const N = checkSize(checkSize(a.m, "m", 0) * checkSize(a.n, "n", 1), "m*n");
      return mk("stride", operatorType(N, N, false), [], { m: a.m, n: a.n });
    },
  },
  {
    name: "dense",
    doc: "explicit matrix W (rows x cols); leading axes of W are channels or groups (one matrix each)",
    params: [{ name: "W", kind: "tensor" }],
    build: (a) => {
      const { batch, dims: [r, c] } = channelShape(a.W, 2, "dense's W", 0);
      return mk("dense", operatorType(r, c, tensorIsComplex(a.W), { batch }), [a.W], {});
    },
  },
  {
    name: "lowrank",
    doc: "low-rank operator U V^T with U [m, r] and V [n, r]",
    params: [{ name: "U", kind: "tensor" }, { name: "V", kind: "tensor" }],
    build: (a) => {
      const [m, r] = concreteTensor(a.U, 2, "lowrank's U", 0);
      const [n, r2] = concreteTensor(a.V, 2, "lowrank's V", 1);
      if (r !== r2) fail("E0301", `lowrank(U, V) needs the same rank: U has ${r} columns, V has ${r2}`, 1);
      return mk("lowrank", operatorType(m, n, tensorIsComplex(a.U) || tensorIsComplex(a.V)), [a.U, a.V], {});
    },
  },
  {
    name: "kron",
    doc: "Kronecker product of operators (numpy.kron, row-major)",
    params: [{ name: "factors", kind: "operator", variadic: true }],
    build: (a) => {
      const ops: Node[] = a.factors;
      const ts = operatorArgs(ops, "kron");
      if (ops.length === 1) return ops[0];
      const rows = ts.reduce((p, t) => p * t.rows, 1), cols = ts.reduce((p, t) => p * t.cols, 1);
      checkSize(rows, "rows of the Kronecker product");
      checkSize(cols, "columns of the Kronecker product");
      const flags = { realInput: ts.some((t) => t.realInput) || undefined, realOutput: ts.some((t) => t.realOutput) || undefined };
      return mk("kron", operatorType(rows, cols, ts.some((t) => t.complex), flags), ops, {});
    },
  },
  {
    name: "blockdiag",
    doc: "block-diagonal operator",
    params: [{ name: "blocks", kind: "operator", variadic: true }],
    build: (a) => {
      const ops: Node[] = a.blocks;
      const ts = operatorArgs(ops, "blockdiag");
      if (ops.length === 1) return ops[0];
      const rows = ts.reduce((p, t) => p + t.rows, 0), cols = ts.reduce((p, t) => p + t.cols, 0);
      return mk("blockdiag", operatorType(checkSize(rows, "rows"), checkSize(cols, "columns"), ts.some((t) => t.complex)), ops, {});
    },
  },
);

/** Apply the operator `op` along axis `axis` of x viewed with the given axis sizes. */
export function applyAlongAxis(op: LinOp, x: CTensor, dims: number[], axis: number): { t: CTensor; dims: number[] } {
  const before = dims.slice(0, axis).reduce((a, b) => a * b, 1);
  const len = dims[axis];
  const after = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const batch = x.re.length / (before * len * after);
  // gather to [batch, before, after, len], apply along last axis, scatter back
  const g = ctensor([batch * before * after, len]);
  for (let b = 0; b < batch * before; b++)
    for (let k = 0; k < len; k++)
      for (let a = 0; a < after; a++) {
        const src = (b * len + k) * after + a, dst = (b * after + a) * len + k;
        g.re[dst] = x.re[src];
        g.im[dst] = x.im[src];
      }
  const h = op.apply(g);
  const rows = op.rows;
  const out = ctensor([x.re.length / (len) * rows]);
  for (let b = 0; b < batch * before; b++)
    for (let k = 0; k < rows; k++)
      for (let a = 0; a < after; a++) {
        const dst = (b * rows + k) * after + a, src = (b * after + a) * rows + k;
        out.re[dst] = h.re[src];
        out.im[dst] = h.im[src];
      }
  const nd = [...dims];
  nd[axis] = rows;
  return { t: out, dims: nd };
}

export const structureOps = {
  eye: { dense: (n) => gatherMatrix(n.arg.n, (i) => i), apply: (_n, _s, x) => x },
  diag: {
    dense: (n, [v]) => {
      const d = T(v), m = cmat(d.re.length, d.re.length);
      for (let i = 0; i < d.re.length; i++) (m.re[i * d.re.length + i] = d.re[i]), (m.im[i * d.re.length + i] = d.im[i]);
      return m;
    },
  },
  perm: {
    dense: (_n, [p]) => {
      const idx = permIndex(T(p));
      return gatherMatrix(idx.length, (i) => idx[i]);
    },
    // a gather, so that large permutations need no n x n matrix in the reference either
    apply: (_n, [p], x) => {
      const idx = permIndex(T(p)), N = idx.length, y = ctensor([...x.shape]);
      for (let b = 0; b < x.re.length; b += N)
        for (let i = 0; i < N; i++) (y.re[b + i] = x.re[b + idx[i]]), (y.im[b + i] = x.im[b + idx[i]]);
      return y;
    },
  },
  bitrev: { dense: (n) => gatherMatrix(n.arg.n, (i) => bitrevIndex(i, log2i(n.arg.n))) },
  stride: {
    // y[j*m + i] = x[i*n + j]
    dense: (node) => {
      const { m, n } = node.arg;
      return gatherMatrix(m * n, (o) => (o % m) * n + Math.floor(o / m));
    },
  },
  window: {
    dense: (node) => {
      const { rows, cols, offset } = node.arg;
      return matFrom(rows, cols, (i, j) => (j === i + offset ? 1 : 0));
    },
    // a gather (zero where i + offset falls outside the row), so that no window, of any offset
    // (dst type 1's odd extension has negative ones), needs its rows x cols matrix
    apply: (node, _src, x) => {
      const { rows, cols, offset } = node.arg, y = ctensor([...x.shape.slice(0, -1), rows]);
      for (let b = 0, c = 0; b < y.re.length; b += rows, c += cols)
        for (let i = Math.max(0, -offset); i < rows && i + offset < cols; i++) (y.re[b + i] = x.re[c + i + offset]), (y.im[b + i] = x.im[c + i + offset]);
      return y;
    },
  },
  dense: { dense: (n, [w]) => ({ rows: opOf(n).rows, cols: opOf(n).cols, re: T(w).re.slice(), im: T(w).im.slice() }) },
  lowrank: {
    dense: (node, [u, v]) => {
      const U = T(u), V = T(v), r = U.shape[1];
      return matFrom(opOf(node).rows, opOf(node).cols, (i, j) => {
        let re = 0, im = 0;
        for (let k = 0; k < r; k++) {
          const ar = U.re[i * r + k], ai = U.im[i * r + k], br = V.re[j * r + k], bi = V.im[j * r + k];
          re += ar * br - ai * bi;
          im += ar * bi + ai * br;
        }
        return [re, im];
      });
    },
    apply: (node, [u, v], x) => {
      const U = T(u), V = T(v);
      const Vt: CMat = { rows: V.shape[1], cols: V.shape[0], re: new Float64Array(V.re.length), im: new Float64Array(V.re.length) };
      for (let i = 0; i < V.shape[0]; i++) for (let k = 0; k < V.shape[1]; k++) (Vt.re[k * V.shape[0] + i] = V.re[i * V.shape[1] + k]), (Vt.im[k * V.shape[0] + i] = V.im[i * V.shape[1] + k]);
      return applyDense({ rows: U.shape[0], cols: U.shape[1], re: U.re, im: U.im }, applyDense(Vt, x));
    },
  },
  kron: {
    dense: (_n, src) => src.map((s) => L(s).dense()).reduce(kronMat),
    // (A1 ⊗ ... ⊗ Ak) x: view x as [.., c1, .., ck] and apply each factor on its axis
    apply: (node, src, x) => {
      const ops = src.map(L);
      let dims = ops.map((o) => o.cols);
      let t = x;
      ops.forEach((o, axis) => ({ t, dims } = applyAlongAxis(o, t, dims, axis)));
      return { ...t, shape: [...x.shape.slice(0, -1), opOf(node).rows] };
    },
  },
  blockdiag: {
    dense: (node, src) => {
      const { rows, cols } = opOf(node);
      const m = cmat(rows, cols);
      let r0 = 0, c0 = 0;
      for (const s of src) {
        const b = L(s).dense();
        for (let i = 0; i < b.rows; i++)
          for (let j = 0; j < b.cols; j++) (m.re[(r0 + i) * cols + c0 + j] = b.re[i * b.cols + j]), (m.im[(r0 + i) * cols + c0 + j] = b.im[i * b.cols + j]);
        r0 += b.rows;
        c0 += b.cols;
      }
      return m;
    },
  },
  mtranspose: {
    tensor: (node, [wv]) => {
      const w = T(wv), [r, c] = w.shape.slice(-2), nb = w.re.length / (r * c), y = ctensor([...w.shape.slice(0, -2), c, r]);
      const s = node.arg.conj ? -1 : 1;
      for (let b = 0, o = 0; b < nb; b++, o += r * c)
        for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) (y.re[o + j * r + i] = w.re[o + i * c + j]), (y.im[o + j * r + i] = s * w.im[o + i * c + j]);
      return y;
    },
    verify: (n) => {
      const s = n.src[0]?.type, t = n.type as TensorType;
      if (n.src.length !== 1 || s?.kind !== "tensor" || s.shape.length < 2) return "mtranspose takes one tensor of at least two axes";
      const want = [...s.shape.slice(0, -2), s.shape[s.shape.length - 1], s.shape[s.shape.length - 2]];
      return t.dtype === s.dtype && t.shape.length === want.length && t.shape.every((d, i) => d === want[i]) ? undefined : `mtranspose's result must swap the last two axes of ${typeStr(s)}, got ${typeStr(t)}`;
    },
  },
  reverse: { dense: (node) => gatherMatrix(node.arg.n, (i) => node.arg.n - 1 - i) },
  invperm: {
    tensor: (_n, [p]) => {
      const idx = permIndex(T(p)), q = ctensor([idx.length]);
      idx.forEach((v, i) => (q.re[v] = i));
      return q;
    },
    verify: (n) => {
      const t = n.type as TensorType, s = n.src[0]?.type;
      if (n.src.length !== 1 || s?.kind !== "tensor") return "invperm takes one tensor p";
      if (s.dtype !== "i64" || s.shape.length !== 1) return `invperm needs a 1-D i64 vector, got ${typeStr(s)}`;
      return t.dtype === "i64" && t.shape.length === 1 && t.shape[0] === s.shape[0] ? undefined : `invperm's result must be i64[${s.shape[0]}], got ${typeStr(t)}`;
    },
  },
} satisfies OpDefs;

/** Transpose (or conjugate transpose) of the matrices on the last two axes of W (leading axes are a batch), as a tensor. */
export function mtransposeNode(W: Node, conj: boolean): Node {
  const t = W.type as TensorType, k = t.shape.length;
  return mk("mtranspose", { kind: "tensor", dtype: t.dtype, shape: [...t.shape.slice(0, -2), t.shape[k - 1], t.shape[k - 2]] }, [W], { conj });
}


export const reverseNode = (n: number): Node => mk("reverse", operatorType(n, n, false), [], { n });

/**
 * The inverse permutation q of p (q[p[i]] = i), as an i64 vector: perm(p)^-1 = perm(p)^T =
 * perm(q), since a permutation matrix is real and orthogonal.
 */
export function invpermNode(p: Node): Node {
  return mk("invperm", p.type, [p], {});
}

