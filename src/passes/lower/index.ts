// The `lower` pass: each kernel op that the target's schedule renders from stages
// (`Schedule.stageOps`) gets the stage program it lowers to, recorded in its arguments as
// `arg.stages`, the way the `schedule` pass records `arg.plan`.
//
// Why a field and not a new `stages` kernel op: the graph keeps its shape, so every rule, the
// reference interpreter, the cost model and every backend table see the same kernel ops as
// before (a new kernel op would be one more entry in every backend's table, and a graph change
// the backends that still render kernel ops would have to undo); the program is plain data,
// so the hash-consing factory keys it like a plan; and a backend that renders stages reads the
// program where it reads the plan today. The programs come from the recorded plans (the
// planner's own on the reference target, whose `schedule` pass records none). Their tables
// cost what a backend's kernel pays at load time (for a prime n near 2^20, Bluestein's about
// 3 s), which only the targets listing the op pay.
import { type Node, type NodeOf, type OpArgs, type StageProgram, fftScale, mk, rebuild, stageLine, toposort } from "../../ir/index.js";
import { outerPlan, realPlan } from "../schedule/record.js";
import type { Schedule } from "../schedule/table.js";
import { type LoweredOp, type Planner, fftProgram, isLowered, lowerOp, rfftProgram } from "./ops.js";

export { LOWERED_OPS, LOWERINGS, type LoweredOp, fftProgram, irfftProgram, lowerOp, rfftProgram } from "./ops.js";
export { fft, irfft, rfft } from "./fft.js";

const plannerOf = (s: Schedule): Planner => ({ fft: (n) => outerPlan(n, s), real: (n) => realPlan(n, s) });

/** Record the stage program of every op the schedule renders from stages. */
export function lowerToStages(roots: readonly Node[], s: Schedule): Node[] {
  const ops = new Set<string>(s.stageOps);
  if (!ops.size) return [...roots];
  const plans = plannerOf(s);
  return rebuild(roots, (n, src) => {
    if (n.op === "dft" && ops.has("dft")) return mk("dft", n.type, src, { ...n.arg, stages: lowerOp(n, plans), realStages: realRows(n, plans) });
    if (n.op === "dct" && ops.has("dft") && n.arg.plan) return mk("dct", n.type, src, { ...n.arg, fftStages: fftProgram(n.arg.plan.fft, dctRunsInverse(n.arg.type, n.arg.inverse), 1) });
    if (ops.has(n.op) && isLoweredNode(n)) return withStages(n.op, n.arg, n, src, lowerOp(n, plans));
    return src.every((x, i) => x === n.src[i]) ? n : mk(n.op, n.type, src, n.arg);
  });
}

/** A dft's real-row program: the first n/2 + 1 bins of real rows by the real plan, scaled as the dft is (a backend completes and conjugates them). */
const realRows = (n: NodeOf<"dft">, plans: Planner): StageProgram => rfftProgram(n.arg.real ?? plans.real(n.arg.n), fftScale(n.arg.norm, n.arg.n, n.arg.inverse));

/**
 * Whether a DCT's complex FFT is the inverse one: the backends' DCT kernels (scipy's relations)
 * run type 3 through an inverse FFT, and idct of type t is the dct of type 1, 3, 2, 4.
 */
const dctRunsInverse = (type: number, inverse: boolean): boolean => (inverse ? type === 2 : type === 3);

/**
 * The stage programs of a lowered graph's covered ops, for `linc explain --stages`: a heading
 * per op, a line per stage. An op the target does not render from stages yet shows what its
 * recorded plan lowers to (the same lowering, run here for the listing only).
 */
export function stageLines(roots: readonly Node[], s: Schedule): string[] {
  const plans = plannerOf(s);
  return toposort(roots).flatMap((n) => {
    const p = programOf(n, plans);
    if (!p) return [];
    const bufs = [...p.inputs, ...p.outputs, ...p.temps].map((b) => `${b.name}${b.shared ? " (shared)" : ""}: ${b.dtype}[${b.len}]`);
    const size = "n" in n.arg ? n.arg.n : p.inputs[0].len;
    return [`${n.op}(${size}): ${p.stages.length} stage${p.stages.length === 1 ? "" : "s"} over ${bufs.join(", ")}`, ...p.stages.map((st) => `  ${stageLine(st)}`)];
  });
}

const programOf = (n: Node, plans: Planner): StageProgram | undefined => (isLoweredNode(n) ? (n.arg.stages ?? lowerOp(n, plans)) : undefined);

const isLoweredNode = (n: Node): n is NodeOf<LoweredOp> => isLowered(n.op);

/** The op rebuilt over `src` with its program (which depends on its arguments and types only). */
const withStages = <K extends LoweredOp>(op: K, arg: OpArgs[K], n: Node, src: readonly Node[], stages: StageProgram): Node =>
  mk<K>(op, n.type, src, { ...arg, stages });
