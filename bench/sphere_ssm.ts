// Issue 5 benchmarks, side by side in one process:
//   gaunt: the direct sparse sum over the Gaunt coefficients vs the Fourier route, for
//          l1 = l2 = lmax = L = 2 … 32 — per product, for the reference meanings (gaunt_direct's
//          table sum vs gauntFourierFast: 2-D FFT convolution) and for the generated cpu kernels
//          (sparse loop vs the O(L³) grid form); fitted growth exponents (least squares on
//          log-log) and the crossover L where the Fourier route starts to win.
//   ssm_kernel: naive powers (the recurrence) vs S4's DPLR generating-function route, N = 64, 256
//          and L = 1024, 16384, with the route the cost model picks.
//   DPLR set-up: the eigendecomposition of the HiPPO-LegS normal part (skeweig.ts; the Jacobi
//          solver it replaced at N = 64 for scale) and the whole set-up at L = 16384, N = 64, 256,
//          1024, with the eigenvector residual, against numpy.linalg.eig / scipy.linalg.eig of
//          the same matrix timed by python3 in a child process (skipped when python3 is missing).
// Run: npm run bench -- sphere_ssm   (or node --import tsx bench/sphere_ssm.ts [setup] for the
// set-up rows only)
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { gauntDirectSource, gauntGridSource, fourierGrid } from "../src/backends/cpu/sphere.js";
import { math } from "../src/ir/index.js";
import { gauntFourierFast, ssmKernelDPLRFast } from "../src/ir/math/fastroutes.js";
import { dplrSetup, nplr } from "../src/ir/math/dplr.js";
import { eighHermitian } from "../src/ir/math/linalg.js";
import type { CMat } from "../src/ir/value.js";
import { gauntTableFor } from "../src/ir/ops/sphere.js";
import { gauntCosts } from "../src/passes/rules/sphere.js";
import { SCHEDULES } from "../src/passes/schedule/table.js";
import { ssmCosts } from "../src/passes/rules/ssm.js";

export interface GauntRow { L: number; nnz: number; tableMs: number; refDirect: number; refFourier: number; cpuDirect: number; cpuGrid: number; model: string }
export interface SsmRow { N: number; L: number; naiveMs: number; dplrMs: number; setupMs: number; ratio: number; relDiff: number; model: string }

/** Milliseconds per call: the second fastest of 7 batches of >= 30 ms, after a >= 30 ms warm-up. */
function time(f: () => unknown): number {
  let reps = 1;
  for (let t = 0; t < 30; reps *= 2) {
    const s = performance.now();
    for (let i = 0; i < reps; i++) f();
    if ((t = performance.now() - s) > 30) break;
  }
  const runs: number[] = [];
  for (let k = 0; k < 7; k++) {
    const s = performance.now();
    for (let i = 0; i < reps; i++) f();
    runs.push((performance.now() - s) / reps);
  }
  return runs.sort((a, b) => a - b)[1]; // a low quantile: robust to GC pauses
}

/** Slope of log y against log x (least squares): the growth exponent. */
export function fitExponent(xs: number[], ys: number[]): number {
  const lx = xs.map(Math.log), ly = ys.map(Math.log), n = xs.length;
  const mx = lx.reduce((a, b) => a + b) / n, my = ly.reduce((a, b) => a + b) / n;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) (num += (lx[i] - mx) * (ly[i] - my)), (den += (lx[i] - mx) ** 2);
  return num / den;
}

/** First L where `b` beats `a`, interpolated on log-log between the neighbouring sizes. */
export function crossover(Ls: number[], a: number[], b: number[]): string {
  for (let i = 0; i < Ls.length; i++)
    if (b[i] < a[i]) {
      if (i === 0) return `<= ${Ls[0]}`;
      const d0 = Math.log(a[i - 1] / b[i - 1]), d1 = Math.log(a[i] / b[i]);
      const t = d0 / (d0 - d1);
      return (Ls[i - 1] * Math.pow(Ls[i] / Ls[i - 1], t)).toFixed(1);
    }
  return `> ${Ls[Ls.length - 1]}`;
}

const rnd = (n: number) => Float64Array.from({ length: n }, () => Math.random() - 0.5);

function gauntRows(Ls: number[]): GauntRow[] {
  const rows: GauntRow[] = [];
  for (const L of Ls) {
    const n = (L + 1) ** 2, a = rnd(n), b = rnd(n), zero = new Float64Array(n);
    let s = performance.now();
    const t = gauntTableFor(L, L, L);
    const tableMs = performance.now() - s;
    const c = new Float64Array(n);
    const refDirect = time(() => {
      c.fill(0);
      for (let e = 0; e < t.value.length; e++) c[t.i3[e]] += t.value[e] * a[t.i1[e]] * b[t.i2[e]];
    });
    const refFourier = time(() => gauntFourierFast({ re: a, im: zero }, { re: b, im: zero }, L));
    // the generated cpu kernels, with their tables passed in rather than embedded in the text
    const idx = new Float64Array(3 * t.value.length);
    for (let e = 0; e < t.value.length; e++) (idx[3 * e] = t.i1[e]), (idx[3 * e + 1] = t.i2[e]), (idx[3 * e + 2] = t.i3[e]);
    const direct = new Function("I", "V", `${gauntDirectSource("G", "I", "V", t.value.length, n, false)}\nreturn G;`)(idx, t.value);
    const g = fourierGrid(L, L, L);
    const grid = new Function("PL", "WQ", "CS", "SN", `${gauntGridSource("G", { L1: L, L2: L, lmax: L, Lm: g.Lm, Q: g.Q, nphi: g.nphi, complex: false }, { PL: "PL", WQ: "WQ", CS: "CS", SN: "SN" })}\nreturn G;`)(g.PL, g.WQ, g.CS, g.SN);
    const y1 = new Float64Array(n), y2 = new Float64Array(n);
    const cpuDirect = time(() => direct(a, b, y1, 1, 0, 0));
    const cpuGrid = time(() => grid(a, b, y2, 1, 0, 0));
    s = Math.max(...y1.map((v, i) => Math.abs(v - y2[i])));
    if (!(s < 1e-10)) throw new Error(`gaunt L=${L}: direct and grid kernels differ by ${s}`);
    const pick = (target: "reference" | "cpu") => {
      const c = gauntCosts(L, L, L, SCHEDULES[target].gaunt);
      return c.direct <= c.fourier ? "direct" : "fourier";
    };
    rows.push({ L, nnz: t.value.length, tableMs, refDirect, refFourier, cpuDirect, cpuGrid, model: `${pick("reference")} / ${pick("cpu")}` });
  }
  return rows;
}

function ssmRows(): SsmRow[] {
  const rows: SsmRow[] = [];
  for (const N of [64, 256]) {
    // the eigendecomposition of A + P Pᵀ: once per HiPPO matrix, shared by every kernel (key)
    const h = math.hippo("legs", N), t0 = performance.now();
    ssmKernelDPLRFast({ rows: N, cols: N, re: h.A, im: new Float64Array(N * N) }, math.hippoRankCorrection("legs", N), { re: h.B, im: new Float64Array(N) }, { re: rnd(N), im: new Float64Array(N) }, 0.01, 2, `bench:${N}`);
    const setupMs = performance.now() - t0;
    for (const L of [1024, 16384]) {
      const { A, B } = math.hippo("legs", N), Am = { rows: N, cols: N, re: A, im: new Float64Array(N * N) };
      const Bv = { re: B, im: new Float64Array(N) }, C = { re: rnd(N), im: new Float64Array(N) }, dt = 1 / L, key = `bench:${N}`;
      let s = performance.now();
      const K1 = math.ssmKernel(Am, Bv, C, dt, L, "bilinear");
      const naiveMs = performance.now() - s;
      s = performance.now();
      const K2 = ssmKernelDPLRFast(Am, math.hippoRankCorrection("legs", N), Bv, C, dt, L, key);
      const dplrMs = performance.now() - s;
      let d = 0, scale = 0;
      for (let k = 0; k < L; k++) (d = Math.max(d, Math.abs(K1.re[k] - K2.re[k]))), (scale = Math.max(scale, Math.abs(K1.re[k])));
      const m = ssmCosts(N, L);
      rows.push({ N, L, naiveMs, dplrMs, setupMs, ratio: naiveMs / (dplrMs + setupMs), relDiff: d / scale, model: m.dplr < m.naive ? "dplr" : "naive" });
    }
  }
  return rows;
}

export interface SetupRow { N: number; eigMs: number; setupMs: number; residual: number; jacobiMs?: number; numpyMs?: number; scipyMs?: number }

/** numpy / scipy eig of the LegS normal part, best of 3, per N (ms); {} without python3 + numpy. */
function pythonEig(Ns: number[]): Record<number, { numpy: number; scipy: number }> {
  const script = `
import json, sys, time
import numpy as np, scipy.linalg as sl
out = {}
for n in ${JSON.stringify(Ns)}:
    r = np.sqrt(2 * np.arange(n) + 1)
    A = -np.tril(np.outer(r, r), -1) - np.diag(np.arange(n) + 1.0)
    p = np.sqrt(np.arange(n) + 0.5)
    M = A + np.outer(p, p)
    t = {}
    for name, f in (("numpy", np.linalg.eig), ("scipy", sl.eig)):
        best = 1e9
        for _ in range(3):
            s = time.perf_counter(); f(M); best = min(best, time.perf_counter() - s)
        t[name] = best * 1000
    out[n] = t
print(json.dumps(out))`;
  const r = spawnSync("python3", ["-c", script], { encoding: "utf8" });
  return r.status === 0 ? JSON.parse(r.stdout) : {};
}

/** ||M V - V Λ||_F / ||M||_F over 16 spread-out columns of V (the full product is O(N³) per N). */
function eigResidual(M: CMat, V: CMat, lre: Float64Array, lim: Float64Array): number {
  const n = M.rows;
  let res = 0, nrm = 0;
  for (let k = 0; k < n * n; k++) nrm += M.re[k] ** 2 + M.im[k] ** 2;
  const cols = Array.from({ length: Math.min(16, n) }, (_, t) => Math.floor((t * n) / Math.min(16, n)));
  for (const j of cols)
    for (let i = 0; i < n; i++) {
      let sr = 0, si = 0;
      for (let k = 0; k < n; k++) (sr += M.re[i * n + k] * V.re[k * n + j] - M.im[i * n + k] * V.im[k * n + j]), (si += M.re[i * n + k] * V.im[k * n + j] + M.im[i * n + k] * V.re[k * n + j]);
      sr -= lre[j] * V.re[i * n + j] - lim[j] * V.im[i * n + j];
      si -= lre[j] * V.im[i * n + j] + lim[j] * V.re[i * n + j];
      res += sr * sr + si * si;
    }
  return Math.sqrt((res * n) / cols.length) / Math.sqrt(nrm); // scaled to all n columns
}

function setupRows(): SetupRow[] {
  const Ns = [64, 256, 1024], py = pythonEig(Ns), rows: SetupRow[] = [];
  for (const N of Ns) {
    const h = math.hippo("legs", N), P = math.hippoRankCorrection("legs", N), L = 16384;
    const A = { rows: N, cols: N, re: h.A, im: new Float64Array(N * N) };
    let s = performance.now();
    const d = nplr(A, P);
    const eigMs = performance.now() - s;
    s = performance.now();
    dplrSetup(A, P, { re: h.B, im: new Float64Array(N) }, { re: rnd(N), im: new Float64Array(N) }, 1 / L, L, d);
    const setupMs = eigMs + performance.now() - s;
    // the normal part A + P Pᵀ and its eigenvalues α + i w
    const M: CMat = { rows: N, cols: N, re: Float64Array.from(h.A, (x, k) => x + P.re[Math.floor(k / N)] * P.re[k % N]), im: new Float64Array(N * N) };
    const residual = eigResidual(M, d.V, d.lambda.re, d.lambda.im);
    let jacobiMs: number | undefined;
    if (N === 64) {
      const H: CMat = { rows: N, cols: N, re: new Float64Array(N * N), im: new Float64Array(N * N) };
      for (let k = 0; k < N * N; k++) H.im[k] = -(M.re[k] - (k % (N + 1) === 0 ? d.lambda.re[0] : 0)); // -i S
      s = performance.now();
      eighHermitian(H);
      jacobiMs = performance.now() - s;
    }
    rows.push({ N, eigMs, setupMs, residual, jacobiMs, numpyMs: py[N]?.numpy, scipyMs: py[N]?.scipy });
  }
  return rows;
}

function printSetup(rows: SetupRow[]): void {
  console.log("\nDPLR set-up of hippo_A(legs, N): eigendecomposition of A + PPᵀ (once per HiPPO matrix) and the whole set-up at L = 16384 (ms)");
  console.log("    N      eig ms   set-up ms   residual ||MV-VΛ||/||M||   Jacobi ms (old)   numpy eig ms   scipy eig ms   eig/numpy");
  const o = (x?: number) => (x === undefined ? "-" : f(x));
  for (const r of rows)
    console.log(`${String(r.N).padStart(5)} ${f(r.eigMs).padStart(11)} ${f(r.setupMs).padStart(11)} ${r.residual.toExponential(1).padStart(26)} ${o(r.jacobiMs).padStart(17)} ${o(r.numpyMs).padStart(14)} ${o(r.scipyMs).padStart(14)} ${(r.numpyMs ? f(r.eigMs / r.numpyMs) : "-").padStart(11)}`);
}

const f = (x: number, d = 3) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(d));

export async function runSphereSsmBench(): Promise<{ gaunt: GauntRow[]; exponents: Record<string, number>; crossover: Record<string, string>; ssm: SsmRow[]; setup: SetupRow[] }> {
  const Ls = [2, 4, 8, 16, 32];
  const gaunt = gauntRows(Ls);
  console.log("gaunt(a, b, lmax=L), l1 = l2 = L, one product (ms); table = one-time coefficient table build");
  console.log("   L        nnz   table ms   ref direct  ref fourier   cpu direct    cpu grid   model picks (ref / cpu)");
  for (const r of gaunt)
    console.log(`${String(r.L).padStart(4)} ${String(r.nnz).padStart(10)} ${f(r.tableMs).padStart(10)} ${f(r.refDirect).padStart(12)} ${f(r.refFourier).padStart(12)} ${f(r.cpuDirect).padStart(12)} ${f(r.cpuGrid).padStart(11)}   ${r.model}`);
  const col = (k: keyof GauntRow) => gaunt.map((r) => r[k] as number);
  const big = gaunt.filter((r) => r.L >= 8);
  const bcol = (k: keyof GauntRow) => big.map((r) => r[k] as number);
  const exponents = {
    "ref direct": fitExponent(Ls, col("refDirect")), "ref fourier": fitExponent(Ls, col("refFourier")),
    "cpu direct": fitExponent(Ls, col("cpuDirect")), "cpu grid": fitExponent(Ls, col("cpuGrid")),
    "ref direct (L>=8)": fitExponent(bcol("L"), bcol("refDirect")), "ref fourier (L>=8)": fitExponent(bcol("L"), bcol("refFourier")),
    "cpu direct (L>=8)": fitExponent(bcol("L"), bcol("cpuDirect")), "cpu grid (L>=8)": fitExponent(bcol("L"), bcol("cpuGrid")),
    nnz: fitExponent(Ls, col("nnz")),
  };
  console.log("fitted growth exponents (time ~ L^k, least squares on log-log over L = 2..32, and over L >= 8):");
  for (const [k, v] of Object.entries(exponents)) console.log(`  ${k.padEnd(20)} ${v.toFixed(2)}`);
  const cross = { reference: crossover(Ls, col("refDirect"), col("refFourier")), cpu: crossover(Ls, col("cpuDirect"), col("cpuGrid")) };
  console.log(`crossover L (Fourier route faster from): reference ${cross.reference}, cpu kernels ${cross.cpu}`);

  const ssm = ssmRows();
  console.log("\nssm_kernel(hippo_A(legs, N), hippo_B(legs, N), C, 1/L, L, bilinear): one kernel (ms)");
  console.log("dplr = one kernel given the eigendecomposition of A + PPᵀ; set-up = that decomposition (once per HiPPO matrix)");
  console.log("naive/(dplr+set-up) compares one kernel from scratch");
  console.log("    N       L    naive ms     dplr ms   set-up ms   naive/(dplr+set-up)   max rel diff   model picks");
  for (const r of ssm)
    console.log(`${String(r.N).padStart(5)} ${String(r.L).padStart(7)} ${f(r.naiveMs).padStart(11)} ${f(r.dplrMs).padStart(11)} ${f(r.setupMs).padStart(11)} ${f(r.ratio).padStart(21)} ${r.relDiff.toExponential(1).padStart(14)}   ${r.model}`);
  const setup = setupRows();
  printSetup(setup);
  return { gaunt, exponents, crossover: cross, ssm, setup };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes("setup")) printSetup(setupRows());
  else await runSphereSsmBench();
}
