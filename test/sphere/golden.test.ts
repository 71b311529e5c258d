// sphere.json golden cases reproduced through the catalogue: constructor type rules + reference meanings.
import { describe, expect, it } from "vitest";
import { type CTensor } from "../../src/ir/value.js";
import { bind, call, evaluate, loadGolden, maxAbsDiff, toTensor } from "./harness.js";

describe("sphere golden", () => {
  for (const c of loadGolden("sphere")) {
    it(c.name, () => {
      const bindings = new Map<string, CTensor>();
      const all = { ...c.inputs, ...c.params };
      const node = (name: string) => bind(bindings, name, toTensor(all[name]), all[name].dtype);
      const [outName, want] = Object.entries(c.outputs)[0];
      let root;
      if (c.name.startsWith("gaunt")) {
        const lmax = Number(/lmax=(\d+)/.exec(c.source)![1]);
        root = call("gaunt", [node("a"), node("b")], { lmax });
      } else {
        root = call("sh_eval", [node("a"), node("theta"), node("phi")]);
      }
      expect(outName).toBeTruthy();
      expect(root.type).toEqual({ kind: "tensor", dtype: want.dtype, shape: want.shape });
      const got = evaluate(root, bindings);
      expect(got.shape).toEqual(want.shape);
      expect(maxAbsDiff(got, toTensor(want))).toBeLessThanOrEqual(c.tol);
    });
  }
});
