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

export const complexPlan = (n: Node): FftPlan => {
  const p = planOf(n);
  if ("via" in p) throw new Error(`internal: ${n.op} has a real-transform plan`);
  return p;
};

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
 * Stages of the full-size complex FFT a real transform's plan implies, for the pipelines that
 * exploit realness by packing two real rows into one complex row (spectral.ts): a half-size
 * plan's stages with its last (smallest) radix doubled when even — one stage fewer than an extra
 * radix-2 stage, which costs a pass over the data — else with a radix-2 stage appended.
 */
export function fullSizeStages(p: RealFftPlan): number[] | undefined {
  const s = stagesOf(p.fft);
  if (!s || p.via === "full") return s;
  const last = s[s.length - 1];
  return last % 2 === 0 ? [...s.slice(0, -1), 2 * last] : [...s, 2];
}

/** A staged plan of size n with these radices, forward (sign -1) or inverse. */
export const staged = (n: number, dims: readonly number[], inverse: boolean): Plan => ({ n, dims: [...dims], sign: inverse ? 1 : -1 });
