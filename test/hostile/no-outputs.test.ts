// Issue 24 #12: a spec with no outputs exited 70 on onnx (onnxruntime refuses a graph without
// outputs). Running it gives no arrays, as on every other backend; compiling it to an ONNX model
// is a coded error (E0801), never an internal one or a model that cannot be loaded.
import { describe, expect, it } from "vitest";
import { compile, run } from "../../src/api/index.js";
import type { HostArray } from "../../src/ir/index.js";
import { allBackends } from "../support/backends.js";

const SPEC = "input x: f64[4]\n";
const x: HostArray = { dtype: "f64", shape: [4], data: new Float64Array([1, 2, 3, 4]) };

describe("a spec without outputs", () => {
  for (const backend of allBackends())
    it(`runs on ${backend} and gives no arrays`, async () => {
      expect(await run(SPEC, { backend, inputs: { x } })).toEqual({});
    });

  it("compiled to ONNX is E0801, not a model onnxruntime cannot load", async () => {
    await expect(compile(SPEC, { target: "onnx" })).rejects.toMatchObject({ code: "E0801", message: expect.stringContaining("at least one output") });
  });
});
