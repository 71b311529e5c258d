// `linc graph SPEC [-o graph.dot|graph.svg] [--after PASS]`: the IR as a Graphviz picture.
// DOT goes to stdout or a .dot/.gv file; .svg is rendered by Graphviz's `dot`, when installed;
// `--text` prints the IR as text instead (the printer's one line per node).
import { spawnSync } from "node:child_process";
import { extname } from "node:path";
import { programToDot } from "../../ir/dot.js";
import { printProgram } from "../../ir/printer.js";
import type { Program } from "../../ir/program.js";
import { writeAtomic } from "../files.js";
import { loadProgram } from "../load.js";
import { runPipelineUntil } from "../pipeline.js";
import { CliError } from "../report.js";

export interface GraphOptions {
  output?: string;
  after?: string;
  /** Backend the pipeline lowers for when `after` is given. */
  target?: string;
  /** Print the IR as text (one line per node) instead of DOT. */
  text?: boolean;
}

export async function graph(spec: string, opts: GraphOptions): Promise<void> {
  let program: Program = await loadProgram(spec);
  if (opts.after !== undefined) program = await runPipelineUntil(program, opts.after, opts.target);
  const dot = opts.text ? printProgram(program) : programToDot(program);
  if (!opts.output) {
    process.stdout.write(dot);
    return;
  }
  const ext = extname(opts.output).toLowerCase();
  if (opts.text) return writeAtomic(opts.output, dot);
  if (ext === ".dot" || ext === ".gv") return writeAtomic(opts.output, dot);
  if (ext === ".svg") return writeAtomic(opts.output, renderSvg(dot));
  throw new CliError(`cannot tell the format of '${opts.output}': use a .dot, .gv or .svg file name`);
}

function renderSvg(dot: string): string {
  const r = spawnSync("dot", ["-Tsvg"], { input: dot, encoding: "utf8", maxBuffer: 256 << 20 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT")
    throw new CliError("cannot write SVG: Graphviz is not installed (the 'dot' program was not found); install graphviz or write a .dot file with -o graph.dot", 1);
  if (r.error) throw new CliError(`cannot run Graphviz 'dot': ${r.error.message}`, 1);
  if (r.status !== 0) throw new CliError(`Graphviz 'dot' failed: ${r.stderr.trim()}`, 1);
  return r.stdout;
}
