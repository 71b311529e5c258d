// An FFT too large for a kernel is refused with E0801 before anything is allocated: since the
// wasm target records stage programs (the cpu generator's fallback kernels), an FFT whose tables
// would pass what a stage program may hold (src/passes/lower/fft.ts MAX_STAGE_TABLE_BYTES) is
// refused when the graph is lowered, before the wasm kernels' linear memory (sized at compile
// time, 2 GiB at most) is laid out. Powers of two up to the operator limit fit (test/stages/limits.test.ts).
import { expect, it } from "vitest";
import { parseProgram } from "../../src/dsl/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { lincErrorOf } from "../support/errors.js";

it("refuses FFT kernels too large for their tables with E0801", () => {
  const n = 2 ** 26 - 5; // a prime: Bluestein through two FFTs of 2^28 points
  const e = lincErrorOf(() => lowerForBackend(parseProgram(`input x: c128[${n}]\noutput y = dft(${n}) @ x`, "big.linc"), { target: "wasm" }));
  expect(e.code).toBe("E0801");
  expect(e.message).toMatch(/FFT of 67108859 points .* MiB of twiddle tables/);
});
