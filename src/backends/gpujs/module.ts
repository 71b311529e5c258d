// Writing a compiled gpujs kernel to disk (`linc compile SPEC --target gpujs -o kernel.mjs`):
// one ES module importing gpu.js, written to a temporary file and renamed into place so a
// failure never leaves a half-written artefact behind.
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { type HostArray, type Program, fail } from "../../ir/index.js";
import { compileGpujs } from "./index.js";

/** Writes the module to `out` (a .mjs/.js path, or a directory that gets kernel.mjs); returns its path. */
export function emitGpujsModule(program: Program, out: string, opts: { params?: Record<string, HostArray> } = {}): string {
  const text = compileGpujs(program, opts).moduleSource();
  const path = [".mjs", ".js"].includes(extname(out)) ? out : join(out, "kernel.mjs");
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    fail("E0706", `cannot write ${path}: ${(e as Error).message}`);
  }
  return path;
}
