// The cpu backend as a `Backend`: the lowered graph compiled to a JavaScript kernel. `run` keeps
// the kernel of the last params it was given per program (runCpu); `compile` gives the
// standalone ES module and its typings (extra[".d.ts"]: the writer names the file for the
// module's, kernel.d.mts beside kernel.mjs).
import { type Artifact, type Backend, coverageOf } from "../backend.js";
import { compileCpu, runCpu } from "./index.js";
import { CPU_TABLE } from "./table.js";
import { runStages } from "./stagerun.js";

/** A generated module (this generator's, or that of a backend built on it) as the artefact `linc compile` writes. */
export const moduleArtifact = (art: { moduleSource(): string; moduleTypings(moduleFile?: string): string }, moduleFile?: string): Artifact => ({
  text: art.moduleSource(),
  extra: { ".d.ts": art.moduleTypings(moduleFile) },
  ext: ".mjs",
});

export const cpuBackend: Backend = {
  name: "cpu",
  doc: "generated JavaScript kernels",
  target: "cpu",
  coverage: coverageOf<unknown>(CPU_TABLE),
  run: runCpu,
  compile: (lowered, opts = {}) => moduleArtifact(compileCpu(lowered, { params: opts.params }), opts.moduleFile),
  runStages,
};
