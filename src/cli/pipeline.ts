// `--after PASS` and `--target T`: run the optimiser's pass pipeline (src/passes) for a target,
// up to and including a named pass, so the graph can be looked at between passes.
import { type Program, type Target, TARGETS } from "../ir/program.js";
import { didYouMean } from "../ir/suggest.js";
import { CliError } from "./report.js";

const isTarget = (name: string): name is Target => (TARGETS as readonly string[]).includes(name);

/** The target named on the command line; a usage error listing the valid ones otherwise. */
export function targetNamed(name: string): Target {
  if (!isTarget(name)) throw new CliError(`unknown target '${name}'; choose one of ${TARGETS.join(", ")}${didYouMean(name, TARGETS)}`);
  return name;
}

export async function runPipelineUntil(program: Program, last: string, target = "reference"): Promise<Program> {
  const { PASS_NAMES, runPipeline } = await import("../passes/index.js");
  if (!PASS_NAMES.includes(last)) throw new CliError(`unknown pass '${last}'; passes are ${PASS_NAMES.join(", ")}${didYouMean(last, PASS_NAMES)}`);
  return runPipeline(program, { target: targetNamed(target) }, last).program;
}
