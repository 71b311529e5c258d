// Kernel factory source for a mixed-radix complex FFT: twiddle tables built at load time,
// one generated function per Stockham pass, and a `run` that chains them over the batch.
//
// Buffer schedule: the first pass reads the input, the last writes the output, and the
// passes between ping-pong between two scratch arrays (shared by all mixed kernels of the
// same n, see tables.ts; so are the twiddle tables, forward and inverse alike). Scratch arrays
// held in the closure are constants to V8's optimiser (cheaper accesses than the caller's
// arrays), and never touching the caller's arrays in between makes in-place runs safe.
// Precision only labels the source: the code is the same, but a separate kernel per
// precision keeps V8's type feedback monomorphic (Float32Array or Float64Array callers).

import { Buf, emitDirect, emitPass, loadedTwiddles, passesOf } from "./stockham.js";
import { TRIG_JS } from "./tables.js";

export type Precision = "f64" | "f32";

/** Source of `function makeKernel() { …; return run; }` for DFT_n with the given radices. */
export function mixedRadixSource(n: number, radices: readonly number[], sign: 1 | -1, precision: Precision, scale: number): string {
  const head = `// ${sign < 0 ? "forward" : "inverse"} complex DFT, n = ${n}, ${precision}, radices [${radices.join(", ")}]`;
  if (radices.length <= 1) {
    return [
      "function makeKernel() {",
      `  "use strict";`,
      `  ${head}`,
      indent(emitDirect("direct", n, sign, scale)),
      `  return function run(x, xo, y, yo, batch) { direct(x, xo, y, yo, batch === undefined ? 1 : batch); };`,
      "}",
    ].join("\n");
  }
  const passes = passesOf(radices);
  const P = passes.length;
  const body: string[] = [TRIG_JS];
  // Scratch is float64 at either precision: f32 rounds only on input and output.
  const scratch = (k: number) => `shared("mixed:S${k}:${2 * n}", () => new Float64Array(${2 * n}))`;
  body.push(`  const S1 = ${scratch(1)}, S2 = ${P > 2 ? scratch(2) : "null"};`);
  // Pass i reads what pass i-1 wrote: x -> S1 -> S2 -> S1 -> … -> y.
  const bufs: Buf[] = [{ name: "x", off: "xo" }, ...passes.slice(1).map((_, i) => ({ name: i % 2 ? "S2" : "S1", off: null })), { name: "y", off: "yo" }];
  passes.forEach((p, i) => {
    const js = loadedTwiddles(p).join(", ");
    if (p.m > 1) body.push(`  const tw${i} = shared("tw:${p.r}:${p.m}:${js}", () => twTable(${p.r}, ${p.m}, -1, [${js}]));`);
    body.push(indent(emitPass(`pass${i}`, p, bufs[i], bufs[i + 1], sign, `tw${i}`, i === P - 1 ? scale : 1)));
  });
  const calls = passes.map((_, i) => `      pass${i}(${[bufs[i], bufs[i + 1]].filter((b) => b.off !== null).map((b) => `${b.name}, ${b.off}`).join(", ")});`);
  body.push(
    [
      `  return function run(x, xo, y, yo, batch) {`,
      `    if (batch === undefined) batch = 1;`,
      `    for (let b = 0; b < batch; b++, xo += ${2 * n}, yo += ${2 * n}) {`,
      ...calls,
      `    }`,
      `  };`,
    ].join("\n"),
  );
  return ["function makeKernel() {", `  "use strict";`, `  ${head}`, ...body, "}"].join("\n");
}

export const indent = (s: string, pad = "  ") =>
  s
    .split("\n")
    .map((l) => (l ? pad + l : l))
    .join("\n");
