// Runtime checks at a kernel's boundary: params, inputs and caller-provided outputs are typed
// arrays of the declared element type and length, symbolic dimensions are solved from the
// input lengths, and tensors stay within the element limit. The sources are shared with the
// gpujs module (src/backends/shared/boundary.ts).
import { BOUNDARY } from "../../shared/boundary.js";
import type { LibEntry } from "./index.js";

export const IO: LibEntry[] = Object.entries(BOUNDARY).map(([name, src]) => ({ name, src, generic: true }));
