// Golden errors of per-channel operators: mismatched channel counts, wrong ranks and the algebra
// that is not defined per channel get their code, the position of the offending expression and a
// message naming the channel counts.
import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/dsl/index.js";
import { formatDiagnostic } from "../../src/ir/index.js";
import { type ErrorCase, goldenErrors } from "../support/errors.js";


const X = "input x: f64[2, 3, 8]\n";
const S4D = "param lam: c128[4, 6]\n";
const CASES: ErrorCase[] = [
  { name: "operator channels against operand channels", src: X + "param d: f64[4, 8]\noutput y = diag(d) @ x", code: "E0301", line: 3, col: 20, has: "the operator has 4 channels on its channel axis 0 (channel shape [4]) but the operand has 3 on axis 1" },
  { name: "channels against a symbolic axis", src: "input x: f64[batch, 8]\nparam d: f64[3, 8]\noutput y = diag(d) @ x", code: "E0301", line: 3, col: 20, has: "symbolic 'batch'" },
  { name: "toeplitz c and r channels", src: X + "param c: f64[3, 8]\nparam r: f64[4, 8]\noutput y = toeplitz(c, r) @ x", code: "E0301", line: 4, col: 24, has: "toeplitz(c, r): 3 channels against 4" },
  { name: "dense W of rank 1", src: X + "param W: f64[8]\noutput y = dense(W) @ x", code: "E0301", line: 3, col: 18, has: "dense's W must have 2 axes" },
  { name: "diag of a scalar", src: X + "param d: f64\noutput y = diag(d) @ x", code: "E0301", line: 3, col: 17, has: "diag's v must have an axis" },
  { name: "composition of mismatched channels", src: X + "param d: f64[3, 8]\nparam e: f64[4, 8]\nA = diag(d) @ diag(e)\noutput y = A @ x", code: "E0301", line: 4, col: 13, has: "a composition of per-channel operators: 3 channels against 4" },
  { name: "sum of mismatched channels", src: X + "param d: f64[3, 8]\nparam e: f64[4, 8]\nA = diag(d) + diag(e)\noutput y = A @ x", code: "E0301", line: 4, col: 13, has: "a sum of per-channel operators" },
  { name: "kron of a per-channel operator", src: X + "param d: f64[3, 4]\nA = kron(diag(d), I(2))\noutput y = A @ x", code: "E0502", line: 3, col: 10, has: "kron() does not take per-channel operators" },
  { name: "blockdiag of a per-channel operator", src: X + "param W: f64[3, 5, 8]\noutput y = blockdiag(dense(W), I(2)) @ x", code: "E0502", line: 3, col: 22, has: "channel axes [3]" },
  { name: "inverse of a per-channel circulant", src: X + "param c: f64[3, 8]\noutput y = inv(circulant(c)) @ x", code: "E0501", line: 3, col: 16, has: "per-channel 'circulant'" },
  { name: "transpose of a per-channel toeplitz", src: X + "param c: f64[3, 8]\noutput y = toeplitz(c, c).T @ x", code: "E0502", line: 3, col: 27, has: ".T of a per-channel 'toeplitz'" },
  { name: "s4d_kernel dt against the channels", src: S4D + "param C: c128[4, 6]\nparam dt: f64[3]\noutput K = s4d_kernel(lam, ones(6), C, dt, 16)", code: "E0301", line: 4, col: 40, has: "4 channels against 3" },
  { name: "s4d_kernel C with another state size", src: S4D + "param C: c128[4, 5]\noutput K = s4d_kernel(lam, ones(6), C, 0.1, 16)", code: "E0301", line: 3, col: 37, has: "C must have 6 states" },
  { name: "s4d_kernel C with other channels", src: S4D + "param C: c128[3, 6]\noutput K = s4d_kernel(lam, ones(6), C, 0.1, 16)", code: "E0301", line: 3, col: 37, has: "4 channels against 3" },
  { name: "s4d_kernel complex dt", src: S4D + "param C: c128[4, 6]\nparam dt: c128[4]\noutput K = s4d_kernel(lam, ones(6), C, dt, 16)", code: "E0301", line: 4, col: 40, has: "step dt must be real" },
  { name: "dplr_kernel B with other channels", src: S4D + "param P: c128[4, 6]\nparam B: c128[3, 6]\noutput K = dplr_kernel(lam, P, B, B, 0.1, 16)", code: "E0301", line: 4, col: 32, has: "B must be [4, 6] like lam" },
  { name: "dplr_kernel dt of other channels", src: S4D + "param dt: f64[5]\noutput K = dplr_kernel(lam, lam, lam, lam, dt, 16)", code: "E0301", line: 3, col: 44, has: "one step per channel, [4]" },
  { name: "dplr_kernel with two channel axes", src: "param lam: c128[2, 4, 6]\noutput K = dplr_kernel(lam, lam, lam, lam, 0.1, 16)", code: "E0301", line: 2, col: 24, has: "one channel axis" },
  { name: "ssm_kernel C with other channels", src: "param A: f64[3, 4, 4]\nparam B: f64[3, 4]\nparam C: f64[2, 4]\noutput K = ssm_kernel(A, B, C, 0.1, 16)", code: "E0301", line: 4, col: 29, has: "C must be [3, 4] like A" },
];

describe("errors of per-channel operators", () => {
  goldenErrors(CASES);

  it("accepts channel axes that broadcast (a size-1 axis on either side, several channel axes)", () => {
    for (const src of [
      X + "param d: f64[1, 8]\noutput y = diag(d) @ x",
      "input x: f64[2, 1, 8]\nparam d: f64[3, 8]\noutput y = diag(d) @ x",
      X + "param h: f64[2, 3, 4]\noutput y = conv(h, 8) @ x",
      X + "param d: f64[3, 8]\nparam b: f64[3, 1]\noutput y = diag(d) @ x + b",
    ])
      expect(checkSource(src, "spec.linc").map((d) => formatDiagnostic(d))).toEqual([]);
  });
});
