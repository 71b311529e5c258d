// The reference meanings of every op, in one table keyed by the op registry: tsc checks that
// each op of src/ir/ops.ts has an entry (a new op without a meaning does not compile). The
// entries live with their families in src/ir/ops/*.ts; the evaluator (eval.ts) and the
// verifier (src/passes/verify.ts) read them from here.
import type { OpDef } from "./catalogue.js";
import type { OpName } from "./ops.js";
import { algebraOps } from "./ops/algebra.js";
import { cayleyOps } from "./ops/cayley.js";
import { fastFactorOps } from "./ops/fastfactors.js";
import { fourierOps } from "./ops/fourier.js";
import { sphereKernelOps, sphereSourceOps } from "./ops/sphere.js";
import { ssmOps } from "./ops/ssm.js";
import { structureOps } from "./ops/structure.js";
import { layoutOps } from "./ops/layout.js";
import { mixOps } from "./ops/mix.js";
import { tensorOps } from "./ops/tensor.js";
import { toeplitzOps } from "./ops/toeplitz.js";

export const REFERENCE: { readonly [K in OpName]: OpDef<K> } = {
  ...tensorOps,
  ...layoutOps,
  ...mixOps,
  ...algebraOps,
  ...fourierOps,
  ...structureOps,
  ...toeplitzOps,
  ...fastFactorOps,
  ...sphereSourceOps,
  ...sphereKernelOps,
  ...ssmOps,
  ...cayleyOps,
};

/** The reference meaning of op (every op has one). */
export const getOpDef = <K extends OpName>(op: K): OpDef<K> => REFERENCE[op] as OpDef<K>;
