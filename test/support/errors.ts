// The LincError a synchronous call throws, for tests that then check its code and message.
import { expect } from "vitest";
import { LincError } from "../../src/ir/errors.js";

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
