// linc's optimiser: the pass pipeline, rewrite rules as data, the per-target schedule, the FFT
// planner and the cost model.
//
// After `lowerForBackend(program, {target, params})` a graph holds only kernel ops (KERNEL_OPS of
// the op registry, src/ir/ops.ts), with the planner's choices for that target recorded on them.
// An `apply` node whose dtype is real while its operator is complex means the real part of
// the product (the rewrites only produce this where the exact result is real).
export { PIPELINE, PASS_NAMES, runPipeline, lowerForBackend, type PassOptions, type PassRecord, type PipelineResult } from "./pipeline.js";
export { applyRules, type Rule, type RewriteCtx, sameType } from "./rewrite.js";
export { graphCost, operatorFlops, fftFlops, smoothEmbeddingSize, type Cost } from "./schedule/cost.js";
export { SCHEDULES, TARGETS, type Schedule, type Target, type FftSchedule } from "./schedule/table.js";
export { planFft, describePlan, primeFactors, nextPow2, stageRadices, codeletPow2Radices } from "./schedule/fft.js";
export { recordPlans, realPlan, planLines, inverseType, fftPrecisions } from "./schedule/record.js";
export { WISDOM_FORMAT, WISDOM_VERSION, MAX_WISDOM_BYTES, MAX_FFT_LENGTH, TUNE_TARGETS, parseWisdom, checkPlan, renderChoices, machineDifference, wisdomLookup, scheduleWith, FFT_PRECISIONS, type FftPrecision, type WisdomLookup, type Wisdom, type WisdomPlan, type WisdomRoute, type MachineInfo, type TuneTarget, type PlanLookup } from "./schedule/wisdom.js";
export { type TuneCandidate, candidatePlans, describeCandidate, embeddingCandidates, tunerCandidates } from "./schedule/candidates.js";
export { lowerToStages, stageLines, LOWERED_OPS, type LoweredOp, lowerOp, fftProgram, rfftProgram, irfftProgram } from "./lower/index.js";
export { verifyGraph } from "./verify.js";
export { foldConstants } from "./fold.js";
export { DEFAULT_FOLD_BUDGET, foldCost, checkFoldCost } from "./foldcost.js";
export { algebraRules } from "./rules/algebra.js";
export { adjointRules } from "./rules/adjoint.js";
export { structureRules } from "./rules/structure.js";
export { applyRules as applyLevelRules, halvingRules } from "./rules/apply.js";
export { sphereRules } from "./rules/sphere.js";
export { ssmRules } from "./rules/ssm.js";
export { blockCirculantRules, cayleyRules } from "./rules/cayley.js";
