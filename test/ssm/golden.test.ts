// ssm.json golden cases reproduced through the catalogue. The `y = toeplitz(K, zeros(8)) @ u`
// outputs belong to the Toeplitz family and the golden harness; here K itself is checked.
import { describe, expect, it } from "vitest";
import { type CTensor } from "../../src/ir/value.js";
import { bind, call, evaluate, loadGolden, maxAbsDiff, toTensor } from "../sphere/harness.js";

describe("ssm golden", () => {
  for (const c of loadGolden("ssm")) {
    it(c.name, () => {
      const bindings = new Map<string, CTensor>();
      const p = (name: string) => bind(bindings, name, toTensor(c.params[name]), c.params[name].dtype);
      const check = (root: ReturnType<typeof call>, name: string) => {
        const want = c.outputs[name];
        expect(root.type).toEqual({ kind: "tensor", dtype: want.dtype, shape: want.shape });
        expect(maxAbsDiff(evaluate(root, bindings), toTensor(want))).toBeLessThanOrEqual(c.tol);
      };
      if (c.name.startsWith("hippo")) {
        const [, kind, n] = /hippo_A\("(\w+)", (\d+)\)/.exec(c.source)!;
        check(call("hippo_A", [kind, Number(n)]), "A");
        check(call("hippo_B", [kind, Number(n)]), "B");
      } else if (c.name.startsWith("ssm_kernel")) {
        const [, kind, n, dt, L, method] = /ssm_kernel\(hippo_A\("(\w+)", (\d+)\), hippo_B\("\w+", \d+\), C, ([\d.]+), (\d+), method="(\w+)"\)/.exec(c.source)!;
        const A = call("hippo_A", [kind, Number(n)]), B = call("hippo_B", [kind, Number(n)]);
        check(call("ssm_kernel", [A, B, p("C"), Number(dt), Number(L)], { method }), "K");
      } else {
        const [, dt, L] = /s4d_kernel\(lam, B, C, ([\d.]+), (\d+)\)/.exec(c.source)!;
        check(call("s4d_kernel", [p("lam"), p("B"), p("C"), Number(dt), Number(L)]), "K");
      }
    });
  }
});
