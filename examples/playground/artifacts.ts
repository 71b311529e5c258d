// The compiled artefact of each backend that compiles (the registry, src/backends/index.ts) for
// the current program, as the CLI's `linc compile` makes it: either params left unbound (graph
// inputs in ONNX, runtime arguments of the JS modules), or random params bound at compile time
// (folded and embedded), the user's choice. Built lazily and kept per program and choice.
import { BACKENDS, BACKEND_NAMES, type Artifact, type Backend, type CompileOptions } from "../../src/backends/index.js";
import type { Program } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { randomParams } from "./bindings.js";

export interface ArtifactChoice {
  /** true: params become inputs (unbound); false: random params (seeded) bound at compile time. */
  paramsAsInputs: boolean;
  batch: number;
  seed: number;
}

/**
 * The registry's backends that compile and load in the page. The wasm backend does not: its code
 * generator (binaryen.js, 15 MB) is left out of the playground's bundle, so its loader rejects
 * (E0802) and it is not offered.
 */
export const compilingBackends = async (): Promise<Backend[]> =>
  (await Promise.all(BACKEND_NAMES.map((n) => BACKENDS[n]().catch(() => undefined)))).filter((b): b is Backend => !!b?.compile);

const cache = new WeakMap<Program, Map<string, Artifact>>();

/** `b`'s artefact for `p` under `choice` (throws the backend's LincError when it cannot compile it). */
export function artifactOf(b: Backend, p: Program, choice: ArtifactChoice): Artifact {
  const key = `${b.name} ${choice.paramsAsInputs ? "inputs" : `bound ${choice.batch} ${choice.seed}`}`;
  let per = cache.get(p);
  if (!per) cache.set(p, (per = new Map()));
  const hit = per.get(key);
  if (hit) return hit;
  const params = choice.paramsAsInputs || !p.params.length ? undefined : randomParams(p, choice.batch, choice.seed);
  const lowered = lowerForBackend(p, { target: b.target, params });
  // the ONNX flag travels with the params (as in `linc compile`); the module backends ignore it
  const opts: CompileOptions & Record<string, unknown> = { params, paramsAsInputs: choice.paramsAsInputs };
  const art = b.compile!(lowered, opts);
  per.set(key, art);
  return art;
}

/** `kernel.gpujs.mjs`, `kernel.cpu.mjs`, `kernel.onnx`: the backend's name unless the extension says it. */
export const fileName = (b: Backend, ext: string) => (ext === `.${b.name}` ? `kernel${ext}` : `kernel.${b.name}${ext}`);
