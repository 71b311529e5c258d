// The IR's text printer and Graphviz rendering, on graphs built directly with the IR builders
// (so the expected text is fixed here) and on a parsed spec.
import { describe, expect, it } from "vitest";
import { apply, binary, declare } from "../../src/ir/build.js";
import { nodesToDot, programToDot } from "../../src/ir/dot.js";
import { mk } from "../../src/ir/node.js";
import { argValueStr, printNodes, printProgram } from "../../src/ir/printer.js";
import type { Program } from "../../src/ir/program.js";
import { operatorType } from "../../src/ir/types.js";

function smallProgram(): Program {
  const x = declare("input", "x", "f64", ["batch", 8]);
  const d = declare("param", "d", "c128", [8]);
  const F = mk("dft", operatorType(8, 8, true), [], { n: 8, norm: "ortho", inverse: false });
  const D = mk("diag", operatorType(8, 8, true), [d], {});
  const y = apply(D, apply(F, x));
  const z = binary("+", y, y) as ReturnType<typeof apply>;
  return {
    file: "small.linc",
    source: "",
    consts: new Map(),
    inputs: [{ name: "x", node: x }],
    params: [{ name: "d", node: d }],
    outputs: [{ name: "y", node: y }, { name: "z", node: z }],
  };
}

describe("printer", () => {
  it("prints one line per node, locally numbered, declarations first, outputs named", () => {
    expect(printProgram(smallProgram())).toBe(
      [
        "# small.linc",
        '%0 = input() : f64[batch, 8]   # name="x"',
        '%1 = param() : c128[8]   # name="d"',
        "%2 = diag(%1) : op<8x8, complex>",
        '%3 = dft() : op<8x8, complex>   # inverse=false, n=8, norm="ortho"',
        "%4 = apply(%3, %0) : c128[batch, 8]",
        "%5 = apply(%2, %4) : c128[batch, 8]   # -> output y",
        "%6 = add(%5, %5) : c128[batch, 8]   # -> output z",
        "output y = %5",
        "output z = %6",
        "",
      ].join("\n"),
    );
  });

  it("puts every source before its user", () => {
    const lines = printNodes(smallProgram().outputs.map((o) => o.node)).split("\n");
    lines.forEach((line, i) => {
      const [, id, srcs] = /^%(\d+) = \w+\(([^)]*)\)/.exec(line)!;
      expect(Number(id)).toBe(i);
      for (const s of srcs.match(/\d+/g) ?? []) expect(Number(s)).toBeLessThan(i);
    });
  });

  it("can show the factory's global ids", () => {
    const p = smallProgram();
    expect(printNodes([p.inputs[0].node], { globalIds: true })).toBe(`%${p.inputs[0].node.id} = input() : f64[batch, 8]   # name="x"`);
  });

  it("elides long array arguments", () => {
    expect(argValueStr(new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]))).toBe("[1, 2, 3, 4, 5, 6, … (8)]");
    expect(argValueStr([1.23456789, "a", true])).toBe('[1.23457, "a", true]');
  });
});

describe("dot", () => {
  const dot = programToDot(smallProgram());
  const declared = new Set([...dot.matchAll(/^ {2}(\w+) \[label=/gm)].map((m) => m[1]));
  const edges = [...dot.matchAll(/^ {2}(\w+) -> (\w+)/gm)].map((m) => [m[1], m[2]]);

  it("is a digraph whose edges join declared nodes", () => {
    expect(dot.startsWith("digraph linc {\n")).toBe(true);
    expect(dot.trimEnd().endsWith("}")).toBe(true);
    expect(declared.size).toBe(7 + 2); // seven IR nodes and two outputs
    expect(edges.length).toBe(2 + 2 + 1 + 2 + 2); // apply x2 (2 each), diag (1), add (2), outputs (2)
    for (const [a, b] of edges) expect(declared.has(a) && declared.has(b)).toBe(true);
  });

  it("tells inputs, params, operators and outputs apart", () => {
    expect(dot).toMatch(/label="input x\\nf64\[batch, 8\]", shape=invhouse/);
    expect(dot).toMatch(/label="param d\\nc128\[8\]", shape=cylinder/);
    expect(dot).toMatch(/label="dft\\nop<8x8, complex>\\ninverse=false, n=8, norm=\\"ortho\\"", shape=box/);
    expect(dot).toMatch(/label="output z\\nc128\[batch, 8\]", shape=house/);
  });

  it("numbers the operands of multi-operand ops", () => {
    const p = smallProgram();
    const apply1 = p.outputs[0].node;
    expect(dot).toContain(`n${apply1.src[0].id} -> n${apply1.id} [label="0"];`);
    expect(dot).toContain(`n${apply1.src[1].id} -> n${apply1.id} [label="1"];`);
  });

  it("renders a bare node list without output nodes", () => {
    const x = declare("input", "x", "f32", [4]);
    expect(nodesToDot([x])).not.toContain("output");
  });
});
