// W0101: a declared name that nothing uses. An unused input or param silently becomes a required
// argument of the compiled kernel, so the front end says so, with the declaration's position;
// names used by a later statement, a dimension or an output are not reported.
import { describe, expect, it } from "vitest";
import { parse } from "../../src/api/index.js";
import { parseProgram } from "../../src/dsl/index.js";

const warnings = (src: string) => (parseProgram(src, "w.linc").warnings ?? []).map((w) => `${w.loc.line}:${w.loc.col} ${w.code} ${w.message}`);

describe("unused names", () => {
  it("warns about an unused const, input, param and binding, at their declarations", () => {
    const src = "const k = 3\ninput x: f64[4]\ninput z: f64[4]\nparam p: f64[4]\nA = dft(4)\nB = dft(4)\noutput y = A @ x\n";
    expect(warnings(src)).toEqual([
      "1:7 W0101 unused name: const 'k' is never used",
      "3:7 W0101 unused name: input 'z' is never used; it is still a required input of the compiled kernel",
      "4:7 W0101 unused name: param 'p' is never used; it is still a required param of the compiled kernel",
      "6:1 W0101 unused name: 'B' is never used",
    ]);
  });

  it("a name used in a dimension, an expression or as an output is used", () => {
    expect(warnings("const n = 4\ninput x: f64[batch, n]\nparam h: f64[n]\ny = x * h\noutput y\n")).toEqual([]);
    expect(warnings("input x: f64[4]\noutput y = x\noutput z = y + 1\n")).toEqual([]);
  });

  it("the library's parse returns them as data; a spec with errors has none", async () => {
    const r = await parse("input x: f64[4]\ninput z: f64[4]\noutput y = x\n", { file: "s.linc" });
    expect(r.ok && r.warnings).toEqual([{ code: "W0101", message: expect.stringMatching(/input 'z' is never used/), file: "s.linc", line: 2, col: 7, length: 1 }]);
    const bad = await parse("input z: f64[4]\noutput y = q\n");
    expect(bad.ok).toBe(false);
    expect(bad.warnings).toBeUndefined();
  });
});
