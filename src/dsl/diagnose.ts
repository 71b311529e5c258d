// How the front end turns problems into positioned diagnostics: source locations of tokens and
// CST nodes, the error raised at a location, message text taken from the one catalogue, and the
// bounded printing of a file's diagnostics (at most 20, long lines cut around the caret; notes
// for secondary spans, a help line, ANSI colour when the caller asks for it).
import type { CstNode, IToken } from "chevrotain";
import { ERRORS, type Diagnostic, type ErrorCode, type Loc, type RelatedSpan, spanOf } from "../ir/errors.js";
import { splitSuggestion } from "../ir/suggest.js";

/** The catalogue's wording first, then the particulars (unless the detail already starts so), bounded and inert (`bounded`). */
export function message(code: ErrorCode, detail: string): string {
  const head: string = ERRORS[code];
  return bounded(detail === head || detail.startsWith(head + ":") || detail.startsWith(head + " ") ? detail : `${head}: ${detail}`);
}

/** Names (and other runs of word characters) longer than this are shown cut in messages. */
export const MAX_ECHOED_NAME = 64;
/** The longest message a diagnostic holds. */
export const MAX_MESSAGE = 1000;

/**
 * A message as diagnostics hold it: every name of more than MAX_ECHOED_NAME characters cut to its
 * first 32 and its length (`bbbb…(400000 characters)`: thousands of diagnostics echoing a 400 KB
 * name took gigabytes), the whole cut in the middle past MAX_MESSAGE, control and bidi characters
 * escaped (escapeControls).
 */
export function bounded(text: string): string {
  let s = text.replace(new RegExp(`[\\p{L}\\p{N}_]{${MAX_ECHOED_NAME + 1},}`, "gu"), (w) => `${w.slice(0, 32)}…(${w.length} characters)`);
  if (s.length > MAX_MESSAGE) s = `${s.slice(0, MAX_MESSAGE / 2 - 20)} …(${s.length - MAX_MESSAGE + 40} characters cut)… ${s.slice(s.length - MAX_MESSAGE / 2 + 20)}`;
  return escapeControls(s);
}

export function tokenLoc(file: string, t: IToken): Loc {
  return { file, line: t.startLine ?? 1, col: t.startColumn ?? 1, length: Math.max(1, t.image.length) };
}

/** A CST node's span, clipped to its first line (carets are drawn under one line). */
export function nodeLoc(file: string, n: CstNode, source: string): Loc {
  return rangeLoc(file, n, n, source);
}

/** The span from the start of CST node `from` to the end of `to`, clipped to its first line. */
export function rangeLoc(file: string, from: CstNode, to: CstNode, source: string): Loc {
  const l = from.location, r = to.location ?? l;
  if (!l || !Number.isFinite(l.startOffset)) return { file, line: 1, col: 1, length: 1 };
  const end = r && Number.isFinite(r.endOffset) ? (r.endOffset as number) : l.startOffset;
  const eol = source.indexOf("\n", l.startOffset);
  const last = eol < 0 ? end : Math.min(end, eol - 1);
  return { file, line: l.startLine ?? 1, col: l.startColumn ?? 1, length: Math.max(1, last - l.startOffset + 1) };
}

/** What a diagnostic may carry beside its primary span. */
export interface Extras {
  /** Secondary spans ("first declared here", an operand's type). */
  related?: { loc: Loc; message: string }[];
  /** The fix; by default a trailing "; did you mean ...?" of the detail becomes it. */
  help?: string;
}

/** A problem found at a known place in the spec. */
export class SpecError extends Error {
  readonly detail: string;
  readonly help?: string;
  constructor(readonly code: ErrorCode, detail: string, readonly loc: Loc, readonly extras: Extras = {}) {
    const [text, suggestion] = splitSuggestion(detail);
    super(message(code, text));
    this.detail = text;
    this.help = extras.help ?? suggestion;
  }
  get diagnostic(): Diagnostic {
    const related: RelatedSpan[] = (this.extras.related ?? []).map((r) => ({ ...spanOf(r.loc), message: bounded(r.message) }));
    return { code: this.code, message: this.message, ...spanOf(this.loc), ...(related.length ? { related } : {}), ...(this.help ? { help: bounded(this.help) } : {}) };
  }
}

/**
 * Raised when an expression reads a name whose own statement failed: the first error was
 * already reported, so this statement stops without a diagnostic of its own.
 */
export class Poisoned extends Error {
  constructor() {
    super("poisoned");
  }
}

/** Duck-typed LincError: builders' errors keep their code, detail and argument index. */
export interface LincLike {
  code: ErrorCode;
  detail: string;
  argIndex?: number;
}
export const isLincError = (e: unknown): e is LincLike =>
  typeof e === "object" && e !== null && typeof (e as LincLike).code === "string" && (e as LincLike).code in ERRORS && typeof (e as LincLike).detail === "string";

/** Sorted by position, so a file's diagnostics read top to bottom. */
export const byPosition = (a: Diagnostic, b: Diagnostic): number =>
  a.line - b.line || a.col - b.col;

/** A character as it can be shown in a message (control characters escaped). */
export function showText(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

// ---------------------------------------------------------------- printing, bounded

/** At most this many diagnostics are printed per file, then one line "... and N more errors". */
export const MAX_PRINTED_DIAGNOSTICS = 20;
/** Source lines longer than this are shown as a window of this many characters around the caret. */
export const EXCERPT_WIDTH = 120;
/** How far into the window the caret starts when the line is cut on the left. */
const CARET_LEAD = 40;

/**
 * The source line and caret lines of a diagnostic at 1-based `col` spanning `length` characters.
 * A line over EXCERPT_WIDTH is cut to a window around the caret, with "…" where it was cut; the
 * caret stays under the same characters.
 */
export function excerpt(line: string, col: number, length: number): { text: string; caret: string } {
  const at = Math.max(0, col - 1);
  let span = Math.max(1, Math.min(length, 80));
  if (line.length <= EXCERPT_WIDTH) return { text: line, caret: " ".repeat(at) + "^".repeat(span) };
  const from = Math.max(0, Math.min(at - CARET_LEAD, line.length - EXCERPT_WIDTH));
  const to = Math.min(line.length, from + EXCERPT_WIDTH);
  const left = from > 0 ? "…" : "";
  const right = to < line.length ? "…" : "";
  span = Math.max(1, Math.min(span, to - at));
  return { text: left + line.slice(from, to) + right, caret: " ".repeat(left.length + at - from) + "^".repeat(span) };
}

/**
 * Control characters other than tab (ESC and the rest of C0, DEL, C1, line and paragraph
 * separators) written as \xNN or \uNNNN, so that printing a spec's text cannot drive the terminal;
 * so are the bidi controls (U+202A-202E, U+2066-2069, U+061C, the marks U+200E/F) and the
 * invisible ones (zero-width space, joiners U+200B-200D, U+2060, U+FEFF), which can make a line
 * read differently from what it is (Trojan source).
 */
export function escapeControls(s: string): string {
  return s.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\u061c\ufeff]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** An excerpt with its control characters escaped; the caret moves to stay under the same characters. */
function escapedExcerpt(line: string, col: number, length: number): { text: string; caret: string } {
  const { text, caret } = excerpt(line, col, length);
  const at = caret.indexOf("^");
  const span = caret.length - at;
  const before = escapeControls(text.slice(0, at)).length;
  const under = escapeControls(text.slice(at, at + span)).length;
  return { text: escapeControls(text), caret: " ".repeat(before) + "^".repeat(Math.max(1, under)) };
}

/** ANSI styles of the printed parts (SGR codes): errors red, warnings yellow, notes and help cyan. */
const STYLE = { error: "1;31", warning: "1;33", note: "1;36", help: "1;36", where: "1", errorMark: "31", warningMark: "33", noteMark: "36" } as const;
export type Painter = (part: keyof typeof STYLE, text: string) => string;
/** A painter: ANSI colour when `colour`, else the text as it is. */
export const painter = (colour: boolean): Painter => (part, text) => (colour && text ? `\x1b[${STYLE[part]}m${text}\x1b[0m` : text);

/** `where: label message`, then the (possibly cut) source line marked with `mark` (^ primary, - notes). */
function located(s: { file: string; line: number; col: number; length: number }, label: string, msg: string, lines: readonly string[] | undefined, paint: Painter, kind: "error" | "warning" | "note"): string {
  const out = `${paint("where", `${escapeControls(s.file)}:${s.line}:${s.col}:`)} ${paint(kind, label)}: ${escapeControls(msg)}`;
  const line = lines?.[s.line - 1];
  if (line === undefined) return out;
  const { text, caret } = escapedExcerpt(line, s.col, s.length);
  const marks = kind === "note" ? caret.replace(/\^/g, "-") : caret, indent = marks.length - marks.trimStart().length;
  return `${out}\n  ${text}\n  ${marks.slice(0, indent)}${paint(kind === "note" ? "noteMark" : kind === "warning" ? "warningMark" : "errorMark", marks.slice(indent))}`;
}

/**
 * `file:line:col: error[CODE]: message`, then the (possibly cut) source line and a caret; then a
 * note per secondary span (`file:line:col: note: ...` and its line, marked with -), then
 * `help: ...` where the diagnostic has one.
 */
export function formatBounded(d: Diagnostic, lines?: readonly string[], paint: Painter = painter(false)): string {
  const parts = [located(d, `error[${d.code}]`, d.message, lines, paint, "error")];
  for (const r of d.related ?? []) parts.push(located(r, "note", r.message, lines, paint, "note"));
  if (d.help) parts.push(`  ${paint("help", "help")}: ${escapeControls(d.help)}`);
  return parts.join("\n");
}

/** A warning as printed: `file:line:col: warning[CODE]: message` (no excerpt). */
export function formatWarning(w: { code: string; message: string; file: string; line: number; col: number }, paint: Painter = painter(false)): string {
  return `${paint("where", `${escapeControls(w.file)}:${w.line}:${w.col}:`)} ${paint("warning", `warning[${w.code}]`)}: ${escapeControls(w.message)}`;
}

/** One file's diagnostics as printed: the first MAX_PRINTED_DIAGNOSTICS, then how many more. */
export function formatDiagnostics(ds: readonly Diagnostic[], source?: string, paint: Painter = painter(false)): string {
  const lines = source?.split(/\r?\n/);
  const shown = ds.slice(0, MAX_PRINTED_DIAGNOSTICS).map((d) => formatBounded(d, lines, paint));
  const more = ds.length - shown.length;
  if (more > 0) shown.push(`... and ${more} more error${more === 1 ? "" : "s"}`);
  return shown.join("\n");
}
