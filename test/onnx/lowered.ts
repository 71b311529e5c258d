// The ONNX backend consumes the optimiser's kernel graph: this is what the CLI does before
// compileOnnx / runOnnx. If folding a param spectrum is refused by the reference interpreter
// (a transform too large for its dense meaning), the program is lowered with the params unbound
// and the backend folds or lowers those spectra itself.
import { LincError, type HostArray, type Program } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";

export function lowerForOnnx(p: Program, params: Record<string, HostArray> = {}): Program {
  try {
    return lowerForBackend(p, { target: "onnx", params });
  } catch (e) {
    if (e instanceof LincError && e.code === "E0602") return lowerForBackend(p, { target: "onnx" });
    throw e;
  }
}
