// A dtype sweep of the operators with more than one operand (issue 10, item 3; issue 24, item 1):
// every real / complex combination of the operands (params, and inputs with a batch axis), each in
// three precision patterns (all float64, and float32 on every other operand, both ways), on every
// backend of src/backends/index.ts, against the reference interpreter on the unlowered program (the
// definition). The cpu monarch with real w1, complex w2 and real x was wrong, and so was the cpu /
// wasm gaunt of a real and a complex batch (all NaN: the real one was converted into a buffer sized
// by a symbolic shape); this table is the guard for that kind of defect in every multi-operand
// operator, not only those.
import { describe, expect, it } from "vitest";
import { getBackend } from "../../src/backends/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type DType, type HostArray, LincError, type Target } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { F32_BOUND, F64_BOUND, allBackends, compiledBackends } from "../support/backends.js";
import { asComplex, peakRelErr } from "../support/compare.js";
import { uniform } from "../support/random.js";

type Kind = "r" | "c";
/** Float32 on the operands whose index has this parity ("even", "odd"), float64 elsewhere; or float64 everywhere. */
type Pattern = "f64" | "f32 even" | "f32 odd";
const PATTERNS: Pattern[] = ["f64", "f32 even", "f32 odd"];
/**
 * One operator: its operands (name and shape; `x`, and any operand marked `input`, is an input
 * with a batch of 3 rows in front; the others are params) and the output.
 */
interface Case {
  name: string;
  operands: { name: string; shape: number[]; input?: true }[];
  output: string;
  /** Backends that refuse the op on run-time data with E0801 (a coded refusal, never numbers). */
  refusedBy?: Target[];
  /** Bind the params when lowering (so ops on params alone fold), instead of passing them to run. */
  bind?: true;
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
  // the sphere products: a param against a batch, two batches, the direct and the Fourier route
  { name: "gaunt of a param and a batch", operands: [{ name: "a", shape: [4] }, X4], output: "gaunt(a, x, 1)" },
  { name: "gaunt of two batches", operands: [{ name: "a", shape: [4], input: true }, X4], output: "gaunt(a, x, 1)" },
  { name: "gaunt of two batches, degree 6", operands: [{ name: "a", shape: [49], input: true }, { name: "x", shape: [49] }], output: "gaunt(a, x, 6)" },
  // cg_path folds when its operands are bound params; on run-time data the compiled backends refuse it
  { name: "cg_path of two params, times a batch", operands: [{ name: "a", shape: [3] }, { name: "b", shape: [5] }, { name: "x", shape: [5] }], output: "x * cg_path(a, b, 1, 2, 2)", bind: true },
  { name: "cg_path of a param and a batch", operands: [{ name: "a", shape: [3] }, { name: "x", shape: [5] }], output: "cg_path(a, x, 1, 2, 2)", refusedBy: compiledBackends() },
  { name: "cg_path of two batches", operands: [{ name: "a", shape: [3], input: true }, { name: "x", shape: [3] }], output: "cg_path(a, x, 1, 1, 1)", refusedBy: compiledBackends() },
];

/**
 * A float64 output is held to the backend's F64_BOUND, a float32 one (all operands float32) to
 * its F32_BOUND (test/support/backends.ts). A float64 output with some float32 operands may hold
 * float32 intermediates (x * w of two f32 operands is f32, as in numpy), which the float64
 * reference does not round: 1e-6 there, far above their 6e-8.
 */
const MIXED = 1e-6;

/** All 2^k real/complex assignments of k operands. */
const combos = (k: number): Kind[][] => Array.from({ length: 2 ** k }, (_, m) => Array.from({ length: k }, (_, i) => ((m >> i) & 1 ? "c" : "r")));

const isInput = (o: Case["operands"][number]) => o.name === "x" || o.input === true;
function dtypeOf(k: Kind, p: Pattern, i: number): DType {
  const f32 = (p === "f32 even" && i % 2 === 0) || (p === "f32 odd" && i % 2 === 1);
  return k === "c" ? (f32 ? "c64" : "c128") : f32 ? "f32" : "f64";
}

function specOf(c: Case, kinds: Kind[], p: Pattern): string {
  const decl = (o: Case["operands"][number], i: number) => {
    const dt = dtypeOf(kinds[i], p, i);
    return isInput(o) ? `input ${o.name}: ${dt}[batch, ${o.shape.join(", ")}]` : `param ${o.name}: ${dt}[${o.shape.join(", ")}]`;
  };
  return [...c.operands.map(decl), `output y = ${c.output}`, ""].join("\n");
}

function bindingsOf(c: Case, kinds: Kind[], p: Pattern): Record<string, HostArray> {
  const u = uniform(1);
  return Object.fromEntries(
    c.operands.map((o, i) => {
      const shape = isInput(o) ? [3, ...o.shape] : o.shape;
      const dtype = dtypeOf(kinds[i], p, i);
      const n = shape.reduce((a, b) => a * b, 1) * (kinds[i] === "c" ? 2 : 1);
      // well away from zero, so that division is well conditioned
      const values = Array.from({ length: n }, (_, j) => (j % 2 ? 1 : -1) * (0.5 + Math.abs(u())));
      const data = dtype === "f32" || dtype === "c64" ? Float32Array.from(values) : Float64Array.from(values);
      return [o.name, { dtype, shape, data } as HostArray];
    }),
  );
}

describe("dtype sweep of multi-operand operators", () => {
  for (const c of CASES)
    for (const kinds of combos(c.operands.length))
      for (const pat of PATTERNS) {
        const label = `${c.name} (${c.operands.map((o, i) => `${o.name} ${dtypeOf(kinds[i], pat, i)}`).join(", ")})`;
        it(label, async () => {
          const p = parseProgram(specOf(c, kinds, pat), "sweep.linc");
          const b = bindingsOf(c, kinds, pat);
          const want = evaluate(p, b).y;
          const single = (a: HostArray) => a.dtype === "f32" || a.dtype === "c64";
          for (const name of allBackends()) {
            const tol = single(want) ? F32_BOUND[name] : Object.values(b).some(single) ? Math.max(MIXED, F64_BOUND[name]) : F64_BOUND[name];
            const params = c.bind ? Object.fromEntries(c.operands.filter((o) => !isInput(o)).map((o) => [o.name, b[o.name]])) : undefined;
            const running = (async () => (await getBackend(name)).run(lowerForBackend(p, { target: name, params }), b))();
            if (c.refusedBy?.includes(name)) {
              const err = await running.then(() => undefined, (e: unknown) => e);
              expect(err, `${name}: refuses`).toBeInstanceOf(LincError);
              expect((err as LincError).code, `${name}: refuses with E0801`).toBe("E0801");
              continue;
            }
            const got = (await running).y;
            expect(got.shape, `${name}: shape`).toEqual(want.shape);
            expect(got.dtype.startsWith("c") || !want.dtype.startsWith("c"), `${name}: a complex result came back real`).toBe(true);
            expect(peakRelErr(asComplex(got), asComplex(want)), `${name}: relative error`).toBeLessThan(tol);
          }
        });
      }
});
