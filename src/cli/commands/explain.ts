// `linc explain SPEC`: the passes the optimiser applied for a target, the rules each fired, and
// the op count and estimated flops / bytes (per row of the batch) before and after each pass;
// then the planner's choices recorded on the lowered graph, one line per planned transform
// (`dft(1024): mixed [8,8,16]`). `--stages` also lists the stage programs those ops lower to;
// `--dump-after PASS` also prints the IR as text after that pass.
import { explainCode, isCodeName } from "../codes.js";
import { loadProgram, asUsage } from "../load.js";

export interface ExplainOptions {
  /** The backend whose schedule the pipeline lowers for (default cpu). */
  target?: string;
  dumpAfter?: string;
  /** A wisdom file (`linc tune`) whose plans the schedule uses. */
  wisdom?: string;
  /** List the stage programs of the lowered graph's ops. */
  stages?: boolean;
  /** Constant folding's work budget (--fold-budget). */
  foldBudget?: number;
}

const fmt = (x: number) => (x >= 1e9 ? `${(x / 1e9).toFixed(2)}G` : x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : `${Math.round(x)}`);

export async function explain(spec: string, opts: ExplainOptions): Promise<void> {
  if (isCodeName(spec)) return void process.stdout.write(explainCode(spec) + "\n"); // `linc explain E0301`
  const api = await import("../../api/explain.js");
  const target = await asUsage(() => api.targetNamed(opts.target ?? "cpu"));
  if (opts.dumpAfter !== undefined) await asUsage(api.checkPassName(opts.dumpAfter));
  const program = await loadProgram(spec);
  const wisdom = await (await import("../wisdom.js")).readWisdom(opts.wisdom);
  const { passes, plans, dump, stages, stageOps } = await api.explainProgram(program, { target, dumpAfter: opts.dumpAfter, wisdom, stages: opts.stages, foldBudget: opts.foldBudget });
  const lines = [`${spec}: pipeline for target '${target}' (common subexpressions are shared by construction: every node is hash-consed)`, ""];
  lines.push(`${"pass".padEnd(18)}${"nodes".padStart(13)}${"flops".padStart(20)}${"bytes".padStart(20)}`);
  for (const rec of passes) {
    lines.push(
      `${rec.name.padEnd(18)}${`${rec.before.nodes} -> ${rec.after.nodes}`.padStart(13)}${`${fmt(rec.before.flops)} -> ${fmt(rec.after.flops)}`.padStart(20)}${`${fmt(rec.before.bytes)} -> ${fmt(rec.after.bytes)}`.padStart(20)}`,
    );
    lines.push(`    ${rec.doc}`);
    lines.push(rec.rules.length ? `    rules: ${rec.rules.map((r) => `${r.rule} x${r.count}`).join(", ")}` : "    rules: (none fired)");
  }
  const first = passes[0], last = passes[passes.length - 1];
  if (first && last) lines.push("", `total: ${fmt(first.before.flops)} -> ${fmt(last.after.flops)} flops per batch row (${(first.before.flops / Math.max(1, last.after.flops)).toFixed(1)}x fewer)`);
  lines.push("", `plans for target '${target}':`, ...(plans.length ? plans.map((l) => `  ${l}`) : ["  (no planned transforms)"]));
  if (stages) {
    const recorded = stageOps?.length ? `records them on ${stageOps.join(", ")}` : "records none yet: its backend renders the kernel ops itself";
    lines.push("", `stages (the one lowering, src/passes/lower; target '${target}' ${recorded}):`, ...(stages.length ? stages.map((l) => `  ${l}`) : ["  (no op lowered to stages)"]));
  }
  process.stdout.write(lines.join("\n") + "\n");
  if (dump !== undefined) process.stdout.write(`\n# IR after pass '${opts.dumpAfter}'\n` + dump);
}
