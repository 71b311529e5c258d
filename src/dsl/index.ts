// The front end's entry points: source text in, a checked Program (or every diagnostic) out.
// Lexing, parsing and building each report what they find; a line with a lexing or syntax error
// is not evaluated, so one mistake gives one diagnostic, and independent mistakes give several.
import type { IToken } from "chevrotain";
import "../ir/index.js"; // registers every constructor the specs can call
import { DiagnosticsError, type Diagnostic, type ErrorCode } from "../ir/errors.js";
import type { Program } from "../ir/program.js";
import { SpecError, byPosition, formatDiagnostics, message, showText, tokenLoc } from "./diagnose.js";
import { lex, Newline } from "./lexer.js";
import { parseOptions, type ParseOptions } from "./limits.js";
import { MAX_NESTING, parseLines, tooDeep, unclosedBrackets } from "./parser.js";
import { ProgramBuilder } from "./visitor.js";

export { parseOptions, type ParseOptions } from "./limits.js";

interface Analysis {
  program?: Program;
  diagnostics: Diagnostic[];
}

/** A UTF-8 byte order mark opening the file is not part of the spec: positions count without it. */
const withoutBom = (source: string): string => (source.charCodeAt(0) === 0xfeff ? source.slice(1) : source);

function analyse(text: string, file: string, opts: ParseOptions = {}): Analysis {
  const source = withoutBom(text);
  const diagnostics: Diagnostic[] = [];
  const add = (code: ErrorCode, detail: string, line: number, col: number, length = 1) =>
    diagnostics.push({ code, message: message(code, detail), file, line, col, length });

  // 1. tokens; a line with a lexing error gets that error only
  const { tokens: all, problems } = lex(source);
  const lexBad = new Set<number>();
  for (const p of problems) {
    lexBad.add(p.line);
    if (p.code === "E0001") add("E0001", `unexpected character${p.length > 1 ? "s" : ""} '${showText(p.text)}'`, p.line, p.col, p.length);
    else add("E0003", `${showText(p.text)} has no closing '"' on its line`, p.line, p.col, p.length);
  }

  // 2. brackets nested too deeply: the line is dropped before the (recursive) parser sees it
  let tokens = all;
  for (let deep = tooDeep(tokens); deep; deep = tooDeep(tokens)) {
    const line = deep.startLine;
    add("E0002", `brackets nested more than ${MAX_NESTING} levels deep`, line ?? 1, deep.startColumn ?? 1);
    lexBad.add(line ?? 1);
    tokens = tokens.filter((t) => t.startLine !== line || t.tokenType === Newline);
  }

  // 3. syntax: the first error of each line (recovery can cascade within a line); one that the
  // end of a line with a bracket still open caused is reported at that bracket
  const { statements, errors } = parseLines(tokens);
  const badLines = new Set(lexBad);
  const unclosed = unclosedBrackets(tokens);
  // the line after one left open is its continuation: its own syntax error is that one's echo
  const continuations = new Set([...unclosed.values()].flatMap((u) => (u.next === undefined ? [] : [u.next])));
  for (const e of errors) {
    const t: IToken = e.token;
    const line = Number.isFinite(t.startLine) ? (t.startLine as number) : lastLine(source);
    if (badLines.has(line)) continue;
    badLines.add(line);
    const open = unclosed.get(line)?.open;
    if (open && t.tokenType === Newline) {
      diagnostics.push(unclosedError(open, file, { file, line, col: Number.isFinite(t.startColumn) ? (t.startColumn as number) : 1, length: 1 }));
      continue;
    }
    if (continuations.has(line)) continue;
    const where = Number.isFinite(t.startLine) ? tokenLoc(file, t) : { file, line, col: 1, length: 1 };
    add("E0002", e.message, where.line, where.col, t.tokenType === Newline ? 1 : where.length);
  }

  // 4. meaning: every statement on a clean line
  const maxElements = opts.maxElements ?? parseOptions.maxElements;
  const builder = new ProgramBuilder({ file, source, maxElements, badLines });
  const program = builder.build(statements);
  for (const d of builder.diagnostics) diagnostics.push(d); // (not push(...): 10^5 of them overflow the stack)
  diagnostics.sort(byPosition);
  return { program, diagnostics };
}

/** E0002 at the innermost bracket a line leaves open, with a note where the line ends and the fix. */
function unclosedError(open: IToken[], file: string, end: { file: string; line: number; col: number; length: number }): Diagnostic {
  const b = open[open.length - 1], close = b.image === "(" ? ")" : "]";
  const more = open.length > 1 ? ` (and ${open.length - 1} more before it)` : "";
  return new SpecError("E0002", `'${b.image}' is not closed on its line${more}: a statement ends at the end of its line, even inside brackets`, tokenLoc(file, b), {
    related: [{ loc: end, message: "the line ends here" }],
    help: `close it with '${close}' on the same line; a statement cannot continue onto the next line`,
  }).diagnostic;
}

function lastLine(source: string): number {
  return source.split("\n").length;
}

/** Everything wrong with a spec, in source order; never throws for any input. */
export function checkSource(source: string, file: string, opts?: ParseOptions): Diagnostic[] {
  try {
    return analyse(source, file, opts).diagnostics;
  } catch (e) {
    return [internal(e, file)];
  }
}

/** Parse and check a spec; throws DiagnosticsError holding every diagnostic if anything is wrong. */
export function parseProgram(source: string, file: string, opts?: ParseOptions): Program {
  let a: Analysis;
  try {
    a = analyse(source, file, opts);
  } catch (e) {
    throw diagnosticsError([internal(e, file)], withoutBom(source));
  }
  if (a.diagnostics.length > 0 || !a.program) throw diagnosticsError(a.diagnostics, withoutBom(source));
  return a.program;
}

/**
 * The error holding every diagnostic, with a bounded message (the first 20, long lines cut).
 * DiagnosticsError's constructor would format each diagnostic with its whole source line, which
 * grows quadratically (thousands of errors on one long line exceed the longest string), so it is
 * built empty and filled.
 */
function diagnosticsError(ds: Diagnostic[], source: string): DiagnosticsError {
  const e = new DiagnosticsError([], source, ds[0]?.code);
  for (const d of ds) e.diagnostics.push(d);
  e.message = formatDiagnostics(ds, source);
  return e;
}

/** A bug in linc, not in the spec: still a diagnostic, never a stack trace. */
function internal(e: unknown, file: string): Diagnostic {
  const what = e instanceof Error ? e.message : String(e);
  return { code: "E0901", message: message("E0901", `${what}`), file, line: 1, col: 1, length: 1 };
}
