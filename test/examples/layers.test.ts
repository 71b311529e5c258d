// The layer examples (examples/s4_layer, afno_mixer, transform_once) parse, run on the reference
// interpreter with random bindings, meet their claims numerically, and compile and run on the cpu
// and onnx backends (params bound):
//   s4_layer        y = causal conv(K, u) + D u equals the state recurrence x_k = Ā x_{k-1} + B̄ u_k, y_k = C x_k + D u_k;
//   afno_mixer      zero weights give the residual exactly; random weights match a loop-by-loop AFNO (rfft/irfft);
//   transform_once  the transform-once form equals two separate 2-D DCT layers, and lowers to as many DCTs.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getBackend } from "../../src/backends/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, math, toposort } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { relErr } from "../support/golden.js";
import { randomBindings } from "../support/random.js";
import { type Compiled, compiledBackends } from "../support/backends.js";

/** The layers' bound per backend (gpujs computes in float32 whatever the dtype). */
const LAYER_TOL: Record<Compiled, number> = { cpu: 1e-12, wasm: 1e-12, onnx: 1e-9, gpujs: 2e-4 };

const load = (name: string) => parseProgram(readFileSync(new URL(`../../examples/${name}.linc`, import.meta.url), "utf8"), `${name}.linc`);
const data = (h: HostArray) => h.data as Float64Array;

describe("layer examples", () => {
  it("s4_layer equals the discretised state recurrence", () => {
    const p = load("s4_layer"), b = randomBindings(p, 1);
    const y = data(evaluate(p, b).y);
    const N = 16, L = 512, { A, B } = math.hippo("legs", N);
    const { Ab, Bb } = math.discretise({ rows: N, cols: N, re: A, im: new Float64Array(N * N) }, { re: B, im: new Float64Array(N) }, 0.01, "bilinear");
    const C = data(b.C), D = data(b.D)[0], u = data(b.u), want = new Float64Array(u.length);
    for (let r = 0; r < 3; r++) {
      let x = new Float64Array(N);
      for (let k = 0; k < L; k++) {
        const [xr] = math.matVec(Ab, x, new Float64Array(N));
        x = xr.map((v, i) => v + Bb.re[i] * u[r * L + k]);
        want[r * L + k] = x.reduce((s, v, i) => s + C[i] * v, 0) + D * u[r * L + k];
      }
    }
    expect(relErr(y, want)).toBeLessThan(1e-10);
  });

  it("afno_mixer: zero weights leave the residual", () => {
    const p = load("afno_mixer"), z = { dtype: "c128" as const, shape: [4, 4], data: new Float64Array(32) };
    const b = randomBindings(p, 2, { w1: z, w2: z });
    expect(relErr(data(evaluate(p, b).y), data(b.x))).toBeLessThan(1e-14);
  });

  it("afno_mixer equals a loop-by-loop AFNO block (rfft, block mixing, softshrink, irfft, residual)", () => {
    const p = load("afno_mixer"), b = randomBindings(p, 3);
    const T = 64, C = 8, F = 33, lam = 0.01, x = data(b.x), W = [data(b.w1), data(b.w2)];
    const shrink = (v: number) => (v > lam ? v - lam : v < -lam ? v + lam : 0);
    const want = new Float64Array(x.length);
    for (let r = 0; r < 3; r++) {
      const o = r * T * C;
      for (let c = 0; c < C; c++) {
        const blk = c >> 2, ci = c & 3;
        // S[f] for this channel: shrink(Σ_c' W[ci, c'] X[f, c'])
        const S = Array.from({ length: F }, (_, f) => {
          let zr = 0, zi = 0;
          for (let cj = 0; cj < 4; cj++) {
            let xr = 0, xi = 0;
            for (let t = 0; t < T; t++) {
              const a = (-2 * Math.PI * f * t) / T, v = x[o + t * C + blk * 4 + cj];
              (xr += v * Math.cos(a)), (xi += v * Math.sin(a));
            }
            const wr = W[blk][2 * (ci * 4 + cj)], wi = W[blk][2 * (ci * 4 + cj) + 1];
            (zr += wr * xr - wi * xi), (zi += wr * xi + wi * xr);
          }
          return [shrink(zr), shrink(zi)];
        });
        for (let t = 0; t < T; t++) {
          let s = S[0][0] + S[T / 2][0] * (t % 2 ? -1 : 1);
          for (let f = 1; f < T / 2; f++) s += 2 * (S[f][0] * Math.cos((2 * Math.PI * f * t) / T) - S[f][1] * Math.sin((2 * Math.PI * f * t) / T));
          want[o + t * C + c] = s / T + x[o + t * C + c];
        }
      }
    }
    expect(relErr(data(evaluate(p, b).y), want)).toBeLessThan(1e-12);
  });

  it("transform_once equals separate 2-D DCT layers and lowers to the same number of DCTs (one pair per axis)", () => {
    const p = load("transform_once"), b = randomBindings(p, 4);
    const out = evaluate(p, b);
    expect(relErr(data(out.y), data(out.y_layers))).toBeLessThan(1e-12);
    const low = lowerForBackend(p, { target: "cpu" });
    const dcts = (k: number) => toposort([low.outputs[k].node]).filter((n) => n.op === "dct").length;
    expect(dcts(1)).toBe(dcts(0));
    expect(dcts(0)).toBeLessThanOrEqual(4);
  });

  for (const name of ["s4_layer", "afno_mixer", "transform_once"])
    it.each(compiledBackends())(`${name} compiles to the %s backend (params bound) and agrees with the reference`, async (target) => {
      const p = load(name), b = randomBindings(p, 5);
      const want = evaluate(p, b);
      const params = Object.fromEntries(p.params.map((d) => [d.name, b[d.name]]));
      const got = await (await getBackend(target)).run(lowerForBackend(p, { target, params }), b);
      for (const o of p.outputs) expect(relErr(data(got[o.name]), data(want[o.name])), o.name).toBeLessThan(LAYER_TOL[target]);
    });
});
