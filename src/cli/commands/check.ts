// `linc check SPEC`: parse and type-check a spec; print its interface, or its diagnostics.
import type { Program } from "../../ir/program.js";
import { typeStr } from "../../ir/types.js";
import { loadProgram } from "../load.js";
import { AggregateFailure } from "../report.js";

/** The interface of a program: constants, inputs, params and outputs with their types. */
export function interfaceSummary(p: Program): string {
  const rows: string[] = [];
  for (const [name, v] of p.consts) rows.push(`  const  ${name} = ${v}`);
  for (const d of p.inputs) rows.push(`  input  ${d.name}: ${typeStr(d.node.type)}`);
  for (const d of p.params) rows.push(`  param  ${d.name}: ${typeStr(d.node.type)}`);
  for (const d of p.outputs) rows.push(`  output ${d.name}: ${typeStr(d.node.type)}`);
  return rows.join("\n");
}

/** Check each spec; diagnostics of all of them are reported, and any failure fails the command. */
export async function check(specs: readonly string[]): Promise<void> {
  const failures: unknown[] = [];
  for (const spec of specs) {
    try {
      const p = await loadProgram(spec);
      process.stdout.write(`${spec}: ok\n${interfaceSummary(p)}\n`);
    } catch (e) {
      failures.push(e);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateFailure(failures);
}
