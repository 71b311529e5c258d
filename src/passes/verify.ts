// The verifier: one check per op (from the catalogue) plus structural checks, run after every
// pass. A failure is an internal compiler error naming the pass that broke the invariant.
import { type Node, type OpDef, type OperatorType, type StageProgram, boundSource, checkProgram, getOpDef, isOpName, toposort } from "../ir/index.js";

export function verifyGraph(roots: readonly Node[], after = "input"): void {
  for (const n of toposort(roots)) {
    const problem = check(n);
    if (problem) throw new Error(`internal: verifier failed after pass '${after}' at ${n.toString()}: ${problem}`);
  }
}

function check(n: Node): string | undefined {
  if (!isOpName(n.op)) return `op '${n.op}' is not in the op registry`;
  if (n.op === "compose") {
    const [a, b] = n.src.map((s) => s.type as OperatorType);
    if (a.cols !== b.rows) return `compose of ${a.rows}x${a.cols} with ${b.rows}x${b.cols}`;
  }
  if ("stages" in n.arg && n.arg.stages) {
    const bad = stagesProblem(n.arg.stages, n.type as OperatorType) ?? weightsProblem(n, n.arg.stages);
    if (bad) return bad;
  }
  return (getOpDef(n.op) as OpDef).verify?.(n);
}

/** Every shared input of a recorded program names (by its source path) a tensor of its length. */
function weightsProblem(n: Node, p: StageProgram): string | undefined {
  for (const b of p.inputs.filter((i) => i.shared)) {
    const path = b.source ?? [];
    const t = path.every((i, k) => i < path.slice(0, k).reduce((m, j) => m.src[j], n).src.length) ? boundSource(n, b).type : undefined;
    const len = t?.kind === "tensor" && t.shape.every((d) => typeof d === "number") ? (t.shape as number[]).reduce((a, c) => a * c, 1) : undefined;
    if (len !== b.len) return `the stage program's weights '${b.name}' (${b.len} entries) are not a tensor of that size at source path [${path.join(", ")}]`;
  }
  return undefined;
}

/** A recorded stage program must be sound and map the operator's columns to its rows. */
function stagesProblem(p: StageProgram, t: OperatorType): string | undefined {
  const problems = checkProgram(p);
  if (problems.length) return `unsound stage program: ${problems.join("; ")}`;
  const x = p.inputs.find((b) => b.name === "x"), y = p.outputs.find((b) => b.name === "y");
  return x?.len === t.cols && y?.len === t.rows ? undefined : `the stage program maps ${x?.len} entries to ${y?.len}, the operator ${t.cols} to ${t.rows}`;
}
