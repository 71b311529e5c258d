// Golden errors of the reduction, layout and new pointwise functions: every bad use gets its code
// and the position of the offending argument (file:line:col), and the text says what was wrong.
import { describe } from "vitest";
import { type ErrorCase, goldenErrors } from "../support/errors.js";


const X = "input x: f64[3, 4, 6]\n";
const B = "input x: f64[batch, 4, 6]\n";
const CASES: ErrorCase[] = [
  { name: "sum axis above the rank", src: X + "output y = sum(x, 3)", code: "E0307", line: 2, col: 19, has: "axis 3 is out of range for a tensor of rank 3" },
  { name: "mean axis below -rank", src: X + "output y = mean(x, axis=-4)", code: "E0307", line: 2, col: 20, has: "axis -4" },
  { name: "sum of a scalar", src: "input s: f64\noutput y = sum(s, 0)", code: "E0307", line: 2, col: 16, has: "scalar" },
  { name: "sum over a symbolic axis", src: B + "output y = sum(x, 0)", code: "E0305", line: 2, col: 19, has: "'batch'" },
  { name: "sum of index data", src: "input p: i64[4]\noutput y = sum(p, 0)", code: "E0403", line: 2, col: 16, has: "i64" },
  { name: "reshape size mismatch", src: X + "output y = reshape(x, 5, 14)", code: "E0301", line: 2, col: 23, has: "(72 elements) into [5, 14]" },
  { name: "reshape -1 that does not divide", src: X + "output y = reshape(x, 5, -1)", code: "E0301", line: 2, col: 23, has: "[5, -1]" },
  { name: "reshape with two -1", src: X + "output y = reshape(x, -1, -1)", code: "E0302", line: 2, col: 23, has: "one dimension (-1)" },
  { name: "reshape with a zero dim", src: X + "output y = reshape(x, 0, 72)", code: "E0302", line: 2, col: 23, has: "got 0" },
  { name: "reshape merging a symbolic axis", src: B + "output y = reshape(x, -1, 6)", code: "E0301", line: 2, col: 23, has: "hold 24 elements, the new ones 6" },
  { name: "reshape without keeping the symbolic axis", src: B + "output y = reshape(x, 2, -1)", code: "E0305", line: 2, col: 23, has: "leading axis" },
  { name: "permute with too few axes", src: X + "output y = permute(x, 1, 0)", code: "E0307", line: 2, col: 23, has: "needs 3 axes" },
  { name: "permute not a permutation", src: X + "output y = permute(x, 0, 0, 1)", code: "E0307", line: 2, col: 23, has: "not a permutation" },
  { name: "permute axis out of range", src: X + "output y = permute(x, 0, 1, 3)", code: "E0307", line: 2, col: 23, has: "axis 3" },
  { name: "concat shape mismatch", src: X + "input z: f64[3, 5, 5]\noutput y = concat(x, z, axis=1)", code: "E0301", line: 3, col: 19, has: "[3, 5, 5] (tensor 2) does not match [3, 4, 6]" },
  { name: "concat rank mismatch", src: X + "input z: f64[4, 6]\noutput y = concat(x, z)", code: "E0301", line: 3, col: 19, has: "tensor 2" },
  { name: "concat axis out of range", src: X + "output y = concat(x, x, axis=5)", code: "E0307", line: 2, col: 25, has: "axis 5" },
  { name: "concat along a symbolic axis", src: B + "output y = concat(x, x, axis=0)", code: "E0305", line: 2, col: 19, has: "'batch'" },
  { name: "concat of an operator", src: X + "output y = concat(x, dft(4))", code: "E0204", line: 2, col: 22, has: "must be a tensor" },
  { name: "slice out of range", src: X + "output y = slice(x, 1, 2, 9)", code: "E0306", line: 2, col: 24, has: "axis 1 of length 4" },
  { name: "slice empty", src: X + "output y = slice(x, 0, 2, 2)", code: "E0306", line: 2, col: 24, has: "[2:2]" },
  { name: "slice axis out of range", src: X + "output y = slice(x, -4, 0, 1)", code: "E0307", line: 2, col: 21, has: "axis -4" },
  { name: "gelu of complex data", src: "input z: c128[4]\noutput y = gelu(z)", code: "E0402", line: 2, col: 17, has: "real data" },
  { name: "atan2 of complex data", src: "input a: f64[4]\ninput z: c128[4]\noutput y = atan2(a, z)", code: "E0402", line: 3, col: 21, has: "real data" },
  { name: "atan2 broadcast mismatch", src: "input a: f64[3]\ninput b: f64[4]\noutput y = atan2(a, b)", code: "E0301", line: 3, col: 12, has: "cannot broadcast" },
];

describe("errors of the axis and layout functions", () => {
  goldenErrors(CASES);
});
