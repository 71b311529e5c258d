// QMC kernel solves (issue 13): the fast solves of examples/qmc_lattice_solve.linc (FFT) and
// examples/qmc_digital_net_solve.linc (WHT) as compiled cpu kernels, against the dense solve of
// the same Gram matrix, at n = 2^12 and 2^16.
//   fast     one solve G⁻¹ y (kernel.run), after the kernel is created with k bound (createKernel
//            computes the spectrum once: the "set-up", reported separately);
//   dense    Gaussian elimination with partial pivoting in f64 JavaScript (test/qmc/points.ts),
//            MEASURED at n = 2^10 and 2^11 only and extrapolated as n³ (a 2^16 Gram matrix is 32 GiB);
//            and LAPACK's scipy.linalg.solve timed by python3 in a child process at n = 2^12
//            (extrapolated as n³ to 2^16), skipped without python3.
// The Gram matrices come from the test's point sets and kernels; the fast solution is checked
// against the dense one at n = 2^10. Run: npm run bench -- qmc (or node --import tsx bench/qmc.ts)
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileCpu } from "../src/backends/cpu/index.js";
import { parseProgram } from "../src/dsl/index.js";
import type { HostArray } from "../src/ir/index.js";
import { lowerForBackend } from "../src/passes/index.js";
import { cbcLattice, denseSolveRows, digitalKernel, gram, latticeKernel, latticePoints, sobol2 } from "../test/qmc/points.js";

type Kind = "lattice" | "digital_net";
const host = (data: Float64Array): HostArray => ({ dtype: "f64", shape: [data.length], data });

/** Median ms per call after warm-up, over >= 0.3 s and >= 5 calls. */
function time(f: () => void): number {
  for (let i = 0; i < 2; i++) f();
  const ts: number[] = [];
  const t0 = performance.now();
  while (performance.now() - t0 < 300 || ts.length < 5) {
    const t = performance.now();
    f();
    ts.push(performance.now() - t);
  }
  return ts.sort((a, b) => a - b)[ts.length >> 1];
}

/** k[i] = K(x_i, x_0) for n = 2^m points (the points alone: O(n), no Gram matrix). */
function firstColumn(kind: Kind, m: number): Float64Array {
  const n = 2 ** m;
  if (kind === "lattice") {
    const x = latticePoints(n, m <= 12 ? cbcLattice(n, 3) : [1, 2 ** m / 4 + 1, 2 ** m / 8 * 3 + 1]); // CBC is O(n²): a fixed odd vector beyond 2^12
    return Float64Array.from(x, (p) => latticeKernel(p, x[0]));
  }
  const x = sobol2(m, [123456789, 987654321]);
  return Float64Array.from(x, (p) => digitalKernel(p, x[0]));
}

function fastKernel(kind: Kind, n: number, k: Float64Array) {
  const src = readFileSync(new URL(`../examples/qmc_${kind}_solve.linc`, import.meta.url), "utf8")
    .replace(/const n = \d+/, `const n = ${n}`).replace("f64[batch, n]", "f64[n]");
  const t = performance.now();
  const kernel = compileCpu(lowerForBackend(parseProgram(src, `qmc_${kind}_solve.linc`), { target: "cpu" })).createKernel({ k: host(k) });
  return { kernel, setupMs: performance.now() - t };
}

function scipySolveMs(n: number): number | undefined {
  const script = `
import time, numpy as np, scipy.linalg as sl
rng = np.random.default_rng(1); n = ${n}
A = rng.standard_normal((n, n)); A = A @ A.T / n + np.eye(n); b = rng.standard_normal(n)
best = 1e9
for _ in range(3):
    s = time.perf_counter(); sl.solve(A, b); best = min(best, time.perf_counter() - s)
print(best * 1000)`;
  const r = spawnSync("python3", ["-c", script], { encoding: "utf8" });
  return r.status === 0 ? Number(r.stdout.trim()) : undefined;
}

export async function runQmcBench() {
  // dense JS solve measured at 2^10, 2^11 (lattice Gram matrices), fitted as c n³
  const dense: Record<number, number> = {};
  for (const m of [10, 11]) {
    const n = 2 ** m, x = latticePoints(n, cbcLattice(n, 3)), G = gram(x, (a, c) => latticeKernel(a, c)), y = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    const t = performance.now();
    const want = denseSolveRows(G, n, y, 1);
    dense[n] = performance.now() - t;
    if (m === 10) {
      const { kernel } = fastKernel("lattice", n, Float64Array.from({ length: n }, (_, i) => G[i * n]));
      const out = { alpha: new Float64Array(n) };
      kernel.run({ y }, out);
      const err = Math.max(...out.alpha.map((v, i) => Math.abs(v - want[i]))) / Math.max(...want.map(Math.abs));
      if (!(err < 1e-9)) throw new Error(`qmc bench: fast and dense lattice solves differ by ${err}`);
    }
  }
  const c3 = dense[2048] / 2048 ** 3, scipy4096 = scipySolveMs(4096);
  console.log("QMC kernel solve G⁻¹ y, one right-hand side (ms); fast = compiled cpu kernel of the example");
  console.log(`dense JS Gaussian elimination measured: n=1024 ${dense[1024].toFixed(0)} ms, n=2048 ${dense[2048].toFixed(0)} ms (larger n: c·n³ from 2048)`);
  console.log(`scipy.linalg.solve (LAPACK) measured at n=4096: ${scipy4096 === undefined ? "- (no python3/scipy)" : `${scipy4096.toFixed(0)} ms`} (2^16: ·4096, n³)`);
  console.log("  kind          n    set-up ms   fast ms   dense JS ms (extrap.)   dense/fast   scipy ms   scipy/fast");
  const rows = [];
  for (const kind of ["lattice", "digital_net"] as const)
    for (const m of [12, 16]) {
      const n = 2 ** m, k = firstColumn(kind, m), { kernel, setupMs } = fastKernel(kind, n, k);
      const y = Float64Array.from({ length: n }, (_, i) => Math.cos(i)), out = { alpha: new Float64Array(n) };
      const fastMs = time(() => kernel.run({ y }, out));
      if (!out.alpha.every(Number.isFinite)) throw new Error(`qmc bench: ${kind} n=${n} gave non-finite values`);
      const denseMs = c3 * n ** 3, scipyMs = scipy4096 === undefined ? undefined : scipy4096 * (n / 4096) ** 3;
      rows.push({ kind, n, setupMs, fastMs, denseMs, scipyMs });
      console.log(`  ${kind.padEnd(12)} ${String(n).padStart(6)} ${setupMs.toFixed(1).padStart(11)} ${fastMs.toFixed(3).padStart(9)} ${denseMs.toExponential(2).padStart(23)} ${(denseMs / fastMs).toExponential(1).padStart(12)} ${(scipyMs?.toExponential(2) ?? "-").padStart(10)} ${(scipyMs ? (scipyMs / fastMs).toExponential(1) : "-").padStart(12)}`);
    }
  return { dense, scipy4096, rows };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runQmcBench();
