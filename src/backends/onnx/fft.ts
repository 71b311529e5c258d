// The complex DFT along the last axis as ONNX ops for the DCT's generic route (dct.ts: a
// Bluestein plan of its FFT), rendering the plan recorded on the graph:
//   direct     one realified dense MatMul;
//   mixed      the staged MatMul FFT of stages.ts with the plan's radices;
//   bluestein  a chirp, a staged circular convolution of the plan's size m (its inner plan), a chirp.
// The dft, rdft and irdft ops render their stage programs instead (stagerender.ts); this path
// goes when the DCT is lowered to stages too.
import { LincError, type FftPlan, twiddle } from "../../ir/index.js";
import type { GraphBuilder } from "./graph.js";
import type { Val } from "./complex.js";
import { applyMat, checkDenseSize, type Mat } from "./matmul.js";
import { enter, forwardStages, leaveReversed } from "./staged.js";
import { bluestein } from "./spectral.js";
import { staged, stagesOf } from "./plans.js";

export interface FftOptions {
  inverse: boolean;
  /** Overall scale (norm): 1, 1/n or 1/sqrt(n). */
  scale: number;
}

/**
 * The dense DFT matrix F[k, j] = s·ω^(jk). Refused (E0801) before anything is allocated when its
 * smallest initializer (a real input: [n, 2n] in f32, 8·n² bytes) passes MAX_DENSE_BYTES.
 */
export function dftMatrix(n: number, inverse: boolean, scale = 1): Mat {
  checkDenseSize(inverse ? "idft" : "dft", n, n, 8);
  const re = new Float64Array(n * n), im = new Float64Array(n * n);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++) {
      const [c, s] = twiddle(j * k, n, inverse ? 1 : -1);
      re[k * n + j] = scale * c;
      im[k * n + j] = scale * s;
    }
  return { rows: n, cols: n, re, im };
}

/** y = s·DFT(n) x (or the inverse) along the last axis by the plan; a real x is promoted. */
export function fft(g: GraphBuilder, x: Val, plan: FftPlan, o: FftOptions): Val {
  const n = plan.n;
  if (plan.algo === "direct") return applyMat(g, x, dftMatrix(n, o.inverse, o.scale), o.inverse ? "idft" : "dft");
  const dims = stagesOf(plan);
  if (dims) {
    const p = staged(n, dims, o.inverse);
    const s = enter(g, x, p, p.dims[0], x.complex ? "complex" : "real");
    const y = forwardStages(g, s, p, { realIn: !x.complex, scale: o.scale });
    return leaveReversed(g, y, p, p.dims[p.dims.length - 1], true, n);
  }
  if (plan.algo === "bluestein") return bluestein(g, x, plan, o);
  throw new LincError("E0801", `a ${plan.algo} FFT plan of size ${n} is not rendered by the onnx backend (its schedule plans Bluestein for large primes)`);
}
