// Checking run-time arrays against a program's declarations: every input and param bound
// (E0704, naming all that are missing), dtypes and ranks as declared and concrete axes of the
// declared length (E0703), and each symbolic dimension one size everywhere. Returns those sizes.
import { fail } from "./errors.js";
import { type HostArray, own } from "./host.js";
import type { Program } from "./program.js";
import type { TensorType } from "./types.js";

export function bindDims(program: Program, bindings: Record<string, HostArray>): Map<string, number> {
  const dims = new Map<string, number>();
  const decls = [...program.inputs, ...program.params];
  const missing = decls.filter((d) => !Object.hasOwn(bindings, d.name)).map((d) => `'${d.name}'`);
  if (missing.length) fail("E0704", `missing value${missing.length > 1 ? "s" : ""} for ${missing.join(", ")}`);
  for (const d of decls) {
    const h = own(bindings, d.name)!, t = d.node.type as TensorType;
    if (h.dtype !== t.dtype) fail("E0703", `'${d.name}' is declared ${t.dtype} but the array is ${h.dtype}`);
    if (h.shape.length !== t.shape.length) fail("E0703", `'${d.name}' is declared with ${t.shape.length} axes but the array has shape [${h.shape.join(", ")}]`);
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
  return dims;
}

/** A declared shape with its symbolic dimensions replaced by their bound sizes (E0305 if unbound). */
export function resolveShape(shape: readonly (number | string)[], dims: ReadonlyMap<string, number> | undefined): number[] {
  return shape.map((d) => (typeof d === "number" ? d : dims?.get(d) ?? fail("E0305", `symbolic dimension '${d}' is not bound`)));
}
