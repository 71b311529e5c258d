// linc's optimiser: the pass pipeline, rewrite rules as data, the planner and cost model.
//
// After `lowerForBackend(program, {target, params})` a graph uses only the KERNEL OP SET that
// every backend renders:
//   operators: dft (any n) rdft irdft dct wht eye diag perm bitrev stride window reverse dense
//              lowrank kron blockdiag butterfly monarch compose opsum scale, and — kept direct
//              when the cost model finds them small — toeplitz circulant hankel conv;
//   tensors:   input param const fill apply add sub mul div neg conj real imag abs relu tanh invperm
//              sin exp softshrink slice pad cast circ_embed mtranspose materialize minverse
//              gaunt_direct gaunt_fourier sh_matrix (the sphere family's two Gaunt routes and the
//              SH matrix; the state-space ops are folded to constants, or become ssm_basis @ C)
// An `apply` node whose dtype is real while its operator is complex means the real part of
// the product (the rewrites only produce this where the exact result is real).
export { PIPELINE, PASS_NAMES, runPipeline, lowerForBackend, type PassOptions, type PassRecord, type PipelineResult } from "./pipeline.js";
export { applyRules, type Rule, type RewriteCtx, sameType } from "./rewrite.js";
export { graphCost, operatorFlops, fftFlops, smoothEmbeddingSize, type Cost } from "./schedule/cost.js";
export { SCHEDULES, TARGETS, type Schedule, type Target, type FftSchedule } from "./schedule/table.js";
export { planFft, describePlan, primeFactors, nextPow2, stageRadices, codeletPow2Radices } from "./schedule/fft.js";
export { recordPlans, realPlan, planLines, inverseType } from "./schedule/record.js";
export { verifyGraph } from "./verify.js";
export { foldConstants } from "./fold.js";
export { algebraRules } from "./rules/algebra.js";
export { adjointRules } from "./rules/adjoint.js";
export { structureRules } from "./rules/structure.js";
export { applyRules as applyLevelRules, halvingRules } from "./rules/apply.js";
export { sphereRules } from "./rules/sphere.js";
export { ssmRules } from "./rules/ssm.js";

export const KERNEL_OPERATOR_OPS = [
  "dft", "rdft", "irdft", "dct", "wht", "eye", "diag", "perm", "bitrev", "stride", "window", "reverse", "dense", "lowrank",
  "kron", "blockdiag", "butterfly", "monarch", "compose", "opsum", "scale", "toeplitz", "circulant", "hankel", "conv",
] as const;
