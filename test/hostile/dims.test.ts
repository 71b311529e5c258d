// Issue 24 #12: `linc demo --dim nosuch=3` (and bench's --dim) were silently accepted: a misspelt
// dimension name left the real one at its default. Now a usage error naming the spec's dims.
import { describe, expect, it } from "vitest";
import { randomBindings } from "../../src/cli/commands/demo.js";
import { CliError } from "../../src/cli/report.js";
import { parseProgram } from "../../src/dsl/index.js";

const p = parseProgram("input x: f64[batch, 4]\noutput y = dft(4) @ x\n", "d.linc");
const bind = (dims: [string, number][]) => randomBindings(p, { seed: 1, dims: new Map(dims) } as never);

describe("--dim names a symbolic dimension of the spec", () => {
  it("an unknown name is a usage error with the spec's dims and a suggestion", () => {
    expect(() => bind([["nosuch", 3]])).toThrow(CliError);
    expect(() => bind([["btach", 3]])).toThrow("--dim btach: the spec has no symbolic dimension 'btach'; its symbolic dimensions are 'batch'; did you mean 'batch'?");
  });

  it("a known name sets the size", () => {
    expect(bind([["batch", 3]]).x.shape).toEqual([3, 4]);
  });
});
