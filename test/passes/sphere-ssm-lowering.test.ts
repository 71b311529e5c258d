// Which lowering the sphere and ssm golden cases end up with. (Their outputs after
// lowering, for every target, are checked with all other golden cases in
// test/passes/golden-lowered.test.ts.)
import { describe, expect, it } from "vitest";
import { parseProgram } from "../../src/dsl/index.js";
import { toposort } from "../../src/ir/index.js";
import { runPipeline } from "../../src/passes/index.js";
import { loadGolden, toHost } from "../support/golden.js";

const cases = loadGolden(["sphere", "ssm"]);

describe("lowering choices for the golden sphere/ssm cases", () => {
  it("found the golden files", () => expect(cases.length).toBe(15));
  // every golden case after lowering for each target: test/passes/golden-lowered.test.ts
  it("unbound C makes ssm_kernel a matrix-vector product with a folded basis", () => {
    const c = cases.find((x) => x.name === "ssm_kernel_legs_bilinear")!;
    const { program, log } = runPipeline(parseProgram(c.source, "k.linc"), { target: "cpu" });
    expect(log.find((l) => l.name === "lower-structure")!.fired.map(([k]) => k)).toContain("ssm-kernel-basis");
    const ops = toposort(program.outputs.map((o) => o.node)).map((n) => n.op);
    expect(ops).toContain("dense");
    expect(ops).not.toContain("ssm_basis");
  });

  it("sh_eval with bound angles becomes dense(const) @ a", () => {
    const c = cases.find((x) => x.name === "sh_eval_3")!;
    const params = Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, toHost(v)]));
    const { program, log } = runPipeline(parseProgram(c.source, "s.linc"), { target: "onnx", params });
    expect(log.find((l) => l.name === "lower-structure")!.fired.map(([k]) => k)).toContain("sh-eval-matrix");
    const ops = toposort(program.outputs.map((o) => o.node)).map((n) => n.op);
    expect(ops).toEqual(expect.arrayContaining(["const", "dense", "apply"]));
    expect(ops).not.toContain("sh_matrix");
  });
});
