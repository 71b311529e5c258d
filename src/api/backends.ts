// Backends for the library: picked from the registry (src/backends/index.ts) by name, so a new
// backend is reachable here with no change to the API. `js` names the cpu backend's artefact.
import { BACKEND_NAMES, BACKENDS, type Backend, getBackend, isBackendName } from "../backends/index.js";
import { LincError } from "../ir/errors.js";
import { type HostArray, own } from "../ir/host.js";
import type { Program } from "../ir/program.js";
import { didYouMean } from "../ir/suggest.js";
import type { Wisdom } from "../passes/schedule/wisdom.js";

/** Compile targets that are not backend names: `js` is the cpu backend's ES module. */
export const TARGET_ALIASES: Readonly<Record<string, string>> = { js: "cpu" };

export type Compiling = Backend & Required<Pick<Backend, "compile">>;
const compiles = (b: Backend | undefined): b is Compiling => b?.compile !== undefined;
const shownName = (name: string) => Object.keys(TARGET_ALIASES).find((a) => TARGET_ALIASES[a] === name) ?? name;

/** The backend names `run` accepts. */
export const backendNames = (): string[] => [...BACKEND_NAMES];

/** The named backend; E0801 listing the valid ones otherwise. */
export const backendNamed = (name: string): Promise<Backend> => getBackend(String(name));

/** The compile targets: aliases and the backends that compile, in the registry's order. */
export async function compileTargets(): Promise<string[]> {
  // a backend whose module fails to load is not offered
  const loaded = await Promise.all(BACKEND_NAMES.map((n) => BACKENDS[n]().catch(() => undefined)));
  return loaded.filter(compiles).map((b) => shownName(b.name));
}

/** The backend a compile target names; E0801 listing the targets otherwise. */
export async function compilingBackend(target: string): Promise<Compiling> {
  const name = TARGET_ALIASES[target] ?? target;
  const backend = isBackendName(name) ? await getBackend(name) : undefined;
  if (compiles(backend)) return backend;
  const targets = await compileTargets();
  throw new LincError("E0801", `unknown target '${target}'; choose one of ${targets.join(", ")}${didYouMean(target, targets)}`);
}

/** The program lowered for `backend`, with `params` known at compile time. */
export async function lowerFor(backend: Backend, program: Program, params: Record<string, HostArray>, wisdom?: Wisdom, foldBudget?: number): Promise<Program> {
  const { lowerForBackend } = await import("../passes/index.js");
  const known = Object.fromEntries(program.params.filter((p) => Object.hasOwn(params, p.name)).map((p) => [p.name, own(params, p.name)!]));
  return lowerForBackend(program, { target: backend.target, params: known, wisdom, foldBudget });
}
