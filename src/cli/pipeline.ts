// `--after PASS` and `--target T`: run the optimiser's pass pipeline (src/passes) for a target,
// up to and including a named pass, so the graph can be looked at between passes. The target
// and pass names are checked by the library's own checks (src/api/explain.ts), as usage errors.
import type { Program } from "../ir/program.js";
import { asUsage } from "./load.js";

export async function runPipelineUntil(program: Program, last: string, target = "reference"): Promise<Program> {
  const api = await import("../api/explain.js");
  const checked = await asUsage(() => api.targetNamed(target));
  await asUsage(api.checkPassName(last));
  const { runPipeline } = await import("../passes/index.js");
  return runPipeline(program, { target: checked }, last).program;
}
