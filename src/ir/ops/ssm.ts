// State-space family: hippo_A(kind, N), hippo_B(kind, N) (state-spaces/s4's transition()),
// ssm_kernel(A, B, C, dt, L, method=) (K[k] = C Ā^k B̄ after bilinear or zero-order-hold
// discretisation) and s4d_kernel(lam, B, C, dt, L) (S4D's diagonal ZOH kernel). The maths lives
// in src/ir/math/{hippo,ssmkernel,linalg}.ts; this file holds the type rules and the wiring.
import { type OpDefs, type WrittenArg, callConstructor, defineConstructor } from "../catalogue.js";
import { binary, fill, requireFloat, scalar, tensorOf } from "../build.js";
import { channelBroadcast, channelRow, channelShape, insertAxis, stackChannels } from "../channels.js";
import { fail } from "../errors.js";
import { mk, type Node } from "../node.js";
import { type DType, isComplex, isSingle, promote, tensorType, toReal, typeStr } from "../types.js";
import { type CTensor, type RValue, ctensor } from "../value.js";
import { HIPPO_KINDS, type HippoKind, hippo } from "../math/hippo.js";
import { type Discretisation, discretise, s4dKernel, ssmKernel } from "../math/ssmkernel.js";
import { matVec } from "../math/linalg.js";
import { hippoRankCorrection } from "../math/dplr.js";
import { ssmKernelDPLRFast } from "../math/fastroutes.js";
import { dplrKernel, dplrKernelSpectrum } from "../math/dplrkernel.js";

/** Refused before anything is built: state size, kernel length, and reference work L·N². */
export const ssmLimits = { maxState: 4096, maxLength: 1 << 24, maxReferenceWork: 2 ** 32 };

function checkState(n: number, what: string, argIndex: number): number {
  if (n < 1) fail("E0302", `${what} must be positive, got ${n}`, argIndex);
  if (n > ssmLimits.maxState) fail("E0304", `${what} = ${n} is above the limit of ${ssmLimits.maxState}`, argIndex);
  return n;
}

function checkLength(L: number, argIndex: number): number {
  if (L < 1) fail("E0302", `kernel length L must be positive, got ${L}`, argIndex);
  if (L > ssmLimits.maxLength) fail("E0304", `kernel length L = ${L} is above the limit of ${ssmLimits.maxLength}`, argIndex);
  return L;
}

function checkStep(dt: number, argIndex: number): number {
  if (!Number.isFinite(dt) || dt <= 0) fail("E0603", `step dt must be a positive finite number, got ${dt}`, argIndex);
  return dt;
}

/** A float tensor with exactly the given concrete shape (N = -1 accepts any concrete length). */
function vectorOf(x: Node, what: string, argIndex: number, n?: number): number {
  const t = requireFloat(x, what, argIndex);
  const d = t.shape[0];
  if (t.shape.length !== 1 || typeof d !== "number") fail("E0301", `${what} must be a vector of concrete length, got ${typeStr(t)}`, argIndex);
  if (n !== undefined && d !== n) fail("E0301", `${what} must have length ${n} (the state size), got ${typeStr(t)}`, argIndex);
  return d as number;
}

const dtypes = (...xs: Node[]): DType => xs.map((x) => tensorOf(x).dtype).reduce(promote);

const hippoBuilder = (op: "hippo_A" | "hippo_B") => ({ kind, N }: { kind: HippoKind; N: number }) => {
  checkState(N, "N", 1);
  if (kind === "fout" && N % 2) fail("E0302", `hippo "fout" needs an even N (cos/sin pairs), got ${N}`, 1);
  return mk(op, tensorType("f64", op === "hippo_A" ? [N, N] : [N]), [], { kind, n: N });
};

defineConstructor(
  {
    name: "hippo_A",
    params: [{ name: "kind", kind: "string", oneOf: HIPPO_KINDS }, { name: "N", kind: "int" }],
    doc: "HiPPO state matrix A (N x N, f64) of measure legs, legt or fout, exactly as state-spaces/s4's transition().",
    build: hippoBuilder("hippo_A") as (args: Record<string, any>) => Node,
  },
  {
    name: "hippo_B",
    params: [{ name: "kind", kind: "string", oneOf: HIPPO_KINDS }, { name: "N", kind: "int" }],
    doc: "HiPPO input vector B (N, f64) of measure legs, legt or fout, exactly as state-spaces/s4's transition().",
    build: hippoBuilder("hippo_B") as (args: Record<string, any>) => Node,
  },
  {
    name: "ssm_kernel",
    params: [
      { name: "A", kind: "tensor" }, { name: "B", kind: "tensor" }, { name: "C", kind: "tensor" },
      { name: "dt", kind: "number" }, { name: "L", kind: "int" },
      { name: "method", kind: "string", default: "bilinear", oneOf: ["bilinear", "zoh"] },
    ],
    doc: "Convolution kernel K[k] = C Ā^k B̄ (k < L) of x' = Ax + Bu, y = Cx discretised with step dt by the bilinear transform or zero-order hold. One channel axis: A [H, N, N], B, C [H, N] give K [H, L].",
    build({ A, B, C, dt, L, method }) {
      if (tensorOf(A).shape.length === 3) return ssmChannels(A, B, C, dt, L, method);
      const t = requireFloat(A, "A", 0);
      const [n, n2] = t.shape;
      if (t.shape.length !== 2 || typeof n !== "number" || n !== n2) fail("E0301", `A must be a square matrix of concrete size, got ${typeStr(t)}`, 0);
      checkState(n as number, "the state size", 0);
      vectorOf(B, "B", 1, n as number);
      vectorOf(C, "C", 2, n as number);
      checkStep(dt, 3);
      checkLength(L, 4);
      return mk("ssm_kernel", tensorType(dtypes(A, B, C), [L]), [A, B, C], { dt, L, method });
    },
  },
  {
    name: "s4d_kernel",
    params: [
      { name: "lam", kind: "tensor" }, { name: "B", kind: "tensor" }, { name: "C", kind: "tensor" },
      { name: "dt", kind: "scalar" }, { name: "L", kind: "int" },
    ],
    doc: "S4D zero-order-hold kernel K[l] = 2 Re Σ_n C_n B_n (exp(dt λ_n) - 1)/λ_n exp(l dt λ_n) of a diagonal system (real output); dt a number or a real scalar tensor. Leading axes of lam, B, C (and a dt of shape [H]) are channels: K [H, L], as S4DKernel.forward.",
    build({ lam, B, C, dt, L }) {
      if ([lam, B, C].some((x) => tensorOf(x).shape.length !== 1) || (typeof dt !== "number" && tensorOf(dt).shape.length === 1 && tensorOf(dt).shape[0] !== 1))
        return s4dChannels(lam, B, C, dt, L);
      const n = checkState(vectorOf(lam, "lam", 0), "the state size", 0);
      vectorOf(B, "B", 1, n);
      vectorOf(C, "C", 2, n);
      const step = stepNode(dt, 3);
      checkLength(L, 4);
      return mk("s4d_kernel", tensorType(toReal(dtypes(lam, B, C)), [L]), [lam, B, C, step], { L });
    },
  },
  {
    name: "dplr_kernel",
    params: [
      { name: "lam", kind: "tensor" }, { name: "P", kind: "tensor" }, { name: "B", kind: "tensor" },
      { name: "C", kind: "tensor" }, { name: "dt", kind: "scalar" }, { name: "L", kind: "int" },
    ],
    doc: "S4's bilinear kernel from DPLR parameters (A = diag(lam) - P P*, P [N] or [N, r], C = C (I - Ā^L)); dt a number or a real scalar tensor: Cauchy sums + Woodbury at the L-th roots of unity, then an inverse DFT; real part. One channel axis: lam, B, C [H, N], P [H, N] or [H, N, r], dt a number or [H]: K [H, L], one kernel per channel.",
    build({ lam, P, B, C, dt, L }) {
      if (tensorOf(lam).shape.length > 1) return dplrChannels(lam, P, B, C, dt, L);
      const n = checkState(vectorOf(lam, "lam", 0), "the state size", 0);
      dplrRank(P, n);
      vectorOf(B, "B", 2, n);
      vectorOf(C, "C", 3, n);
      const step = stepNode(dt, 4);
      checkLength(L, 5);
      return mk("dplr_kernel", tensorType(toReal(dtypes(lam, P, B, C)), [L]), [lam, P, B, C, step], { L });
    },
  },
);

/**
 * s4d_kernel over channels, as state-spaces/s4's S4DKernel.forward writes it: lam, B, C [..., H, N]
 * (broadcast), dt a number or a real tensor of the channel shape [..., H] (S4 trains log_dt: the
 * spec writes exp(log_dt)); K [..., H, L] = 2 Re Σ_n C B (exp(dt λ) - 1)/λ exp(l dt λ). Written
 * out in tensor ops every backend renders (complex exp, broadcast multiply, a sum over the state
 * axis): O(H·N·L) work and an [H, N, L] intermediate, run-time dt included.
 */
function s4dChannels(lam0: Node, B0: Node, C0: Node, dt: number | Node, L: number): Node {
  // a filled constant (ones(N) for S4D's B) takes the precision of the other parameters, as a numpy weak scalar would
  const strong = [lam0, B0, C0].filter((x) => x.op !== "fill");
  const single = strong.length > 0 && strong.every((x) => isSingle(tensorOf(x).dtype));
  const weak = (x: Node): Node => (x.op === "fill" && single && !isSingle(tensorOf(x).dtype) ? fill(x.arg.value, tensorOf(x).shape, isComplex(tensorOf(x).dtype) ? "c64" : "f32") : x);
  const [lam, B, C] = [lam0, B0, C0].map(weak);
  const ps = [lam, B, C].map((x, i) => channelShape(x, 1, ["lam", "B", "C"][i], i));
  const n = checkState(ps[0].dims[0], "the state size", 0);
  ps.forEach((p, i) => p.dims[0] === n || fail("E0301", `${["lam", "B", "C"][i]} must have ${n} states (lam's last axis) on its last axis, got ${typeStr(tensorOf([lam, B, C][i]))}`, i));
  let batch = channelBroadcast(channelBroadcast(ps[0].batch, ps[1].batch, "s4d_kernel's lam and B", 1), ps[2].batch, "s4d_kernel's lam, B and C", 2);
  checkLength(L, 4);
  const real = toReal(dtypes(lam, B, C));
  let step: Node;
  if (typeof dt === "number") step = scalar(checkStep(dt, 3), real);
  else {
    const t = requireFloat(dt, "dt", 3);
    if (isComplex(t.dtype)) fail("E0301", `step dt must be real, got ${typeStr(t)}`, 3);
    batch = channelBroadcast(batch, t.shape, "s4d_kernel's dt (one step per channel)", 3);
    step = t.shape.length ? insertAxis(dt, 0) : dt;
  }
  checkWork(L * n * batch.reduce<number>((a, d) => a * (d as number), 1), `an S4D kernel of length ${L} over ${n} states and channels ${typeStr(tensorType(real, batch))}`);
  const call = (name: string, ...args: (Node | number)[]) => callConstructor(name, args.map((value) => ({ value }))) as Node;
  const mul = (a: Node | number, b: Node) => binary("*", a, b) as Node;
  const dtA = mul(lam, step);
  const g = mul(mul(C, B), binary("/", binary("-", call("exp", dtA), 1), lam) as Node);
  const l = mk("const", tensorType(real, [L]), [], { data: Float64Array.from({ length: L }, (_, i) => i) });
  const K = call("sum", mul(insertAxis(g, 0), call("exp", mul(insertAxis(dtA, 0), l))), -2);
  return mul(2, call("real", K));
}

/**
 * dplr_kernel over one channel axis: lam, B, C [H, N], P [H, N] or [H, N, r], dt a number, a
 * scalar tensor or one step per channel [H] (run time, exp(log_dt)). One dplr_kernel per channel,
 * stacked to K [H, L]: the graph grows with H (H kernel ops), the work is H single kernels.
 */
function dplrChannels(lam: Node, P: Node, B: Node, C: Node, dt: number | Node, L: number): Node {
  const t = tensorOf(lam);
  if (t.shape.length !== 2) fail("E0301", `per-channel dplr_kernel takes one channel axis, lam [H, N]; got ${typeStr(t)}`, 0);
  const { batch: [H], dims: [n] } = channelShape(lam, 1, "lam", 0);
  const same = (x: Node, what: string, i: number) => {
    const s = tensorOf(x).shape;
    if (s.length !== 2 || s[0] !== H || s[1] !== n) fail("E0301", `${what} must be [${H}, ${n}] like lam (channels, states), got ${typeStr(tensorOf(x))}`, i);
  };
  same(B, "B", 2);
  same(C, "C", 3);
  const ps = tensorOf(P).shape;
  if (!((ps.length === 2 || ps.length === 3) && ps[0] === H && ps[1] === n))
    fail("E0301", `P must be [${H}, ${n}] or [${H}, ${n}, r] (channels, states, then the rank), got ${typeStr(tensorOf(P))}`, 1);
  const perChannel = typeof dt !== "number" && tensorOf(dt).shape.length === 1 && tensorOf(dt).shape[0] !== 1;
  if (perChannel && tensorOf(dt).shape[0] !== H) fail("E0301", `dt must have one step per channel, [${H}], got ${typeStr(tensorOf(dt as Node))}`, 4);
  // dt's channel h stays [1], which dplr_kernel takes as it is
  return stackChannels(Array.from({ length: H }, (_, h) => {
    const args: WrittenArg[] = [lam, P, B, C].map((x) => ({ value: channelRow(x, h) }));
    args.push({ value: perChannel ? channelRow(dt as Node, h, true) : dt }, { value: L });
    return callConstructor("dplr_kernel", args) as Node;
  }));
}

/** ssm_kernel over one channel axis: A [H, N, N], B, C [H, N], one step dt: one kernel per channel, stacked to [H, L]. */
function ssmChannels(A: Node, B: Node, C: Node, dt: number, L: number, method: Discretisation): Node {
  const t = requireFloat(A, "A", 0), [H, n, n2] = t.shape;
  if (t.shape.length !== 3 || typeof H !== "number" || typeof n !== "number" || n !== n2)
    fail("E0301", `per-channel ssm_kernel takes one channel axis, A [H, N, N]; got ${typeStr(t)}`, 0);
  [B, C].forEach((x, i) => {
    const s = tensorOf(x).shape;
    if (s.length !== 2 || s[0] !== H || s[1] !== n) fail("E0301", `${i ? "C" : "B"} must be [${H}, ${n}] like A (channels, states), got ${typeStr(tensorOf(x))}`, i + 1);
  });
  return stackChannels(Array.from({ length: H as number }, (_, h) =>
    callConstructor("ssm_kernel", [A, B, C].map((x): WrittenArg => ({ value: channelRow(x, h) })).concat([{ value: dt }, { value: L }, { value: method }])) as Node));
}

/** The largest low-rank correction dplr_kernel takes (the Woodbury solve is r x r per frequency). */
export const DPLR_MAX_RANK = 16;

/** The rank r of dplr_kernel's P: 1 for a vector [N], r for a matrix [N, r]. */
export function dplrRank(P: Node, n: number): number {
  const t = requireFloat(P, "P", 1);
  const [d, r] = t.shape;
  if (t.shape.length === 1 && d === n) return 1;
  if (t.shape.length === 2 && d === n && typeof r === "number" && r >= 1) {
    if (r > DPLR_MAX_RANK) fail("E0304", `the rank of P (${r}) is above the limit of ${DPLR_MAX_RANK}`, 1);
    return r;
  }
  return fail("E0301", `P must be [${n}] or [${n}, r] (the state size, then the rank), got ${typeStr(t)}`, 1);
}

/** dt as a source: a literal becomes an f64 scalar constant; a tensor must be a real [] or [1]. */
function stepNode(dt: number | Node, argIndex: number): Node {
  if (typeof dt === "number") return scalar(checkStep(dt, argIndex));
  const t = tensorOf(dt);
  if (isComplex(t.dtype) || t.dtype === "i64" || !(t.shape.length === 0 || (t.shape.length === 1 && t.shape[0] === 1)))
    fail("E0301", `step dt must be a number or a real scalar tensor ([] or [1]), got ${typeStr(t)}`, argIndex);
  return dt;
}

const T = (v: RValue) => v as CTensor;

function checkWork(work: number, what: string): void {
  if (work > ssmLimits.maxReferenceWork) fail("E0602", `${what} is too large for the reference interpreter (${work} steps)`);
}

/** A step dt given as a source (a literal's const or a run-time scalar), checked when evaluated. */
function runtimeStep(dt: RValue, op: string): number {
  const step = T(dt).re[0];
  if (!Number.isFinite(step) || step <= 0) fail("E0603", `${op}: step dt must be a positive finite number, got ${step}`);
  return step;
}

/** dplr_kernel's and dplr_spectrum's sources as dplrKernelSpectrum's arguments; dt is checked here (run time). */
function dplrArgs(L: number, [lam, p, b, c, dt]: RValue[]): [CTensor, CTensor, number, CTensor, CTensor, number, number] {
  const P = T(p), N = T(lam).re.length, r = P.shape.length === 2 ? P.shape[1] : 1, step = runtimeStep(dt, "dplr_kernel");
  checkWork(L * N * (r + 1) * (r + 1), `a DPLR kernel of length ${L}`);
  return [T(lam), P, r, T(b), T(c), step, L];
}

const asMat = (A: CTensor) => ({ rows: A.shape[0], cols: A.shape[0], re: A.re, im: A.im });

export const ssmOps = {
  hippo_A: {
    verify: (n) => (n.src.length === 0 && HIPPO_KINDS.includes(n.arg.kind) ? undefined : "hippo_A takes no sources and a known kind"),
    tensor(n) {
      const N = n.arg.n;
      const { A } = hippo(n.arg.kind, N);
      return ctensor([N, N], A);
    },
  },
  hippo_B: {
    verify: (n) => (n.src.length === 0 && HIPPO_KINDS.includes(n.arg.kind) ? undefined : "hippo_B takes no sources and a known kind"),
    tensor(n) {
      const N = n.arg.n;
      return ctensor([N], hippo(n.arg.kind, N).B);
    },
  },
  ssm_kernel: {
    verify: (n) => (n.src.length === 3 ? undefined : "ssm_kernel takes A, B, C"),
    tensor(n, [a, b, c]) {
      const A = T(a), { dt, L, method } = n.arg;
      const N = A.shape[0];
      checkWork(L * N * N, `an SSM kernel of length ${L} with ${N} states`);
      const K = ssmKernel({ rows: N, cols: N, re: A.re, im: A.im }, T(b), T(c), dt, L, method);
      return ctensor([L], K.re, K.im);
    },
  },
  s4d_kernel: {
    verify: (n) => (n.src.length === 4 ? undefined : "s4d_kernel takes lam, B, C, dt"),
    tensor(n, [lam, b, c, step]) {
      const { L } = n.arg, dt = runtimeStep(step, "s4d_kernel");
      checkWork(L * T(lam).re.length, `an S4D kernel of length ${L}`);
      return ctensor([L], s4dKernel(T(lam), T(b), T(c), dt, L));
    },
  },
  dplr_kernel: {
    verify: (n) => (n.src.length === 5 ? undefined : "dplr_kernel takes lam, P, B, C, dt"),
    tensor: (n, src) => ctensor([n.arg.L], dplrKernel(...dplrArgs(n.arg.L, src))),
  },
  dplr_spectrum: {
    verify: (n) => (n.src.length === 5 ? undefined : "dplr_spectrum takes lam, P, B, C, dt"),
    tensor(n, src) {
      const K = dplrKernelSpectrum(...dplrArgs(n.arg.L, src));
      return ctensor([n.arg.L], K.re, K.im);
    },
  },
  // Kernel-level lowerings of ssm_kernel (chosen by src/passes/rules/ssm.ts by N and L). Each
  // evaluates by its own route, so the choice is visible to constant folding and benchmarks.
  ssm_powers: {
    verify: (n) => (n.src.length === 3 ? undefined : "ssm_powers takes A, B, C"),
    tensor(n, [a, b, c]) {
      const A = T(a), { dt, L, method } = n.arg;
      checkWork(L * A.shape[0] * A.shape[0], `an SSM kernel of length ${L} with ${A.shape[0]} states`);
      const K = ssmKernel(asMat(A), T(b), T(c), dt, L, method);
      return ctensor([L], K.re, K.im);
    },
  },
  ssm_dplr: {
    verify: (n) =>
      n.src.length !== 3 ? "ssm_dplr takes A, B, C" : HIPPO_KINDS.includes(n.arg.kind) ? undefined : "ssm_dplr needs the HiPPO kind of A",
    tensor(n, [a, b, c]) {
      const A = T(a), { dt, L, kind } = n.arg;
      // A is hippo_A(kind, N) (the rule guarantees it), so its decomposition is shared by key
      const K = ssmKernelDPLRFast(asMat(A), hippoRankCorrection(kind, A.shape[0]), T(b), T(c), dt, L, n.src[0].op === "hippo_A" ? `${kind}:${A.shape[0]}` : undefined);
      return ctensor([L], K.re, K.im);
    },
  },
  ssm_basis: {
    verify: (n) => (n.src.length === 2 ? undefined : "ssm_basis takes A, B"),
    tensor(n, [a, b]) {
      // W[k, :] = Ā^k B̄ by the recurrence: ssm_kernel(A, B, C) = W C for every C
      const A = T(a), N = A.shape[0], { dt, L, method } = n.arg;
      checkWork(L * N * N, `an SSM basis of length ${L} with ${N} states`);
      const { Ab, Bb } = discretise(asMat(A), T(b), dt, method);
      const W = ctensor([L, N]);
      let xr = Bb.re, xi = Bb.im;
      for (let k = 0; k < L; k++) {
        W.re.set(xr, k * N);
        W.im.set(xi, k * N);
        if (k + 1 < L) [xr, xi] = matVec(Ab, xr, xi);
      }
      return W;
    },
  },
} satisfies OpDefs;
