// DCT types 1-4 (scipy.fft conventions) and their inverses through the staged FFT. Every type is
//   y_k = b_k · Re( e^{i(φ k + ρ)} · Σ_j a_j x_j e^{iθ j} ω_M^{jk} ),   k < n,
// a DFT of size M = 2n (2(n-1) for type 1) whose input is real and zero past n and whose output
// is wanted real and only below n: a real first stage reading n of M inputs, the phases folded
// into the stage weights, a real last stage keeping n outputs. a and b are real per-index scales
// (one Mul each, only when they are not constant).
//   I   M = 2(n-1), a = (1, 2, …, 2, 1)             cos(π jk/(n-1))
//   II  M = 2n,     a = 2,  φ = -π/2n               cos(π k(2j+1)/2n)
//   III M = 2n,     a = (1, 2, …), θ = -π/2n        cos(π j(2k+1)/2n)
//   IV  M = 2n,     a = 2,  θ = φ = -π/2n, ρ = -π/4n  cos(π (2j+1)(2k+1)/4n)
// idct(type t) is the dct of type 1, 3, 2, 4 (for t = 1..4) scaled by 1/M ("backward"), by 1
// ("forward"); with "ortho" the matrices are orthogonal and the inverse is the transposed type.
// The phases are integers in units of π/4n, so every phase factor is one exactly reduced
// `halfTurn` (src/ir/math/trig.ts).
// The FFT of size M is the recorded plan's (`dct.arg.plan.fft`; the onnx schedule's dctFftSize is
// this M): its stages carry the phases; a Bluestein plan takes the generic route below.
import { type RealFftPlan, LincError, halfTurn } from "../../ir/index.js";
import type { GraphBuilder } from "./graph.js";
import { type Val, merge, mulConst, part, promote } from "./complex.js";
import { fft } from "./fft.js";
import { staged, stagesOf } from "./plans.js";
import { enter, forwardStages, leaveReversed } from "./staged.js";

export interface DctForm {
  M: number;
  a: Float64Array;
  b: Float64Array;
  /** θ, φ, ρ as integers in units of π/den (den = 4n). */
  theta: number;
  phi: number;
  rho: number;
  den: number;
}

/** The DFT form of dct(n, type, norm) or its inverse. */
export function dctForm(n: number, type: number, norm: string, inverse: boolean): DctForm {
  const Mof = (t: number) => (t === 1 ? 2 * (n - 1) : 2 * n);
  let t = type, nm = norm, extra = 1;
  if (inverse) {
    t = [0, 1, 3, 2, 4][type];
    if (norm === "backward") extra = 1 / Mof(type);
    nm = norm === "ortho" ? "ortho" : "backward";
  }
  const M = Mof(t), q = -2; // -π/2n in units of π/4n
  const a = new Float64Array(n).fill(2), b = new Float64Array(n).fill(1);
  let theta = 0, phi = 0, rho = 0;
  if (t === 1) (a[0] = 1), (a[n - 1] = 1);
  if (t === 2) phi = q;
  if (t === 3) (a[0] = 1), (theta = q);
  if (t === 4) (theta = q), (phi = q), (rho = q / 2);
  if (nm === "forward") b.fill(1 / M);
  if (nm === "ortho") {
    if (t === 1) {
      a[0] = a[n - 1] = Math.SQRT2;
      b.fill(1 / Math.sqrt(M));
      b[0] /= Math.SQRT2;
      b[n - 1] /= Math.SQRT2;
    }
    if (t === 2) (b.fill(Math.sqrt(1 / (2 * n)))), (b[0] = Math.sqrt(1 / (4 * n)));
    if (t === 3) (a.fill(Math.sqrt(2 / n))), (a[0] = 1 / Math.sqrt(n));
    if (t === 4) b.fill(1 / Math.sqrt(2 * n));
  }
  for (let k = 0; k < n; k++) b[k] *= extra;
  return { M, a, b, theta, phi, rho, den: 4 * n };
}

const constant = (v: Float64Array) => v.every((x) => x === v[0]);

export interface DctSpec {
  n: number;
  type: number;
  norm: string;
  inverse: boolean;
  /** The recorded plan: the complex FFT of size M the DCT runs. */
  plan: RealFftPlan;
}

/** y = DCT x along the last axis (a complex x is transformed part by part). */
export function dctApply(g: GraphBuilder, x: Val, d: DctSpec): Val {
  if (x.complex) return merge(g, dctApply(g, part(g, x, 0), d), dctApply(g, part(g, x, 1), d));
  const { n } = d, f = dctForm(n, d.type, d.norm, d.inverse);
  if (d.plan.fft.n !== f.M) throw new LincError("E0801", `dct(${n}, type ${d.type}) carries an FFT plan of size ${d.plan.fft.n}; the onnx backend runs one of size ${f.M} (the onnx schedule's dctFftSize)`);
  const ax = x.shape.length - 1;
  const vecMul = (v: Val, s: Float64Array, hint: string): Val =>
    constant(s) ? v : { ...v, name: g.op1("Mul", [v.name, g.constant(v.prec, [n], s, hint)]) };
  const ca = constant(f.a) ? f.a[0] : 1, cb = constant(f.b) ? f.b[0] : 1;
  const xin = vecMul(x, f.a, "dct_a");
  const dims = stagesOf(d.plan.fft), p = dims && staged(f.M, dims, false);
  let y: Val;
  if (p) {
    const s1 = f.M / p.dims[0], pIn = Math.min(p.dims[0], Math.ceil(n / s1));
    const nL = p.dims[p.dims.length - 1], keep = Math.min(nL, Math.ceil(n / (f.M / nL)));
    const s = forwardStages(g, enter(g, xin, p, pIn, "real"), p, {
      realIn: true, realOut: true, pIn, keep, scale: ca * cb, inPhase: f.theta, outPhase: f.phi, rot0: f.rho, phaseDen: f.den,
    });
    y = leaveReversed(g, s, p, keep, false, n);
  } else {
    // generic route: phases as complex Muls around a zero-padded complex DFT of size M
    const M = f.M, th = new Float64Array(n), ti = new Float64Array(n), pr = new Float64Array(n), pi = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const [c, s] = halfTurn(f.theta * j, f.den, 1);
      (th[j] = c * ca * cb), (ti[j] = s * ca * cb);
    }
    for (let k = 0; k < n; k++) [pr[k], pi[k]] = halfTurn(f.phi * k + f.rho, f.den, 1);
    const u = mulConst(g, promote(g, xin), [n], th, ti, "dct_in");
    const r = 2 * (x.shape.length + 1), pads = new Array(r).fill(0);
    pads[r / 2 + ax] = M - n;
    const padded: Val = { ...u, name: g.op1("Pad", [u.name, g.i64(pads)]), shape: [...u.shape.slice(0, -1), M] };
    const Y = fft(g, padded, d.plan.fft, { inverse: false, scale: 1 });
    const cut: Val = { ...Y, name: g.op1("Slice", [Y.name, g.i64([0]), g.i64([n]), g.i64([ax])]), shape: [...Y.shape.slice(0, -1), n] };
    y = part(g, mulConst(g, cut, [n], pr, pi, "dct_out"), 0);
  }
  return vecMul(y, f.b, "dct_b");
}
