// Graph patterns of the optimiser's kernel graph that the ONNX backend renders as one unit:
//   irdft(N) @ (rdft(N) @ u ⊙ S)   and   idft(N) @ (dft(N) @ u ⊙ S),  S known at compile time,
// optionally under a slice: a convolution with a folded filter spectrum (spectral.ts: one staged
// pipeline, no spectrum pass, the zero tail of a padded u and the unused outputs pruned);
// and circ_embed (the first column of a Toeplitz/Hankel circulant embedding) on run-time data.
import { type Node, type TensorType, fftScale, isComplex } from "../../ir/index.js";
import type { GraphBuilder, Prec } from "./graph.js";
import { type Val, promote, toPrec } from "./complex.js";
import { chooseRadices } from "./stages.js";
import type { Ctx } from "./operators.js";
import { MAX_SPECTRAL_N, hermitianFull, spectralConv } from "./spectral.js";

const tt = (n: Node) => n.type as TensorType;
const isInverseDft = (F: Node) => F.op === "irdft" || (F.op === "dft" && !!F.arg.inverse);
const matchesForward = (F: Node, G: Node) => (F.op === "irdft" ? G.op === "rdft" : G.op === "dft" && !G.arg.inverse) && G.arg.n === F.arg.n;

/** The window [a, b) of an inverse transform of (forward transform ⊙ known spectrum), or undefined. */
export function spectralProduct(c: Ctx, n: Node, a: number, b: number, value: (n: Node) => Val): Val | undefined {
  if (n.op !== "apply" || !isInverseDft(n.src[0]) || n.src[1].op !== "mul" || c.fft === "dft") return undefined;
  const F = n.src[0], Z = n.src[1], N = F.arg.n as number;
  if (N > MAX_SPECTRAL_N || N <= 16 || !chooseRadices(N)) return undefined;
  const real = F.op === "irdft";
  for (const [U, S] of [[Z.src[0], Z.src[1]], [Z.src[1], Z.src[0]]]) {
    if (U.op !== "apply" || !matchesForward(F, U.src[0])) continue;
    const st = tt(S);
    if (st.shape.length !== 1 || st.shape[0] !== (real ? Math.floor(N / 2) + 1 : N)) continue;
    const sv = c.known(S);
    if (!sv) continue;
    // a padded input: its zero tail is skipped by the pipeline's first stage
    const src = U.src[1].op === "pad" ? U.src[1].src[0] : U.src[1];
    const prec: Prec = isComplex(tt(n).dtype) ? (tt(n).dtype === "c64" ? "f32" : "f64") : tt(n).dtype === "f32" ? "f32" : "f64";
    let u = toPrec(c.g, value(src), prec);
    if (real && u.complex) return undefined;
    if (!real && !u.complex) u = promote(c.g, u);
    const scale = fftScale(U.src[0].arg.norm as never, N, false) * fftScale(F.arg.norm as never, N, true);
    const spec = real ? hermitianFull({ re: sv.re, im: sv.im }, N) : { re: sv.re, im: sv.im };
    return spectralConv(c.g, u, N, spec, scale, a, b);
  }
  return undefined;
}

/** circ_embed(c, r, N, kind) as one Gather over concat(c, r, 0). */
export function circEmbed(g: GraphBuilder, n: Node, cv: Val, rv: Val, prec: Prec): Val {
  const N = n.arg.N as number, m = cv.shape[0] as number, k = rv.shape[0] as number;
  const cplx = cv.complex || rv.complex;
  const lift = (v: Val) => toPrec(g, cplx ? promote(g, v) : v, prec);
  const zero = g.constant(prec, cplx ? [1, 2] : [1], cplx ? [0, 0] : [0], "zero");
  const cat = g.op1("Concat", [lift(cv).name, lift(rv).name, zero], { axis: 0 });
  // sources: c[i] at i, r[j] at m + j, zero at m + k
  const h = (q: number) => (q < m ? q : m + (q - m + 1)); // Hankel sequence c ++ r[1:]
  const idx = new Array<number>(N).fill(m + k);
  for (let i = 0; i < m; i++) idx[i] = n.arg.kind === "hankel" ? h(i + k - 1) : i;
  for (let j = 1; j < k; j++) idx[N - j] = n.arg.kind === "hankel" ? h(k - 1 - j) : m + j;
  return { name: g.op1("Gather", [cat, g.i64(idx, "embed")], { axis: 0 }), shape: [N], complex: cplx, prec };
}
