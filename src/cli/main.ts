// linc's command line: one commander program, one subcommand per verb of the design's
// command-line contract. Every failure ends here as a message on stderr and an exit status.
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { type DeclKind, type Given, parseAssignment } from "./bindings.js";
import { COMPILE_TARGETS } from "../backends/index.js";
import { backendNames } from "./backends.js";
import { CliError, EXIT, describeError, stderrPainter } from "./report.js";

/** Collect repeated `--in NAME=FILE` flags. */
const collect = (kind: DeclKind) => (text: string, prev: Given[]): Given[] => {
  const a = parseAssignment(text);
  if (!a) throw new InvalidArgumentError(`expected NAME=FILE.npy, got '${text}'`);
  return [...prev, { kind, ...a }];
};

const integer = (text: string): number => {
  const v = Number(text);
  if (!Number.isSafeInteger(v)) throw new InvalidArgumentError(`expected an integer, got '${text}'`);
  return v;
};

/** A positive number of work units (`1e12`, `inf`): --fold-budget. */
const budget = (text: string): number => {
  const v = /^inf(inity)?$/i.test(text) ? Infinity : Number(text);
  if (!(v > 0)) throw new InvalidArgumentError(`expected a positive number (or inf), got '${text}'`);
  return v;
};
const FOLD_BUDGET_HELP = "estimated operations constant folding may take at compile time (default 2^32 = 4.3e9; inf: no limit); above it, E0604";

/** `batch=4` flags into a map of symbolic dimension sizes. */
const dimFlag = (text: string, prev: Map<string, number>): Map<string, number> => {
  const a = parseAssignment(text);
  const v = a ? Number(a.file) : NaN;
  if (!a || !Number.isSafeInteger(v) || v < 1) throw new InvalidArgumentError(`expected NAME=SIZE with a positive integer size, got '${text}'`);
  return new Map([...prev, [a.name, v]]);
};

/**
 * A required option's value. Options are not declared with commander's requiredOption: it
 * reports a missing one before an unknown one, so `--targt js` would get "required option
 * --target not specified" instead of "unknown option '--targt' (Did you mean --target?)".
 */
function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined) throw new CliError(`required option '${flag}' not specified`);
  return value;
}

/** `-o model.onnx` names its target; other extensions (.mjs) fit several, so they need -t. */
function compileTarget(target: string | undefined, output: string | undefined): string {
  if (target !== undefined) return target;
  if (output?.toLowerCase().endsWith(".onnx")) return "onnx";
  throw new CliError(`required option '-t, --target <target>' not specified (${COMPILE_TARGETS.join(", ")}; an output file ending in .onnx implies onnx)`);
}

/** One example per command, printed after its --help. */
const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  check: ["linc check examples/causal_conv.linc", "linc check --json examples/*.linc"],
  run: [
    `python3 -c "import numpy as np; np.save('x.npy', np.random.randn(2, 4096).astype('f4')); np.save('h.npy', np.random.randn(4096).astype('f4'))"`,
    "linc run examples/causal_conv.linc -b wasm --in x=x.npy --param h=h.npy --out out/",
  ],
  graph: ["linc graph examples/causal_conv.linc --after schedule -t cpu -o graph.svg"],
  compile: ["linc compile examples/causal_conv.linc -t js -o kernel/conv.mjs", "linc compile examples/causal_conv.linc -o conv.onnx --params-as-inputs"],
  explain: ["linc explain examples/causal_conv.linc -t wasm", "linc explain E0301"],
  tune: ["linc tune examples/causal_conv.linc -t wasm --budget 5s -o conv.wisdom.json"],
  bench: ["linc bench examples/causal_conv.linc --dim batch=8 --runs 50"],
  demo: ["linc demo examples/causal_conv.linc --dim batch=4"],
};

function program(): Command {
  const cli = new Command("linc")
    .description("a compiler for structured linear operators")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride(); // commander reports its own usage errors, then throws here instead of exiting
  let started = 0;
  cli.hook("preAction", () => void (started = performance.now()));
  cli.hook("postAction", (_, cmd) => void (cmd.opts().verbose && process.stderr.write(`linc ${cmd.name()}: done in ${(performance.now() - started).toFixed(0)} ms\n`)));

  cli
    .command("check")
    .description("parse and check a spec; print diagnostics (file:line:col: error[CODE]: message) or its interface")
    .argument("<spec...>", "the .linc spec file(s)")
    .option("--json", "print the results as JSON on stdout (diagnostics as the library's check() gives them), for editors")
    .action(async (specs: string[], o: { json?: boolean }) => (await import("./commands/check.js")).check(specs, o));

  cli
    .command("run")
    .description("run a spec on arrays from .npy files, writing DIR/<output>.npy per output")
    .argument("<spec>", "the .linc spec file")
    .option("-b, --backend <name>", `backend to run on: ${backendNames().join(", ")}`, "reference")
    .option("--in <name=file>", "bind an input to a .npy file (repeatable)", collect("input"), [])
    .option("--param <name=file>", "bind a param to a .npy file (repeatable)", collect("param"), [])
    .option("--out <dir>", "directory for the output .npy files (created if missing; required)")
    .option("-q, --quiet", "do not list the files written")
    .option("-v, --verbose", "print the time each step took on stderr")
    .option("--wisdom <file>", "measured FFT plans from `linc tune` (ignored with a warning when measured elsewhere)")
    .option("--fold-budget <ops>", FOLD_BUDGET_HELP, budget)
    .action(async (spec: string, o: { backend: string; in: Given[]; param: Given[]; out?: string; quiet?: boolean; verbose?: boolean; wisdom?: string; foldBudget?: number }) =>
      (await import("./commands/run.js")).run(spec, { backend: o.backend, given: [...o.in, ...o.param], out: required(o.out, "--out <dir>"), quiet: o.quiet, verbose: o.verbose, wisdom: o.wisdom, foldBudget: o.foldBudget }),
    );

  cli
    .command("graph")
    .description("print the IR of a spec as a Graphviz graph (DOT on stdout, or a .dot/.svg file)")
    .argument("<spec>", "the .linc spec file")
    .option("-o, --output <file>", "write to FILE (.dot, .gv, or .svg when Graphviz is installed)")
    .option("--after <pass>", "show the graph after the named pass of the optimiser's pipeline")
    .option("-t, --target <backend>", "backend the pipeline lowers for (with --after)", "reference")
    .option("--text", "print the IR as text, one line per node, instead of DOT")
    .action(async (spec: string, o: { output?: string; after?: string; target?: string; text?: boolean }) => (await import("./commands/graph.js")).graph(spec, o));

  cli
    .command("compile")
    .description("compile a spec to a standalone artefact: an ES module (js), a module with WebAssembly SIMD kernels (wasm), a GPU.js module (gpujs) or an ONNX model (onnx)")
    .argument("<spec>", "the .linc spec file")
    .option("-t, --target <target>", `${COMPILE_TARGETS.join(", ")} (required, except that an output ending in .onnx implies onnx)`)
    .option("-o, --output <file>", "output file (js, wasm: kernel.mjs, with kernel.d.mts beside it; or a directory; required)")
    .option("--param <name=file>", "bind a param at compile time: embedded, and what depends only on it is precomputed (repeatable)", collect("param"), [])
    .option("--opset <n>", "ONNX opset: 17 (default) or 20", integer)
    .option("--fft <strategy>", "ONNX FFT lowering: auto (default), dft, matmul or fourstep")
    .option("--params-as-inputs", "ONNX: unbound params become graph inputs instead of initializers")
    .option("--wisdom <file>", "measured FFT plans from `linc tune` (ignored with a warning when measured elsewhere)")
    .option("--fold-budget <ops>", FOLD_BUDGET_HELP, budget)
    .option("-v, --verbose", "print the elapsed time on stderr")
    .action(async (spec: string, o: { target?: string; output?: string; param: Given[]; opset?: number; fft?: string; paramsAsInputs?: boolean; wisdom?: string; foldBudget?: number }) =>
      (await import("./commands/compile.js")).compile(spec, { target: compileTarget(o.target, o.output), output: required(o.output, "-o, --output <file>"), given: o.param, opset: o.opset, fft: o.fft, paramsAsInputs: o.paramsAsInputs, wisdom: o.wisdom, foldBudget: o.foldBudget }),
    );

  cli
    .command("explain")
    .description("show the passes applied, the rules they fired, op count / flops / bytes before and after, and the planner's choices (FFT algorithms and radices)")
    .argument("<spec>", "the .linc spec file, or an error code (E0301) to explain")
    .option("-t, --target <backend>", `backend the pipeline lowers for and whose plans are shown: ${backendNames().join(", ")}`, "cpu")
    .option("-b, --backend <backend>", "the same as --target")
    .option("--dump-after <pass>", "also print the IR after the named pass")
    .option("--wisdom <file>", "measured FFT plans from `linc tune` (ignored with a warning when measured elsewhere)")
    .option("--stages", "also list the stage programs the planned ops lower to (one line per stage)")
    .option("--fold-budget <ops>", FOLD_BUDGET_HELP, budget)
    .action(async (spec: string, o: { target?: string; backend?: string; dumpAfter?: string; wisdom?: string; stages?: boolean; foldBudget?: number }) =>
      (await import("./commands/explain.js")).explain(spec, { target: o.backend ?? o.target, dumpAfter: o.dumpAfter, wisdom: o.wisdom, stages: o.stages, foldBudget: o.foldBudget }),
    );

  cli
    .command("tune")
    .description("time the candidate FFT plans of a spec on a backend and write the fastest as a wisdom file (for --wisdom)")
    .argument("<spec>", "the .linc spec file")
    .option("-t, --target <backend>", "cpu, wasm or onnx", "cpu")
    .option("--budget <time>", "time to spend measuring: 10s, 500ms, 2m", "10s")
    .option("-o, --output <file>", "the wisdom file to write (spec.wisdom.json; required)")
    .action(async (spec: string, o: { target: string; budget: string; output?: string }) => (await import("./commands/tune.js")).tune(spec, { ...o, output: required(o.output, "-o, --output <file>") }));

  cli
    .command("bench")
    .description("time a spec on random inputs on each backend (median per run, compile excluded), relative to the reference")
    .argument("<spec>", "the .linc spec file")
    .option("-b, --backend <names>", `comma-separated backends (${backendNames().join(", ")}); default: all of them, skipping with a note those whose runtime is not installed`)
    .option("--runs <n>", "timed runs per backend", integer, 20)
    .option("--baseline <name>", "the backend the others are compared with (default: reference if benchmarked, else the first)")
    .option("--seed <n>", "random seed", integer, 1)
    .option("--dim <name=size>", "size of a symbolic dimension (default 2; repeatable)", dimFlag, new Map<string, number>())
    .action(async (spec: string, o: { backend?: string; runs: number; seed: number; dim: Map<string, number>; baseline?: string }) =>
      (await import("./commands/bench.js")).bench(spec, { backends: o.backend?.split(",").map((s) => s.trim()).filter(Boolean), runs: o.runs, seed: o.seed, dims: o.dim, baseline: o.baseline }),
    );

  cli
    .command("demo")
    .description("check a spec, run it on seeded random inputs on every backend, compare with the reference")
    .argument("<spec>", "the .linc spec file")
    .option("--seed <n>", "random seed", integer, 1)
    .option("--dim <name=size>", "size of a symbolic dimension (default 2; repeatable)", dimFlag, new Map<string, number>())
    .action(async (spec: string, o: { seed: number; dim: Map<string, number> }) => (await import("./commands/demo.js")).demo(spec, { seed: o.seed, dims: o.dim }));

  for (const cmd of cli.commands) {
    const lines = EXAMPLES[cmd.name()];
    if (lines) cmd.addHelpText("after", `\nExample${lines.length > 1 ? "s" : ""}:\n${lines.map((l) => `  ${l}`).join("\n")}`);
  }
  return cli;
}

/** Run the command line; resolves to the exit status (never throws). */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await program().parseAsync([...argv]);
    return EXIT.ok;
  } catch (e) {
    // --help and --version end as a CommanderError with status 0; usage errors were printed already
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const { text, exitCode } = describeError(e, undefined, stderrPainter());
    if (text) process.stderr.write(text + "\n");
    return exitCode;
  }
}
