// Running a program on a backend from the command line (`linc run`, `demo`, `bench`): the
// backend comes from the registry (src/backends/index.ts), the program is lowered for it with
// the params bound in this run known at compile time, and a backend that forgets an output is
// reported rather than silently skipped.
import { type Backend, BACKEND_NAMES, getBackend, isBackendName, unknownBackend } from "../backends/index.js";
import { LincError } from "../ir/errors.js";
import { type HostArray, own } from "../ir/host.js";
import type { Program } from "../ir/program.js";
import type { Wisdom } from "../passes/schedule/wisdom.js";
import { CliError } from "./report.js";

export type Bindings = Record<string, HostArray>;

export const backendNames = (): string[] => [...BACKEND_NAMES];

/** The named backend; an unknown name is a usage error listing the valid ones. */
export async function backendNamed(name: string): Promise<Backend> {
  if (!isBackendName(name)) throw new CliError(unknownBackend(name));
  return getBackend(name);
}

/** The program lowered for `backend`, with the params bound in `bindings` folded in. */
export async function lowerFor(backend: Backend, program: Program, bindings: Bindings, wisdom?: Wisdom, foldBudget?: number): Promise<Program> {
  const { lowerForBackend } = await import("../passes/index.js");
  const params = Object.fromEntries(program.params.filter((p) => Object.hasOwn(bindings, p.name)).map((p) => [p.name, own(bindings, p.name)!]));
  return lowerForBackend(program, { target: backend.target, params, wisdom, foldBudget });
}

/** Run a lowered program; E0801 when the backend produced no value for an output. */
export async function runLowered(backend: Backend, lowered: Program, bindings: Bindings): Promise<Bindings> {
  const out = await backend.run(lowered, bindings);
  const missing = lowered.outputs.filter((o) => !own(out, o.name)).map((o) => o.name);
  if (missing.length) throw new LincError("E0801", `backend '${backend.name}' produced no value for output ${missing.map((m) => `'${m}'`).join(", ")}`);
  return out;
}

/** Lower for the backend and run: one array per output. */
export const runOn = async (backend: Backend, program: Program, bindings: Bindings): Promise<Bindings> =>
  runLowered(backend, await lowerFor(backend, program, bindings), bindings);
