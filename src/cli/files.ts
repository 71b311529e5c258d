// Writing files the CLI produces (.npy outputs, graphs, compiled artefacts) atomically: the data
// goes to a temporary file in the same directory, is flushed, and is renamed over the target,
// so a failure never leaves a half-written file (E0706 names the file).
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { LincError } from "../ir/errors.js";

export function writeAtomic(file: string, data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    const fd = openSync(tmp, "wx");
    try {
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e: any) {
    rmSync(tmp, { force: true });
    throw new LincError("E0706", `cannot write ${file}: ${e.code === "ENOENT" ? "no such directory" : e.message}`);
  }
}
