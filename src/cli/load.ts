// Loading a spec: read the file (E0707 when it cannot be read, is not a regular file, or is over
// MAX_SPEC_BYTES) and parse it into a Program.
// The front end (through src/api) is imported lazily so `linc --help` starts without loading the compiler.
import { DiagnosticsError, LincError } from "../ir/errors.js";
import type { Program } from "../ir/program.js";
import { MAX_SPEC_BYTES, readTextFile } from "./files.js";
import { CliError, cliDetail } from "./report.js";

export function readSpec(file: string): string {
  const fail = (why: string): never => {
    throw new LincError("E0707", `cannot read spec file ${file}: ${why}`);
  };
  return readTextFile(file, MAX_SPEC_BYTES, fail);
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
    if (e instanceof LincError && !(e instanceof DiagnosticsError) && (e.code === "E0801" || e.code === "E0205")) throw new CliError(cliDetail(e));
    throw e;
  }
}
