// Components that may be absent from a build (a backend not written yet, the pass pipeline):
// import them only when their file exists, so that absence reads as "not available" rather
// than as a crash, while a component that exists but fails to load still reports its error.
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The file a module specifier relative to src/cli (written with a .js suffix) resolves to, if any. */
export function moduleFile(rel: string): string | undefined {
  const path = fileURLToPath(new URL(rel, import.meta.url));
  return [path.replace(/\.js$/, ".ts"), path].find((p) => existsSync(p));
}

/** Import `rel` if it exists, else undefined. */
export async function importOptional<T = Record<string, unknown>>(rel: string): Promise<T | undefined> {
  const file = moduleFile(rel);
  return file ? ((await import(pathToFileURL(file).href)) as T) : undefined;
}
