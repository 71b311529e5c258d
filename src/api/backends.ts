// Backends for the library: picked from the registry (src/backends/index.ts) by name, so a new
// backend is reachable here with no change to the API. `js` names the cpu backend's artefact.
import { BACKEND_NAMES, BACKENDS, type Backend, COMPILE_TARGETS, COMPILING, TARGET_ALIASES, getBackend, isBackendName, targetName } from "../backends/index.js";
import { LincError } from "../ir/errors.js";
import { type HostArray, own } from "../ir/host.js";
import type { Program } from "../ir/program.js";
import type { FftRoute } from "../ir/fftplan.js";
import { didYouMean } from "../ir/suggest.js";
import type { Wisdom } from "../passes/schedule/wisdom.js";

export { TARGET_ALIASES };

export type Compiling = Backend & Required<Pick<Backend, "compile">>;
const compiles = (b: Backend | undefined): b is Compiling => b?.compile !== undefined;

// The rule for sync and async: a fact of the registry (a list of names) is a plain function; a
// function that loads a backend (and so may find its runtime missing) returns a Promise.

/** The backend names `run` accepts. */
export const backendNames = (): string[] => [...BACKEND_NAMES];

/** The named backend; E0801 listing the valid ones otherwise. */
export const backendNamed = (name: string): Promise<Backend> => getBackend(String(name));

/** The compile targets whose backends load here (the playground's bundle has no binaryen, so no wasm): aliases for backend names, in the registry's order. */
export async function compileTargets(): Promise<string[]> {
  // a backend whose module fails to load is not offered
  const loaded = await Promise.all(BACKEND_NAMES.filter((n) => COMPILING.includes(n)).map((n) => BACKENDS[n]().catch(() => undefined)));
  return loaded.filter(compiles).map((b) => targetName(b.name));
}

/** The backend a compile target names; E0801 listing the targets otherwise. */
export async function compilingBackend(target: string): Promise<Compiling> {
  const name = TARGET_ALIASES[target] ?? target;
  const backend = isBackendName(name) ? await getBackend(name) : undefined;
  if (compiles(backend)) return backend;
  // the registry's list: naming the targets loads no backend (binaryen alone takes a second)
  throw new LincError("E0801", `unknown target '${target}'; choose one of ${COMPILE_TARGETS.join(", ")}${didYouMean(target, COMPILE_TARGETS)}`);
}

/** The program lowered for `backend`, with `params` known at compile time. */
export async function lowerFor(backend: Backend, program: Program, params: Record<string, HostArray>, wisdom?: Wisdom, foldBudget?: number, fft?: FftRoute): Promise<Program> {
  const { lowerForBackend } = await import("../passes/index.js");
  const known = Object.fromEntries(program.params.filter((p) => Object.hasOwn(params, p.name)).map((p) => [p.name, own(params, p.name)!]));
  return lowerForBackend(program, { target: backend.target, params: known, wisdom, foldBudget, fft });
}
