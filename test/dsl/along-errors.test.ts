// Golden errors of along() and the multi-axis transforms: the codes of `@` (E0301 size, E0305
// symbolic axis, E0402 real-input on complex data) at the operand, E0307 for an axis out of range
// or given twice, with file:line:col and a message saying what was wrong.
import { describe } from "vitest";
import { type ErrorCase, goldenErrors } from "../support/errors.js";


const X = "input x: f64[3, 4, 6]\n";
const B = "input x: f64[batch, 4, 6]\n";
const Z = "input z: c128[3, 4, 6]\n";
const CASES: ErrorCase[] = [
  { name: "axis above the rank", src: X + "output y = along(dft(4), x, 3)", code: "E0307", line: 2, col: 29, has: "axis 3 is out of range for a tensor of rank 3" },
  { name: "axis below -rank", src: X + "output y = along(dft(4), x, axis=-4)", code: "E0307", line: 2, col: 29, has: "axis -4" },
  { name: "axis length is not the operator's columns", src: X + "output y = along(dft(5), x, 1)", code: "E0301", line: 2, col: 26, has: "5 columns but axis 1 of the operand has length 4" },
  { name: "last axis size mismatch as @ words it", src: X + "output y = along(dft(4), x, -1)", code: "E0301", line: 2, col: 26, has: "the last axis of the operand has length 6" },
  { name: "symbolic axis", src: B + "output y = along(dft(4), x, 0)", code: "E0305", line: 2, col: 26, has: "symbolic length 'batch'" },
  { name: "real-input operator on complex data", src: Z + "output y = along(rdft(4), z, 1)", code: "E0402", line: 2, col: 27, has: "takes real input" },
  { name: "a tensor as the operator", src: X + "output y = along(x, x, 0)", code: "E0204", line: 2, col: 18, has: "must be an operator" },
  { name: "a scalar operand", src: "input s: f64\noutput y = along(dft(1), s, 0)", code: "E0307", line: 2, col: 26, has: "scalar" },
  { name: "index data", src: "input p: i64[4, 3]\noutput y = along(dft(4), p, 0)", code: "E0403", line: 2, col: 26, has: "i64" },
  { name: "fftn axis given twice", src: X + "output y = fftn(x, 1, -2)", code: "E0307", line: 2, col: 20, has: "repeat an axis" },
  { name: "fftn axis out of range", src: X + "output y = fftn(x, 3)", code: "E0307", line: 2, col: 20, has: "axis 3" },
  { name: "rfft2 of complex data", src: Z + "output y = rfft2(z)", code: "E0402", line: 2, col: 18, has: "real input" },
  { name: "irfft2 length 0", src: X + "output y = irfft2(x, n=0)", code: "E0302", line: 2, col: 22, has: "got 0" },
  { name: "irfftn length 0", src: X + "output y = irfftn(x, 0, n=0)", code: "E0302", line: 2, col: 25, has: "got 0" },
  { name: "irfft2 of one bin (default length 0)", src: "input X: c128[4, 1]\noutput y = irfft2(X)", code: "E0302", line: 2, col: 19, has: "give n=" },
  { name: "fft2 of a vector", src: "input v: f64[8]\noutput y = fft2(v)", code: "E0307", line: 2, col: 12, has: "axis -2 is out of range for a tensor of rank 1" },
  { name: "dct2 type 1 on an axis of length 1", src: "input x: f64[3, 1]\noutput y = dct2(x, type=1)", code: "E0302", line: 2, col: 17, has: "length >= 2" },
  { name: "fft2 over a symbolic axis", src: "input x: f64[batch, 4]\noutput y = fft2(x)", code: "E0305", line: 2, col: 17, has: "'batch'" },
  { name: "fft2 of index data", src: "input p: i64[4, 4]\noutput y = fft2(p)", code: "E0403", line: 2, col: 17, has: "i64" },
];

describe("errors of along() and the multi-axis transforms", () => {
  goldenErrors(CASES);
});
