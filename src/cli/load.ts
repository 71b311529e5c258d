// Loading a spec: read the file (E0707 when it cannot be read, is not a regular file, or is over
// MAX_SPEC_BYTES) and parse it into a Program.
// The front end is imported lazily so `linc --help` starts without loading the compiler.
import { LincError } from "../ir/errors.js";
import type { Program } from "../ir/program.js";
import { MAX_SPEC_BYTES, readRange, regularFileSize } from "./files.js";

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

/** Read and parse a spec; throws DiagnosticsError (with positions) on a malformed spec. */
export async function loadProgram(file: string): Promise<Program> {
  const source = readSpec(file);
  const { parseProgram } = await import("../dsl/index.js");
  return parseProgram(source, file);
}
