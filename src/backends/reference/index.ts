// The reference backend: linc's float64 / complex128 interpreter. It evaluates any graph, before
// or after any pass, by each op's catalogue meaning (src/ir/eval.ts); every other backend and
// every pass is checked against it.
export { bindEnv, denseOf, evalNodes, evaluate } from "../../ir/eval.js";
import { type HostArray, type Program, evaluate } from "../../ir/index.js";

/** The backend-runner shape shared with cpu, gpujs and onnx. */
export async function runReference(program: Program, bindings: Record<string, HostArray>): Promise<Record<string, HostArray>> {
  return evaluate(program, bindings);
}
