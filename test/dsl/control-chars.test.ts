// A spec's text reaches the terminal only escaped (control characters other than tab shown as
// \xNN), and a UTF-8 byte order mark opening the file is skipped (positions count without it).
import { describe, expect, it } from "vitest";
import { checkSource, parseProgram } from "../../src/dsl/index.js";
import { formatDiagnostics } from "../../src/dsl/diagnose.js";

const ESC = "\u001b";

describe("control characters in diagnostics", () => {
  it("a string holding ESC is escaped in the message and the excerpt, caret kept under its token", () => {
    const src = `input x: f64[4]\noutput y = dft("${ESC}[2J", q) @ x\n`;
    const ds = checkSource(src, "t.linc");
    expect(ds.length).toBeGreaterThan(0);
    const text = formatDiagnostics(ds, src);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain(`"\\x1b[2J"`);
    const [, line, caret] = text.split("\n");
    // the caret still stands under the name q, after the escaped string
    expect(line[caret.indexOf("^")]).toBe("q");
  });

  it("parseProgram's error message is escaped too", () => {
    const src = `input x: f64[4]\noutput y = x${ESC}\n`;
    let msg = "";
    try {
      parseProgram(src, "t.linc");
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toContain("E0001");
    expect(msg).not.toContain(ESC);
    expect(msg).toContain("\\x1b");
  });

  it("tabs are kept as they are", () => {
    const src = `input x: f64[4]\noutput\ty = q\n`;
    const text = formatDiagnostics(checkSource(src, "t.linc"), src);
    expect(text).toContain("output\ty = q");
  });
});

describe("byte order mark", () => {
  const spec = "input x: f64[4]\noutput y = -x\n";

  it("a leading U+FEFF is accepted", () => {
    expect(checkSource("\ufeff" + spec, "t.linc")).toEqual([]);
    const p = parseProgram("\ufeff" + spec, "t.linc");
    expect(p.outputs.map((o) => o.name)).toEqual(["y"]);
  });

  it("positions are those of the spec without it", () => {
    const bad = "input x: f64[4]\noutput y = q\n";
    const plain = checkSource(bad, "t.linc");
    expect(plain.map((d) => d.code)).toEqual(["E0101"]);
    expect(checkSource("\ufeff" + bad, "t.linc")).toEqual(plain);
    const first = "input x: f64[4] q\n";
    expect(checkSource("\ufeff" + first, "t.linc")).toEqual(checkSource(first, "t.linc"));
  });

  it("a U+FEFF elsewhere is still an unexpected character", () => {
    expect(checkSource(spec + "\ufeff\n", "t.linc").map((d) => d.code)).toEqual(["E0001"]);
  });
});
