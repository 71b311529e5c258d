// Files the CLI reads and writes. Reading: only regular files, checked with stat before anything
// is opened (a FIFO would block, a device never ends), and only up to a known size. Writing
// (.npy outputs, graphs, compiled artefacts) is atomic: the data goes to a temporary file in the
// same directory, is flushed, and is renamed over the target, so a failure never leaves a
// half-written file (E0706 names the file).
import { type Stats, closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
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

/** The largest spec file linc reads (1 MiB); larger ones are refused with E0707 before reading. */
export const MAX_SPEC_BYTES = 1024 * 1024;

/** What a path that is not a regular file is, for messages. */
function kindOf(st: Stats): string {
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isFIFO()) return "a FIFO";
  if (st.isSocket()) return "a socket";
  return "not a file";
}

/** Why an fs error happened, in words. */
export function fsReason(e: any): string {
  return e?.code === "ENOENT" ? "no such file" : e?.code === "EISDIR" ? "is a directory" : e?.code === "EACCES" ? "permission denied" : String(e?.message ?? e);
}

/**
 * Stat `file` (following links) without opening it and return its size; throws `fail(why)` when
 * it does not exist or is not a regular file (a directory, device, FIFO or socket).
 */
export function regularFileSize(file: string, fail: (why: string) => never): number {
  let st: Stats;
  try {
    st = statSync(file);
  } catch (e) {
    return fail(fsReason(e));
  }
  if (st.isDirectory()) return fail("is a directory");
  if (!st.isFile()) return fail(`not a regular file (${kindOf(st)})`);
  return st.size;
}

/**
 * Read `length` bytes of a regular file from `position` into a fresh buffer; fewer when the file
 * is shorter (the caller compares). Opened only after `regularFileSize` accepted the path.
 */
export function readRange(file: string, position: number, length: number, fail: (why: string) => never): Uint8Array {
  const out = new Uint8Array(length);
  let got = 0;
  try {
    const fd = openSync(file, "r");
    try {
      while (got < length) {
        const n = readSync(fd, out, got, length - got, position + got);
        if (n === 0) break;
        got += n;
      }
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return fail(fsReason(e));
  }
  return got === length ? out : out.subarray(0, got);
}
