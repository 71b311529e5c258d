// Loading a spec: read the file (E0707 when it cannot be read) and parse it into a Program.
// The front end is imported lazily so `linc --help` starts without loading the compiler.
import { readFileSync } from "node:fs";
import { LincError } from "../ir/errors.js";
import type { Program } from "../ir/program.js";

export function readSpec(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e: any) {
    const why = e.code === "ENOENT" ? "no such file" : e.code === "EISDIR" ? "is a directory" : e.code === "EACCES" ? "permission denied" : e.message;
    throw new LincError("E0707", `cannot read spec file ${file}: ${why}`);
  }
}

/** Read and parse a spec; throws DiagnosticsError (with positions) on a malformed spec. */
export async function loadProgram(file: string): Promise<Program> {
  const source = readSpec(file);
  const { parseProgram } = await import("../dsl/index.js");
  return parseProgram(source, file);
}
