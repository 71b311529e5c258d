// Runtime checks at a kernel's boundary: params, inputs and caller-provided outputs are typed
// arrays of the declared element type and length, and symbolic dimensions are solved from the
// input lengths. Names arrive as string values (never pasted into code), so any name is safe.
import type { LibEntry } from "./index.js";

export const IO: LibEntry[] = [
  {
    name: "takeArray",
    generic: true,
    src: `function takeArray(rec, name, what, ctor, len, dflt) {
  const a = rec && Object.prototype.hasOwnProperty.call(rec, name) ? rec[name] : dflt;
  if (a === undefined) throw new Error("missing " + what + " " + JSON.stringify(name));
  if (!(a instanceof ctor)) throw new TypeError(what + " " + JSON.stringify(name) + " must be a " + ctor.name);
  if (len >= 0 && a.length !== len)
    throw new RangeError(what + " " + JSON.stringify(name) + " must have " + len + " elements, got " + a.length);
  return a;
}`,
  },
  {
    name: "solveDim",
    generic: true,
    // the one unknown dimension of an array of `len` elements whose other dims multiply to `known`
    src: `function solveDim(len, known, dim, name) {
  const d = known === 0 ? 0 : len / known;
  if (!Number.isInteger(d)) throw new RangeError("input " + JSON.stringify(name) + " has " + len + " elements, not a multiple of " + known + " (solving dimension " + JSON.stringify(dim) + ")");
  return d;
}`,
  },
  {
    name: "takeDim",
    generic: true,
    src: `function takeDim(dims, dim) {
  if (!dims || !Object.prototype.hasOwnProperty.call(dims, dim)) return -1;
  const d = dims[dim];
  if (!Number.isInteger(d) || d < 0) throw new RangeError("dimension " + JSON.stringify(dim) + " must be a non-negative integer");
  return d;
}`,
  },
];

IO.push({
  name: "takeOut",
  generic: true,
  // the caller's output array when given (checked), else a new one
  src: `function takeOut(rec, name, ctor, len) {
  if (rec && Object.prototype.hasOwnProperty.call(rec, name) && rec[name] !== undefined) return takeArray(rec, name, "output", ctor, len);
  return new ctor(len);
}`,
});

IO.push({
  name: "noOverlap",
  generic: true,
  // an output sharing bytes with an input would be read after it is written: refuse it (names
  // are parallel arrays of JSON strings)
  src: `function noOverlap(outs, outNames, ins, inNames) {
  for (let j = 0; j < outs.length; j++) {
    const o = outs[j];
    for (let i = 0; i < ins.length; i++) {
      const a = ins[i];
      if (o.buffer === a.buffer && o.byteOffset < a.byteOffset + a.byteLength && a.byteOffset < o.byteOffset + o.byteLength)
        throw new RangeError("output " + JSON.stringify(outNames[j]) + " overlaps input " + JSON.stringify(inNames[i]) + ": pass a separate array");
    }
  }
}`,
});
