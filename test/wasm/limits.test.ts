// An FFT too large for a kernel is refused with E0801 before anything is allocated: since the
// wasm target records stage programs (the cpu generator's fallback kernels), an FFT whose tables
// a stage program cannot carry (src/passes/lower/fft.ts MAX_STAGE_FFT) is refused when the graph
// is lowered, before the wasm kernels' linear memory (sized at compile time, 2 GiB at most) is laid out.
import { expect, it } from "vitest";
import { parseProgram } from "../../src/dsl/index.js";
import { lowerForBackend } from "../../src/passes/index.js";

it("refuses FFT kernels too large for their tables with E0801", () => {
  const n = 2 ** 26, lower = () => lowerForBackend(parseProgram(`input x: c128[${n}]\noutput y = dft(${n}) @ x`, "big.linc"), { target: "wasm" });
  expect(lower).toThrow(/E0801.*FFT of 67108864 points/);
  try {
    lower();
  } catch (e) {
    expect((e as { code?: string }).code).toBe("E0801");
  }
});
