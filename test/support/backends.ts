// The backends a cross-backend test runs, from the one registry (src/backends/index.ts): a new
// backend joins every such test by itself. A test that cannot run one names it with the reason,
// and `skipExcluded` shows that reason in the report instead of dropping the backend silently.
// A backend that refuses an op says so with E0801; `refusal` tells a test which ops to expect
// that refusal for, from the backend's own coverage table.
import { it } from "vitest";
import { BACKEND_NAMES, type Backend } from "../../src/backends/index.js";
import { type Program, type Target, isKernelOp, toposort } from "../../src/ir/index.js";

/**
 * The relative error (of the output's peak) a backend's float64 results are held to against the
 * reference, and its float32 results (spec/backends.md's bounds): a Record, so a new backend
 * states its own. gpujs computes in float32 on the device whatever the dtype.
 */
export const F64_BOUND: Readonly<Record<Target, number>> = { reference: 1e-12, cpu: 1e-12, wasm: 1e-12, onnx: 1e-10, gpujs: 2e-4 };
export const F32_BOUND: Readonly<Record<Target, number>> = { reference: 1e-6, cpu: 1e-5, wasm: 1e-5, onnx: 1e-4, gpujs: 2e-4 };

/** Backends a test leaves out, each with the reason it cannot run them. */
export type Exclusions = Partial<Record<Target, string>>;

function pick(names: readonly Target[], exclude: Exclusions): Target[] {
  for (const [name, why] of Object.entries(exclude))
    if (!(BACKEND_NAMES as readonly string[]).includes(name) || !why?.trim()) throw new Error(`exclusion of '${name}' needs a backend name and a reason`);
  return names.filter((n) => !(n in exclude));
}

/** A backend that compiles a lowered program: every one but the reference interpreter. */
export type Compiled = Exclude<Target, "reference">;

/** Every backend that compiles a lowered program, in registry order, less the exclusions. */
export const compiledBackends = (exclude: Exclusions = {}): Compiled[] => pick(BACKEND_NAMES.filter((n): n is Compiled => n !== "reference"), exclude) as Compiled[];

/** Every backend, the reference interpreter included (it runs lowered graphs too), less the exclusions. */
export const allBackends = (exclude: Exclusions = {}): Target[] => pick(BACKEND_NAMES, exclude);

/** One skipped test per exclusion, named with its reason: the report shows what was not run and why. */
export function skipExcluded(exclude: Exclusions): void {
  for (const [name, why] of Object.entries(exclude)) it.skip(`${name}: not run (${why})`, () => {});
}

/** The first kernel op of a lowered program that the backend does not render, with its reason (the E0801 it will raise), or undefined when it renders them all. */
export function refusal(backend: Backend, lowered: Program): { op: string; reason: string } | undefined {
  for (const n of toposort(lowered.outputs.map((o) => o.node))) {
    if (!isKernelOp(n.op)) continue;
    const reason = backend.coverage[n.op];
    if (reason !== undefined) return { op: n.op, reason };
  }
  return undefined;
}
