// `linc explain SPEC`: the passes the optimiser applied for a target, the rules each fired, and
// the op count and estimated flops / bytes (per row of the batch) before and after each pass;
// then the planner's choices recorded on the lowered graph, one line per planned transform
// (`dft(1024): mixed [8,8,16]`). `--dump-after PASS` also prints the IR as text after that pass.
import { didYouMean } from "../../ir/suggest.js";
import { printProgram } from "../../ir/printer.js";
import { loadProgram } from "../load.js";
import { targetNamed } from "../pipeline.js";
import { CliError } from "../report.js";

export interface ExplainOptions {
  /** The backend whose schedule the pipeline lowers for (default cpu). */
  target?: string;
  dumpAfter?: string;
}

const fmt = (x: number) => (x >= 1e9 ? `${(x / 1e9).toFixed(2)}G` : x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : `${Math.round(x)}`);

export async function explain(spec: string, opts: ExplainOptions): Promise<void> {
  const target = targetNamed(opts.target ?? "cpu");
  const program = await loadProgram(spec);
  const { PASS_NAMES, PIPELINE, planLines, runPipeline } = await import("../../passes/index.js");
  if (opts.dumpAfter !== undefined && !PASS_NAMES.includes(opts.dumpAfter))
    throw new CliError(`unknown pass '${opts.dumpAfter}'; passes are ${PASS_NAMES.join(", ")}${didYouMean(opts.dumpAfter, PASS_NAMES)}`);
  const { log, program: lowered } = runPipeline(program, { target });
  const lines = [`${spec}: pipeline for target '${target}' (common subexpressions are shared by construction: every node is hash-consed)`, ""];
  lines.push(`${"pass".padEnd(18)}${"nodes".padStart(13)}${"flops".padStart(20)}${"bytes".padStart(20)}`);
  for (const rec of log) {
    const doc = PIPELINE.find((p) => p.name === rec.name)?.doc ?? "";
    lines.push(
      `${rec.name.padEnd(18)}${`${rec.before.nodes} -> ${rec.after.nodes}`.padStart(13)}${`${fmt(rec.before.flops)} -> ${fmt(rec.after.flops)}`.padStart(20)}${`${fmt(rec.before.bytes)} -> ${fmt(rec.after.bytes)}`.padStart(20)}`,
    );
    lines.push(`    ${doc}`);
    lines.push(rec.fired.length ? `    rules: ${rec.fired.map(([r, c]) => `${r} x${c}`).join(", ")}` : "    rules: (none fired)");
  }
  const first = log[0], last = log[log.length - 1];
  if (first && last) lines.push("", `total: ${fmt(first.before.flops)} -> ${fmt(last.after.flops)} flops per batch row (${(first.before.flops / Math.max(1, last.after.flops)).toFixed(1)}x fewer)`);
  const plans = planLines(lowered.outputs.map((o) => o.node));
  lines.push("", `plans for target '${target}':`, ...(plans.length ? plans.map((l) => `  ${l}`) : ["  (no planned transforms)"]));
  process.stdout.write(lines.join("\n") + "\n");
  if (opts.dumpAfter !== undefined) {
    const p = runPipeline(program, { target }, opts.dumpAfter).program;
    process.stdout.write(`\n# IR after pass '${opts.dumpAfter}'\n` + printProgram(p));
  }
}
