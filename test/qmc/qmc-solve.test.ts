// The QMC kernel-solve examples (examples/qmc_lattice_solve.linc, qmc_digital_net_solve.linc) on
// point sets the test generates (a CBC rank-1 lattice and 2-D Sobol' with a digital shift, 2^10
// points each): the Gram matrix built point by point from the kernel has the structure the
// examples rely on, and alpha = G⁻¹ y from the reference (lowered program) and every backend equals a dense
// Gaussian-elimination solve of that Gram matrix (f64); the lowered programs contain no dense
// matrix or inverse, only the fast transforms.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getBackend } from "../../src/backends/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, type Target, toposort } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { allBackends } from "../support/backends.js";
import { relErr } from "../support/golden.js";
import { rng } from "../support/random.js";
import { cbcLattice, denseSolveRows, digitalKernel, gram, latticeKernel, latticePoints, sobol2 } from "./points.js";

const n = 1024, batch = 2;
/** Relative error of the solve: float64 backends, and gpujs (float32 on the device). */
const TOL: Record<Target, number> = { reference: 1e-9, cpu: 1e-9, onnx: 1e-9, wasm: 1e-9, gpujs: 1e-3 };
/** The example at n points (the files use a smaller n so that the reference's dense meaning of inv stays quick). */
const load = (name: string) =>
  parseProgram(readFileSync(new URL(`../../examples/${name}.linc`, import.meta.url), "utf8").replace(/const n = \d+/, `const n = ${n}`), `${name}.linc`);
const f64 = (shape: number[], data: Float64Array): HostArray => ({ dtype: "f64", shape, data });

/** Runs an example on the reference, cpu and onnx with k bound, and checks each against the dense solve. */
async function checkSolve(name: string, G: Float64Array, k: Float64Array) {
  const r = rng(7), y = Float64Array.from({ length: batch * n }, () => r.normal());
  const want = denseSolveRows(G, n, y, batch);
  const p = load(name), b = { y: f64([batch, n], y), k: f64([n], k) };
  // the reference interpreter on the lowered program (the unlowered meaning of inv is a dense O(n³) inverse)
  const ref = evaluate(lowerForBackend(p, { target: "reference", params: { k: b.k } }), b).alpha.data as Float64Array;
  expect(relErr(ref, want), `${name} reference`).toBeLessThan(1e-9);
  for (const target of allBackends()) {
    const low = lowerForBackend(p, { target, params: { k: b.k } });
    const ops = new Set<string>(toposort(low.outputs.map((o) => o.node)).map((x) => x.op));
    for (const slow of ["dense", "minverse", "inv", "materialize"]) expect(ops.has(slow), `${name} ${target} lowers to ${[...ops].join(", ")}`).toBe(false);
    if (target === "reference") continue;
    const out = await (await getBackend(target)).run(low, b);
    expect(relErr(out.alpha.data as Float64Array, want), `${name} ${target}`).toBeLessThan(TOL[target]);
  }
  return { ref, want, y };
}

describe("QMC kernel solves", () => {
  it("rank-1 lattice: the Gram matrix is circulant(k); the FFT solve equals the dense solve on reference, cpu, onnx", async () => {
    const z = cbcLattice(n, 3), x = latticePoints(n, z);
    expect(z[0]).toBe(1);
    expect(new Set(z).size).toBe(3); // three distinct odd components
    const G = gram(x, (a, c) => latticeKernel(a, c));
    const k = Float64Array.from({ length: n }, (_, i) => G[i * n]); // first column K(x_i, x_0)
    for (let i = 0; i < n; i += 37) for (let j = 0; j < n; j += 41) expect(Math.abs(G[i * n + j] - k[(i - j + n) % n])).toBeLessThan(1e-12);
    const { ref, y } = await checkSolve("qmc_lattice_solve", G, k);
    // and the fast solution solves the system built point by point: ||G alpha - y|| small
    let res = 0;
    for (let b = 0; b < batch; b++)
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += G[i * n + j] * ref[b * n + j];
        res = Math.max(res, Math.abs(s - y[b * n + i]));
      }
    expect(res).toBeLessThan(1e-9);
  });

  it("Sobol' digital net (natural order, digitally shifted): G[i, j] = k[i XOR j], WHT eigenvalues positive; the WHT solve equals the dense solve", async () => {
    const r = rng(3), shift: [number, number] = [r.int(0, 2 ** 30 - 1), r.int(0, 2 ** 30 - 1)];
    const x = sobol2(10, shift), G = gram(x, (a, c) => digitalKernel(a, c));
    expect(new Set(x.map((p) => p[0])).size).toBe(n); // n distinct points
    expect(new Set(x.map((p) => p[1] >> 20)).size).toBe(n); // 2nd dim stratified: one point per 2^-10 interval
    const k = Float64Array.from({ length: n }, (_, i) => G[i * n]);
    for (let i = 0; i < n; i += 13) for (let j = 0; j < n; j += 17) expect(G[i * n + j]).toBe(k[i ^ j]);
    // eigenvalues H k (Sylvester order) by the definition
    let minLam = Infinity;
    for (let m = 0; m < n; m += 5) {
      let s = 0;
      for (let t = 0; t < n; t++) s += k[t] * (popcount(m & t) % 2 ? -1 : 1);
      minLam = Math.min(minLam, s);
    }
    expect(minLam).toBeGreaterThan(0);
    await checkSolve("qmc_digital_net_solve", G, k);
  });
});

function popcount(v: number): number {
  let c = 0;
  for (; v; v &= v - 1) c++;
  return c;
}
