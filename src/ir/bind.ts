// Checking run-time arrays against a program's declarations: every input and param bound
// (E0704, naming all that are missing), dtypes and ranks as declared and concrete axes of the
// declared length (E0703), each symbolic dimension one size everywhere, and every tensor within
// the element limit at those sizes (E0304), and index data that a perm reads a permutation (E0603,
// the reference's own check, so no backend gathers out of range or from duplicates). Returns
// those sizes.
import { fail } from "./errors.js";
import { type HostArray, own } from "./host.js";
import { toposort } from "./node.js";
import { sizeLimits } from "./ops/common.js";
import type { Program } from "./program.js";
import { type TensorType, shapeStr, typeStr } from "./types.js";

export function bindDims(program: Program, bindings: Record<string, HostArray>): Map<string, number> {
  const dims = new Map<string, number>();
  const decls = [...program.inputs, ...program.params];
  const missing = decls.filter((d) => !Object.hasOwn(bindings, d.name)).map((d) => `'${d.name}'`);
  if (missing.length) fail("E0704", `missing value${missing.length > 1 ? "s" : ""} for ${missing.join(", ")}`);
  for (const d of decls) {
    const h = own(bindings, d.name)!, t = d.node.type as TensorType;
    if (h.dtype !== t.dtype) fail("E0703", `'${d.name}' is declared ${t.dtype} but the array is ${h.dtype}`);
    if (h.shape.length !== t.shape.length) fail("E0703", `'${d.name}' is declared with ${t.shape.length} axes but the array has shape ${shapeStr(h.shape)}`);
    t.shape.forEach((dim, i) => {
      const got = h.shape[i];
      if (typeof dim === "number") {
        if (got !== dim) fail("E0703", `'${d.name}' axis ${i} must have length ${dim}, got ${got}`);
        return;
      }
      const prev = dims.get(dim);
      if (prev !== undefined && prev !== got) fail("E0703", `symbolic dimension '${dim}' is ${prev} elsewhere but ${got} in '${d.name}'`);
      dims.set(dim, got);
    });
  }
  checkRunSizes(program, dims);
  checkPermutations(program, bindings);
  return dims;
}

/**
 * Every input or param read as a permutation (`perm(p)`, or the `invperm(p)` of an inverse) holds a
 * permutation of 0..n-1 (E0603): checked before any backend runs, so none gathers from an index out
 * of range (onnxruntime would fail uncoded, a GPU read garbage) or from a repeated one.
 */
export function checkPermutations(program: Program, bindings: Record<string, HostArray>): void {
  for (const n of toposort(program.outputs.map((o) => o.node))) {
    if (n.op !== "perm" && n.op !== "invperm") continue;
    const p = n.src[0];
    if (p.op !== "input" && p.op !== "param") continue;
    const h = own(bindings, p.arg.name);
    if (!h) continue;
    const N = h.data.length, seen = new Uint8Array(N);
    for (let i = 0; i < N; i++) {
      const v = Number(h.data[i]);
      if (Number.isInteger(v) && v >= 0 && v < N && !seen[v]) {
        seen[v] = 1;
        continue;
      }
      const why = Number.isInteger(v) && v >= 0 && v < N ? `${v} appears twice` : `${h.data[i]} is outside 0..${N - 1}`;
      fail("E0603", `perm(): '${p.arg.name}' is not a permutation of 0..${N - 1}: at index ${i}, ${why}`);
    }
  }
}

/**
 * The element limit of compile-time shapes (sizeLimits.maxOperatorSide), applied once symbolic
 * dimensions have sizes: every tensor of the program (declarations and every value computed on
 * the way to the outputs) is checked with those sizes, before anything of that size is
 * allocated (E0304). Dimensions left unbound count as 1, as at compile time.
 */
export function checkRunSizes(program: Program, dims: ReadonlyMap<string, number>): void {
  const max = sizeLimits.maxOperatorSide;
  const dimList = (shape: readonly (number | string)[]) =>
    [...new Set(shape.filter((d): d is string => typeof d === "string"))].map((d) => `${d} = ${dims.get(d) ?? 1}`).join(", ");
  const decls = [...program.inputs, ...program.params, ...program.outputs];
  const named = new Map(decls.map((d) => [d.node, d.name]));
  for (const n of [...decls.map((d) => d.node), ...toposort(program.outputs.map((o) => o.node))]) {
    if (n.type.kind !== "tensor") continue;
    const shape = n.type.shape;
    if (shape.every((d) => typeof d === "number")) continue;
    let count = 1;
    for (const d of shape) count *= typeof d === "number" ? d : dims.get(d) ?? 1;
    if (count <= max) continue;
    const name = named.get(n);
    const what = name !== undefined ? `'${name}' (${typeStr(n.type)})` : `a ${typeStr(n.type)} value computed by ${n.op}`;
    fail("E0304", `with ${dimList(shape)}, ${what} would hold ${count} elements, above the limit of ${max}`);
  }
}

/** A declared shape with its symbolic dimensions replaced by their bound sizes (E0305 if unbound). */
export function resolveShape(shape: readonly (number | string)[], dims: ReadonlyMap<string, number> | undefined): number[] {
  return shape.map((d) => (typeof d === "number" ? d : dims?.get(d) ?? fail("E0305", `symbolic dimension '${d}' is not bound`)));
}
