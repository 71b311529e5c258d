// explain(source, { target }): what the optimiser did for a target, as data: per pass the rules
// it fired and the op count, flops and bytes (per batch row) before and after; then the
// planner's choices recorded on the lowered graph (`dft(1024): mixed [8,8,16]`); with `stages`,
// the stage programs those ops lower to (src/passes/lower), one line per stage.
import { LincError } from "../ir/errors.js";
import { type Program, type Target, TARGETS } from "../ir/program.js";
import { didYouMean } from "../ir/suggest.js";
import { type Spec, programOf } from "./source.js";
import { type Wisdom, usableWisdom } from "./wisdom.js";

export interface Cost {
  nodes: number;
  flops: number;
  bytes: number;
}

export interface PassReport {
  name: string;
  doc: string;
  before: Cost;
  after: Cost;
  /** Rules that fired, with how many times. */
  rules: { rule: string; count: number }[];
}

export interface Explanation {
  target: Target;
  passes: PassReport[];
  /** One line per planned transform of the lowered graph. */
  plans: string[];
  /** With `stages`: per covered op a heading, then one line per stage of its program. */
  stages?: string[];
  /** The ops whose stage programs the `lower` pass records on this target (schedule stageOps). */
  stageOps?: string[];
  /** The IR as text after `dumpAfter`, when asked. */
  dump?: string;
  /** Warnings (a wisdom measured on another machine, ignored). */
  warnings?: string[];
}

export interface ExplainOptions {
  /** The backend whose schedule the pipeline lowers for (default "cpu"). */
  target?: string;
  /** Also give the IR as text after this pass. */
  dumpAfter?: string;
  file?: string;
  /** Measured FFT plans (`linc tune`) the schedule uses; ignored with a warning when measured elsewhere. */
  wisdom?: Wisdom | string;
  /** Also list the stage programs the lowered graph's ops lower to. */
  stages?: boolean;
  /** The work budget of constant folding at compile time (estimated operations; default 2^32): above it, E0604 before anything is evaluated (spec/limits.md). */
  foldBudget?: number;
}

export const isTarget = (name: unknown): name is Target => (TARGETS as readonly unknown[]).includes(name);

/** The target named, or E0801 listing the valid ones. */
export function targetNamed(name: string): Target {
  if (!isTarget(name)) throw new LincError("E0801", `unknown target '${name}'; choose one of ${TARGETS.join(", ")}${didYouMean(name, TARGETS)}`);
  return name;
}

/** The pass names; E0801 when `name` is none of them. */
export async function checkPassName(name: string): Promise<void> {
  const { PASS_NAMES } = await import("../passes/index.js");
  if (!PASS_NAMES.includes(name)) throw new LincError("E0801", `unknown pass '${name}'; passes are ${PASS_NAMES.join(", ")}${didYouMean(name, PASS_NAMES)}`);
}

/** Explain the pipeline on a program already parsed (the CLI's path). */
export async function explainProgram(program: Program, opts: ExplainOptions = {}): Promise<Explanation> {
  const target = targetNamed(opts.target ?? "cpu");
  if (opts.dumpAfter !== undefined) await checkPassName(opts.dumpAfter);
  const { PIPELINE, SCHEDULES, planLines, renderChoices, runPipeline, stageLines } = await import("../passes/index.js");
  const warnings: string[] = [];
  const wisdom = await usableWisdom(opts.wisdom, (w) => warnings.push(w));
  const { log, program: lowered } = runPipeline(program, { target, wisdom, foldBudget: opts.foldBudget });
  const passes = log.map((rec) => ({
    name: rec.name,
    doc: PIPELINE.find((p) => p.name === rec.name)?.doc ?? "",
    before: { ...rec.before },
    after: { ...rec.after },
    rules: rec.fired.map(([rule, count]) => ({ rule, count })),
  }));
  const plans = planLines(lowered.outputs.map((o) => o.node), renderChoices(SCHEDULES[target], wisdom), SCHEDULES[target]);
  const extra = {
    ...(warnings.length ? { warnings } : {}),
    ...(opts.stages ? { stages: stageLines(lowered.outputs.map((o) => o.node), SCHEDULES[target]), stageOps: [...SCHEDULES[target].stageOps] } : {}),
  };
  if (opts.dumpAfter === undefined) return { target, passes, plans, ...extra };
  const { printProgram } = await import("../ir/printer.js");
  return { target, passes, plans, ...extra, dump: printProgram(runPipeline(program, { target, wisdom, foldBudget: opts.foldBudget }, opts.dumpAfter).program) };
}

/** Explain what the optimiser does to a spec for a target. */
export async function explain(source: Spec, opts: ExplainOptions = {}): Promise<Explanation> {
  targetNamed(opts.target ?? "cpu");
  return explainProgram(await programOf(source, { file: opts.file }), opts);
}
