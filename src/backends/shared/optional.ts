// Optional runtimes (onnxruntime-node, gpu.js, binaryen) are optional peer dependencies of the
// package: an app that installs linc for `--target js` does not download them. A backend loads
// its runtime here on first use; a missing one is E0802 naming the package to install.
import { LincError } from "../../ir/errors.js";

const cache = new Map<string, Promise<unknown>>();

/**
 * The install command that works for each optional runtime, where the plain one does not:
 * onnxruntime-node's install script downloads CUDA libraries (which fails or hangs without
 * network access) unless told to skip them; its CPU build, the one linc uses, is in the package.
 * spec/troubleshooting.md says the same at more length.
 */
const INSTALL: Readonly<Record<string, string>> = {
  "onnxruntime-node": "ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node",
};

/** The command that installs `pkg` (with the switches it needs), as the E0802 message prints it. */
export const installCommand = (pkg: string): string => (Object.hasOwn(INSTALL, pkg) ? INSTALL[pkg] : `npm install ${pkg}`);

/** Whether `e` says that `pkg` itself (not one of its own imports) could not be found. */
function isMissing(e: unknown, pkg: string): boolean {
  const err = e as { code?: string; message?: string };
  const notFound = err?.code === "ERR_MODULE_NOT_FOUND" || err?.code === "MODULE_NOT_FOUND" || /Cannot find (module|package)/.test(err?.message ?? "");
  return notFound && (err.message ?? "").includes(`'${pkg}'`);
}

/** E0802's message for a runtime that is not installed. */
export const notInstalled = (pkg: string, purpose: string): string =>
  `${purpose} needs the package '${pkg}', which is not installed: run \`${installCommand(pkg)}\`${Object.hasOwn(INSTALL, pkg) ? " (linc's spec/troubleshooting.md says why)" : ""}`;

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
        throw new LincError("E0802", notInstalled(pkg, purpose));
      throw new LincError("E0802", `${purpose} needs the package '${pkg}', which failed to load: ${(e as Error)?.message ?? e}`);
    });
    cache.set(pkg, hit);
  }
  return hit;
}
