// State-space lowering: ssm_kernel(A, B, C) becomes
//   * W C with W = ssm_basis(A, B) (L x N, folded at compile time) when A and B are known but C
//     is not (a run-time param or input): every backend then runs a plain matrix-vector product;
//   * dplr_kernel(hippo's λ, P, V* B, ((I − Ā^L) V)ᵀ C) for a HiPPO-LegS/LegT A with B or C known
//     only at run time; dplr_kernel itself becomes real(idft(L) @ dplr_spectrum(...)), so the inverse
//     transform is the target's planned FFT;
//   * otherwise ssm_dplr (S4's generating-function route: Cauchy sums + Woodbury + inverse FFT)
//     when A is a HiPPO matrix (normal plus low rank), the method is bilinear and the cost model
//     prefers it and B, C are known, or ssm_powers (the recurrence, L N² multiply-adds). Both fold
//     to constants when A, B and C are known; the choice sets the compile-time cost. ssm_powers is
//     also the route of run-time data (a run-time A; or B, C beyond ssm-kernel-dplr-runtime's
//     limits): cpu, wasm and onnx render it.
import {
  type HippoKind, type Node, type TensorType, apply, callConstructor, math, mk, promote, scalar, stageOf, tensorType, toComplex, toReal,
} from "../../ir/index.js";
import { FOLD_LIMIT } from "../fold.js";
import { type RewriteCtx, type Rule, rule, sameType } from "../rewrite.js";
import { tt } from "./util.js";

/** Whether n depends only on constants and params bound at compile time (so it folds). */
const isStatic = (n: Node, ctx: RewriteCtx): boolean => stageOf(n, ctx.boundParams) === "const";

/**
 * Estimated cost of each route for N states, length L, rank-r correction, in units of one naive
 * multiply-add, calibrated on bench/sphere_ssm.ts: the DPLR set-up (a dense Hermitian
 * eigenproblem and Ā^L by squaring) costs ~1200 N³, each frequency ~65 (r+1)² per state; the
 * naive recurrence 8 per entry of Ā per step. So DPLR pays off only for L ≫ N (and N > ~33).
 */
export function ssmCosts(N: number, L: number, r = 1): { naive: number; dplr: number } {
  const discretise = 8 * N * N * N; // two solves with the same LU
  const naive = discretise + 8 * L * N * N;
  const dplr = discretise + 1200 * N * N * N + 8 * N * N * N * Math.ceil(Math.log2(L) + 1) + 65 * L * N * (r + 1) * (r + 1) + 20 * L * Math.log2(L);
  return { naive, dplr };
}

const rankOf = (kind: HippoKind) => (kind === "legt" ? 2 : 1);

/** A c128 const node from split re/im parts. */
function complexConst(shape: number[], re: ArrayLike<number>, im: ArrayLike<number>): Node {
  const data = new Float64Array(2 * re.length);
  for (let i = 0; i < re.length; i++) (data[2 * i] = re[i]), (data[2 * i + 1] = im[i]);
  return mk("const", tensorType("c128", shape), [], { data });
}

/** The largest state size for which the run-time DPLR rewrite forms its N x N constants. */
const DPLR_RUNTIME_MAX_N = 1024;

export const ssmRules: Rule[] = [
  rule({
    name: "ssm-kernel-basis",
    doc: "ssm_kernel(A, B, C) -> dense(ssm_basis(A, B)) @ C when A and B fold but C is known only at run time",
    match: "ssm_kernel",
    guard: (n, ctx) => {
      const [A, B, C] = n.src, N = (A.type as TensorType).shape[0] as number;
      return !isStatic(C, ctx) && isStatic(A, ctx) && isStatic(B, ctx) && n.arg.L * N <= FOLD_LIMIT;
    },
    rewrite: (n) => {
      const [A, B, C] = n.src, N = (A.type as TensorType).shape[0] as number;
      const { dt, L, method } = n.arg;
      const W = mk("ssm_basis", tensorType(promote((A.type as TensorType).dtype, (B.type as TensorType).dtype), [L, N]), [A, B], { dt, L, method });
      const r = apply(callConstructor("dense", [{ value: W }]) as Node, C);
      return sameType(r.type, n.type) ? r : undefined;
    },
  }),
  rule({
    name: "ssm-kernel-dplr-runtime",
    doc: "ssm_kernel(hippo_A(\"legs\" | \"legt\", N), B, C, method=bilinear) with run-time B or C -> dplr_kernel(lam, P, V* B, ((I - Ā^L) V)ᵀ C) (constants from the DPLR set-up; P is N x 2 for legt)",
    match: "ssm_kernel",
    guard: (n, ctx) => {
      const [A, B, C] = n.src;
      if (A.op !== "hippo_A" || A.arg.kind === "fout" || n.arg.method !== "bilinear") return false;
      return (!isStatic(B, ctx) || !isStatic(C, ctx)) && A.arg.n <= DPLR_RUNTIME_MAX_N;
    },
    rewrite: (n) => {
      const [A, B, C] = n.src, { dt, L } = n.arg;
      if (A.op !== "hippo_A" || A.arg.kind === "fout") return undefined;
      const N = A.arg.n, d = math.hippoDplrParams(A.arg.kind, N, dt, L);
      const lam = complexConst([N], d.lam.re, d.lam.im), P = complexConst(d.P.cols === 1 ? [N] : [N, d.P.cols], d.P.re, d.P.im);
      const mat = (M: { re: Float64Array; im: Float64Array }) => callConstructor("dense", [{ value: complexConst([N, N], M.re, M.im) }]) as Node;
      const b = apply(mat(d.Vh), B), c = apply(mat(d.Ct), C);
      const types = [lam, P, b, c].map((x) => (x.type as TensorType).dtype);
      const K = mk("dplr_kernel", tensorType(toReal(types.reduce(promote)), [L]), [lam, P, b, c, scalar(dt)], { L });
      return sameType(K.type, n.type) ? K : undefined;
    },
  }),
  rule({
    name: "dplr-kernel-spectrum",
    doc: "dplr_kernel(lam, P, B, C, dt, L) -> real(idft(L) @ dplr_spectrum(lam, P, B, C, dt, L)): the inverse transform by the target's planned FFT",
    match: "dplr_kernel",
    rewrite: (n) => {
      const spectrum = mk("dplr_spectrum", tensorType(toComplex(tt(n).dtype), [n.arg.L]), n.src, { L: n.arg.L });
      const idft = callConstructor("idft", [{ value: n.arg.L }]) as Node;
      const K = callConstructor("real", [{ value: apply(idft, spectrum) }]) as Node;
      return sameType(K.type, n.type) ? K : undefined;
    },
  }),
  rule({
    name: "ssm-kernel-dplr",
    doc: "ssm_kernel(hippo_A(kind, N), B, C, method=bilinear) with B, C known -> ssm_dplr (folded) when the generating-function route is cheaper",
    match: "ssm_kernel",
    guard: (n, ctx) => {
      const [A, B, C] = n.src;
      // ssm_dplr only ever folds: with run-time B or C, ssm_powers is the one that backends render
      if (A.op !== "hippo_A" || n.arg.method !== "bilinear" || !isStatic(B, ctx) || !isStatic(C, ctx)) return false;
      const { naive, dplr } = ssmCosts(A.arg.n, n.arg.L, rankOf(A.arg.kind));
      return dplr < naive;
    },
    rewrite: (n) => {
      const A = n.src[0];
      return A.op === "hippo_A" ? mk("ssm_dplr", n.type, n.src, { dt: n.arg.dt, L: n.arg.L, kind: A.arg.kind }) : undefined;
    },
  }),
  rule({
    name: "ssm-kernel-naive",
    doc: "ssm_kernel(A, B, C) -> ssm_powers (the recurrence K[k] = C Ā^k B̄)",
    match: "ssm_kernel",
    rewrite: (n) => mk("ssm_powers", n.type, n.src, n.arg),
  }),
];
