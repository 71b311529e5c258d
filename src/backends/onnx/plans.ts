// Reading the FFT plans the `schedule` pass recorded on the lowered graph (src/passes/schedule,
// onnx entry: one dense MatMul up to 64 points, MatMul stages of the cost-minimising radices
// above, Bluestein for prime factors above 256). The backend renders a plan; it never re-plans.
import { type FftPlan, type Node, type RealFftPlan, LincError } from "../../ir/index.js";
import type { Plan } from "./stages.js";

/** The recorded plan of a Fourier node; a lowered graph always has one. */
export function planOf(n: Node): FftPlan | RealFftPlan {
  const p = n.op === "dft" || n.op === "rdft" || n.op === "irdft" || n.op === "dct" ? n.arg.plan : undefined;
  if (!p) throw new LincError("E0801", `op '${n.op}' reached the onnx backend without an FFT plan: lower it with lowerForBackend(program, { target: "onnx" })`);
  return p;
}

export const realPlan = (n: Node): RealFftPlan => {
  const p = planOf(n);
  if (!("via" in p)) throw new Error(`internal: ${n.op} has a complex-transform plan`);
  return p;
};

/** The MatMul stage radices of a plan: one stage for a direct plan; undefined for Rader and Bluestein. */
export function stagesOf(p: FftPlan): number[] | undefined {
  if (p.algo === "direct") return [p.n];
  if (p.algo === "mixed") return [...p.radices];
  return undefined;
}

/**
 * Stages of the full-size FFT of a real transform, for the fused pipelines (spectral.ts) that
 * run it with a real first stage: the onnx schedule records real transforms "full"; a half-size
 * plan (another schedule) is not fused.
 */
export const fullSizeStages = (p: RealFftPlan): number[] | undefined => (p.via === "full" ? stagesOf(p.fft) : undefined);

/** A staged plan of size n with these radices, forward (sign -1) or inverse. */
export const staged = (n: number, dims: readonly number[], inverse: boolean): Plan => ({ n, dims: [...dims], sign: inverse ? 1 : -1 });
