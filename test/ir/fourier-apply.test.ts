// The reference meanings of the Fourier family act through a float64 FFT (so large transforms
// never need an n x n matrix); that action must equal the defining dense matrix.
import { describe, expect, it } from "vitest";
import { callConstructor, ctensor, evalNodes, type LinOp, type Node } from "../../src/ir/index.js";
import { rng } from "../support/random.js";

const opOf = (name: string, n: number, norm: string) =>
  callConstructor(name, [{ value: n }, { name: "norm", value: norm }]) as Node;

describe("Fourier family: FFT action equals the dense matrix", () => {
  for (const name of ["dft", "idft", "rdft", "irdft"])
    for (const n of [1, 2, 7, 33, 64, 97, 100, 128, 255])
      it(`${name}(${n})`, () => {
        const A = opOf(name, n, n % 2 ? "ortho" : "backward");
        const L = evalNodes([A], { bindings: new Map() }).get(A) as LinOp;
        const r = rng(n);
        const x = ctensor([3, L.cols]);
        for (let i = 0; i < x.re.length; i++) (x.re[i] = r.normal()), (x.im[i] = name === "rdft" ? 0 : r.normal());
        const y = L.apply(x), M = L.dense();
        let err = 0;
        for (let b = 0; b < 3; b++)
          for (let i = 0; i < L.rows; i++) {
            let sr = 0, si = 0;
            for (let j = 0; j < L.cols; j++) {
              const mr = M.re[i * L.cols + j], mi = M.im[i * L.cols + j], xr = x.re[b * L.cols + j], xi = x.im[b * L.cols + j];
              sr += mr * xr - mi * xi;
              si += mr * xi + mi * xr;
            }
            // irdft is only R-linear: its dense matrix applies to real-part semantics
            if (name === "irdft") continue;
            err = Math.max(err, Math.abs(sr - y.re[b * L.rows + i]), Math.abs(si - y.im[b * L.rows + i]));
          }
        expect(err).toBeLessThan(1e-11 * Math.sqrt(n) * (name === "dft" || name === "rdft" ? Math.sqrt(n) : 1));
      });
});
