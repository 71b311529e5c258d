// Files the CLI reads and writes. Reading: only regular files, checked with stat before anything
// is opened (a FIFO would block, a device never ends), and only up to a known size. Writing
// (.npy outputs, graphs, compiled artefacts) is atomic: the data goes to a temporary file in the
// real directory of the target (links followed, so never across file systems), is flushed, and
// is renamed over the target, so a failure never leaves a half-written file; several files (a
// module and its typings) are written all or nothing. E0706 names the user's path.
import { type Stats, closeSync, copyFileSync, existsSync, fsyncSync, linkSync, openSync, readSync, realpathSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { LincError } from "../ir/errors.js";

/**
 * The real path of `path`, links followed, so a temporary file staged beside it is on its file
 * system (a rename across file systems fails with EXDEV): the nearest existing ancestor is
 * resolved and the rest appended.
 */
export function realPath(path: string): string {
  const rest: string[] = [];
  for (let p = resolve(path); ; ) {
    try {
      return join(realpathSync(p), ...rest);
    } catch {
      const up = dirname(p);
      if (up === p) return resolve(path);
      rest.unshift(basename(p));
      p = up;
    }
  }
}

/** Why a write failed, in words and without the temporary path (messages name the user's path). */
export function writeReason(e: any, staged: readonly string[] = []): string {
  const words: Record<string, string> = {
    ENOENT: "no such directory",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EROFS: "read-only file system",
    ENOSPC: "no space left on device",
    EISDIR: "is a directory",
    ENOTDIR: "a part of the path is not a directory",
  };
  if (typeof e?.code === "string" && words[e.code]) return words[e.code];
  let m = String(e?.message ?? e);
  for (const t of staged) m = m.split(t).join("<temporary file>");
  return m;
}

const tmpBeside = (dest: string, tag: string) => join(dirname(dest), `.${basename(dest)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.${tag}`);

function writeFlushed(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, "wx");
  try {
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A copy of an existing file, set aside so it can be put back (a hard link where the file system allows). */
function setAside(dest: string): string {
  const backup = tmpBeside(dest, "prev");
  try {
    linkSync(dest, backup);
  } catch {
    copyFileSync(dest, backup);
  }
  return backup;
}

/**
 * Write several files all or nothing: each is written to a temporary file beside its real
 * destination (links followed), then each is renamed into place; if any step fails, the files
 * already moved are put back as they were (or removed, where there was none) and E0706 names the
 * user's path of the file that failed.
 */
export function writeAllAtomic(files: readonly (readonly [string, string | Uint8Array])[]): void {
  const steps = files.map(([file, data]) => {
    const dest = realPath(file);
    return { file, dest, tmp: tmpBeside(dest, "tmp"), bytes: typeof data === "string" ? new TextEncoder().encode(data) : data, backup: undefined as string | undefined, moved: false };
  });
  let current = steps[0]?.file ?? "";
  try {
    for (const st of steps) {
      current = st.file;
      writeFlushed(st.tmp, st.bytes);
    }
    for (const st of steps) {
      current = st.file;
      if (steps.length > 1 && existsSync(st.dest) && statSync(st.dest).isFile()) st.backup = setAside(st.dest);
      renameSync(st.tmp, st.dest);
      st.moved = true;
    }
  } catch (e) {
    for (const st of [...steps].reverse()) {
      if (!st.moved) continue;
      if (st.backup) renameSync(st.backup, st.dest);
      else rmSync(st.dest, { force: true });
      st.backup = undefined;
    }
    throw new LincError("E0706", `cannot write ${current}: ${writeReason(e, steps.flatMap((st) => [st.tmp, st.dest]))}`);
  } finally {
    for (const st of steps) {
      rmSync(st.tmp, { force: true });
      if (st.backup) rmSync(st.backup, { force: true });
    }
  }
}

/** Write one file atomically (a temporary file beside its real destination, flushed, renamed over it). */
export function writeAtomic(file: string, data: string | Uint8Array): void {
  writeAllAtomic([[file, data]]);
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
 * The text (UTF-8) of a regular file of at most `limit` bytes: a spec, a wisdom. Anything else (a
 * directory, device, FIFO, socket, a larger file) is `fail(why)`, decided by stat before the file
 * is opened, and a file that grew since is still caught (one byte more than the limit is read).
 */
export function readTextFile(file: string, limit: number, fail: (why: string) => never): string {
  const tooBig = (size: number) => fail(`it is ${size} bytes, above the limit of ${limit >= 1 << 20 && limit % (1 << 20) === 0 ? `${limit >> 20} MiB (${limit} bytes)` : `${limit} bytes`}`);
  const size = regularFileSize(file, fail);
  if (size > limit) return tooBig(size);
  const bytes = readRange(file, 0, limit + 1, fail);
  if (bytes.length > limit) return tooBig(bytes.length);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8"); // as readFileSync(file, "utf8")
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
