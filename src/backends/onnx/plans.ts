// The radices of the FFT plans the `schedule` pass recorded on the lowered graph (src/passes/schedule,
// onnx entry: one dense MatMul up to 64 points, MatMul stages of the cost-minimising radices
// above), for the fused spectral products (spectral.ts). The backend renders a plan; it never re-plans.
import type { FftPlan, RealFftPlan } from "../../ir/index.js";
import type { Plan } from "./stages.js";

/** The MatMul stage radices of a plan: one stage for a direct plan; undefined for Rader and Bluestein (not fused). */
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
