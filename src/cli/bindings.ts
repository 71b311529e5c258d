// Binding arrays to a program's declarations: every input and param must be given exactly once,
// with exactly its declared dtype and a shape that matches the declaration, where a symbolic
// dimension such as `batch` takes one value across all arrays.
import type { Decl, Program } from "../ir/program.js";
import { checkRunSizes } from "../ir/bind.js";
import { LincError } from "../ir/errors.js";
import { type HostArray, own } from "../ir/host.js";
import { didYouMean } from "../ir/suggest.js";
import { type Dim, type TensorType, shapeStr } from "../ir/types.js";

export type DeclKind = "input" | "param";

/** One `--in NAME=FILE` or `--param NAME=FILE` as written. */
export interface Given {
  kind: DeclKind;
  name: string;
  file: string;
}

/** Parse `NAME=FILE`; returns undefined when the text has no name or no file. */
export function parseAssignment(text: string): { name: string; file: string } | undefined {
  const eq = text.indexOf("=");
  if (eq <= 0 || eq === text.length - 1) return undefined;
  return { name: text.slice(0, eq), file: text.slice(eq + 1) };
}

const declsOf = (p: Program, kind: DeclKind): Decl[] => (kind === "input" ? p.inputs : p.params);
const flag = (kind: DeclKind) => (kind === "input" ? "--in" : "--param");
const list = (names: string[]) => names.map((n) => `'${n}'`).join(", ");

/** Check names before any file is read: unknown (E0705) first, then missing (E0704, all of them). */
export function checkNames(p: Program, given: readonly Given[], opts: { partial?: boolean } = {}): void {
  const seen = new Set<string>();
  for (const g of given) {
    if (seen.has(g.name)) throw new LincError("E0705", `'${g.name}' is bound twice`);
    seen.add(g.name);
    if (declsOf(p, g.kind).some((d) => d.name === g.name)) continue;
    const other: DeclKind = g.kind === "input" ? "param" : "input";
    if (declsOf(p, other).some((d) => d.name === g.name))
      throw new LincError("E0705", `'${g.name}' is ${other === "input" ? "an input" : "a param"} of ${p.file}, not ${g.kind === "input" ? "an input" : "a param"}; bind it with ${flag(other)} ${g.name}=FILE.npy`);
    const names = declsOf(p, g.kind).map((d) => d.name);
    throw new LincError("E0705", `${p.file} has no ${g.kind} '${g.name}'${names.length ? `; its ${g.kind}s are ${list(names)}${didYouMean(g.name, names)}` : ` (it declares no ${g.kind}s)`}`);
  }
  const missing = (["input", "param"] as const).flatMap((kind) =>
    declsOf(p, kind).filter((d) => !seen.has(d.name)).map((d) => ({ kind, name: d.name })),
  );
  if (missing.length && !opts.partial) {
    const what = missing.map((m) => `${m.kind} '${m.name}'`).join(", ");
    const how = missing.map((m) => `${flag(m.kind)} ${m.name}=FILE.npy`).join(" ");
    throw new LincError("E0704", `missing ${what} (bind with ${how})`);
  }
}

/**
 * Check each array against its declaration (E0703), binding symbolic dimensions as it goes, then
 * (when all are given) every tensor of the program against the element limit at those sizes (E0304).
 * `arrays` is keyed by name; `label` says where an array came from, for messages.
 */
export function checkArrays(p: Program, arrays: Record<string, Pick<HostArray, "dtype" | "shape">>, label: (name: string) => string = (n) => n, opts: { partial?: boolean } = {}): Map<string, number> {
  const dims = new Map<string, { value: number; from: string }>();
  for (const kind of ["input", "param"] as const)
    for (const d of declsOf(p, kind)) {
      const a = own(arrays, d.name)!;
      if (!a && opts.partial) continue;
      const want = d.node.type as TensorType;
      const what = `${kind} '${d.name}' (${label(d.name)})`;
      const got = `${a.dtype}${shapeStr(a.shape)}`;
      if (a.dtype !== want.dtype) throw new LincError("E0703", `${what} is ${got}, but it is declared ${declStr(want)}: dtype ${a.dtype} is not ${want.dtype}`);
      if (a.shape.length !== want.shape.length)
        throw new LincError("E0703", `${what} is ${got}, but it is declared ${declStr(want)}: ${a.shape.length} axes instead of ${want.shape.length}`);
      want.shape.forEach((w: Dim, i) => {
        const v = a.shape[i];
        if (typeof w === "number") {
          if (v !== w) throw new LincError("E0703", `${what} is ${got}, but it is declared ${declStr(want)}: axis ${i} has length ${v}, not ${w}`);
          return;
        }
        const bound = dims.get(w);
        if (!bound) dims.set(w, { value: v, from: what });
        else if (bound.value !== v)
          throw new LincError("E0703", `${what} is ${got}, but '${w}' = ${bound.value} from ${bound.from}; axis ${i} has length ${v}`);
      });
    }
  const sizes = new Map([...dims].map(([k, v]) => [k, v.value]));
  if (!opts.partial) checkRunSizes(p, sizes);
  return sizes;
}

const declStr = (t: TensorType) => `${t.dtype}${shapeStr(t.shape)}`;
