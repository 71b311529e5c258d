// Blank lines are cheap (issue 10, item 10): a run of line ends, blank and comment-only lines is
// one Newline token, so 1 MB of blank lines lexes into a handful of tokens (it took 2.5 GB for
// 10 MB before); positions after such a run still count every line.
import { describe, expect, it } from "vitest";
import { checkSource, parseProgram } from "../../src/dsl/index.js";
import { lex } from "../../src/dsl/lexer.js";

describe("runs of blank lines", () => {
  it("1 MB of blank lines is a few tokens", () => {
    const src = "\n".repeat(1_000_000) + "input x: f64[4]\noutput y = x\n";
    expect(lex(src).tokens.length).toBeLessThan(20);
    expect(parseProgram(src, "blank.linc").outputs.map((o) => o.name)).toEqual(["y"]);
  });

  it("errors after blank, whitespace-only and comment lines keep their line and column", () => {
    const src = "input x: f64[4]\n\n   \n# a comment\n\t\n\noutput y = x $\n";
    const d = checkSource(src, "pos.linc");
    expect(d[0].code).toBe("E0001");
    expect([d[0].line, d[0].col]).toEqual([7, 14]);
  });

  it("a statement cut by a line end is still reported at the end of its line", () => {
    const d = checkSource("input x: f64[4]\noutput y = x +\n\n\n# c\noutput z = x\n", "cut.linc");
    expect(d.length).toBeGreaterThan(0);
    expect(d[0].line).toBe(2);
  });
});
