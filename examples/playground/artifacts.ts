// The compiled artefact of each compile target for the current program, made by the library API
// (src/api: `compile(program, { target })`, as `linc compile` makes it): either params left
// unbound (graph inputs in ONNX, runtime arguments of the JS modules), or random params bound at
// compile time (folded and embedded), the user's choice. Built lazily and kept per program and
// choice (the promise is kept, so a view and a download asking at once compile once).
import { type Compiled, artifactFiles, compile, compileTargets } from "../../src/api/index.js";
import type { Program } from "../../src/ir/index.js";
import { randomParams } from "./bindings.js";

export interface ArtifactChoice {
  /** true: params become inputs (unbound); false: random params (seeded) bound at compile time. */
  paramsAsInputs: boolean;
  batch: number;
  seed: number;
}

/**
 * The API's compile targets ("js", "gpujs", "onnx"): those whose backend loads in the page. The
 * wasm backend's does not: its code generator (binaryen.js, 15 MB) is left out of the
 * playground's bundle, so its loader rejects and `compileTargets()` does not offer it.
 */
export const pageTargets = (): Promise<string[]> => compileTargets();

const cache = new WeakMap<Program, Map<string, Promise<Compiled>>>();

/**
 * The artefact of `target` for `p` under `choice` (rejects with the LincError the backend throws
 * when it cannot compile it); `moduleFile` is the name its typings' header gives the module.
 */
export function artifactOf(target: string, p: Program, choice: ArtifactChoice, moduleFile?: string): Promise<Compiled> {
  const key = `${target} ${choice.paramsAsInputs ? "inputs" : `bound ${choice.batch} ${choice.seed}`} ${moduleFile ?? ""}`;
  let per = cache.get(p);
  if (!per) cache.set(p, (per = new Map()));
  const hit = per.get(key);
  if (hit) return hit;
  const params = choice.paramsAsInputs || !p.params.length ? undefined : randomParams(p, choice.batch, choice.seed);
  // paramsAsInputs is the ONNX option (as in `linc compile`); the module targets ignore it
  const art = compile(p, { target, params, paramsAsInputs: choice.paramsAsInputs, moduleFile });
  per.set(key, art);
  art.catch(() => per.delete(key)); // a failure is not kept: asking again shows it again
  return art;
}

/** `kernel.gpujs.mjs`, `kernel.cpu.mjs`, `kernel.onnx`: the backend's name unless the extension says it. */
export const fileName = (c: Compiled) => (c.ext === `.${c.backend}` ? `kernel${c.ext}` : `kernel.${c.backend}${c.ext}`);

/**
 * The files a download saves for `target`: the artefact and, for a JavaScript module, its
 * TypeScript declarations (`kernel.cpu.mjs` and `kernel.cpu.d.mts`, whose header names the module).
 */
export async function downloadFiles(target: string, p: Program, choice: ArtifactChoice): Promise<[string, string | Uint8Array][]> {
  let art = await artifactOf(target, p, choice);
  const main = fileName(art);
  if (art.typings !== undefined) art = await artifactOf(target, p, choice, main);
  return artifactFiles(art, main);
}
