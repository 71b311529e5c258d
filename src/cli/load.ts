// Loading a spec: read the file (E0707 when it cannot be read, is not a regular file, or is over
// MAX_SPEC_BYTES) and parse it into a Program.
// The front end (through src/api) is imported lazily so `linc --help` starts without loading the compiler.
import { LincError } from "../ir/errors.js";
import type { Program } from "../ir/program.js";
import { MAX_SPEC_BYTES, readRange, regularFileSize } from "./files.js";
import { CliError } from "./report.js";

export function readSpec(file: string): string {
  const fail = (why: string): never => {
    throw new LincError("E0707", `cannot read spec file ${file}: ${why}`);
  };
  const tooBig = (size: number) => fail(`it is ${size} bytes, above the limit of 1 MiB (${MAX_SPEC_BYTES} bytes)`);
  const size = regularFileSize(file, fail);
  if (size > MAX_SPEC_BYTES) return tooBig(size);
  // One byte more than the limit: a file that grew since the stat is still caught.
  const bytes = readRange(file, 0, MAX_SPEC_BYTES + 1, fail);
  if (bytes.length > MAX_SPEC_BYTES) return tooBig(bytes.length);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8"); // as readFileSync(file, "utf8")
}

/** Read and parse a spec (through the library API); throws DiagnosticsError (with positions) on a malformed spec. */
export async function loadProgram(file: string): Promise<Program> {
  const source = readSpec(file);
  const { programOf } = await import("../api/source.js");
  return programOf(source, { file });
}

/**
 * The library's "unknown name" and "bad option" errors (E0801, E0205) are usage errors on the
 * command line: `error: ...`, exit status 2.
 */
export async function asUsage<T>(p: Promise<T> | (() => T)): Promise<T> {
  try {
    return await (typeof p === "function" ? p() : p);
  } catch (e) {
    if (e instanceof LincError && (e.code === "E0801" || e.code === "E0205")) throw new CliError(e.detail);
    throw e;
  }
}
