// FFT sizes beyond the golden files on the gpujs backend (GPU.js 'cpu' mode), against float64
// DFTs: the stage programs of the recorded plans (Stockham passes, codelets, Rader, Bluestein).
// The float32 error bound checked: max |y - Y| <= 4 u log2(n) max |Y| + 1e-6 with u = 2^-24,
// three times that for other n above 64 (Rader and Bluestein: three FFTs and table products).
import FFT from "fft.js";
import { describe, expect, it } from "vitest";
import { compileGpujs, runGpujs } from "../../src/backends/gpujs/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type FftPlan, type HostArray, type Program, mk, rebuild, toposort, withOutputs } from "../../src/ir/index.js";
import { lowerForBackend, lowerOp } from "../../src/passes/index.js";
import { relErr } from "../support/golden.js";
import { uniform } from "../support/random.js";

const U = 2 ** -24;
const bound = (n: number) => (4 * U * Math.max(1, Math.log2(n)) + 1e-6) * ((n & (n - 1)) === 0 || n <= 64 ? 1 : 3);

/** float64 DFT of each row (interleaved complex), numpy sign; fft.js for powers of two. */
function dft64(x: ArrayLike<number>, n: number, inverse: boolean): Float64Array {
  const rows = x.length / (2 * n), y = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: 2 * n }, (_, i) => x[2 * n * r + i]);
    if ((n & (n - 1)) === 0 && n >= 2) {
      const f = new FFT(n), out = f.createComplexArray();
      (inverse ? f.inverseTransform : f.transform).call(f, out, row);
      for (let i = 0; i < 2 * n; i++) y[2 * n * r + i] = inverse ? out[i] * n : out[i];
      continue;
    }
    for (let k = 0; k < n; k++) {
      let sr = 0, si = 0;
      for (let j = 0; j < n; j++) {
        const a = ((inverse ? 2 : -2) * Math.PI * ((j * k) % n)) / n;
        sr += row[2 * j] * Math.cos(a) - row[2 * j + 1] * Math.sin(a);
        si += row[2 * j] * Math.sin(a) + row[2 * j + 1] * Math.cos(a);
      }
      y[2 * n * r + 2 * k] = sr;
      y[2 * n * r + 2 * k + 1] = si;
    }
  }
  return y;
}

async function run(src: string, x: HostArray) {
  const p = lowerForBackend(parseProgram(src, "fft.linc"), { target: "gpujs" });
  return (await runGpujs(p, { x }, { mode: "cpu" })).y;
}

describe("gpujs FFT sizes", () => {
  const cases: [number, number][] = [[2, 3], [8, 2], [32, 4], [128, 2], [512, 2], [1024, 2], [4096, 2], [65536, 1], [12, 3], [97, 2], [100, 2], [1000, 1]];
  for (const [n, batch] of cases)
    for (const inverse of [false, true]) {
      if (inverse && n === 65536) continue;
      it(`${inverse ? "idft" : "dft"}(${n}) x ${batch} within ${bound(n).toExponential(1)}`, async () => {
        const r = uniform(n * 7 + (inverse ? 1 : 0));
        const data = Float32Array.from({ length: 2 * n * batch }, r);
        const y = await run(`input x: c64[batch, ${n}]\noutput y = ${inverse ? "idft" : "dft"}(${n}, norm="ortho") @ x\n`, { dtype: "c64", shape: [batch, n], data });
        const want = dft64(data, n, inverse).map((v) => v / Math.sqrt(n));
        const err = relErr(y.data as Float32Array, Array.from(want));
        expect(err).toBeLessThanOrEqual(bound(n));
      });
    }

  for (const n of [16, 15, 101, 256]) {
    it(`irdft(rdft(x)) = x for n = ${n}`, async () => {
      const r = uniform(n);
      const data = Float32Array.from({ length: 3 * n }, r);
      const y = await run(`input x: f32[batch, ${n}]\nX = rdft(${n}) @ x\noutput y = irdft(${n}) @ X\n`, { dtype: "f32", shape: [3, n], data });
      expect(relErr(y.data as Float32Array, Array.from(data))).toBeLessThanOrEqual(3 * bound(n));
    });
  }
});

/** The program with every dft's recorded plan replaced by `plan`, and its stage program lowered again from it. */
function withPlan(p: Program, plan: FftPlan): Program {
  const planner = { fft: () => plan, real: () => { throw new Error("no real plans here"); }, dct: () => { throw new Error("no DCT plans here"); } };
  return withOutputs(p, rebuild(p.outputs.map((o) => o.node), (n, src) => {
    if (n.op !== "dft") return src.every((x, i) => x === n.src[i]) ? n : mk(n.op, n.type, src, n.arg);
    const { stages: _old, ...arg } = n.arg;
    return mk("dft", n.type, src, { ...arg, plan, stages: lowerOp(mk("dft", n.type, src, { ...arg, plan }), planner)! });
  }));
}

describe("gpujs FFT renders the recorded plan's stages", () => {
  const src = (n: number) => `input x: c64[batch, ${n}]\noutput y = dft(${n}) @ x\n`;
  const lowered = (n: number) => lowerForBackend(parseProgram(src(n), "plan.linc"), { target: "gpujs" });
  const x = (n: number): HostArray => ({ dtype: "c64", shape: [2, n], data: Float32Array.from({ length: 4 * n }, uniform(n)) });

  // plans beyond the gpujs schedule's own too (radix 8 and 16 passes, Rader): every plan lowers to stages it renders
  for (const plan of [
    { algo: "mixed", n: 16, radices: [2, 2, 2, 2] },
    { algo: "mixed", n: 16, radices: [2, 4, 2] },
    { algo: "mixed", n: 16, radices: [8, 2] },
    { algo: "mixed", n: 48, radices: [16, 3] },
    { algo: "direct", n: 16 },
    { algo: "bluestein", n: 16, m: 64, inner: { algo: "mixed", n: 64, radices: [4, 4, 4] } },
    { algo: "bluestein", n: 12, m: 32, inner: { algo: "direct", n: 32 } },
    { algo: "rader", n: 13, inner: { algo: "direct", n: 12 } },
  ] as FftPlan[]) {
    it(`${JSON.stringify(plan)}`, async () => {
      const p = withPlan(lowered(plan.n), plan);
      const kernels = compileGpujs(p).plan.stages.length;
      if (plan.algo === "mixed") expect(kernels).toBe(plan.radices.length);
      if (plan.algo === "direct") expect(kernels).toBe(1);
      const y = (await runGpujs(p, { x: x(plan.n) }, { mode: "cpu" })).y;
      expect(relErr(y.data as Float32Array, Array.from(dft64(x(plan.n).data as Float32Array, plan.n, false)))).toBeLessThanOrEqual(3 * bound(plan.n));
    });
  }

  it("the gpujs schedule's plans: radix-4 passes (+ one 2), odd primes to 13 a pass each, codelets to 16, Rader or Bluestein above", () => {
    const planOf = (n: number) => {
      const dft = toposort(lowered(n).outputs.map((o) => o.node)).find((d) => d.op === "dft");
      return dft?.op === "dft" ? dft.arg.plan : undefined;
    };
    expect(planOf(8)).toEqual({ algo: "mixed", n: 8, radices: [4, 2] });
    expect(planOf(1024)).toEqual({ algo: "mixed", n: 1024, radices: [4, 4, 4, 4, 4] });
    expect(planOf(60)).toMatchObject({ algo: "mixed", radices: [4, 3, 5] });
    expect(planOf(12)).toEqual({ algo: "direct", n: 12 });
    expect(planOf(97)?.algo).toBe("rader");
    expect(planOf(34)?.algo).toBe("bluestein");
    expect(compileGpujs(lowered(1024)).plan.stages.length).toBe(5); // a kernel per pass
  });
});
