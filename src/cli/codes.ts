// `linc explain E0301`: what an error code means. The catalogue's wording comes from
// src/ir/errors.ts; when, and an example, from the error-code table of spec/language.md (shipped
// in the package), so the long text lives in one place, the docs.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ERRORS, type ErrorCode } from "../ir/errors.js";
import { didYouMean } from "../ir/suggest.js";
import { CliError } from "./report.js";

export const isCodeName = (s: string): boolean => /^E\d{4}$/i.test(s);

/** spec/language.md of this checkout or installed package: the nearest one above this file. */
function languageDoc(): string | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)), up = ""; dir !== up; up = dir, dir = dirname(dir)) {
    const f = join(dir, "spec", "language.md");
    if (existsSync(f)) return readFileSync(f, "utf8");
  }
  return undefined;
}

/** The cells of the docs' table row for `code`: [code, wording, raised when, example], or undefined. */
function docRow(doc: string, code: string): string[] | undefined {
  const line = doc.split("\n").find((l) => l.startsWith(`| ${code} |`));
  return line?.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
}

/** The explanation printed for an error code; a usage error (with the nearest code) for one the catalogue lacks. */
export function explainCode(name: string): string {
  const code = name.toUpperCase();
  if (!Object.hasOwn(ERRORS, code)) throw new CliError(`unknown error code '${name}'${didYouMean(code, Object.keys(ERRORS))}`);
  const row = languageDoc() && docRow(languageDoc()!, code);
  const lines = [`${code}: ${ERRORS[code as ErrorCode]}`];
  if (row && row.length >= 4) lines.push(`  raised when: ${row[2]}`, `  example:     ${row[3]}`);
  lines.push(`  (the table of every code: spec/language.md, section "Error codes")`);
  return lines.join("\n");
}
