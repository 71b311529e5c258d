// Size limits and option checks of the ONNX backend (issue 10.12): a dense DFT matrix past the
// per-initializer limit (MAX_DENSE_BYTES, 256 MiB) is refused with E0801 before it is allocated,
// the model's initializers are held under protobuf's 2 GiB (MAX_MODEL_BYTES), and an unknown
// option value (`fft`, `opset`, `structured`) is E0205 naming the valid ones, not metadata.
import { describe, expect, it } from "vitest";
import { parseProgram } from "../../src/dsl/index.js";
import { lincErrorOf } from "../support/errors.js";
import { compileOnnx, decodeModel } from "../../src/backends/onnx/index.js";
import { GraphBuilder, MAX_MODEL_BYTES } from "../../src/backends/onnx/graph.js";
import { MAX_DENSE_BYTES } from "../../src/backends/onnx/matmul.js";
import type { OnnxOptions } from "../../src/backends/onnx/lower.js";
import { lowerForBackend } from "../../src/passes/index.js";

const dftSpec = (n: number, t = "c64", fft?: "matmul") => lowerForBackend(parseProgram(`input x: ${t}[batch, ${n}]\noutput y = dft(${n}) @ x\n`, `dft${n}.linc`), { target: "onnx", fft });

describe("onnx size limits", () => {
  it("the documented limits", () => {
    expect(MAX_DENSE_BYTES).toBe(256 * 2 ** 20);
    expect(MAX_MODEL_BYTES).toBeLessThan(2 ** 31);
  });

  for (const n of [65536, 16400, 8192])
    it(`dft(${n}) with fft "matmul" is refused (E0801) quickly, without allocating the matrix`, () => {
      const p = dftSpec(n, "c64", "matmul");
      global.gc?.();
      const rss0 = process.memoryUsage().rss;
      const t0 = performance.now();
      const e = lincErrorOf(() => compileOnnx(p, { fft: "matmul" }));
      const ms = performance.now() - t0;
      const grew = process.memoryUsage().rss - rss0;
      expect(e.code).toBe("E0801");
      expect(e.message).toMatch(/'dft'/);
      expect(e.message).toMatch(/\d+ MiB/);
      expect(e.message).toContain("256 MiB");
      expect(ms).toBeLessThan(2000);
      expect(grew).toBeLessThan(200 * 2 ** 20);
    });

  it("a real-input rdft and the inverse with fft \"matmul\" are refused too", () => {
    const r = lowerForBackend(parseProgram(`input x: f32[batch, 65536]\noutput y = rdft(65536) @ x\n`, "r.linc"), { target: "onnx", fft: "matmul" });
    expect(lincErrorOf(() => compileOnnx(r, { fft: "matmul" })).code).toBe("E0801");
    const i = lowerForBackend(parseProgram(`input x: c64[batch, 16400]\noutput y = idft(16400) @ x\n`, "i.linc"), { target: "onnx", fft: "matmul" });
    expect(lincErrorOf(() => compileOnnx(i, { fft: "matmul" })).code).toBe("E0801");
  });

  it("a small dense DFT and a large staged FFT still compile", () => {
    const small = decodeModel(compileOnnx(dftSpec(64, "c64", "matmul"), { fft: "matmul" }));
    expect(small.graph.node.some((n) => n.opType === "MatMul")).toBe(true);
    const big = compileOnnx(dftSpec(65536)); // auto: the staged FFT, a few MiB
    expect(big.length).toBeLessThan(64 * 2 ** 20);
    expect(decodeModel(big).metadataProps?.find((m) => m.key === "linc.fft")?.value).toBe("auto");
  });

  it("GraphBuilder refuses initializers past MAX_MODEL_BYTES before encoding them", () => {
    const g = new GraphBuilder();
    g.initBytes = MAX_MODEL_BYTES - 16; // as if the model were almost full
    g.constant("f32", [4], [1, 2, 3, 4]);
    const e = lincErrorOf(() => g.constant("f64", [4], [1, 2, 3, 4]));
    expect(e.code).toBe("E0801");
    expect(e.message).toMatch(/2 GiB/);
    expect(lincErrorOf(() => g.initializer("w", "f32", [8], new Float32Array(8))).code).toBe("E0801");
    expect(g.initializers.length).toBe(1);
  });
});

describe("onnx option values", () => {
  for (const [key, bad] of [["fft", "fast"], ["fft", "MATMUL"], ["opset", 18], ["structured", "never"]] as const)
    it(`${key}: ${JSON.stringify(bad)} is E0205 listing the valid values`, () => {
      const e = lincErrorOf(() => compileOnnx(dftSpec(8), { [key]: bad } as unknown as OnnxOptions)); // a wrong value on purpose
      expect(e.code).toBe("E0205");
      expect(e.message).toContain(key);
      expect(e.message).toContain(JSON.stringify(bad));
      if (key === "fft") expect(e.message).toMatch(/"auto", "dft", "matmul", "fourstep"/);
    });

  it("every valid fft value compiles and is recorded", () => {
    for (const fft of ["auto", "dft", "matmul", "fourstep"] as const) {
      const m = decodeModel(compileOnnx(dftSpec(16), { fft }));
      expect(m.metadataProps?.find((p) => p.key === "linc.fft")?.value).toBe(fft);
    }
  });
});
