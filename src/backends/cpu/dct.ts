// DCT types 1-4 and their inverses (scipy.fft conventions) as calls into the runtime DCT
// kernels (lib/dct.ts), each one complex FFT per row: O(n log n) for every n.
//
// Inverses by the known relations: idct(type t, norm) = dct(type t', norm') with t' = 1, 3,
// 2, 4 for t = 1, 2, 3, 4 and backward <-> forward swapped (ortho stays): the unnormalised
// matrices satisfy M2^-1 = M3 / 2n, M3^-1 = M2 / 2n, M4^-1 = M4 / 2n, M1^-1 = M1 / 2(n-1).
// Complex rows are split into real and imaginary planes (a DCT is a real matrix).
import type { NodeOf, Norm, RealFftPlan } from "../../ir/index.js";
import { type Expr, type Ref, mulE } from "./gen.js";
import { type Ctx, stagesOf } from "./operators.js";

const INVERSE_TYPE: Record<number, number> = { 1: 1, 2: 3, 3: 2, 4: 4 };
const SWAP: Record<Norm, Norm> = { backward: "forward", forward: "backward", ortho: "ortho" };

/** The scalings each kernel takes for a (type, norm) pair, in its argument order. */
function scalings(type: number, norm: Norm, n: number): number[] {
  const f = (c: number) => (norm === "forward" ? 1 / c : 1);
  switch (type) {
    case 1: {
      const c = 2 * (n - 1);
      return norm === "ortho" ? [Math.SQRT2, Math.SQRT1_2, 1 / Math.sqrt(c)] : [1, 1, f(c)];
    }
    case 2:
      return norm === "ortho" ? [Math.sqrt(1 / (4 * n)), Math.sqrt(1 / (2 * n))] : [f(2 * n), f(2 * n)];
    case 3:
      return norm === "ortho" ? [1 / Math.sqrt(n), 1 / Math.sqrt(2 * n)] : [f(2 * n), f(2 * n)];
    default:
      return norm === "ortho" ? [Math.sqrt(1 / (2 * n)), Math.sqrt(1 / (2 * n))] : [f(2 * n), f(2 * n)];
  }
}

/** `plan`: the recorded plan of the complex FFT the (effective) type runs. */
export function emitDct(ctx: Ctx, A: NodeOf<"dct">, plan: RealFftPlan, x: Ref, B: Expr, y: Ref): void {
  const { n, type: t0, norm: norm0, inverse } = A.arg;
  const type = inverse ? INVERSE_TYPE[t0] : t0;
  const norm = inverse ? SWAP[norm0] : norm0;
  const g = ctx.gen;
  // the FFT each type runs, in float64 on a scratch row of its own
  const m = type === 1 ? 2 * (n - 1) : type === 4 ? 2 * n : n;
  if (plan.fft.n !== m) throw new Error(`internal: dct type ${type} of ${n} points runs an FFT of ${m}, but its plan is for ${plan.fft.n}`);
  const F = g.fft(plan.fft, type === 3, "d", 1, stagesOf(A, A.arg.fftStages));
  const T = type === 1 ? "null" : g.table(`dctTw:${n}:${type === 4 ? 4 : 2}`, `${g.lib.use("dctTw")}(${n}, ${type === 4 ? 4 : 2})`);
  const S = g.table(`scratch:${2 * m}`, `new Float64Array(${2 * m})`);
  const fn = g.lib.use(`dct${type}`, ctx.prec);
  const args = scalings(type, norm, n);
  const run = (xs: Ref, ys: Ref, rows: Expr) =>
    g.line(ctx.stage, `${fn}(${[F, T, S, xs.name, xs.off, ys.name, ys.off, n, rows, ...args].join(", ")});`);
  if (x.kind === "R") return run(x, y, B);
  // complex rows: planes [2B, n] through the real kernel and back
  const size = mulE(B, 2 * n);
  const p = g.acquire(ctx.stage, ctx.prec, size), q = g.acquire(ctx.stage, ctx.prec, size);
  g.line(ctx.stage, `${g.lib.use("deint", ctx.prec)}(${x.name}, ${x.off}, ${p}, ${n}, ${B});`);
  run({ name: p, off: 0, kind: "R", prec: ctx.prec }, { name: q, off: 0, kind: "R", prec: ctx.prec }, mulE(B, 2));
  g.line(ctx.stage, `${g.lib.use("inter", ctx.prec)}(${q}, ${y.name}, ${y.off}, ${n}, ${B});`);
}
