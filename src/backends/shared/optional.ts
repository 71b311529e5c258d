// Optional runtimes (onnxruntime-node, gpu.js, binaryen) are optional peer dependencies of the
// package: an app that installs linc for `--target js` does not download them. A backend loads
// its runtime here on first use; a missing one is E0802 naming the package to install.
import { LincError } from "../../ir/errors.js";

const cache = new Map<string, Promise<unknown>>();

/** Whether `e` says that `pkg` itself (not one of its own imports) could not be found. */
function isMissing(e: unknown, pkg: string): boolean {
  const err = e as { code?: string; message?: string };
  const notFound = err?.code === "ERR_MODULE_NOT_FOUND" || err?.code === "MODULE_NOT_FOUND" || /Cannot find (module|package)/.test(err?.message ?? "");
  return notFound && (err.message ?? "").includes(`'${pkg}'`);
}

/**
 * The module `importer` loads (write it as `() => import("pkg")`, so that types and bundlers see
 * the name), loaded once; E0802 "install `pkg`" when it is not installed, E0802 with the cause when
 * it is installed but fails to load (a native binding built for another platform, say).
 */
export function loadOptional<M>(pkg: string, purpose: string, importer: () => Promise<M>): Promise<M> {
  let hit = cache.get(pkg) as Promise<M> | undefined;
  if (!hit) {
    hit = importer().catch((e: unknown): never => {
      cache.delete(pkg); // installed later in the same process (a REPL, a test): try again
      if (isMissing(e, pkg))
        throw new LincError("E0802", `${purpose} needs the package '${pkg}', which is not installed: run \`npm install ${pkg}\``);
      throw new LincError("E0802", `${purpose} needs the package '${pkg}', which failed to load: ${(e as Error)?.message ?? e}`);
    });
    cache.set(pkg, hit);
  }
  return hit;
}
