// Golden errors of modemix, pad along an axis, stack and glu: every hostile shape gets its code,
// the position of the offending argument (file:line:col) and a message saying what was wrong;
// and the well-formed uses next to them type as numpy's would.
import { describe, expect, it } from "vitest";
import { parseProgram } from "../../src/dsl/index.js";
import { typeStr } from "../../src/ir/index.js";
import { type ErrorCase, goldenErrors } from "../support/errors.js";


const X = "input x: c128[2, 3, 4, 5]\n";
const B = "input x: f64[batch, 3, 4]\n";
const CASES: ErrorCase[] = [
  // modemix
  { name: "modemix channel mismatch", src: X + "param w: c128[4, 2, 4, 5]\noutput y = modemix(x, w)", code: "E0301", line: 3, col: 23, has: "X has 3 channels on axis -3 ([2, 3, 4, 5]), W has 4 on its first axis" },
  { name: "modemix modes that do not broadcast", src: X + "param w: c128[3, 2, 3, 5]\noutput y = modemix(x, w)", code: "E0301", line: 3, col: 23, has: "mode axis -2 of X ([2, 3, 4, 5]) and of W ([3, 2, 3, 5]) do not broadcast (4 against 3)" },
  { name: "modemix weights of one axis", src: X + "param w: c128[3]\noutput y = modemix(x, w)", code: "E0301", line: 3, col: 23, has: "at least two axes" },
  { name: "modemix X of too small a rank", src: "input x: c128[3, 4]\nparam w: c128[3, 2, 4, 5, 6]\noutput y = modemix(x, w)", code: "E0301", line: 3, col: 20, has: "needs X [..., I, modes...] of at least 4 axes, got c128[3, 4]" },
  { name: "modemix symbolic mode axis", src: "input x: c128[batch, 3, n]\nparam w: c128[3, 2, 4]\noutput y = modemix(x, w)", code: "E0305", line: 3, col: 20, has: "channel and mode axes" },
  { name: "modemix symbolic weights", src: "input x: c128[batch, 3, 4]\ninput w: c128[3, batch, 4]\noutput y = modemix(x, w)", code: "E0305", line: 3, col: 23, has: "weights of concrete shape" },
  { name: "modemix of index data", src: "input x: c128[3, 4]\ninput w: i64[3, 2, 4]\noutput y = modemix(x, w)", code: "E0403", line: 3, col: 23, has: "i64" },
  { name: "modemix of an operator", src: X + "output y = modemix(x, dft(4))", code: "E0204", line: 2, col: 23, has: "must be a tensor" },
  // pad along an axis
  { name: "pad negative before", src: X + "output y = pad(x, 1, -1, 2)", code: "E0302", line: 2, col: 19, has: "before -1" },
  { name: "pad negative after", src: X + "output y = pad(x, 1, 2, -3)", code: "E0302", line: 2, col: 19, has: "after -3" },
  { name: "pad axis above the rank", src: X + "output y = pad(x, 4, 1, 1)", code: "E0307", line: 2, col: 19, has: "axis 4 is out of range for a tensor of rank 4" },
  { name: "pad axis below -rank", src: X + "output y = pad(x, -5, 1, 1)", code: "E0307", line: 2, col: 19, has: "axis -5" },
  { name: "pad with two sizes", src: X + "output y = pad(x, 1, 1)", code: "E0201", line: 2, col: 19, has: "pad(x, n) or pad(x, axis, before, after)" },
  { name: "pad(x, n) shorter than the axis", src: X + "output y = pad(x, 3)", code: "E0302", line: 2, col: 19, has: "shorter than the axis (5)" },
  { name: "pad along a symbolic axis", src: B + "output y = pad(x, 0, 1, 1)", code: "E0305", line: 2, col: 19, has: "'batch'" },
  // stack
  { name: "stack axis above the rank", src: X + "output y = stack(x, x, axis=5)", code: "E0307", line: 2, col: 24, has: "stacking tensors of rank 4" },
  { name: "stack axis below", src: X + "output y = stack(x, x, axis=-6)", code: "E0307", line: 2, col: 24, has: "axis -6" },
  { name: "stack of two shapes", src: X + "input z: c128[2, 3, 4, 6]\noutput y = stack(x, z)", code: "E0301", line: 3, col: 18, has: "[2, 3, 4, 6] (tensor 2) is not [2, 3, 4, 5]" },
  { name: "stack in front of a symbolic axis", src: B + "output y = stack(x, x)", code: "E0305", line: 2, col: 12, has: "before the symbolic axis 'batch'" },
  // glu
  { name: "glu of an odd axis", src: "input x: f64[3, 5]\noutput y = glu(x)", code: "E0302", line: 2, col: 12, has: "length 5 is odd" },
  { name: "glu of complex data", src: "input x: c128[3, 4]\noutput y = glu(x)", code: "E0402", line: 2, col: 16, has: "real data" },
  { name: "glu axis out of range", src: "input x: f64[3, 4]\noutput y = glu(x, axis=2)", code: "E0307", line: 2, col: 19, has: "axis 2" },
  { name: "glu along a symbolic axis", src: "input x: f64[batch, 4]\noutput y = glu(x, 0)", code: "E0305", line: 2, col: 19, has: "'batch'" },
  { name: "glu of a scalar", src: "input s: f64\noutput y = glu(s)", code: "E0307", line: 2, col: 16, has: "scalar" },
];

describe("errors of modemix, pad, stack and glu", () => {
  goldenErrors(CASES);
});

describe("types of modemix, pad, stack and glu", () => {
  const typeOf = (src: string) => typeStr(parseProgram(src, "spec.linc").outputs[0].node.type);
  it.each([
    ["input x: c64[batch, 3, 4, 5]\nparam w: c64[3, 2, 4, 5]\noutput y = modemix(x, w)", "c64[batch, 2, 4, 5]"],
    ["input x: f32[batch, 3, 4, 5]\nparam w: c128[3, 7, 1, 1]\noutput y = modemix(x, w)", "c128[batch, 7, 4, 5]"],
    ["input x: f64[2, 3, 1, 5]\nparam w: f64[3, 2, 4, 1]\noutput y = modemix(x, w)", "f64[2, 2, 4, 5]"],
    ["input x: f64[6, 3]\nparam w: f64[3, 2]\noutput y = modemix(x, w)", "f64[6, 2]"],
    [B + "output y = pad(x, -2, 1, 2)", "f64[batch, 6, 4]"],
    [B + "output y = pad(x, -1, 0, 0)", "f64[batch, 3, 4]"],
    [B + "output y = stack(x, x, x, axis=-1)", "f64[batch, 3, 4, 3]"],
    [B + "output y = glu(x, -1)", "f64[batch, 3, 2]"],
  ])("%s", (src, want) => expect(typeOf(src)).toBe(want));

  it("keeps pad(x, n) as the last-axis pad op, and pads other axes with pad_axis", () => {
    const node = (src: string) => parseProgram(src, "spec.linc").outputs[0].node;
    expect(node(B + "output y = pad(x, 9)").op).toBe("pad");
    expect(node(B + "output y = pad(x, -1, 0, 5)").op).toBe("pad");
    expect(node(B + "output y = pad(x, -1, 1, 5)").op).toBe("pad_axis");
    expect(node(B + "output y = pad(x, 1, 1, 0)").op).toBe("pad_axis");
  });
});
