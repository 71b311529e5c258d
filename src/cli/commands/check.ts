// `linc check SPEC`: parse and type-check a spec; print its interface, or its diagnostics.
import type { Program } from "../../ir/program.js";
import { typeStr } from "../../ir/types.js";
import { LincError } from "../../ir/errors.js";
import { warningsOf } from "../../api/source.js";
import { formatWarning } from "../../dsl/diagnose.js";
import { loadProgram, readSpec } from "../load.js";
import { AggregateFailure, EXIT, Silent, stderrPainter } from "../report.js";

/** The interface of a program: constants, inputs, params and outputs with their types. */
export function interfaceSummary(p: Program): string {
  const rows: string[] = [];
  for (const [name, v] of p.consts) rows.push(`  const  ${name} = ${v}`);
  for (const d of p.inputs) rows.push(`  input  ${d.name}: ${typeStr(d.node.type)}`);
  for (const d of p.params) rows.push(`  param  ${d.name}: ${typeStr(d.node.type)}`);
  for (const d of p.outputs) rows.push(`  output ${d.name}: ${typeStr(d.node.type)}`);
  return rows.join("\n");
}

/**
 * `--json`: one JSON document on stdout for editors and scripts: per spec its file, whether it
 * checks, its diagnostics as the library's check() gives them (code, message, file, line, col,
 * length) and, when it checks, its signature. The exit status is the same as without --json.
 */
async function checkJson(specs: readonly string[]): Promise<void> {
  const { parse } = await import("../../api/source.js");
  const results = [];
  for (const spec of specs) {
    let source: string;
    try {
      source = readSpec(spec);
    } catch (e) {
      if (!(e instanceof LincError)) throw e;
      results.push({ file: spec, ok: false, diagnostics: [{ code: e.code, message: e.detail, file: spec, line: 1, col: 1, length: 1 }] });
      continue;
    }
    const r = await parse(source, { file: spec });
    results.push(r.ok ? { file: spec, ok: true, diagnostics: [], warnings: r.warnings, signature: r.signature } : { file: spec, ok: false, diagnostics: r.diagnostics });
  }
  process.stdout.write(JSON.stringify(results, null, 2) + "\n");
  if (results.some((r) => !r.ok)) throw new Silent(EXIT.error);
}

/** Check each spec; diagnostics of all of them are reported, and any failure fails the command. */
export async function check(specs: readonly string[], opts: { json?: boolean } = {}): Promise<void> {
  if (opts.json) return checkJson(specs);
  const failures: unknown[] = [];
  for (const spec of specs) {
    try {
      const p = await loadProgram(spec);
      process.stdout.write(`${spec}: ok\n${interfaceSummary(p)}\n`);
      for (const w of warningsOf(p)) process.stderr.write(formatWarning(w, stderrPainter()) + "\n");
    } catch (e) {
      failures.push(e);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateFailure(failures);
}
