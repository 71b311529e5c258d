// Writing a compiled kernel to disk: kernel.mjs (bundled by esbuild as a neutral ES module)
// and kernel.d.mts, each written to a temporary file and renamed into place, so a failure
// never leaves a half-written artefact behind.
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { type HostArray, type Program, fail } from "../../ir/index.js";
import { compileCpu } from "./index.js";

export interface EmittedModule {
  modulePath: string;
  typingsPath: string;
}

/** Paths of the two files: `out` is a directory, or the .mjs/.js path of the module. */
function targets(out: string): EmittedModule {
  const ext = extname(out);
  if (ext === ".mjs" || ext === ".js") {
    const stem = join(dirname(out), basename(out, ext));
    return { modulePath: out, typingsPath: `${stem}${ext === ".mjs" ? ".d.mts" : ".d.ts"}` }; // what TypeScript looks for
  }
  return { modulePath: join(out, "kernel.mjs"), typingsPath: join(out, "kernel.d.mts") };
}

function atomicWrite(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    fail("E0706", `cannot write ${path}: ${(e as Error).message}`);
  }
}

export async function emitModule(program: Program, out: string, opts: { params?: Record<string, HostArray> } = {}): Promise<EmittedModule> {
  const art = compileCpu(program, opts);
  const { build } = await import("esbuild");
  const res = await build({
    stdin: { contents: art.moduleSource(), loader: "js", sourcefile: "kernel.mjs" },
    bundle: true,
    format: "esm",
    platform: "neutral",
    write: false,
    logLevel: "silent",
  });
  const t = targets(out);
  mkdirSync(dirname(t.modulePath), { recursive: true });
  atomicWrite(t.modulePath, res.outputFiles[0].text);
  atomicWrite(t.typingsPath, art.moduleTypings(basename(t.modulePath)));
  return t;
}
