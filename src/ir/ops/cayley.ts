// Orthogonal convolutions: the Cayley transform cayley(A) = (I - A)(I + A)^-1, the multi-channel
// circular convolution block_circulant(h) for a [c_out, c_in, n] filter (rows and columns are
// channel-major: x[i * n + t] is channel i at time t), the block matrix of diagonals it becomes
// in the Fourier basis, and the per-frequency Cayley solve mcayley that the lowering folds.
import { type OpDefs, defineConstructor } from "../catalogue.js";
import { operatorOf } from "../build.js";
import { fail } from "../errors.js";
import { mcayley } from "../math/mcayley.js";
import { mk, type Node } from "../node.js";
import { type TensorType, operatorType, tensorType, toComplex } from "../types.js";
import { type CMat, type CTensor, applyDense, cmat, invertMat, matmul } from "../value.js";
import { L, T, checkSize, concreteTensor, tensorIsComplex } from "./common.js";

defineConstructor(
  {
    name: "cayley",
    doc: "Cayley transform (I - A)(I + A)^-1 of a square operator (orthogonal/unitary when A is skew-symmetric/skew-Hermitian)",
    params: [{ name: "A", kind: "operator" }],
    build: (a) => {
      const t = operatorOf(a.A);
      if (t.realInput || t.realOutput) fail("E0502", "cayley() is not defined for rdft/irdft-like operators (they are not complex-linear)", 0);
      if (t.rows !== t.cols) fail("E0301", `cayley() needs a square operator, got ${t.rows}x${t.cols}`, 0);
      return mk("cayley", operatorType(t.rows, t.cols, t.complex), [a.A], {});
    },
  },
  {
    name: "filter_adjoint",
    doc: "the filter of block_circulant(h)^H: g[i, o, t] = conj(h[o, i, (-t) mod n]) for h [c_out, c_in, n]",
    params: [{ name: "h", kind: "tensor" }],
    build: (a) => {
      const [co, ci, n] = concreteTensor(a.h, 3, "filter_adjoint's h", 0);
      return chanTransposeNode(a.h, true, true);
    },
  },
  {
    name: "block_circulant",
    doc: "multi-channel circular convolution: block (o, i) is circulant(h[o, i, :]); rows/cols channel-major",
    params: [{ name: "h", kind: "tensor" }],
    build: (a) => {
      const [co, ci, n] = concreteTensor(a.h, 3, "block_circulant's h", 0);
      checkSize(co, "c_out", 0), checkSize(ci, "c_in", 0), checkSize(n, "n", 0);
      return mk("block_circulant", operatorType(checkSize(co * n, "c_out * n", 0), checkSize(ci * n, "c_in * n", 0), tensorIsComplex(a.h)), [a.h], {});
    },
  },
);

/** block (o, i) of the [co n, ci n] block matrix: f(o, i, r, s) for row r, column s of the block. */
function blockMatrix(h: CTensor, f: (p: number, r: number, s: number, n: number) => number): CMat {
  const [co, ci, n] = h.shape;
  const m = cmat(co * n, ci * n), cols = ci * n;
  for (let o = 0; o < co; o++)
    for (let i = 0; i < ci; i++)
      for (let r = 0; r < n; r++)
        for (let s = 0; s < n; s++) {
          const q = f((o * ci + i) * n, r, s, n);
          if (q < 0) continue;
          m.re[(o * n + r) * cols + i * n + s] = h.re[q];
          m.im[(o * n + r) * cols + i * n + s] = h.im[q];
        }
  return m;
}

/** I + s A as a dense matrix. */
function shifted(a: CMat, s: number): CMat {
  const m = cmat(a.rows, a.cols);
  for (let i = 0; i < a.re.length; i++) (m.re[i] = s * a.re[i]), (m.im[i] = s * a.im[i]);
  for (let i = 0; i < a.rows; i++) m.re[i * a.cols + i] += 1;
  return m;
}

function cayleyDense(a: CMat): CMat {
  return matmul(shifted(a, -1), invertMat(shifted(a, 1)));
}

/** Pivots below this, relative to 1 + max |H_k|, make I + H_k singular to working precision. */
export const CAYLEY_SINGULAR = 1e-13;

/** G_k = (I + H_k)^-1 (I - H_k) per frequency; H [c, c, n] or [n] (c = 1). Singular I + H_k: E0501. */
function mcayleyChecked(h: CTensor): CTensor {
  const n = h.shape[h.shape.length - 1], c = h.shape.length === 3 ? h.shape[0] : 1;
  const packed = new Float64Array(2 * h.re.length), y = new Float64Array(2 * h.re.length);
  for (let i = 0; i < h.re.length; i++) (packed[2 * i] = h.re[i]), (packed[2 * i + 1] = h.im[i]);
  const [worst, at] = mcayley(packed, c, n, y);
  if (!(worst >= CAYLEY_SINGULAR))
    fail("E0501", `cayley(): I + A is singular to working precision at frequency ${at} (A has the eigenvalue -1 there; relative pivot ${worst.toPrecision(2)})`);
  const out: CTensor = { shape: [...h.shape], re: new Float64Array(h.re.length), im: new Float64Array(h.re.length) };
  for (let i = 0; i < h.re.length; i++) {
    (out.re[i] = y[2 * i]), (out.im[i] = y[2 * i + 1]);
    if (!Number.isFinite(out.re[i]) || !Number.isFinite(out.im[i]))
      fail("E0501", `cayley(): I + A is singular (or nearly) at frequency ${i % n}: A has the eigenvalue -1 there`);
  }
  return out;
}

export const cayleyOps = {
  cayley: {
    dense: (_n, [a]) => cayleyDense(L(a).dense()),
    apply: (_n, [a], x) => applyDense(cayleyDense(L(a).dense()), x),
  },
  block_circulant: { dense: (_n, [h]) => blockMatrix(T(h), (p, r, s, n) => p + (((r - s) % n) + n) % n) },
  diagblocks: { dense: (_n, [d]) => blockMatrix(T(d), (p, r, s) => (r === s ? p + r : -1)) },
  chan_transpose: {
    tensor: (node, [h]) => {
      const { conj, reverse } = node.arg;
      const x = T(h), [co, ci, n] = x.shape, y: CTensor = { shape: [ci, co, n], re: new Float64Array(x.re.length), im: new Float64Array(x.re.length) };
      for (let o = 0; o < co; o++)
        for (let i = 0; i < ci; i++)
          for (let t = 0; t < n; t++) {
            const src = (o * ci + i) * n + (reverse ? (n - t) % n : t), dst = (i * co + o) * n + t;
            (y.re[dst] = x.re[src]), (y.im[dst] = conj ? -x.im[src] : x.im[src]);
          }
      return y;
    },
  },
  mcayley: {
    verify: (n) => {
      const s = (n.src[0].type as TensorType).shape;
      return s.length === 1 || (s.length === 3 && s[0] === s[1]) ? undefined : `mcayley needs [n] or [c, c, n], got [${s.join(", ")}]`;
    },
    tensor: (_n, [h]) => mcayleyChecked(T(h)),
  },
} satisfies OpDefs;

/** The per-frequency Cayley solve of H ([n] or [c, c, n]); complex output. */
export function mcayleyNode(H: Node): Node {
  const t = H.type as TensorType;
  return mk("mcayley", tensorType(toComplex(t.dtype), t.shape), [H], {});
}

/** g[i, o, t] = h[o, i, t'] for h [c_out, c_in, n]: conjugated if conj, t' = (-t) mod n if reverse. */
export function chanTransposeNode(h: Node, conj: boolean, reverse: boolean): Node {
  const [co, ci, n] = (h.type as TensorType).shape as number[];
  return mk("chan_transpose", tensorType((h.type as TensorType).dtype, [ci, co, n]), [h], { conj, reverse });
}

/** The block matrix of diagonals diag(D[o, i, :]), D [c_out, c_in, n]. */
export function diagblocksNode(D: Node): Node {
  const [co, ci, n] = (D.type as TensorType).shape as number[];
  return mk("diagblocks", operatorType(co * n, ci * n, tensorIsComplex(D)), [D], {});
}
