// Operators applied, never materialised where the structure avoids it: one rule per operator op
// saying how `A @ x` (along the last axis) becomes ONNX ops. Tiny operators whose matrix is known
// at compile time become one dense MatMul (the cost model: below DENSE_OPERATOR elements a MatMul
// beats a chain of reshapes); everything else follows its structure.
import { type CMat, type CTensor, type Node, type OperatorType, bitrevIndex, dftNode, fftScale, log2i, mk, operatorType } from "../../ir/index.js";
import type { GraphBuilder } from "./graph.js";
import { type Val, addSub, conj, mul, part, permuteLast, promote, reshapeLast, scaleBy, toPrec } from "./complex.js";
import { fft, irdft, rdft, type FftStrategy } from "./fft.js";
import { dctApply } from "./dct.js";
import { applyMat, applyTensorMat } from "./matmul.js";
import { circulantApply, einsumC, gatherLast, padLast, sliceLast } from "./pieces.js";


/** Operators with at most this many matrix entries and a compile-time matrix go dense (auto mode). */
export const DENSE_OPERATOR = 4096;
/** The most entries a dense fallback may hold (operators with no structured rule). */
export const DENSE_FALLBACK_LIMIT = 1 << 16;

export interface Ctx {
  g: GraphBuilder;
  opset: number;
  fft: FftStrategy;
  /** "auto": tiny known operators go dense; "always": follow the structure whenever a rule exists. */
  structured: "auto" | "always";
  tensor(n: Node): Val;
  /** The dense matrix of an operator when its sources are all known at compile time. */
  dense(A: Node): CMat | undefined;
  /** The value of a tensor known at compile time (undefined when it depends on run-time data or is too large to fold). */
  known(n: Node): CTensor | undefined;
}

const opType = (A: Node) => A.type as OperatorType;
const lastLen = (x: Val) => x.shape[x.shape.length - 1] as number;

/** y = A x along the last axis of x. */
export function applyOp(c: Ctx, A: Node, x: Val): Val {
  const { rows, cols } = opType(A);
  // irdft-like operators are only R-linear: their action is not a complex matrix
  const linear = !opType(A).realOutput;
  if (c.structured === "auto" && linear && rows * cols <= DENSE_OPERATOR && A.op !== "eye") {
    const m = c.dense(A);
    if (m) return applyMat(c.g, x, m, A.op);
  }
  const rule = RULES[A.op];
  if (rule) {
    const y = rule(c, A, x);
    if (y) return y;
  }
  const m = linear && rows * cols <= DENSE_FALLBACK_LIMIT ? c.dense(A) : undefined;
  if (!m) throw new Error(`the ONNX backend has no lowering for ${A.op} (${rows}x${cols}) with run-time sources`);
  return applyMat(c.g, x, m, A.op);
}

type Rule = (c: Ctx, A: Node, x: Val) => Val | undefined;
const arg = <T>(A: Node, k: string) => A.arg[k] as T;

const RULES: Partial<Record<string, Rule>> = {
  eye: (_c, _A, x) => x,
  scale: (c, A, x) => scaleBy(c.g, applyOp(c, A.src[0], x), arg(A, "re"), arg(A, "im")),
  compose: (c, A, x) => applyOp(c, A.src[0], applyOp(c, A.src[1], x)),
  opsum: (c, A, x) => addSub(c.g, "Add", applyOp(c, A.src[0], x), applyOp(c, A.src[1], x)),
  dft: (c, A, x) => {
    const n = arg<number>(A, "n"), inverse = !!A.arg.inverse;
    return fft(c.g, x, n, { inverse, scale: fftScale(arg(A, "norm"), n, inverse), strategy: c.fft, opset: c.opset });
  },
  butterfly_dft: (c, A, x) => applyOp(c, dftNode(arg(A, "n"), "backward", false), x),
  rdft: (c, A, x) => {
    const n = arg<number>(A, "n");
    return rdft(c.g, x.complex ? part(c.g, x, 0) : x, n, { scale: fftScale(arg(A, "norm"), n, false), strategy: c.fft, opset: c.opset });
  },
  irdft: (c, A, x) => {
    const n = arg<number>(A, "n");
    return irdft(c.g, x, n, { scale: fftScale(arg(A, "norm"), n, true), strategy: c.fft, opset: c.opset });
  },
  dct: (c, A, x) => {
    const { n, type, norm, inverse } = A.arg as { n: number; type: number; norm: string; inverse?: boolean };
    return dctApply(c.g, x, n, type, norm, !!inverse, c.fft, c.opset);
  },
  wht: (c, A, x) => {
    // Sylvester order: H(n) = H(a) ⊗ H(b), two dense Hadamard factors of about sqrt(n)
    const n = arg<number>(A, "n"), L = log2i(n), a = 1 << Math.floor(L / 2), b = n / a;
    const s = fftScale(arg(A, "norm"), n, false);
    return scaleBy(c.g, kronApply(c, [hadamard(a), hadamard(b)].map((h) => (v: Val) => applyMat(c.g, v, h, "hadamard")), [a, b], [a, b], x), s);
  },
  diag: (c, A, x) => mul(c.g, x, toPrec(c.g, c.tensor(A.src[0]), x.prec)),
  perm: (c, A, x) => {
    const p = c.tensor(A.src[0]);
    return { ...x, name: c.g.op1("Gather", [x.name, p.name], { axis: x.shape.length - 1 }) };
  },
  bitrev: (c, A, x) => {
    const n = arg<number>(A, "n");
    return gatherLast(c.g, x, Array.from({ length: n }, (_, i) => bitrevIndex(i, log2i(n))));
  },
  reverse: (c, A, x) => gatherLast(c.g, x, Array.from({ length: arg<number>(A, "n") }, (_, i) => arg<number>(A, "n") - 1 - i)),
  stride: (c, A, x) => {
    const m = arg<number>(A, "m"), n = arg<number>(A, "n");
    return reshapeLast(c.g, permuteLast(c.g, reshapeLast(c.g, x, 1, [m, n]), [1, 0]), 2, [m * n]);
  },
  window: (c, A, x) => {
    const { rows, cols, offset } = A.arg as { rows: number; cols: number; offset: number };
    const lo = Math.max(0, offset), hi = Math.min(cols, offset + rows);
    if (hi <= lo) return scaleBy(c.g, padLast(c.g, sliceLast(c.g, x, 0, 1), 0, rows - 1), 0);
    return padLast(c.g, sliceLast(c.g, x, lo, hi), lo - offset, rows - (hi - offset));
  },
  dense: (c, A, x) => applyTensorMat(c.g, x, toPrec(c.g, c.tensor(A.src[0]), x.prec), opType(A).rows, opType(A).cols),
  lowrank: (c, A, x) => {
    const U = toPrec(c.g, c.tensor(A.src[0]), x.prec), V = toPrec(c.g, c.tensor(A.src[1]), x.prec);
    const r = U.shape[1] as number;
    const Vt: Val = { ...V, name: c.g.op1("Transpose", [V.name], { perm: V.complex ? [1, 0, 2] : [1, 0] }), shape: [r, opType(A).cols] };
    return applyTensorMat(c.g, applyTensorMat(c.g, x, Vt, r, opType(A).cols), U, opType(A).rows, r);
  },
  kron: (c, A, x) => {
    const ops = A.src;
    return kronApply(c, ops.map((B) => (v: Val) => applyOp(c, B, v)), ops.map((B) => opType(B).cols), ops.map((B) => opType(B).rows), x);
  },
  blockdiag: (c, A, x) => {
    let c0 = 0;
    const parts = A.src.map((B) => {
      const y = applyOp(c, B, sliceLast(c.g, x, c0, c0 + opType(B).cols));
      c0 += opType(B).cols;
      return y;
    });
    const cplx = parts.some((p) => p.complex);
    const ps = parts.map((p) => (cplx ? promote(c.g, p) : p));
    const axis = ps[0].shape.length - 1;
    return { ...ps[0], name: c.g.op1("Concat", ps.map((p) => p.name), { axis }), shape: [...ps[0].shape.slice(0, -1), opType(A).rows] };
  },
  circulant: (c, A, x) => circulantApply(c, toPrec(c.g, c.tensor(A.src[0]), x.prec), x, opType(A).rows, 0, opType(A).rows),
  toeplitz: (c, A, x) => toeplitzApply(c, A, x, "toeplitz"),
  hankel: (c, A, x) => toeplitzApply(c, A, x, "hankel"),
  conv: (c, A, x) => {
    const h = toPrec(c.g, c.tensor(A.src[0]), x.prec), k = h.shape[0] as number, n = arg<number>(A, "n");
    const full = n + k - 1, { rows } = opType(A);
    const offset = arg<string>(A, "mode") === "full" ? 0 : arg<string>(A, "mode") === "same" ? Math.floor((full - rows) / 2) : Math.min(n, k) - 1;
    const N = nextPow2(full);
    return circulantApply(c, padLast(c.g, h, 0, N - k), padLast(c.g, x, 0, N - n), N, offset, rows);
  },
  butterfly: (c, A, x) => {
    const n = opType(A).cols, L = log2i(n), inc = !!A.arg.increasing;
    const w = toPrec(c.g, c.tensor(A.src[0]), x.prec);
    let y = x;
    for (let idx = 0; idx < L; idx++) {
      const s = 1 << (inc ? idx : L - 1 - idx);
      const wi = c.g.op1("Reshape", [c.g.op1("Gather", [w.name, c.g.constant("i64", [], [BigInt(idx)], "idx")], { axis: 0 }), c.g.i64([n / (2 * s), s, 2, 2, ...(w.complex ? [2] : [])])]);
      const xv = reshapeLast(c.g, y, 1, [n / (2 * s), 2, s]); // [.., b, i, j]
      const out = einsumC(c.g, "...bij,bjoi->...boj", xv, { ...w, name: wi, shape: [n / (2 * s), s, 2, 2] }, [...xv.shape.slice(0, -3), n / (2 * s), 2, s]);
      y = reshapeLast(c.g, out, 3, [n]);
    }
    return y;
  },
  monarch: (c, A, x) => {
    const w1 = toPrec(c.g, c.tensor(A.src[0]), x.prec), w2 = toPrec(c.g, c.tensor(A.src[1]), x.prec);
    const [k, q, p] = w1.shape as number[], [l, s, r] = w2.shape as number[];
    const bd = (v: Val, w: Val, nb: number, inn: number, out: number) =>
      reshapeLast(c.g, einsumC(c.g, "...bi,boi->...bo", reshapeLast(c.g, v, 1, [nb, inn]), w, [...v.shape.slice(0, -1), nb, out]), 2, [nb * out]);
    const strideT = (v: Val, a: number, b: number) => reshapeLast(c.g, permuteLast(c.g, reshapeLast(c.g, v, 1, [a, b]), [1, 0]), 2, [a * b]);
    return strideT(bd(strideT(bd(x, w1, k, p, q), r, l), w2, l, r, s), l, s);
  },
  transpose: (c, A, x) => flipped(c, A.src[0], "transpose", x),
  adjoint: (c, A, x) => flipped(c, A.src[0], "adjoint", x),
  inv: (c, A, x) => flipped(c, A.src[0], "inv", x),
};

/** Transposes, adjoints and inverses of structured operators by their known structured forms. */
function flipped(c: Ctx, B: Node, how: "transpose" | "adjoint" | "inv", x: Val): Val | undefined {
  const again = (C: Node, v: Val): Val => applyOp(c, mk(how, operatorType(opType(C).cols, opType(C).rows, opType(C).complex), [C]), v);
  switch (B.op) {
    case "eye": return x;
    case "dft": {
      const n = arg<number>(B, "n"), inv = !!B.arg.inverse, s = fftScale(arg(B, "norm"), n, inv);
      if (how === "transpose") return applyOp(c, B, x); // the DFT matrix is symmetric
      // adjoint: conj(F) = the other direction with the same scale; inverse: the other direction, 1/(s n)
      const scale = how === "adjoint" ? s : 1 / (s * n);
      return fft(c.g, x, n, { inverse: !inv, scale, strategy: c.fft, opset: c.opset });
    }
    case "wht": {
      const n = arg<number>(B, "n"), s = fftScale(arg(B, "norm"), n, false);
      return how === "inv" ? scaleBy(c.g, applyOp(c, B, x), 1 / (s * s * n)) : applyOp(c, B, x);
    }
    case "diag": {
      const v = c.tensor(B.src[0]);
      if (how === "transpose") return applyOp(c, B, x);
      if (how === "adjoint") return mul(c.g, x, toPrec(c.g, conj(c.g, v), x.prec));
      return undefined;
    }
    case "scale": {
      const re = arg<number>(B, "re"), im = arg<number>(B, "im");
      const y = again(B.src[0], x);
      if (how === "transpose") return scaleBy(c.g, y, re, im);
      if (how === "adjoint") return scaleBy(c.g, y, re, -im);
      const d = re * re + im * im;
      return scaleBy(c.g, y, re / d, -im / d);
    }
    case "compose": {
      // (A B)^T = B^T A^T, (A B)^-1 = B^-1 A^-1: A's flip acts first
      return again(B.src[1], again(B.src[0], x));
    }
    case "opsum":
      return how === "inv" ? undefined : addSub(c.g, "Add", again(B.src[0], x), again(B.src[1], x));
    case "kron": {
      const ops = B.src;
      return kronApply(c, ops.map((C) => (v: Val) => again(C, v)), ops.map((C) => opType(C).rows), ops.map((C) => opType(C).cols), x);
    }
    case "transpose": case "adjoint": case "inv":
      return B.op === how ? applyOp(c, B.src[0], x) : undefined; // an involution undone
    default:
      return undefined;
  }
}

/** (A1 ⊗ … ⊗ Ak) x: view the last axis as [c1, …, ck] and apply each factor along its own axis. */
function kronApply(c: Ctx, apply: ((v: Val) => Val)[], cols: number[], rows: number[], x: Val): Val {
  const k = apply.length;
  let dims = [...cols];
  let v = reshapeLast(c.g, x, 1, dims);
  for (let a = k - 1; a >= 0; a--) {
    // bring axis a last, apply, put it back
    const perm = [...dims.keys()].filter((i) => i !== a).concat([a]);
    const back = perm.map((_, i) => perm.indexOf(i));
    const moved = a === k - 1 ? v : permuteLast(c.g, v, perm);
    const y = apply[a](moved);
    dims = dims.map((d, i) => (i === a ? rows[a] : d));
    v = a === k - 1 ? y : permuteLast(c.g, y, back);
  }
  return reshapeLast(c.g, v, k, [rows.reduce((p, q) => p * q, 1)]);
}

function hadamard(n: number): { rows: number; cols: number; re: Float64Array } {
  const re = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) re[i * n + j] = popcount(i & j) % 2 ? -1 : 1;
  return { rows: n, cols: n, re };
}
const popcount = (v: number) => {
  let k = 0;
  for (; v; v &= v - 1) k++;
  return k;
};
export const nextPow2 = (n: number) => 1 << Math.ceil(Math.log2(Math.max(1, n)));

/** toeplitz(c, r) or hankel(c, r) through the circulant embedding of size N >= m + n - 1. */
function toeplitzApply(c: Ctx, A: Node, x: Val, kind: "toeplitz" | "hankel"): Val {
  const { rows: m, cols: n } = opType(A);
  const cv = toPrec(c.g, c.tensor(A.src[0]), x.prec), rv = toPrec(c.g, c.tensor(A.src[1]), x.prec);
  const N = nextPow2(m + n - 1);
  const cplx = cv.complex || rv.complex;
  const C = cplx ? promote(c.g, cv) : cv, R = cplx ? promote(c.g, rv) : rv;
  const pieces: Val[] = [];
  const zeros = (len: number): Val => scaleBy(c.g, padLast(c.g, sliceLast(c.g, C, 0, 1), 0, len - 1), 0);
  if (kind === "toeplitz") {
    pieces.push(C);
    if (N - m - n + 1 > 0) pieces.push(zeros(N - m - n + 1));
    if (n > 1) pieces.push(gatherLast(c.g, R, Array.from({ length: n - 1 }, (_, j) => n - 1 - j)));
  } else {
    const h = n > 1 ? concatLast(c.g, [C, sliceLast(c.g, R, 1, n)]) : C; // c ++ r[1:]
    pieces.push(sliceLast(c.g, h, n - 1, n - 1 + m));
    if (N - m - n + 1 > 0) pieces.push(zeros(N - m - n + 1));
    if (n > 1) pieces.push(sliceLast(c.g, h, 0, n - 1));
  }
  const v = concatLast(c.g, pieces);
  const xin = kind === "hankel" ? gatherLast(c.g, x, Array.from({ length: n }, (_, j) => n - 1 - j)) : x;
  return circulantApply(c, v, padLast(c.g, xin, 0, N - n), N, 0, m);
}

function concatLast(g: GraphBuilder, vs: Val[]): Val {
  if (vs.length === 1) return vs[0];
  const axis = vs[0].shape.length - 1;
  const total = vs.reduce((s, v) => s + lastLen(v), 0);
  return { ...vs[0], name: g.op1("Concat", vs.map((v) => v.name), { axis }), shape: [...vs[0].shape.slice(0, -1), total] };
}
