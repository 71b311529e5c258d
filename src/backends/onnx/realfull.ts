// rdft and irdft through the full-size staged MatMul FFT (a "full" RealFftPlan with a direct or
// mixed plan: its radices are the stages), exploiting real data:
//   rdft   a real first stage (half the work), the zero tail of a padded input skipped (the first
//          stage reads only the input digits that can be non-zero), and only the digits of the
//          last stage that hold one of the n/2+1 bins computed;
//   irdft  the Hermitian spectrum built with one Gather straight into digit-reversed order, the
//          transposed stages run with a real last stage.
import type { GraphBuilder } from "./graph.js";
import { type Val, promote } from "./complex.js";
import { type Plan, leadK } from "./stages.js";
import { enter, forwardStages, leaveNatural, leaveReversed, transposedStages } from "./staged.js";
import { staged } from "./plans.js";

const bins = (n: number) => Math.floor(n / 2) + 1;

/** rdft of real x [.., len] (len <= n, zero-extended) staged with these radices: the n/2+1 bins, scaled. */
export function rdftStaged(g: GraphBuilder, x: Val, dims: readonly number[], scale: number): Val {
  const p = staged(dims.reduce((a, b) => a * b, 1), dims, false), n = p.n;
  const m = bins(n), len = x.shape[x.shape.length - 1] as number;
  const s1 = n / p.dims[0], pIn = Math.min(p.dims[0], Math.ceil(len / s1));
  const nL = p.dims[p.dims.length - 1], tL = n / nL, keep = Math.min(nL, Math.ceil(m / tL));
  const y = forwardStages(g, enter(g, x, p, pIn, "real"), p, { realIn: true, pIn, keep, scale });
  return leaveReversed(g, y, p, keep, true, m);
}

/** Digit-reversed position -> source bin of a Hermitian half spectrum of length m, and its conjugation sign. */
export function hermitianGather(p: Plan, m: number): { idx: number[]; sign: number[] } {
  const idx: number[] = [], sign: number[] = [];
  for (let pos = 0; pos < p.n; pos++) {
    const k = leadK(p, p.dims.length, pos);
    const mirrored = k >= m;
    idx.push(mirrored ? p.n - k : k);
    sign.push(mirrored ? -1 : 1);
  }
  return { idx, sign };
}

/**
 * irdft(n) of the m = n/2+1 bins X [.., m] staged with these radices: n real samples, scaled
 * (numpy.fft.irfft: the real last stage drops the imaginary parts of DC and Nyquist).
 */
export function irdftStaged(g: GraphBuilder, X: Val, dims: readonly number[], scale: number): Val {
  const p = staged(dims.reduce((a, b) => a * b, 1), dims, true), n = p.n;
  const m = X.shape[X.shape.length - 1] as number, Xc = promote(g, X);
  // [.., m, 2] -> [m, 2, B] -> Hermitian gather into digit-reversed order [n, 2, B]
  const flat = g.op1("Reshape", [Xc.name, g.i64([-1, 2 * m])]);
  const t = g.op1("Reshape", [g.op1("Transpose", [flat], { perm: [1, 0] }), g.i64([m, 2, -1])]);
  const { idx, sign } = hermitianGather(p, m);
  const mask = new Float64Array(2 * n);
  sign.forEach((s, i) => ((mask[2 * i] = 1), (mask[2 * i + 1] = s)));
  const full = g.op1("Mul", [g.op1("Gather", [t, g.i64(idx, "herm")], { axis: 0 }), g.constant(X.prec, [n, 2, 1], mask, "conjmask")]);
  const y = transposedStages(g, { name: full, prec: X.prec, lead: Xc }, p, { realOut: true, keep: p.dims[0], scale });
  return leaveNatural(g, y, n, false, 0, n);
}
