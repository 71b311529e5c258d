// The checks at an emitted kernel's boundary, as JavaScript text shared by the cpu module (its
// runtime library, src/backends/cpu/lib/io.ts) and the gpujs module (src/backends/gpujs/
// runtime.ts), so both refuse the same bad arguments with the same messages: params, inputs and
// caller-provided outputs are typed arrays of the declared class and length (not null, plain
// arrays or strings), dims are non-negative integers, outputs overlap neither inputs nor each other, index data
// read as a permutation is one (E0603), and every
// tensor stays within the compiler's element limit (E0304) once dims have sizes. Names arrive as
// string values (never pasted into code), so any name is safe.
import { sizeLimits } from "../../ir/index.js";

const LIMIT = sizeLimits.maxOperatorSide;

/** Function sources by name; each defines a function of that name and calls only the others. */
export const BOUNDARY: Record<string, string> = {
  takeArray: `function takeArray(rec, name, what, ctor, len, dflt) {
  const a = rec && Object.prototype.hasOwnProperty.call(rec, name) ? rec[name] : dflt;
  if (a === undefined) throw new Error("missing " + what + " " + JSON.stringify(name));
  if (!(a instanceof ctor)) throw new TypeError(what + " " + JSON.stringify(name) + " must be a " + ctor.name);
  if (len >= 0 && a.length !== len)
    throw new RangeError(what + " " + JSON.stringify(name) + " must have " + len + " elements, got " + a.length);
  return a;
}`,
  solveDim: `function solveDim(len, known, dim, name) {
  const d = known === 0 ? 0 : len / known;
  if (!Number.isInteger(d)) throw new RangeError("input " + JSON.stringify(name) + " has " + len + " elements, not a multiple of " + known + " (solving dimension " + JSON.stringify(dim) + ")");
  return d;
}`,
  takeDim: `function takeDim(dims, dim) {
  if (!dims || !Object.prototype.hasOwnProperty.call(dims, dim)) return -1;
  const d = dims[dim];
  if (!Number.isInteger(d) || d < 0) throw new RangeError("dimension " + JSON.stringify(dim) + " must be a non-negative integer");
  return d;
}`,
  takeOut: `function takeOut(rec, name, ctor, len) {
  if (rec && Object.prototype.hasOwnProperty.call(rec, name) && rec[name] !== undefined) return takeArray(rec, name, "output", ctor, len);
  return new ctor(len);
}`,
  noOverlap: `function noOverlap(outs, outNames, ins, inNames) {
  for (let j = 0; j < outs.length; j++) {
    const o = outs[j];
    for (let i = 0; i < j; i++) {
      const a = outs[i];
      if (o.buffer === a.buffer && o.byteOffset < a.byteOffset + a.byteLength && a.byteOffset < o.byteOffset + o.byteLength)
        throw new RangeError("output " + JSON.stringify(outNames[i]) + " overlaps output " + JSON.stringify(outNames[j]) + ": pass separate arrays");
    }
    for (let i = 0; i < ins.length; i++) {
      const a = ins[i];
      if (o.buffer === a.buffer && o.byteOffset < a.byteOffset + a.byteLength && a.byteOffset < o.byteOffset + o.byteLength)
        throw new RangeError("output " + JSON.stringify(outNames[j]) + " overlaps input " + JSON.stringify(inNames[i]) + ": pass a separate array");
    }
  }
}`,
  checkPerm: `function checkPerm(p, name) {
  const n = p.length, seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = Number(p[i]);
    if (Number.isInteger(v) && v >= 0 && v < n && !seen[v]) { seen[v] = 1; continue; }
    const e = new RangeError("E0603: perm(): " + JSON.stringify(name) + " is not a permutation of 0.." + (n - 1) + ": at index " + i + ", " + p[i]);
    e.code = "E0603";
    throw e;
  }
}`,
  checkElements: `function checkElements(n, what) {
  if (n <= ${LIMIT}) return;
  const e = new RangeError("E0304: " + what + " would hold " + n + " elements, above the limit of ${LIMIT}");
  e.code = "E0304";
  throw e;
}`,
};

/** The whole set, for a runtime that embeds all of it (the gpujs module). */
export const BOUNDARY_SOURCE = Object.values(BOUNDARY).join("\n\n");
