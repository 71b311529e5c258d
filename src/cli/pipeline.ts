// `--after PASS`: run the optimiser's pass pipeline (src/passes) up to and including a named
// pass, lowering for a given backend, so the graph can be looked at between passes.
import type { Program } from "../ir/program.js";
import { CliError } from "./report.js";

export type Target = "reference" | "cpu" | "gpujs" | "onnx";
export const TARGETS: readonly Target[] = ["reference", "cpu", "gpujs", "onnx"];

export async function passNames(): Promise<string[]> {
  return [...(await import("../passes/index.js")).PASS_NAMES];
}

export async function runPipelineUntil(program: Program, last: string, target: Target = "reference"): Promise<Program> {
  const { PASS_NAMES, runPipeline } = await import("../passes/index.js");
  if (!PASS_NAMES.includes(last)) throw new CliError(`unknown pass '${last}'; passes are ${PASS_NAMES.join(", ")}`);
  if (!TARGETS.includes(target)) throw new CliError(`unknown target '${target}'; choose one of ${TARGETS.join(", ")}`);
  return runPipeline(program, { target }, last).program;
}
