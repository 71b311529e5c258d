// `linc run SPEC --backend B --in x=x.npy --param h=h.npy --out DIR`: bind arrays, check them
// against the declarations, run on a backend, write one DIR/<output>.npy per output. With
// --verbose, the time of each step goes to stderr (stdout stays the list of files written).
import { own } from "../../ir/host.js";
import { type Given, checkArrays, checkNames } from "../bindings.js";
import { backendNamed, lowerFor, runLowered } from "../backends.js";
import { loadProgram } from "../load.js";
import { readNpy, readNpyHeader } from "../npy.js";
import { writeOutputs } from "../outdir.js";
import { duration, since } from "../timing.js";

export interface RunOptions {
  backend: string;
  /** Constant folding's work budget (--fold-budget). */
  foldBudget?: number;
  given: Given[];
  out: string;
  quiet?: boolean;
  /** Print the time of each step on stderr. */
  verbose?: boolean;
  /** A wisdom file (`linc tune`). */
  wisdom?: string;
}

export async function run(spec: string, opts: RunOptions): Promise<void> {
  const steps: string[] = [];
  let t = performance.now();
  const step = (what: string) => {
    steps.push(`${what} ${duration(since(t))}`);
    t = performance.now();
  };
  const backend = await backendNamed(opts.backend); // the backend's name checked before the spec is read
  step(`load backend ${backend.name}`);
  const program = await loadProgram(spec);
  step("parse and check");
  checkNames(program, opts.given);
  const fileOf = new Map(opts.given.map((g) => [g.name, g.file]));
  // every file's header against its declaration first (E0703), and only then any data
  checkArrays(program, Object.fromEntries(opts.given.map((g) => [g.name, readNpyHeader(g.file)])), (n) => fileOf.get(n)!);
  const arrays = Object.fromEntries(opts.given.map((g) => [g.name, readNpy(g.file)]));
  step("read inputs");
  const wisdom = await (await import("../wisdom.js")).readWisdom(opts.wisdom); // warned on stderr when ignored
  const lowered = await lowerFor(backend, program, arrays, wisdom, opts.foldBudget);
  step("lower");
  const outputs = await runLowered(backend, lowered, arrays);
  step("run (compile included)");
  const picked = Object.fromEntries(program.outputs.map((o) => [o.name, own(outputs, o.name)!]));
  const written = writeOutputs(opts.out, picked);
  step("write outputs");
  if (!opts.quiet) process.stdout.write(written.map((f) => `wrote ${f}\n`).join(""));
  if (opts.verbose) process.stderr.write(`linc run: ${steps.join(", ")}\n`);
}
