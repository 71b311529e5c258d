// Rules at the level of applications: an operator chain applied to a tensor becomes a chain
// of kernel applications (compose splits, scale/sum/diag/identity/window become tensor
// arithmetic), inverse pairs meeting across applications cancel ("transform once"), and a real
// result of an inverse DFT of a Hermitian spectrum is computed with rdft/irdft (real-input
// halving).
import {
  type DType, type Node, type TensorType, apply, binary, callConstructor, isComplex, mk, scalar, slice, stageOf, tensorType, toReal,
} from "../../ir/index.js";
import type { Rule } from "../rewrite.js";
import { cancelScale } from "./algebra.js";
import { op, tt } from "./util.js";

const real = (x: Node): Node => callConstructor("real", [{ value: x }]) as Node;
const dtypeOf = (x: Node): DType => tt(x).dtype;

/** x as the given dtype: real part where the rewrite produced complex values of a real result. */
export function as(want: DType, x: Node): Node {
  const got = dtypeOf(x);
  if (got === want) return x;
  if (isComplex(got) && !isComplex(want)) return as(want, real(x));
  return mk("cast", tensorType(want, tt(x).shape), [x], { dtype: want });
}

/** A applied to x, taking the real part of x first where A only accepts real input. */
function applyNat(A: Node, x: Node): Node {
  return apply(A, op(A).realInput && isComplex(dtypeOf(x)) ? real(x) : x);
}

const out = (n: Node) => (n.type as TensorType).dtype;
const sameShapes = (a: Node, b: Node) => JSON.stringify(tt(a).shape) === JSON.stringify(tt(b).shape);

/** The half-spectrum form of a Hermitian spectrum expression, or undefined if not provably Hermitian. */
function half(z: Node, N: number): Node | undefined {
  const t = tt(z);
  // a real scalar keeps a spectrum Hermitian (a complex one does not)
  if ((t.shape.length === 0 || (t.shape.length === 1 && t.shape[0] === 1)) && !isComplex(t.dtype)) return z;
  switch (z.op) {
    case "apply": {
      const A = z.src[0], x = z.src[1];
      if (A.op === "dft" && !A.arg.inverse && A.arg.n === N && !isComplex(dtypeOf(x)))
        return apply(callConstructor("rdft", [{ value: N }, { name: "norm", value: A.arg.norm }]) as Node, x);
      return undefined;
    }
    case "mul": case "add": case "sub": {
      const a = half(z.src[0], N), b = half(z.src[1], N);
      return a && b ? (binary(z.op === "mul" ? "*" : z.op === "add" ? "+" : "-", a, b) as Node) : undefined;
    }
    case "neg": {
      const a = half(z.src[0], N);
      return a && mk("neg", a.type, [a], {});
    }
    case "cast": {
      const a = isComplex(dtypeOf(z.src[0])) ? half(z.src[0], N) : undefined;
      return a && mk("cast", tensorType(dtypeOf(z), tt(a).shape), [a], z.arg);
    }
  }
  return undefined;
}

/** Whether a value depends on no run-time input (params, bound or not, and constants: computed once per kernel). */
const NONE_BOUND: ReadonlySet<string> = new Set();
export const isStaticValue = (n: Node): boolean => stageOf(n, NONE_BOUND) !== "run";

/** Largest magnitude of a constant's parts, or undefined for a node that is not a literal. */
function literalRange(n: Node): { max: number; min: number } | undefined {
  if (n.op === "const") {
    // (a loop, not Math.max(...data): a folded constant may hold millions of values)
    let max = 0, min = Infinity;
    for (const x of n.arg.data) {
      const a = Math.abs(x);
      if (a > max) max = a;
      if (a > 0 && a < min) min = a;
    }
    return { max, min };
  }
  if (n.op === "fill") return { max: Math.abs(n.arg.value), min: n.arg.value === 0 ? Infinity : Math.abs(n.arg.value) };
  return undefined;
}

/**
 * Whether a * b may overflow or underflow where (x * a) * b would not (1e308 * x * 10 is x * inf
 * at x = 0 otherwise): literals whose product leaves the dtype's normal range keep their order;
 * params (values unknown here) are reassociated as before.
 */
function mayLeaveRange(a: Node, b: Node, dtype: DType): boolean {
  const ra = literalRange(a), rb = literalRange(b);
  if (!ra || !rb) return false;
  const [hi, lo] = dtype === "f32" || dtype === "c64" ? [3.4e38, 1.2e-38] : [1.7e308, 2.3e-308];
  return 2 * ra.max * rb.max > hi || (ra.min * rb.min < lo && ra.min !== Infinity && rb.min !== Infinity);
}

export const applyRules: Rule[] = [
  {
    name: "cast-static-operand",
    doc: "cast(x * s) -> x * cast(s) when s depends on params only and x already has the target dtype (f32 data keeps f32 kernels)",
    match: "cast",
    rewrite: (n) => {
      const m = n.src[0];
      if (m.op !== "mul") return undefined;
      const [x, s] = isStaticValue(m.src[1]) ? [m.src[0], m.src[1]] : [m.src[1], m.src[0]];
      if (!isStaticValue(s) || isStaticValue(x) || dtypeOf(x) !== out(n)) return undefined;
      const cs = mk("cast", tensorType(isComplex(dtypeOf(s)) ? out(n) : toReal(out(n)), tt(s).shape), [s], { dtype: isComplex(dtypeOf(s)) ? out(n) : toReal(out(n)) });
      const y = binary("*", x, cs) as Node;
      return sameShapes(y, n) && dtypeOf(y) === out(n) ? y : undefined;
    },
  },
  {
    name: "mul-static-reassoc",
    doc: "(x * a) * b -> x * (a * b) when a and b depend on params only (one spectrum multiply, computed once)",
    match: "mul",
    rewrite: (n) => {
      const [l, b] = isStaticValue(n.src[1]) ? [n.src[0], n.src[1]] : [n.src[1], n.src[0]];
      if (!isStaticValue(b) || l.op !== "mul" || isStaticValue(l)) return undefined;
      const [x, a] = isStaticValue(l.src[1]) ? [l.src[0], l.src[1]] : [l.src[1], l.src[0]];
      if (!isStaticValue(a) || mayLeaveRange(a, b, out(n))) return undefined;
      const ab = binary("*", a, b) as Node;
      const y = binary("*", x, ab) as Node;
      return sameShapes(y, n) ? as(out(n), y) : undefined;
    },
  },
  {
    name: "apply-split",
    doc: "(A @ B) @ x -> A @ (B @ x)",
    match: "apply",
    guard: (n) => n.src[0].op === "compose",
    rewrite: (n) => as(out(n), applyNat(n.src[0].src[0], applyNat(n.src[0].src[1], n.src[1]))),
  },
  {
    name: "apply-elementwise",
    doc: "I @ x -> x; diag(v) @ x -> v * x; (s A) @ x -> s (A @ x); (A + B) @ x -> A @ x + B @ x",
    match: "apply",
    guard: (n) => ["eye", "diag", "scale", "opsum"].includes(n.src[0].op),
    rewrite: (n) => {
      const [A, x] = n.src;
      switch (A.op) {
        case "eye": return as(out(n), x);
        case "diag": return as(out(n), binary("*", x, A.src[0]) as Node);
        case "scale": {
          const y = applyNat(A.src[0], x);
          return as(out(n), binary("*", y, scalar(A.arg.re, dtypeOf(y))) as Node);
        }
        default: return as(out(n), binary("+", applyNat(A.src[0], x), applyNat(A.src[1], x)) as Node);
      }
    },
  },
  {
    name: "apply-window",
    doc: "window(N, n, 0) @ x -> pad(x, N); window(m, N, o) @ x -> x[o:o+m] when inside",
    match: "apply",
    guard: (n) => n.src[0].op === "window",
    rewrite: (n) => {
      const [W, x] = n.src;
      if (W.op !== "window") return undefined;
      const { rows, cols, offset: o } = W.arg;
      if (o === 0 && rows >= cols) return as(out(n), rows === cols ? x : (callConstructor("pad", [{ value: x }, { value: rows }]) as Node));
      if (o >= 0 && o + rows <= cols) return as(out(n), slice(x, o, o + rows));
      return undefined;
    },
  },
  {
    name: "apply-inverse-cancel",
    doc: "A @ (B @ x) -> c x when A B = c I (dft/idft, dct/idct, bitrev, stride, wht pairs): transform once",
    match: "apply",
    guard: (n) => n.src[1].op === "apply",
    rewrite: (n) => {
      const A = n.src[0], B = n.src[1].src[0], x = n.src[1].src[1];
      const c = cancelScale(A, B);
      if (c === undefined) return undefined;
      const y = Math.abs(c - 1) < 1e-15 ? x : (binary("*", x, scalar(c, dtypeOf(x))) as Node);
      return as(out(n), y);
    },
  },
  {
    name: "apply-inverse-cancel-real",
    doc: "dft(N) @ real(idft(N) @ Z) -> c Z when Z is a Hermitian spectrum (the real part drops nothing): transform once across real layers",
    match: "apply",
    guard: (n) => n.src[0].op === "dft" && !n.src[0].arg.inverse && n.src[1].op === "real" && n.src[1].src[0].op === "apply",
    rewrite: (n) => {
      const A = n.src[0], inner = n.src[1].src[0], B = inner.src[0], Z = inner.src[1];
      if (A.op !== "dft" || B.op !== "dft" || !B.arg.inverse || B.arg.n !== A.arg.n || !half(Z, A.arg.n)) return undefined;
      const c = cancelScale(A, B)!;
      const y = Math.abs(c - 1) < 1e-15 ? Z : (binary("*", Z, scalar(c, dtypeOf(Z))) as Node);
      return as(out(n), y);
    },
  },
  {
    name: "real-push",
    doc: "real(x[a:b]) -> real(x)[a:b]; real(pad(x)) -> pad(real(x)); real(G @ x) -> G @ real(x) for real G; real(x) -> x for real x",
    match: "real",
    rewrite: (n) => {
      const x = n.src[0];
      if (!isComplex(dtypeOf(x))) return x;
      if (x.op === "cast" && !isComplex(dtypeOf(x.src[0]))) return as(out(n), x.src[0]);
      if (x.op === "slice") return slice(real(x.src[0]), x.arg.start, x.arg.stop);
      if (x.op === "pad") return callConstructor("pad", [{ value: real(x.src[0]) }, { value: x.arg.n }]) as Node;
      // a real operator (a gather, a real matrix) commutes with taking the real part
      if (x.op === "apply" && !op(x.src[0]).complex && !op(x.src[0]).realInput) return apply(x.src[0], real(x.src[1]));
      return undefined;
    },
  },
];

/** Run after the apply-level rules, so full dft/idft pairs can cancel before they are halved. */
export const halvingRules: Rule[] = [
  {
    name: "real-halving",
    doc: "real(idft(N) @ Z) -> irdft(N) @ half(Z) when Z is a Hermitian spectrum (products of dft's of real data)",
    match: "real",
    guard: (n) => n.src[0].op === "apply" && n.src[0].src[0].op === "dft" && !!n.src[0].src[0].arg.inverse,
    rewrite: (n) => {
      const idft = n.src[0].src[0];
      if (idft.op !== "dft") return undefined;
      const N = idft.arg.n, h = half(n.src[0].src[1], N);
      if (!h) return undefined;
      const irdft = callConstructor("irdft", [{ value: N }, { name: "norm", value: idft.arg.norm }]) as Node;
      return as(out(n), apply(irdft, h));
    },
  },
];
