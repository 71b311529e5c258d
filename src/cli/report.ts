// How the command line reports failure: every error becomes a message on stderr and an exit
// status, never a stack trace. Diagnostics with a position print as file:line:col with the
// source line and a caret (at most 20 per file, then "... and N more errors"; a long line is cut
// around the caret); other linc errors print their code; anything else is a bug in linc.
// Colour (errors red, warnings yellow, notes and help cyan) only where colourOn says so.
import { type Painter, formatDiagnostics, painter } from "../dsl/diagnose.js";
import { DiagnosticsError, LincError } from "../ir/errors.js";

/** Exit statuses (sysexits.h where one fits). */
export const EXIT = { ok: 0, error: 1, usage: 2, internal: 70 } as const;

/** A command-line problem that is not about the spec (bad flag value, unknown backend or pass). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.usage) {
    super(message);
  }
}

/** A failure the command has already reported on stdout (`check --json`): only its exit status. */
export class Silent extends Error {
  constructor(readonly exitCode: number) {
    super("");
  }
}

/** Several independent failures (one per spec given to `linc check`), reported one after another. */
export class AggregateFailure extends Error {
  constructor(readonly errors: unknown[]) {
    super(`${errors.length} failures`);
  }
}

/**
 * Whether to colour what goes to `stream`: FORCE_COLOR set forces it on (off when it is "0" or
 * "false"), else a non-empty NO_COLOR turns it off (no-color.org), else only a terminal (not
 * TERM=dumb) gets colour: never a pipe or a file.
 */
export function colourOn(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR) return false;
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** The painter for stderr (colourOn). */
export const stderrPainter = (): Painter => painter(colourOn(process.stderr));

/** The command line's flag for each library option an error may name (optionError's placeholders). */
export const OPTION_FLAGS: Record<string, string> = {
  foldBudget: "--fold-budget",
  params: "--param NAME=FILE.npy",
  paramsAsInputs: "--params-as-inputs",
  target: "--target",
  backend: "--backend",
  wisdom: "--wisdom",
  opset: "--opset",
  fft: "--fft",
};

/** A linc error's detail in the command line's words: its options as flags. */
export const cliDetail = (e: LincError): string =>
  e.template === undefined ? e.detail : e.template.replace(/\{(\w+)\}/g, (_, o: string) => OPTION_FLAGS[o] ?? o);

/** Render an error for stderr and choose the exit status. `source` is the spec text, for carets; `paint` colours it (none by default). */
export function describeError(e: unknown, source?: string, paint: Painter = painter(false)): { text: string; exitCode: number } {
  if (e instanceof AggregateFailure) {
    const parts = e.errors.map((x) => describeError(x, source, paint));
    return { text: parts.map((p) => p.text).join("\n"), exitCode: parts.reduce((m, p) => Math.max(m, p.exitCode), 0) };
  }
  if (e instanceof DiagnosticsError) {
    const src = e.source ?? source;
    return { text: formatDiagnostics(e.diagnostics, src, paint), exitCode: EXIT.error };
  }
  if (e instanceof LincError) return { text: `${paint("error", `error[${e.code}]`)}: ${cliDetail(e)}`, exitCode: EXIT.error };
  if (e instanceof CliError) return { text: `${paint("error", "error")}: ${e.message}`, exitCode: e.exitCode };
  if (e instanceof Silent) return { text: "", exitCode: e.exitCode };
  const msg = e instanceof Error ? e.message : String(e);
  const trace = process.env.LINC_DEBUG && e instanceof Error && e.stack ? `\n${e.stack}` : "";
  return { text: `internal error: ${msg}${trace}\n(this is a bug in linc; set LINC_DEBUG=1 for a stack trace)`, exitCode: EXIT.internal };
}
