// DST and IDST (scipy.fft.dst / idst, types 1-4, every norm) compiled for the cpu: the lowering
// rewrites them through the DCT, reversal, diagonals, windows and the DFT, and the cpu runs that.
// The golden values are the reference interpreter's dense meaning (src/ir dstMatrix, checked
// against scipy to 4e-15 in test/golden); f64 to 1e-10 and f32 to 1e-5, relative.
import { describe, expect, it } from "vitest";
import { runCpu } from "../../src/backends/cpu/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { lowered, randomHost, toSingleHost } from "./support.js";
import { uniform } from "../support/random.js";
import { peakRelErr } from "../support/compare.js";

describe("DST and IDST on the cpu backend against the reference", () => {
  for (const fn of ["dst", "idst"])
    for (const type of [1, 2, 3, 4])
      for (const norm of ["backward", "ortho", "forward"])
        it(`${fn} type ${type}, norm ${norm}, n in {1, 2, 5, 8, 17}`, async () => {
          for (const n of [1, 2, 5, 8, 17])
            for (const dtype of ["f64", "c128"] as const) {
              const src = `input x: ${dtype}[batch, ${n}]\noutput y = ${fn}(${n}, type=${type}, norm="${norm}") @ x`;
              const p = parseProgram(src, `${fn}.linc`);
              const x = randomHost(dtype, [3, n], uniform(7 * n + type));
              const want = evaluate(p, { x }).y.data as Float64Array;
              const got = (await runCpu(lowered(p), { x })).y;
              expect(got.dtype, src).toBe(dtype);
              expect(peakRelErr(got.data as Float64Array, want), `${src} (f64)`).toBeLessThan(1e-10);
              const single = src.replace(dtype, dtype === "f64" ? "f32" : "c64");
              const p32 = parseProgram(single, `${fn}32.linc`);
              const got32 = (await runCpu(lowered(p32), { x: toSingleHost(x) })).y;
              expect(got32.data, single).toBeInstanceOf(Float32Array);
              expect(peakRelErr(got32.data as Float32Array, want), `${single} (f32)`).toBeLessThan(1e-5);
            }
        });
});
