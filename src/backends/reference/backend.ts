// The reference backend as a `Backend`: the float64 / complex128 interpreter runs any graph, so
// every kernel op is covered and there is no standalone artefact to compile.
import { type KernelOp, KERNEL_OPS, evalStages, evaluate } from "../../ir/index.js";
import type { Backend } from "../backend.js";

const everyOp = Object.fromEntries(KERNEL_OPS.map((k) => [k, undefined])) as { [K in KernelOp]: undefined };

export const referenceBackend: Backend = {
  name: "reference",
  doc: "float64 interpreter: the living definition",
  target: "reference",
  coverage: everyOp,
  run: async (lowered, bindings) => evaluate(lowered, bindings),
  runStages: async (p, inputs, run) => evalStages(p, inputs, run),
};
