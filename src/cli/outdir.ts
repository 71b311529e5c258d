// All-or-nothing writing of a set of output files: every file is first written into a fresh
// temporary directory on the destination's file system (inside it, links followed), and only when all of them succeeded are they
// moved into place. A file already at a destination is set aside first and put back if a later
// move fails, so a failed run leaves the output directory as it found it.
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { DiagnosticsError, LincError } from "../ir/errors.js";
import type { HostArray } from "../ir/host.js";
import { realPath, writeReason } from "./files.js";
import { writeNpy } from "./npy.js";

/** E0706 naming the user's path; the staging path never appears in the reason. */
const cannotWrite = (what: string, e: any, staging?: string): LincError =>
  e instanceof LincError && !(e instanceof DiagnosticsError)
    ? new LincError(e.code, staging ? e.detail.split(staging).join(what) : e.detail)
    : new LincError("E0706", `cannot write ${what}: ${writeReason(e, staging ? [staging] : [])}`);

/** Write `<dir>/<name>.npy` for every array; creates `dir` if missing. Returns the paths written. */
export function writeOutputs(dir: string, arrays: Record<string, HostArray>): string[] {
  // the real directory (links followed): staging happens on its file system, never across one
  const target = realPath(dir);
  const names = Object.keys(arrays);
  if (existsSync(target) && !statSync(target).isDirectory()) throw new LincError("E0706", `cannot write outputs to ${dir}: it exists and is not a directory`);
  // Refuse early what a rename could not replace, before anything is touched.
  for (const n of names) {
    const dest = join(target, `${n}.npy`);
    if (existsSync(dest) && !statSync(dest).isFile()) throw new LincError("E0706", `cannot write ${join(dir, n + ".npy")}: it exists and is not a file`);
  }
  const parent = dirname(target);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw cannotWrite(parent, e);
  }
  // inside the directory when it exists (even a mount point is then the same file system), else beside it
  let staging: string;
  try {
    staging = existsSync(target) ? mkdtempSync(join(target, ".linc-staging-")) : mkdtempSync(join(parent, `.${basename(target)}.linc-`));
  } catch (e) {
    throw cannotWrite(dir, e);
  }
  const moved: { dest: string; backup?: string }[] = [];
  let createdDir = false;
  try {
    for (const n of names) writeNpy(join(staging, `${n}.npy`), arrays[n]);
    if (!existsSync(target)) {
      mkdirSync(target, { recursive: true });
      createdDir = true;
    }
    const backups = join(staging, ".previous");
    mkdirSync(backups);
    for (const n of names) {
      const dest = join(target, `${n}.npy`);
      const step: { dest: string; backup?: string } = { dest };
      if (existsSync(dest)) renameSync(dest, (step.backup = join(backups, `${n}.npy`)));
      moved.push(step);
      renameSync(join(staging, `${n}.npy`), dest);
    }
    return names.map((n) => join(dir, `${n}.npy`));
  } catch (e) {
    // Undo in reverse: remove what was moved in, put back what was there.
    for (const step of moved.reverse()) {
      rmSync(step.dest, { force: true });
      if (step.backup) renameSync(step.backup, step.dest);
    }
    if (createdDir) rmSync(target, { recursive: true, force: true });
    throw cannotWrite(dir, e, staging);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
