// The ONNX sphere lowerings (src/backends/onnx/sphere.ts) built into a small model by
// hand — graph inputs a and b, lowerSphereOp, one output — and run in onnxruntime-node: equal to
// the reference meanings on the golden gaunt cases and on random batched complex products.
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { GraphBuilder } from "../../src/backends/onnx/graph.js";
import { type Val, onnxShape } from "../../src/backends/onnx/complex.js";
import { runModel } from "../../src/backends/onnx/run.js";
import { lowerSphereOp } from "../../src/backends/onnx/sphere.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, type Node, type NodeOf, type TensorType, isComplex, mk } from "../../src/ir/index.js";
import { loadGolden, relErr, toHost } from "../support/golden.js";
import { randomBindings } from "../support/random.js";

/** The gaunt node of a program rebuilt as one of its kernel-level routes. */
function asRoute(n: Node, op: "gaunt_direct" | "gaunt_fourier"): NodeOf<"gaunt_direct" | "gaunt_fourier"> {
  if (n.op !== "gaunt") throw new Error(`expected a gaunt node, got ${n.op}`);
  return mk(op, n.type, n.src, { lmax: n.arg.lmax });
}

async function runOnnxKernel(n: NodeOf<"gaunt_direct" | "gaunt_fourier">, a: HostArray, b: HostArray): Promise<Float64Array> {
  const g = new GraphBuilder();
  const val = (name: string, h: HostArray): Val => {
    const complex = isComplex(h.dtype);
    g.input(name, "f64", complex ? [...h.shape, 2] : h.shape);
    return { name, shape: [...h.shape], complex, prec: "f64" };
  };
  const y = lowerSphereOp(g, n, [val("a", a), val("b", b)]);
  const t = n.type as TensorType;
  g.reserve("c");
  g.nodes.push({ input: [y.name], output: ["c"], name: "out", opType: "Identity", attribute: [] });
  g.output("c", "f64", onnxShape(y));
  expect(y.complex).toBe(isComplex(t.dtype));
  const out = await runModel(g.toModel({ opset: 17 }), { a, b }, { c: t.dtype });
  return out.c.data as Float64Array;
}

describe("onnx sphere lowerings", () => {
  for (const c of loadGolden(["sphere"]).filter((c) => c.name.startsWith("gaunt")))
    for (const op of ["gaunt_direct", "gaunt_fourier"] as const)
      it(`${op}: golden ${c.name}`, async () => {
        const n = asRoute(parseProgram(c.source, "g.linc").outputs[0].node, op);
        const got = await runOnnxKernel(n, toHost(c.inputs.a), toHost(c.inputs.b));
        expect(relErr(got, c.outputs.c.data)).toBeLessThanOrEqual(1e-10);
      });

  for (const [da, db] of [["c128", "f64"], ["f64", "f64"], ["c128", "c128"]])
    for (const op of ["gaunt_direct", "gaunt_fourier"] as const)
      it(`${op}: random batched 3 x 4 -> 5 (${da} x ${db})`, async () => {
        const p = parseProgram(`input a: ${da}[2, 3, 16]\ninput b: ${db}[3, 25]\noutput c = gaunt(a, b, lmax=5)`, "g.linc");
        const bind = randomBindings(p, 11);
        const want = evaluate(p, bind).c.data as Float64Array;
        const n = asRoute(p.outputs[0].node, op);
        expect(relErr(await runOnnxKernel(n, bind.a, bind.b), want)).toBeLessThan(1e-12);
      });
});
