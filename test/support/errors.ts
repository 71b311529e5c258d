// The LincError a synchronous call throws, for tests that then check its code and message; and
// the golden-error tables of the DSL tests (a spec, its code, position and words).
import { expect, it } from "vitest";
import { checkSource } from "../../src/dsl/index.js";
import { ERRORS, type ErrorCode, LincError, formatDiagnostic } from "../../src/ir/index.js";

/** The LincError `f` throws; the test fails if it throws something else or nothing. */
export function lincErrorOf(f: () => unknown): LincError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(LincError);
    return e as LincError;
  }
  throw new Error("expected a LincError");
}

/** A golden error: a spec, the code it gets, the position of the offending token, words of its message. */
export interface ErrorCase { name: string; src: string; code: ErrorCode; line: number; col: number; has: string }

/**
 * One test per case: checking the spec gives the case's code first, at its line:col, with a
 * message that opens with the code's title and contains `has`.
 */
export function goldenErrors(cases: readonly ErrorCase[]): void {
  for (const c of cases)
    it(c.name, () => {
      const [d] = checkSource(c.src, "spec.linc");
      expect(d, "a diagnostic").toBeDefined();
      expect({ code: d.code, line: d.line, col: d.col }, formatDiagnostic(d)).toEqual({ code: c.code, line: c.line, col: c.col });
      expect(d.message.startsWith(ERRORS[c.code])).toBe(true);
      expect(d.message).toContain(c.has);
    });
}
