// Source text in, a checked program or its diagnostics out, as plain data. The front end
// (src/dsl, which loads the parser library) is imported on first use, so importing the library
// costs nothing until a spec is parsed.
import { type Diagnostic, DiagnosticsError, LincError } from "../ir/errors.js";
import type { Program, WarningCode } from "../ir/program.js";
import type { DType, TensorType } from "../ir/types.js";

export interface SourceOptions {
  /** The name diagnostics carry (default "spec.linc"). */
  file?: string;
}

export type { Diagnostic, RelatedSpan, Span } from "../ir/errors.js";

/** A declared array: its dtype and shape (strings are symbolic dimensions such as "batch"). */
export interface ArraySpec {
  name: string;
  dtype: DType;
  shape: (number | string)[];
}

/** What a spec declares: constants, inputs, params (model weights) and outputs. */
export interface Signature {
  consts: { name: string; value: number }[];
  inputs: ArraySpec[];
  params: ArraySpec[];
  outputs: ArraySpec[];
}

/** A warning about a spec that checks (W0101: a declared name nothing uses), positioned like a Diagnostic. */
export interface Warning extends Omit<Diagnostic, "code" | "related" | "help"> {
  code: WarningCode;
}

export type ParseResult =
  | { ok: true; program: Program; signature: Signature; diagnostics: []; warnings: Warning[] }
  | { ok: false; program?: undefined; signature?: undefined; diagnostics: Diagnostic[]; warnings?: undefined };

const fileOf = (opts?: SourceOptions) => opts?.file ?? "spec.linc";

const spec = (d: { name: string; node: { type: unknown } }): ArraySpec => {
  const t = d.node.type as TensorType;
  return { name: d.name, dtype: t.dtype, shape: [...t.shape] };
};

/** The declarations of a checked program, as data. */
export const signatureOf = (p: Program): Signature => ({
  consts: [...p.consts].map(([name, value]) => ({ name, value })),
  inputs: p.inputs.map(spec),
  params: p.params.map(spec),
  outputs: p.outputs.map(spec),
});

/** The front end's warnings about a checked program, as data. */
export const warningsOf = (p: Program): Warning[] =>
  (p.warnings ?? []).map((w) => ({ code: w.code, message: w.message, file: w.loc.file, line: w.loc.line, col: w.loc.col, length: Math.max(1, w.loc.length ?? 1) }));

/** Everything wrong with a spec, in source order; [] when it is fine. Never throws for any text. */
export async function check(source: string, opts?: SourceOptions): Promise<Diagnostic[]> {
  const r = await parse(source, opts);
  return r.diagnostics;
}

/** Parse and check a spec: the program and its signature, or every diagnostic. Never throws for any text. */
export async function parse(source: string, opts?: SourceOptions): Promise<ParseResult> {
  if (typeof source !== "string") throw new LincError("E0707", `a spec is source text (a string), got ${source === null ? "null" : typeof source}`);
  const file = fileOf(opts);
  const { parseProgram } = await import("../dsl/index.js");
  try {
    const program = parseProgram(source, file);
    return { ok: true, program, signature: signatureOf(program), diagnostics: [], warnings: warningsOf(program) };
  } catch (e) {
    if (e instanceof DiagnosticsError) return { ok: false, diagnostics: e.diagnostics }; // the same objects: one Diagnostic type
    throw e;
  }
}

/** Spec source text, or a program `parse` already checked (parse once, compile for several targets). */
export type Spec = string | Program;

const isProgram = (s: unknown): s is Program =>
  typeof s === "object" && s !== null && Array.isArray((s as Program).inputs) && Array.isArray((s as Program).outputs) && (s as Program).consts instanceof Map;

/** The checked program; DiagnosticsError (every diagnostic, formatted with carets) otherwise. */
export async function programOf(source: Spec, opts?: SourceOptions): Promise<Program> {
  if (isProgram(source)) return source;
  if (typeof source !== "string") throw new LincError("E0707", `a spec is source text (a string), got ${source === null ? "null" : typeof source}`);
  const { parseProgram } = await import("../dsl/index.js");
  return parseProgram(source, fileOf(opts));
}
