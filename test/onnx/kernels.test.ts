// Kernel ops on run-time data built as IR (what the lowering leaves): the Toeplitz family the
// schedule keeps direct (small) with run-time vectors — rendered as a Gather-built matrix — and
// with compile-time vectors (one dense MatMul), real and complex, against the reference
// interpreter; and the ops the table refuses on run-time data (E0801 naming op, backend, reason).
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { compileOnnx, decodeModel, runOnnx } from "../../src/backends/onnx/index.js";
import { type HostArray, type Node, type Program, type TensorType, declare, mk, operatorType, tensorType } from "../../src/ir/index.js";
import { uniformArray } from "../support/random.js";
import { peakRelErr } from "../support/compare.js";

function irProgram(inputs: Node[], params: Node[], outputs: Node[]): Program {
  const decl = (n: Node) => ({ name: n.op === "input" || n.op === "param" ? n.arg.name : "?", node: n });
  return { file: "ir.linc", source: "", consts: new Map(), inputs: inputs.map(decl), params: params.map(decl), outputs: outputs.map((node, i) => ({ name: `out${i}`, node })) };
}
const apply = (A: Node, x: Node, dtype: TensorType["dtype"]) => {
  const t = x.type as TensorType, rows = (A.type as { rows: number }).rows;
  return mk("apply", tensorType(dtype, [...t.shape.slice(0, -1), rows]), [A, x], {});
};
function host(dtype: HostArray["dtype"], shape: number[], seed: number): HostArray {
  return { dtype, shape, data: uniformArray(shape.reduce((a, b) => a * b, 1) * (dtype.startsWith("c") ? 2 : 1), seed) };
}

describe("onnx Toeplitz family kept direct", () => {
  const x = declare("input", "x", "c128", ["batch", 6]), xr = declare("input", "xr", "f64", ["batch", 6]);
  const c = declare("param", "c", "f64", [4]), r = declare("param", "r", "c128", [6]), h = declare("param", "h", "f64", [3]);
  const cc = declare("param", "cc", "c128", [6]);
  const ops = [
    mk("toeplitz", operatorType(4, 6, true), [c, r], {}),
    mk("hankel", operatorType(4, 6, true), [c, r], {}),
    mk("circulant", operatorType(6, 6, true), [cc], {}),
    ...(["full", "same", "valid"] as const).map((mode) => {
      const rows = { full: 8, same: 6, valid: 4 }[mode];
      return mk("conv", operatorType(rows, 6, false), [h], { n: 6, mode });
    }),
  ];
  const outs = ops.flatMap((A) => [apply(A, x, "c128"), ...((A.type as { complex: boolean }).complex ? [] : [apply(A, xr, "f64")])]);
  const program = irProgram([x, xr], [c, r, h, cc], outs);
  const b = { x: host("c128", [3, 6], 1), xr: host("f64", [3, 6], 2), c: host("f64", [4], 3), r: host("c128", [6], 4), h: host("f64", [3], 5), cc: host("c128", [6], 6) };
  const want = evaluate(program, b);
  it("run-time vectors (params as graph inputs): a Gather builds the matrix", async () => {
    const got = await runOnnx(program, b, { paramsAsInputs: true });
    for (const k of Object.keys(want)) expect(peakRelErr(got[k].data, want[k].data), k).toBeLessThan(1e-13);
    const types = decodeModel(compileOnnx(program, { paramsAsInputs: true })).graph.node.map((n) => n.opType);
    expect(types).not.toContain("DFT");
    expect(types).toContain("Gather");
  });
  for (const structured of ["auto", "always"] as const)
    it(`compile-time vectors (${structured}): the folded matrix, one MatMul`, async () => {
      const got = await runOnnx(program, b, { structured });
      for (const k of Object.keys(want)) expect(peakRelErr(got[k].data, want[k].data), k).toBeLessThan(1e-13);
    });
});

describe("onnx table: ops only evaluated at compile time", () => {
  const x = declare("input", "x", "f64", ["batch", 4]), W = declare("param", "W", "f64", [4, 4]);
  const program = irProgram([x], [W], [apply(mk("dense", operatorType(4, 4, false), [mk("minverse", tensorType("f64", [4, 4]), [W], {})], {}), x, "f64")]);
  it("minverse of a run-time param is E0801 with op, backend and reason", () => {
    expect(() => compileOnnx(program, { paramsAsInputs: true })).toThrow(
      expect.objectContaining({ code: "E0801", message: expect.stringMatching(/op 'minverse' is not supported by the onnx backend: .*bind/) }),
    );
  });
  it("folds when the param is bound", async () => {
    const Wv: HostArray = { dtype: "f64", shape: [4, 4], data: Float64Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? 3 : Math.sin(i))) };
    const xv = host("f64", [2, 4], 9);
    const got = await runOnnx(program, { x: xv, W: Wv });
    expect(peakRelErr(got.out0.data, evaluate(program, { x: xv, W: Wv }).out0.data)).toBeLessThan(1e-12);
  });
});
