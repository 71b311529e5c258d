// The pass pipeline: a readable list of named passes. Each takes the output roots and returns
// new roots with the same meaning (checked against the reference interpreter in the tests).
// `runPipeline` records what each pass did and the estimated cost before and after, and can
// stop after any named pass (`--after` / `--dump-after`).
import { type FftRoute, type HostArray, type Node, type Program, LincError, OPS, isKernelOp, toposort, typeStr, withOutputs } from "../ir/index.js";
import { foldConstants } from "./fold.js";
import { type Cost, graphCost } from "./schedule/cost.js";
import { recordPlans } from "./schedule/record.js";
import { lowerToStages } from "./lower/index.js";
import { SCHEDULES, type Target, withFftRoute } from "./schedule/table.js";
import { type Wisdom, renderChoices, scheduleWith, wisdomLookup } from "./schedule/wisdom.js";
import { type RewriteCtx, type Rule, applyRules } from "./rewrite.js";
import { adjointRules } from "./rules/adjoint.js";
import { axesRules, lowerAxesRules } from "./rules/axes.js";
import { algebraRules } from "./rules/algebra.js";
import { blockCirculantRules, cayleyRules } from "./rules/cayley.js";
import { applyRules as applyLevelRules, halvingRules } from "./rules/apply.js";
import { structureRules } from "./rules/structure.js";
import { sphereRules } from "./rules/sphere.js";
import { ssmRules } from "./rules/ssm.js";
import { verifyGraph } from "./verify.js";

export interface PassOptions {
  /** Backend the graph is lowered for: its schedule (schedule/table.ts) makes every per-target choice. */
  target: Target;
  /** Param values known at compile time (enables constant folding of their spectra etc.). */
  params?: Record<string, HostArray>;
  /** Measured FFT plans (`linc tune`), already checked: the schedule pass uses them before the cost model. */
  wisdom?: Wisdom;
  /** The budget of constant folding's estimated work (foldcost.ts; default DEFAULT_FOLD_BUDGET): above it, E0604. */
  foldBudget?: number;
  /** The FFT route asked of the schedule (`linc compile --fft`; schedule/table.ts withFftRoute): "auto" by default. */
  fft?: FftRoute;
}

export interface Pass {
  name: string;
  doc: string;
  run(roots: readonly Node[], ctx: RewriteCtx, opts: PassOptions): Node[];
}

const ruleset = (name: string, doc: string, rules: Rule[]): Pass => ({ name, doc, run: (roots, ctx) => applyRules(roots, rules, ctx) });

export const PIPELINE: readonly Pass[] = [
  ruleset("algebra", "inverse cancellation (along any axis), Kronecker mixed product, diag fusion, scale folding, transposes/inverses pushed to leaves, applications along different axes in one order", [...axesRules, ...cayleyRules, ...algebraRules, ...adjointRules]),
  ruleset("lower-axes", "an application along a non-last axis -> permute, apply on the last axis, permute back (adjacent permutes fuse)", lowerAxesRules),
  ruleset("lower-structure", "Toeplitz/Hankel/conv -> circulant embedding -> spectral form (FFT)", [...structureRules, ...blockCirculantRules, ...sphereRules, ...ssmRules, ...algebraRules, ...adjointRules]),
  ruleset("lower-apply", "operator chains -> kernel applications; inverse pairs cancel (transform once)", [...applyLevelRules, ...algebraRules, ...lowerAxesRules]),
  ruleset("halve-real", "real results of inverse DFTs of Hermitian spectra computed with rdft/irdft (half the work)", [...halvingRules, ...applyLevelRules]),
  { name: "fold-constants", doc: "evaluate everything that depends only on constants and bound params", run: (roots, _ctx, o) => foldConstants(roots, o.params ?? {}, o.foldBudget) },
  { name: "schedule", doc: "record the target's FFT plans (algorithm, radices, Rader/Bluestein sizes) on the kernel ops", run: (roots, ctx, o) => (ctx.schedule.target === "reference" ? [...roots] : recordPlans(roots, ctx.schedule, wisdomLookup(o.wisdom, o.target))) },
  { name: "lower", doc: "record on each kernel op the target renders from stages (schedule stageOps) the stage program it lowers to (src/passes/lower)", run: (roots, ctx) => lowerToStages(roots, ctx.schedule) },
];

export const PASS_NAMES = PIPELINE.map((p) => p.name);

export interface PassRecord {
  name: string;
  fired: [string, number][];
  before: Cost;
  after: Cost;
}

export interface PipelineResult {
  program: Program;
  log: PassRecord[];
}

/** Run the pipeline (or its prefix up to and including `stopAfter`), verifying after every pass. */
export function runPipeline(program: Program, opts: PassOptions, stopAfter?: string): PipelineResult {
  let roots = program.outputs.map((o) => o.node);
  const log: PassRecord[] = [];
  const boundParams = new Set(Object.keys(opts.params ?? {}));
  if (opts.foldBudget !== undefined && !(opts.foldBudget > 0)) throw new LincError("E0205", `the folding budget must be a positive number, got ${opts.foldBudget}`);
  for (const pass of PIPELINE) {
    const ctx: RewriteCtx = { boundParams, schedule: withFftRoute(scheduleWith(SCHEDULES[opts.target], opts.wisdom), opts.fft), fired: new Map() };
    const before = graphCost(roots);
    roots = pass.run(roots, ctx, opts);
    verifyGraph(roots, pass.name);
    log.push({ name: pass.name, fired: [...ctx.fired], before, after: graphCost(roots) });
    if (pass.name === stopAfter) break;
  }
  return { program: withOutputs(program, roots), log };
}

/**
 * Lower a program for a backend: the whole pipeline, then a check that only kernel ops are left;
 * the schedule's renderer choices (with the wisdom's) recorded on the program (Program.render).
 */
export function lowerForBackend(program: Program, opts: PassOptions): Program {
  const lowered = runPipeline(program, opts).program;
  if (opts.target !== "reference")
    for (const n of toposort(lowered.outputs.map((o) => o.node)))
      if (!isKernelOp(n.op)) throw new LincError("E0801", unlowered(n, opts.target));
  const render = renderChoices(SCHEDULES[opts.target], opts.wisdom);
  return render ? { ...lowered, render } : lowered;
}

/** Why a source op survived lowering, in the user's terms. */
function unlowered(n: Node, target: Target): string {
  const what = `${n.op}${n.src[0] && OPS[n.op].kind === "operator" ? ` of ${n.src[0].op}` : ""} (${typeStr(n.type)})`;
  if (n.op === "transpose" || n.op === "adjoint" || n.op === "inv")
    return `${what} has no structured lowering, and it is above the ${target} schedule's dense fallback limit of ${SCHEDULES[target].denseFallbackLimit} entries`;
  return `${what} has no lowering for the ${target} backend here (bind its inputs as params at compile time so that it folds to a constant)`;
}
