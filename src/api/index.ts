// linc as a library: `import { check, compile, run, explain } from "linc"`. This layer composes
// the front end (src/dsl), the optimiser (src/passes) and the backends' registry
// (src/backends/index.ts) as the command line does; each is loaded on first use. spec/api.md
// documents it.
export { check, parse, type ArraySpec, type Diagnostic, type ParseResult, type Signature, type SourceOptions, type Spec } from "./source.js";
export { compile, artifactFiles, typingsFile, FFT_STRATEGIES, OPSETS, type CompileOptions, type Compiled } from "./compile.js";
export { run, type RunOptions } from "./run.js";
export { explain, type Cost, type ExplainOptions, type Explanation, type PassReport } from "./explain.js";
export { backendNames, compileTargets } from "./backends.js";
export { tune, type TuneOptions, type TuneProgress, type TuneResult, type TunedSize } from "./tune.js";
export { checkWisdom, currentMachine, type MachineInfo, type Wisdom, type WisdomCheck } from "./wisdom.js";
export { DiagnosticsError, LincError, type ErrorCode } from "../ir/errors.js";
export type { HostArray, HostData } from "../ir/host.js";
export type { DType } from "../ir/types.js";
