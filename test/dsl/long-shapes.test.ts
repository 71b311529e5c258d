// Very long shapes are abbreviated in messages (issue 10, item 16): a 300-axis tensor is shown
// as `f64[1, 1, 1, ... (300 axes) ..., 1]`, so one diagnostic stays one short line; identity
// (hash-consing keys, shape comparisons) still uses every axis.
import { describe, expect, it } from "vitest";
import { parseProgram } from "../../src/dsl/index.js";
import { DiagnosticsError, fullShapeStr, mk, shapeStr, tensorType, typeStr } from "../../src/ir/index.js";

const axes = (n: number, last = 1) => [...Array(n - 1).fill(1), last];

describe("long shapes in messages", () => {
  it("shapeStr keeps short shapes and abbreviates long ones", () => {
    expect(shapeStr([2, "batch", 3])).toBe("[2, batch, 3]");
    expect(shapeStr(axes(8))).toBe("[1, 1, 1, 1, 1, 1, 1, 1]");
    expect(shapeStr(axes(300, 7))).toBe("[1, 1, 1, ... (300 axes) ..., 7]");
    expect(fullShapeStr(axes(300)).length).toBeGreaterThan(890);
  });

  it("a shape mismatch on a 300-axis input gives a short message", () => {
    const src = `input x: f64[${axes(300).join(", ")}]\noutput y = dft(4) @ x\n`;
    let e: unknown;
    try {
      parseProgram(src, "long.linc");
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(DiagnosticsError);
    const d = (e as DiagnosticsError).diagnostics[0];
    expect(d.code).toBe("E0301");
    expect(d.message).toContain("f64[1, 1, 1, ... (300 axes) ..., 1]");
    expect(d.message.length).toBeLessThan(200);
  });

  it("two long shapes that differ in a middle axis are different nodes", () => {
    const a = mk("input", tensorType("f64", [...axes(20), 1]), [], { name: "x" });
    const b = mk("input", tensorType("f64", [...axes(10, 2), ...axes(11)]), [], { name: "x" });
    expect(typeStr(a.type)).toBe(typeStr(b.type)); // the same in messages

    expect(a).not.toBe(b);
  });
});
