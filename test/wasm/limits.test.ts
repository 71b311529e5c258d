// The wasm kernels' one linear memory is sized at compile time and never grows: a program whose
// FFT tables and buffers would pass 2 GiB is refused with E0801 (naming the cpu backend instead),
// not left to fail when the module is instantiated.
import { expect, it } from "vitest";
import { loadBinaryen } from "../../src/backends/wasm/binaryen.js";
import { compileWasm } from "../../src/backends/wasm/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { lowerForBackend } from "../../src/passes/index.js";

it("refuses FFT kernels whose memory would pass 2 GiB with E0801", async () => {
  await loadBinaryen();
  const n = 2 ** 26, p = lowerForBackend(parseProgram(`input x: c128[${n}]\noutput y = dft(${n}) @ x`, "big.linc"), { target: "wasm" });
  expect(() => compileWasm(p)).toThrow(/E0801.*linear memory.*cpu backend/);
  try {
    compileWasm(p);
  } catch (e) {
    expect((e as { code?: string }).code).toBe("E0801");
  }
}, 240_000); // lowering 2^26 points for wasm makes the stage program's twiddle tables first (about a minute on a shared machine)
