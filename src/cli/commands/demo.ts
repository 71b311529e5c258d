// `linc demo SPEC` (what `npm start` runs): check a spec, bind seeded random inputs and params,
// run it on the reference interpreter and on every other backend of the registry, and show the
// outputs and how far each backend is from the reference.
import { checkRunSizes } from "../../ir/bind.js";
import type { HostArray } from "../../ir/host.js";
import type { Program } from "../../ir/program.js";
import { type Dim, type TensorType, shapeStr } from "../../ir/types.js";
import { backendNamed, backendNames, runOn } from "../backends.js";
import { loadProgram } from "../load.js";
import { randomArray, rng } from "../random.js";
import { CliError, describeError } from "../report.js";
import { didYouMean } from "../../ir/suggest.js";
import { describeArray, maxDiff } from "../summary.js";
import { interfaceSummary } from "./check.js";

export interface DemoOptions {
  seed: number;
  /** Values of symbolic dimensions (default 2 each). */
  dims: Map<string, number>;
}

/**
 * Random arrays for every input and param, symbolic dims taken from `dims` (default 2); the
 * element limit is checked with those sizes before anything is allocated (E0304).
 */
export function randomBindings(p: Program, opts: DemoOptions): Record<string, HostArray> {
  const r = rng(opts.seed);
  const size = (d: Dim): number => (typeof d === "number" ? d : opts.dims.get(d) ?? 2);
  const symbolic = [...p.inputs, ...p.params, ...p.outputs].flatMap((d) => (d.node.type.kind === "tensor" ? d.node.type.shape : []));
  // a --dim the spec does not have is a mistake (a misspelt name would silently default to 2)
  const names = [...new Set(symbolic.filter((d): d is string => typeof d === "string"))];
  for (const d of opts.dims.keys())
    if (!names.includes(d))
      throw new CliError(`--dim ${d}: the spec has no symbolic dimension '${d}'${names.length ? `; its symbolic dimensions are ${names.map((n) => `'${n}'`).join(", ")}${didYouMean(d, names)}` : " (it has none)"}`);
  checkRunSizes(p, new Map(symbolic.filter((d): d is string => typeof d === "string").map((d) => [d, size(d)])));
  return Object.fromEntries([...p.inputs, ...p.params].map((d) => {
    const t = d.node.type as TensorType;
    return [d.name, randomArray(t.dtype, t.shape.map(size), r)];
  }));
}

const fmt = (v: number) => (Number.isFinite(v) ? v.toExponential(2) : String(v));

export async function demo(spec: string, opts: DemoOptions): Promise<void> {
  const say = (s = "") => process.stdout.write(s + "\n");
  const program = await loadProgram(spec);
  say(`${spec}: ok`);
  say(interfaceSummary(program));
  const bindings = randomBindings(program, opts);
  say(`\nrandom inputs and params (seed ${opts.seed}):`);
  for (const [name, a] of Object.entries(bindings)) say(`  ${name.padEnd(8)} ${describeArray(a)}`);

  const t0 = performance.now();
  const ref = await runOn(await backendNamed("reference"), program, bindings);
  say(`\nreference (${(performance.now() - t0).toFixed(1)} ms):`);
  for (const o of program.outputs) say(`  ${o.name.padEnd(8)} ${describeArray(ref[o.name])}`);

  say("\nother backends (max difference from the reference, per output):");
  for (const name of backendNames().filter((b) => b !== "reference")) {
    let out: Record<string, HostArray>;
    const t = performance.now();
    try {
      out = await runOn(await backendNamed(name), program, bindings);
    } catch (e) {
      // one backend failing (an op it does not render, say) is worth showing, not fatal
      say(`  ${name.padEnd(8)} failed: ${describeError(e).text.split("\n")[0]}`);
      continue;
    }
    const diffs = program.outputs.map((o) => {
      const d = maxDiff(ref[o.name], out[o.name]);
      const shapeNote = out[o.name].shape.join() === ref[o.name].shape.join() ? "" : ` (shape ${shapeStr(out[o.name].shape)}!)`;
      return `${o.name}: abs ${fmt(d.abs)} rel ${fmt(d.rel)}${shapeNote}`;
    });
    say(`  ${name.padEnd(8)} ${(performance.now() - t).toFixed(1)} ms  ${diffs.join("; ")}`);
  }
}
