// `linc run SPEC --backend B --in x=x.npy --param h=h.npy --out DIR`: bind arrays, check them
// against the declarations, run on a backend, write one DIR/<output>.npy per output.
import { own } from "../../ir/host.js";
import { type Given, checkArrays, checkNames } from "../bindings.js";
import { backendNamed, runOn } from "../backends.js";
import { loadProgram } from "../load.js";
import { readNpy, readNpyHeader } from "../npy.js";
import { writeOutputs } from "../outdir.js";

export interface RunOptions {
  backend: string;
  given: Given[];
  out: string;
  quiet?: boolean;
}

export async function run(spec: string, opts: RunOptions): Promise<void> {
  const program = await loadProgram(spec);
  const backend = await backendNamed(opts.backend);
  checkNames(program, opts.given);
  const fileOf = new Map(opts.given.map((g) => [g.name, g.file]));
  // every file's header against its declaration first (E0703), and only then any data
  checkArrays(program, Object.fromEntries(opts.given.map((g) => [g.name, readNpyHeader(g.file)])), (n) => fileOf.get(n)!);
  const arrays = Object.fromEntries(opts.given.map((g) => [g.name, readNpy(g.file)]));
  const outputs = await runOn(backend, program, arrays);
  const picked = Object.fromEntries(program.outputs.map((o) => [o.name, own(outputs, o.name)!]));
  const written = writeOutputs(opts.out, picked);
  if (!opts.quiet) process.stdout.write(written.map((f) => `wrote ${f}\n`).join(""));
}
