// The one place binaryen.js (the wasm code generator and optimiser) is loaded: lazily, when the
// wasm backend is first used, so that linc runs without it (it is an optional peer dependency)
// and only `--backend wasm` / `--target wasm` ask for it.
import type BinaryenModule from "binaryen";
import { loadOptional } from "../shared/optional.js";

export type Binaryen = typeof BinaryenModule;

let loaded: Binaryen | undefined;

/** Loads binaryen.js once; E0802 with the install command when it is not installed. */
export async function loadBinaryen(): Promise<Binaryen> {
  if (loaded) return loaded;
  const m: { default?: Binaryen } & Partial<Binaryen> = await loadOptional("binaryen", "the wasm backend", () => import("binaryen"));
  loaded = m.default ?? (m as Binaryen); // the default export, or the namespace itself where a loader flattens it
  return loaded;
}

/** binaryen.js, once loadBinaryen has run (the backend's loader awaits it before anything compiles). */
export function binaryen(): Binaryen {
  if (!loaded) throw new Error("internal: binaryen used before loadBinaryen()");
  return loaded;
}
