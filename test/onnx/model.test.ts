// Model-level checks of the ONNX backend: the ModelProto's names, dim_params, doc_string and IR
// version per opset; params as initializers or graph inputs; a source op is E0801; and a property
// test compiling random operator expressions (lowered for onnx first, params unbound so the
// structure survives; transposes and adjoints are the passes' rules) and comparing
// onnxruntime's result with the reference interpreter.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import "../../src/ir/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, evaluate } from "../../src/ir/index.js";
import { compileOnnx, decodeModel, runOnnx } from "../../src/backends/onnx/index.js";
import { lowerForBackend } from "../../src/passes/index.js";

const lowered = (src: string, file: string) => lowerForBackend(parseProgram(src, file), { target: "onnx" });

const SRC = `input x: c128[batch, 8]\nparam d: f64[8]\noutput y = (dft(8) @ diag(d)) @ x\n`;
const d: HostArray = { dtype: "f64", shape: [8], data: Float64Array.from({ length: 8 }, (_, i) => i + 1) };

describe("onnx model", () => {
  it("names, dim_param, doc_string and IR version follow the spec and opset", () => {
    const p = lowered(SRC, "m.linc");
    for (const [opset, ir] of [[17, 8], [20, 9]] as const) {
      const m = decodeModel(compileOnnx(p, { opset, params: { d } }));
      expect(Number(m.irVersion)).toBe(ir);
      expect(Number(m.opsetImport[0].version)).toBe(opset);
      expect(m.docString).toBe(SRC);
      expect(m.graph.input.map((i) => i.name)).toEqual(["x"]);
      expect(m.graph.output.map((o) => o.name)).toEqual(["y"]);
      const dims = m.graph.input[0].type.value.value.shape.dim.map((x) => x.value.value);
      expect(dims).toEqual(["batch", 8n, 2n]);
      expect(m.graph.initializer.some((t) => t.name === "d")).toBe(true);
    }
  });
  it("params as graph inputs", async () => {
    const p = lowered(SRC, "m.linc");
    const m = decodeModel(compileOnnx(p, { paramsAsInputs: true }));
    expect(m.graph.input.map((i) => i.name)).toEqual(["x", "d"]);
    const x: HostArray = { dtype: "c128", shape: [3, 8], data: Float64Array.from({ length: 48 }, (_, i) => Math.sin(i)) };
    const got = await runOnnx(p, { x, d }, { paramsAsInputs: true });
    const want = evaluate(parseProgram(SRC, "m.linc"), { x, d });
    want.y.data.forEach((v, i) => expect(Math.abs(Number(got.y.data[i]) - Number(v))).toBeLessThan(1e-10));
  });
  it("a source op (an unlowered program) is E0801", () => {
    const p = parseProgram(`input x: c128[batch, 8]\noutput y = dft(8).H @ x\n`, "u.linc");
    expect(() => compileOnnx(p)).toThrow(expect.objectContaining({ code: "E0801", message: expect.stringContaining("'adjoint'") }));
    const q = parseProgram(`input x: f64[batch, 8]\noutput y = dst(8, type=2) @ x\n`, "u.linc");
    expect(() => compileOnnx(q)).toThrow(expect.objectContaining({ code: "E0801", message: expect.stringContaining("'dst'") }));
  });
});

// random operator expressions over size-8 (and 16 = 2 x 8) operators, checked against the reference
const ATOMS = ["dft(8)", "idft(8, norm=\"ortho\")", "wht(8)", "dct(8, type=2)", "bitrev(8)", "stride(2, 4)", "diag(d)", "circulant(d)", "toeplitz(d, d)", "I(8)", "dense(W)"];
const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...ATOMS),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => `(${a} @ ${b})`),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => `(${a} + ${b})`),
    fc.tuple(fc.constantFrom("2", "-0.5"), tie("e")).map(([s, a]) => `(${s} * ${a})`),
    tie("e").map((a) => `${a}.T`),
    tie("e").map((a) => `${a}.H`),
  ),
})).e;

describe("onnx property: random operator expressions", () => {
  it("matches the reference interpreter (f64, both lowering modes)", async () => {
    const W: HostArray = { dtype: "f64", shape: [8, 8], data: Float64Array.from({ length: 64 }, (_, i) => Math.cos(i * 1.3)) };
    const x: HostArray = { dtype: "c128", shape: [2, 8], data: Float64Array.from({ length: 32 }, (_, i) => Math.sin(i * 0.7)) };
    await fc.assert(
      fc.asyncProperty(expr, fc.constantFrom("auto", "always"), async (e, structured) => {
        const p = parseProgram(`input x: c128[b, 8]\nparam d: f64[8]\nparam W: f64[8, 8]\noutput y = ${e} @ x\n`, "p.linc");
        const want = evaluate(p, { x, d, W });
        const got = await runOnnx(lowerForBackend(p, { target: "onnx" }), { x, d, W }, { structured: structured as "auto" | "always" });
        const scale = Math.max(1, ...Array.from(want.y.data as Float64Array, Math.abs));
        want.y.data.forEach((v, i) => expect(Math.abs(Number(got.y.data[i]) - Number(v))).toBeLessThan(1e-9 * scale));
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});
