// How the front end turns problems into positioned diagnostics: source locations of tokens and
// CST nodes, the error raised at a location, and message text taken from the one catalogue.
import type { CstNode, IToken } from "chevrotain";
import { ERRORS, type Diagnostic, type ErrorCode, type Loc } from "../ir/errors.js";

/** The catalogue's wording first, then the particulars (unless the detail already starts so). */
export function message(code: ErrorCode, detail: string): string {
  const head: string = ERRORS[code];
  return detail === head || detail.startsWith(head + ":") || detail.startsWith(head + " ") ? detail : `${head}: ${detail}`;
}

export function tokenLoc(file: string, t: IToken): Loc {
  return { file, line: t.startLine ?? 1, col: t.startColumn ?? 1, length: Math.max(1, t.image.length) };
}

/** A CST node's span, clipped to its first line (carets are drawn under one line). */
export function nodeLoc(file: string, n: CstNode, source: string): Loc {
  const l = n.location;
  if (!l || !Number.isFinite(l.startOffset)) return { file, line: 1, col: 1, length: 1 };
  const end = Number.isFinite(l.endOffset) ? (l.endOffset as number) : l.startOffset;
  const eol = source.indexOf("\n", l.startOffset);
  const last = eol < 0 ? end : Math.min(end, eol - 1);
  return { file, line: l.startLine ?? 1, col: l.startColumn ?? 1, length: Math.max(1, last - l.startOffset + 1) };
}

/** A problem found at a known place in the spec. */
export class SpecError extends Error {
  constructor(readonly code: ErrorCode, readonly detail: string, readonly loc: Loc) {
    super(message(code, detail));
  }
  get diagnostic(): Diagnostic {
    return { code: this.code, message: this.message, loc: this.loc };
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
  (a.loc?.line ?? 0) - (b.loc?.line ?? 0) || (a.loc?.col ?? 0) - (b.loc?.col ?? 0);

/** A character as it can be shown in a message (control characters escaped). */
export function showText(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
