// The CPU sphere kernels (src/backends/cpu/sphere.ts) run standalone — generated text
// compiled with new Function, as the cpu backend will once its walk calls emitSphereOp — and
// agree with the reference meanings: golden gaunt/sh_eval cases and random batched products.
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { Gen } from "../../src/backends/cpu/gen.js";
import { emitSphereOp } from "../../src/backends/cpu/sphere.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, type Node, type Program, type TensorType, isComplex, toposort } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { bindingsOf, loadGolden, relErr, toHost } from "../support/golden.js";
import { randomBindings } from "../support/random.js";

/** Run one sphere kernel node on host arrays for its sources (converted to the output's kind). */
function runKernel(n: Node, srcs: HostArray[]): Float64Array {
  const gen = new Gen();
  const t = n.type as TensorType, kind = isComplex(t.dtype) ? "C" : "R";
  const names = srcs.map((_, i) => `s${i}`);
  emitSphereOp(gen, "run", n, names, { name: "out", off: 0, kind, prec: "d" });
  const len = (t.shape as number[]).reduce((a, b) => a * b, 1) * (kind === "C" ? 2 : 1);
  const body = `${gen.lib.source()}\n${gen.top.join("\n")}\nconst out = new Float64Array(${len});\n${gen.runLines.join("\n")}\nreturn out;`;
  const args = srcs.map((h) => {
    const d = Float64Array.from(h.data as Float64Array);
    if (kind === "R" || isComplex(h.dtype)) return d;
    const c = new Float64Array(2 * d.length); // promote real to interleaved complex
    d.forEach((v, i) => (c[2 * i] = v));
    return c;
  });
  return new Function(...names, body)(...args);
}

/** Evaluate the kernel op at the root of a lowered program with its sources from the bindings. */
function kernelOf(p: Program): Node {
  return toposort(p.outputs.map((o) => o.node)).find((n) => ["gaunt_direct", "gaunt_fourier", "sh_matrix"].includes(n.op))!;
}

describe("cpu sphere kernels", () => {
  for (const c of loadGolden(["sphere"]).filter((c) => c.name.startsWith("gaunt")))
    for (const op of ["gaunt_direct", "gaunt_fourier"])
      it(`${op}: golden ${c.name}`, () => {
        const root = lowerForBackend(parseProgram(c.source, "g.linc"), { target: "cpu" }).outputs[0].node;
        const n = { ...root, op } as Node; // same node, other route
        const b = bindingsOf(c);
        const got = runKernel(n, [b.a, b.b]);
        expect(relErr(got, c.outputs.c.data)).toBeLessThanOrEqual(1e-10);
      });

  it("sh_matrix: golden sh_eval_3 (params unbound: the matrix is computed by the kernel)", () => {
    const c = loadGolden(["sphere"]).find((c) => c.name === "sh_eval_3")!;
    const lowered = lowerForBackend(parseProgram(c.source, "s.linc"), { target: "cpu" });
    const n = kernelOf(lowered);
    const Y = runKernel(n, [toHost(c.params.theta), toHost(c.params.phi)]);
    const a = toHost(c.inputs.a).data as Float64Array, K = 3, na = 16;
    const f = Array.from({ length: K }, (_, k) => a.reduce((s, v, i) => s + v * Y[k * na + i], 0));
    expect(relErr(f, c.outputs.f.data)).toBeLessThanOrEqual(1e-10);
  });

  for (const [L1, L2, lmax, da, db, lead] of [
    [3, 2, 4, "f64", "f64", "4, "], [4, 4, 6, "c128", "f64", "2, "], [5, 3, 3, "c128", "c128", "3, "], [6, 6, 12, "f64", "f64", ""],
  ] as const)
    for (const op of ["gaunt_direct", "gaunt_fourier"])
      it(`${op}: random ${L1} x ${L2} -> ${lmax} (${da}[${lead}…] x ${db}[…])`, () => {
        const p = parseProgram(`input a: ${da}[${lead}${(L1 + 1) ** 2}]\ninput b: ${db}[${(L2 + 1) ** 2}]\noutput c = gaunt(a, b, lmax=${lmax})`, "g.linc");
        const bind = randomBindings(p, L1 + 10 * L2 + 100 * lmax);
        const want = evaluate(p, bind).c.data as Float64Array;
        const n = { ...p.outputs[0].node, op } as Node;
        expect(relErr(runKernel(n, [bind.a, bind.b]), want)).toBeLessThan(1e-12);
      });
});
