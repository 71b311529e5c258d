// A dtype sweep of the operators with more than one operand (issue 10, item 3): every real /
// complex combination of the operands (params and the input x), on every backend of the registry
// (the lowered reference included), against the reference interpreter on the unlowered program (the
// definition). The cpu monarch with real w1, complex w2 and real x was wrong; this table is the
// guard for that kind of defect in every multi-operand operator, not only that one.
import { describe, expect, it } from "vitest";
import { getBackend } from "../../src/backends/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { HostArray, Target } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { allBackends } from "../support/backends.js";
import { asComplex, peakRelErr } from "../support/compare.js";

type Kind = "r" | "c";
/** One operator: its operands (name and shape; `x` is the input, with a batch of 3 rows) and the output. */
interface Case {
  name: string;
  operands: { name: string; shape: number[] }[];
  output: string;
}

const X4 = { name: "x", shape: [4] };
const CASES: Case[] = [
  { name: "monarch", operands: [{ name: "w1", shape: [2, 2, 2] }, { name: "w2", shape: [2, 2, 2] }, X4], output: "monarch(w1, w2) @ x" },
  { name: "kron of dense", operands: [{ name: "A", shape: [2, 2] }, { name: "B", shape: [2, 2] }, X4], output: "kron(dense(A), dense(B)) @ x" },
  { name: "@ of two dense params", operands: [{ name: "A", shape: [4, 4] }, { name: "B", shape: [4, 4] }, X4], output: "(dense(A) @ dense(B)) @ x" },
  { name: "butterfly", operands: [{ name: "w", shape: [2, 2, 2, 2] }, X4], output: "butterfly(w) @ x" },
  { name: "lowrank", operands: [{ name: "U", shape: [4, 2] }, { name: "V", shape: [4, 2] }, X4], output: "lowrank(U, V) @ x" },
  { name: "toeplitz", operands: [{ name: "c", shape: [4] }, { name: "r", shape: [4] }, X4], output: "toeplitz(c, r) @ x" },
  { name: "blockdiag of dense", operands: [{ name: "A", shape: [2, 2] }, { name: "B", shape: [2, 2] }, X4], output: "blockdiag(dense(A), dense(B)) @ x" },
  { name: "sum of operators", operands: [{ name: "A", shape: [4, 4] }, { name: "v", shape: [4] }, X4], output: "(dense(A) + diag(v)) @ x" },
  { name: "elementwise * and +", operands: [{ name: "w", shape: [4] }, { name: "v", shape: [4] }, X4], output: "x * w + v" },
  { name: "elementwise / and -", operands: [{ name: "w", shape: [4] }, { name: "v", shape: [4] }, X4], output: "(x - v) / w" },
];

const BACKENDS = allBackends();
/** Relative tolerance: float64 backends, and gpujs (float32 on the device). */
const TOL: Record<Target, number> = { reference: 1e-12, cpu: 1e-12, onnx: 1e-10, gpujs: 2e-4, wasm: 1e-12 };

/** All 2^k real/complex assignments of k operands. */
const combos = (k: number): Kind[][] => Array.from({ length: 2 ** k }, (_, m) => Array.from({ length: k }, (_, i) => ((m >> i) & 1 ? "c" : "r")));

function specOf(c: Case, kinds: Kind[]): string {
  const decl = (o: Case["operands"][number], k: Kind) => {
    const dt = k === "c" ? "c128" : "f64";
    return o.name === "x" ? `input x: ${dt}[batch, ${o.shape.join(", ")}]` : `param ${o.name}: ${dt}[${o.shape.join(", ")}]`;
  };
  return [...c.operands.map((o, i) => decl(o, kinds[i])), `output y = ${c.output}`, ""].join("\n");
}

function bindingsOf(c: Case, kinds: Kind[]): Record<string, HostArray> {
  let seed = 1;
  return Object.fromEntries(
    c.operands.map((o, i) => {
      const shape = o.name === "x" ? [3, ...o.shape] : o.shape;
      const n = shape.reduce((a, b) => a * b, 1) * (kinds[i] === "c" ? 2 : 1);
      // well away from zero, so that division is well conditioned
      const data = Float64Array.from({ length: n }, (_, j) => (j % 2 ? 1 : -1) * (0.5 + Math.abs(Math.sin(7.3 * seed++ + j))));
      return [o.name, { dtype: kinds[i] === "c" ? "c128" : "f64", shape, data } as HostArray];
    }),
  );
}

describe("dtype sweep of multi-operand operators", () => {
  for (const c of CASES)
    for (const kinds of combos(c.operands.length)) {
      const label = `${c.name} (${c.operands.map((o, i) => `${o.name} ${kinds[i] === "c" ? "complex" : "real"}`).join(", ")})`;
      it(label, async () => {
        const p = parseProgram(specOf(c, kinds), "sweep.linc");
        const b = bindingsOf(c, kinds);
        const want = evaluate(p, b).y;
        for (const name of BACKENDS) {
          const got = (await (await getBackend(name)).run(lowerForBackend(p, { target: name }), b)).y;
          expect(got.shape, `${name}: shape`).toEqual(want.shape);
          expect(got.dtype.startsWith("c") || !want.dtype.startsWith("c"), `${name}: a complex result came back real`).toBe(true);
          expect(peakRelErr(asComplex(got), asComplex(want)), `${name}: relative error`).toBeLessThan(TOL[name]);
        }
      });
    }
});
