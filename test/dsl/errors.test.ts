// Golden errors: malformed specs, each with the code and position of its first diagnostic.
import { describe, expect, it } from "vitest";
import { checkSource, parseProgram } from "../../src/dsl/index.js";
import { defineConstructor, DiagnosticsError, ERRORS, formatDiagnostic, type ErrorCode } from "../../src/ir/index.js";

interface Case {
  name: string;
  src: string;
  code: ErrorCode;
  line: number;
  col: number;
  /** Part of the message to expect, when the wording matters. */
  has?: string;
  /** The help line, where the diagnostic has one. */
  help?: string;
  /** Secondary spans as "line:col message". */
  related?: string[];
}

const X8 = "input x: c128[2, 8]\n";
const R8 = "input x: f64[2, 8]\n";

const CASES: Case[] = [
  // lexing and parsing
  { name: "unexpected character", src: R8 + "output y = x $ 2", code: "E0001", line: 2, col: 14, has: "'$'" },
  { name: "non-ascii character", src: "input x: f64[2]\noutput y = x × 2", code: "E0001", line: 2, col: 14 },
  { name: "unterminated string", src: X8 + 'output y = dft(8, norm="ortho) @ x', code: "E0003", line: 2, col: 24 },
  // an unclosed bracket is reported at the bracket, the line's end as a note (it said "expected ')' but found end of line" at the end)
  { name: "missing ')'", src: X8 + "output y = dft(8 @ x\n", code: "E0002", line: 2, col: 15, has: "'(' is not closed on its line", related: ["2:21 the line ends here"], help: "close it with ')' on the same line; a statement cannot continue onto the next line" },
  { name: "missing ']' in a type", src: "input x: f64[2, 8\noutput y = x", code: "E0002", line: 1, col: 13, has: "'[' is not closed on its line", related: ["1:18 the line ends here"] },
  { name: "an operator split over two lines", src: R8 + "output y = kron(dft(2),\n  dft(4)) @ x\n", code: "E0002", line: 2, col: 16, has: "a statement ends at the end of its line, even inside brackets" },
  { name: "the innermost of two open brackets", src: R8 + "output y = kron(dft(2), dft(4 @ x\n", code: "E0002", line: 2, col: 28, has: "'(' is not closed on its line (and 1 more before it)" },
  { name: "missing ':' in a declaration", src: "input x f64[2, 8]", code: "E0002", line: 1, col: 9, has: "expected ':' but found 'f64'" },
  { name: "unknown dtype", src: "input x: f16[2, 8]", code: "E0002", line: 1, col: 10, has: "dtype" },
  { name: "line is not a statement", src: R8 + "3 + x", code: "E0002", line: 2, col: 1, has: "expected a statement" },
  { name: "two expressions on a line", src: R8 + "y = x x", code: "E0002", line: 2, col: 7, has: "expected end of line but found 'x'" },
  { name: "trailing comma in a call", src: X8 + "output y = dft(8,) @ x", code: "E0002", line: 2, col: 18, has: "expected an expression" },
  { name: "dangling operator at the end of the file", src: X8 + "output y = dft(8) @", code: "E0002", line: 2, col: 20, has: "expected an expression but found end of file" },
  { name: "unknown attribute", src: X8 + "output y = dft(8).Q @ x", code: "E0107", line: 2, col: 19, has: ".Q" },
  { name: "brackets nested too deep", src: "output y = " + "(".repeat(100) + "1" + ")".repeat(100), code: "E0002", line: 1, col: 76 },
  // names
  { name: "unknown name", src: "output y = dft(8) @ x", code: "E0101", line: 1, col: 21, has: "'x'" },
  { name: "use before declaration", src: "output y = dft(8) @ x\ninput x: c128[2, 8]", code: "E0103", line: 1, col: 21, has: "line 2" },
  { name: "const used before declaration in a type", src: "input x: f64[2, n]\nconst n = 8", code: "E0103", line: 1, col: 17 },
  { name: "redeclaration", src: "input x: f64[2, 8]\nparam x: f64[8]", code: "E0102", line: 2, col: 7, has: "line 1" },
  { name: "output named twice", src: R8 + "output x\noutput x", code: "E0102", line: 3, col: 8 },
  { name: "unknown function", src: R8 + "output y = fft(8) @ x", code: "E0104", line: 2, col: 12, has: "'fft'" },
  { name: "function used as a name", src: R8 + "output y = dft @ x", code: "E0101", line: 2, col: 12, has: "unknown name 'dft'", help: "dft is a function: call it as dft(...)" },
  { name: "a name declared twice points at the first", src: R8 + "input x: f64[4]", code: "E0102", line: 2, col: 7, related: ["1:7 'x' is first declared here"] },
  { name: "an output named twice points at the first", src: R8 + "output y = x\noutput y", code: "E0102", line: 3, col: 8, related: ["2:8 'y' is first an output here"] },
  { name: "a shape mismatch points at both operands and their declarations", src: R8 + "input h: f64[4]\noutput y = x + h", code: "E0301", line: 3, col: 14, related: ["3:12 this is a tensor f64[2, 8]", "3:16 this is a tensor f64[4]", "1:7 'x' is declared here", "2:7 'h' is declared here"] },
  { name: "a misspelt name: did-you-mean as help", src: "input signal: f64[2, 8]\noutput y = dft(8) @ signl", code: "E0101", line: 2, col: 21, has: "unknown name 'signl'", help: "did you mean 'signal'?" },
  { name: "output of an operator", src: "output A = dft(8)", code: "E0106", line: 1, col: 8, has: "operator" },
  { name: "output of a number", src: "const n = 8\noutput n", code: "E0106", line: 2, col: 8 },
  // calls
  { name: "too many arguments", src: X8 + 'output y = dft(8, "ortho", 3) @ x', code: "E0201", line: 2, col: 28 },
  { name: "missing argument", src: X8 + "output y = dft() @ x", code: "E0201", line: 2, col: 12, has: "'n'" },
  { name: "unknown keyword", src: X8 + 'output y = dft(8, nrm="ortho") @ x', code: "E0202", line: 2, col: 19, has: "'nrm'" },
  { name: "keyword given twice", src: X8 + 'output y = dft(8, norm="ortho", norm="forward") @ x', code: "E0203", line: 2, col: 33 },
  { name: "positional and keyword for one parameter", src: X8 + "output y = dft(8, n=8) @ x", code: "E0203", line: 2, col: 19 },
  { name: "tensor where an operator is expected", src: X8 + "output y = kron(x, dft(2)) @ x", code: "E0204", line: 2, col: 17 },
  { name: "operator where a tensor is expected", src: X8 + "output y = relu(dft(8))", code: "E0204", line: 2, col: 17 },
  { name: "bad norm string", src: X8 + 'output y = dft(8, norm="orto") @ x', code: "E0205", line: 2, col: 19, has: '"orto"' },
  { name: "dct type out of range", src: R8 + "output y = dct(8, type=5) @ x", code: "E0205", line: 2, col: 19 },
  // sizes
  { name: "shape mismatch at '@'", src: "input x: c128[2, 7]\noutput y = dft(8) @ x", code: "E0301", line: 2, col: 19, has: "8 columns" },
  { name: "composition size mismatch", src: X8 + "output y = (dft(8) @ dft(4)) @ x", code: "E0301", line: 2, col: 20 },
  { name: "broadcast mismatch", src: "input a: f64[3]\ninput b: f64[4]\noutput y = a + b", code: "E0301", line: 3, col: 14 },
  { name: "integer expected, got 2.5", src: X8 + "output y = dft(2.5) @ x", code: "E0302", line: 2, col: 16, has: "2.5" },
  { name: "dft(0)", src: "input x: c128[2, 1]\noutput y = dft(0) @ x", code: "E0302", line: 2, col: 16 },
  { name: "dft(-4)", src: "input x: c128[2, 4]\noutput y = dft(-4) @ x", code: "E0302", line: 2, col: 16 },
  { name: "zero dimension", src: "input x: f64[2, 0]", code: "E0302", line: 1, col: 17 },
  { name: "negative dimension", src: "input x: f64[-3]", code: "E0302", line: 1, col: 14 },
  { name: "fractional dimension", src: "const n = 5\ninput x: f64[n/2]", code: "E0302", line: 2, col: 14 },
  { name: "bitrev of a non power of two", src: "input x: f64[2, 6]\noutput y = bitrev(6) @ x", code: "E0303", line: 2, col: 19 },
  { name: "operator size above the limit", src: "input x: c128[2, 8]\noutput y = dft(100000000) @ x", code: "E0304", line: 2, col: 16, has: "limit" },
  { name: "declared tensor above the limit", src: "input x: f64[100000, 100000]", code: "E0304", line: 1, col: 7 },
  { name: "kron above the limit", src: "A = kron(dft(4096), dft(4096), dft(8))", code: "E0304", line: 1, col: 5 },
  { name: "symbolic last axis with an operator", src: "input x: f64[2, n]\noutput y = dft(8) @ x", code: "E0305", line: 2, col: 19, has: "'n'" },
  { name: "slice out of range", src: R8 + "output y = x[0:9]", code: "E0306", line: 2, col: 13 },
  { name: "empty slice", src: R8 + "output y = x[4:2]", code: "E0306", line: 2, col: 13 },
  { name: "fractional slice bound", src: R8 + "output y = x[0:2.5]", code: "E0306", line: 2, col: 16 },
  // dtypes
  { name: "complex into rdft", src: X8 + "output y = rdft(8) @ x", code: "E0402", line: 2, col: 20 },
  { name: "index data in arithmetic", src: "param p: i64[4]\noutput y = p + 1", code: "E0403", line: 2, col: 14 },
  // algebra
  { name: "tensor used as an operator", src: R8 + "output y = x @ x", code: "E0503", line: 2, col: 14 },
  { name: "transpose of a tensor", src: R8 + "output y = x.T", code: "E0503", line: 2, col: 14 },
  { name: "operator used as a tensor", src: "A = dft(8)\noutput y = A + 1", code: "E0502", line: 2, col: 14 },
  { name: "product of two operators", src: X8 + "output y = (dft(8) * dft(8)) @ x", code: "E0502", line: 2, col: 20, has: "'@'" },
  { name: "slice of an operator", src: "A = dft(8)[0:4]", code: "E0502", line: 1, col: 11 },
  { name: "no cheap inverse", src: "param W: f64[4, 4]\nA = inv(dense(W))", code: "E0501", line: 2, col: 9 },
  // constants
  { name: "const from a call", src: "const k = dft(4)", code: "E0601", line: 1, col: 11 },
  { name: "const from a tensor", src: "input x: f64[2]\nconst k = x + 1", code: "E0601", line: 2, col: 11 },
  { name: "const division by zero", src: "const n = 1 / 0", code: "E0601", line: 1, col: 13 },
  { name: "number literal too large", src: "const n = 1e999", code: "E0603", line: 1, col: 11 },
];

function first(src: string) {
  const ds = checkSource(src, "spec.linc");
  expect(ds.length, `no diagnostic for:\n${src}`).toBeGreaterThan(0);
  return ds[0];
}

describe("golden errors", () => {
  it("has at least 30 cases", () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  for (const c of CASES) {
    it(c.name, () => {
      const d = first(c.src);
      expect({ code: d.code, line: d.line, col: d.col }, d.message).toEqual({ code: c.code, line: c.line, col: c.col });
      expect(d.file).toBe("spec.linc");
      expect(d.message.startsWith(ERRORS[c.code])).toBe(true);
      if (c.has) expect(d.message).toContain(c.has);
      if (c.help) expect(d.help).toBe(c.help);
      if (c.related) expect(d.related?.map((r) => `${r.line}:${r.col} ${r.message}`)).toEqual(c.related);
    });
  }
});

describe("several errors", () => {
  it("reports independent mistakes together, in source order", () => {
    const src = ["input x: c128[2, 8]", "a = dft(8, norm=\"orto\")", "b = x $ 1", "c = q", "output y = (dft(8) @ x", "output z = x @ x"].join("\n");
    const ds = checkSource(src, "spec.linc");
    expect(ds.map((d) => [d.code, d.line])).toEqual([["E0205", 2], ["E0001", 3], ["E0101", 4], ["E0002", 5], ["E0503", 6]]);
  });

  it("does not cascade from a failed statement to the names it declares", () => {
    const src = "A = dft(8, norm=\"orto\")\nB = A @ A\ninput x: c128[2, 8]\noutput y = B @ x\noutput z = A @ x";
    const ds = checkSource(src, "spec.linc");
    expect(ds.map((d) => d.code)).toEqual(["E0205"]);
  });

  it("does not cascade from a line with a syntax error", () => {
    const src = "input x: f64[2, 8\noutput y = x + 1\nconst n = (4\ninput z: f64[n]";
    const ds = checkSource(src, "spec.linc");
    expect(ds.map((d) => [d.code, d.line])).toEqual([["E0002", 1], ["E0002", 3]]);
  });

  it("parseProgram throws one DiagnosticsError holding every diagnostic", () => {
    const src = "input x: f64[2, 0]\noutput y = dft(-1) @ x\noutput z = w";
    let err: unknown;
    try {
      parseProgram(src, "spec.linc");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DiagnosticsError);
    const ds = (err as DiagnosticsError).diagnostics;
    expect(ds.length).toBeGreaterThanOrEqual(2);
    expect(ds.map((d) => d.code)).toEqual(["E0302", "E0302", "E0101"]);
  });
});

describe("rendering", () => {
  it("formats file:line:col: error[CODE]: message, the source line and a caret", () => {
    const src = "input x: c128[2, 7]\noutput y = dft(8) @ x";
    const d = first(src);
    expect(formatDiagnostic(d, src)).toBe(
      "spec.linc:2:19: error[E0301]: shape mismatch: operator has 8 columns but the last axis of the operand has length 7 (operand c128[2, 7])\n" +
        "  output y = dft(8) @ x\n" +
        "                    ^",
    );
  });

  it("underlines a whole argument", () => {
    const src = 'input x: c128[2, 8]\noutput y = dft(8, norm="orto") @ x';
    const text = formatDiagnostic(first(src), src).split("\n");
    expect(text[2]).toBe("  " + " ".repeat(18) + "^".repeat('norm="orto"'.length));
  });
});

describe("bugs inside linc", () => {
  // a throwaway constructor with a bug, registered for this test file only
  defineConstructor({ name: "__test_broken", params: [], doc: "throws a TypeError", build: () => (null as any).oops });

  it("become a positioned diagnostic, never a stray exception", () => {
    const src = "input x: f64[2]\nA = __test_broken()\nB = A\noutput y = x";
    const ds = checkSource(src, "spec.linc");
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ code: "E0901", line: 2, col: 1 });
    expect(ds[0].message).toMatch(/internal error/);
    expect(() => parseProgram(src, "spec.linc")).toThrow(DiagnosticsError);
  });
});
