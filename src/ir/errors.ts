// The one catalogue of diagnostic codes. Every error linc reports carries one of these codes;
// the message text is built by the code's template so wording stays consistent.
export const ERRORS = {
  // lexing and parsing
  E0001: "unexpected character",
  E0002: "syntax error",
  E0003: "unterminated string",
  // names
  E0101: "unknown name",
  E0102: "name declared twice",
  E0103: "name used before its declaration",
  E0104: "unknown operator or function",
  E0106: "output must be a tensor",
  E0107: "unknown attribute",
  // calls
  E0201: "wrong number of arguments",
  E0202: "unknown keyword argument",
  E0203: "argument given twice",
  E0204: "argument of the wrong kind",
  E0205: "invalid option value",
  // shapes and sizes
  E0301: "shape mismatch",
  E0302: "invalid size",
  E0303: "size must be a power of two",
  E0304: "size above the limit",
  E0305: "symbolic dimension where a concrete size is needed",
  E0306: "invalid slice",
  E0307: "axis out of range",
  E0308: "expression too deep",
  // dtypes
  E0401: "dtype mismatch",
  E0402: "complex value where a real one is required",
  E0403: "index data (i64) where float data is required",
  // algebra
  E0501: "operator has no cheap inverse",
  E0502: "operation not defined on an operator",
  E0503: "operation not defined on a tensor",
  // values and evaluation
  E0601: "constant expression error",
  E0602: "too large for the reference interpreter",
  E0603: "value out of range",
  E0604: "compile-time folding above its budget",
  // input/output
  E0701: "cannot read .npy file",
  E0702: "unsupported .npy dtype or layout",
  E0703: "array does not match its declaration",
  E0704: "missing input or param",
  E0705: "unknown input or param name",
  E0706: "cannot write output",
  E0707: "cannot read spec file",
  // backends
  E0801: "not supported by this backend",
  E0802: "a backend's runtime package is not installed",
  // the compiler itself
  E0901: "internal error in linc (please report it)",
} as const;
export type ErrorCode = keyof typeof ERRORS;

/** An error raised while building or checking IR; the front end attaches a source position. */
export class LincError extends Error {
  /** The detail with `{option}` placeholders, for callers that word options their own way (optionError). */
  template?: string;
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    /** Which call argument the error is about (position of the argument), if any. */
    readonly argIndex?: number,
  ) {
    super(`error[${code}]: ${detail}`);
  }
}

/** An `{option}` placeholder in the library's words: "the foldBudget option". */
export const apiOption = (name: string): string => `the ${name} option`;

/**
 * An error whose fix names a caller's option: `{foldBudget}` placeholders in `template`. The
 * message speaks the library's words (`the foldBudget option`); the command line re-words the
 * template with its flags (`--fold-budget`: src/cli/report.ts), so neither leaks into the other.
 */
export function optionError(code: ErrorCode, template: string, word: (name: string) => string = apiOption): LincError {
  const e = new LincError(code, template.replace(/\{(\w+)\}/g, (_, o: string) => word(o)));
  e.template = template;
  return e;
}

export const fail = (code: ErrorCode, detail: string, argIndex?: number): never => {
  throw new LincError(code, detail, argIndex);
};

/** A source position, 1-based. */
export interface Loc {
  file: string;
  line: number;
  col: number;
  length?: number;
}

/** A span of spec text: 1-based line and column, `length` characters (at least 1) on that line. */
export interface Span {
  file: string;
  line: number;
  col: number;
  length: number;
}

/** Another place a diagnostic involves ("first declared here", an operand's type). */
export interface RelatedSpan extends Span {
  message: string;
}

/**
 * One thing wrong with a spec: what `check()` returns, what `DiagnosticsError.diagnostics` holds
 * and what `linc check --json` prints (one type). A diagnostic with no better place is at 1:1.
 */
export interface Diagnostic extends Span {
  code: ErrorCode;
  message: string;
  /** Secondary spans, printed after the primary one as notes. */
  related?: RelatedSpan[];
  /** The fix, where one is known (a name it may have meant, how to close a bracket). */
  help?: string;
}

/** A Loc as a span (a missing length is 1). */
export const spanOf = (l: Loc): Span => ({ file: l.file, line: l.line, col: l.col, length: Math.max(1, l.length ?? 1) });

/** Renders `file:line:col: error[CODE]: message` followed by the source line and a caret (plain; the front end's printer is src/dsl/diagnose.ts). */
export function formatDiagnostic(d: Diagnostic, source?: string): string {
  let out = `${d.file}:${d.line}:${d.col}: error[${d.code}]: ${d.message}`;
  const line = source?.split(/\r?\n/)[d.line - 1];
  if (line !== undefined) out += `\n  ${line}\n  ${" ".repeat(Math.max(0, d.col - 1)) + "^".repeat(Math.max(1, Math.min(d.length, 80)))}`;
  if (d.help) out += `\n  help: ${d.help}`;
  return out;
}

/**
 * Thrown by front ends with one or more positioned diagnostics. A LincError like every error linc
 * throws (`catch (e) { if (e instanceof LincError) ... }` sees it), with the first diagnostic's
 * code (or `code`, for an error filled in later); its message is every diagnostic, formatted.
 */
export class DiagnosticsError extends LincError {
  constructor(readonly diagnostics: Diagnostic[], readonly source?: string, code?: ErrorCode) {
    const text = diagnostics.map((d) => formatDiagnostic(d, source)).join("\n");
    super(code ?? diagnostics[0]?.code ?? "E0901", text);
    this.message = text;
  }
}
