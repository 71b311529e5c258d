// linc tune keeps the cost model's plan (the first candidate) unless another beats it by more
// than the measured noise: a plan picked on a 6% gap while the timings spread by 20% is noise.
import { describe, expect, it } from "vitest";
import { winner } from "../../src/api/tune.js";

describe("tune's choice against the noise", () => {
  it("a challenger whose lead is within either spread does not replace the default", () => {
    // default: median 1.00, min 0.80 (20% spread); challenger: median 0.94 (6% faster)
    expect(winner([[0.8, 1.0, 1.0, 1.1, 1.2], [0.9, 0.94, 0.94, 0.95, 1.0]])).toBe(0);
  });
  it("a lead beyond both spreads wins", () => {
    expect(winner([[0.98, 1.0, 1.0, 1.01], [0.5, 0.51, 0.52, 0.55]])).toBe(1);
  });
  it("the fastest of several challengers is the one weighed against the default", () => {
    expect(winner([[1.0, 1.0, 1.0], [0.7, 0.7, 0.71], [0.5, 0.5, 0.5]])).toBe(2);
  });
  it("the default stays when it is fastest, or alone", () => {
    expect(winner([[1, 1, 1], [2, 2, 2]])).toBe(0);
    expect(winner([[1, 2, 3]])).toBe(0);
  });
});
