// Graph patterns of the optimiser's kernel graph that the ONNX backend renders as one unit:
//   irdft(N) @ (rdft(N) @ u ⊙ S)   and   idft(N) @ (dft(N) @ u ⊙ S),  S known at compile time,
// optionally under a slice: a convolution with a folded filter spectrum (spectral.ts: one staged
// pipeline, no spectrum pass, the zero tail of a padded u and the unused outputs pruned), staged
// with the radices of the fused transforms' recorded plan;
// and circ_embed (the first column of a Toeplitz/Hankel circulant embedding) on run-time data.
import { type Node, type NodeOf, type TensorType, fftScale, isComplex } from "../../ir/index.js";
import type { GraphBuilder, Prec } from "./graph.js";
import { type Val, promote, toPrec } from "./complex.js";
import type { Ctx } from "./ctx.js";
import { MAX_SPECTRAL_N, hermitianFull, spectralConv } from "./spectral.js";
import { fullSizeStages, stagesOf } from "./plans.js";

const tt = (n: Node) => n.type as TensorType;

/** The inverse transform of a spectral product and the forward transform it undoes, with the pipeline's radices. */
function pairOf(F: Node, G: Node): { N: number; dims: number[] | undefined; real: boolean; scale: number } | undefined {
  if (F.op === "irdft" && G.op === "rdft" && G.arg.n === F.arg.n && F.arg.plan)
    return { N: F.arg.n, dims: fullSizeStages(F.arg.plan), real: true, scale: fftScale(G.arg.norm, F.arg.n, false) * fftScale(F.arg.norm, F.arg.n, true) };
  if (F.op === "dft" && F.arg.inverse && G.op === "dft" && !G.arg.inverse && G.arg.n === F.arg.n && F.arg.plan)
    return { N: F.arg.n, dims: stagesOf(F.arg.plan), real: false, scale: fftScale(G.arg.norm, F.arg.n, false) * fftScale(F.arg.norm, F.arg.n, true) };
  return undefined;
}

/** The window [a, b) of an inverse transform of (forward transform ⊙ known spectrum), or undefined. */
export function spectralProduct(c: Ctx, n: Node, a: number, b: number, value: (n: Node) => Val): Val | undefined {
  if (n.op !== "apply" || n.src[1].op !== "mul" || c.fft === "dft") return undefined;
  const F = n.src[0], Z = n.src[1];
  for (const [U, S] of [[Z.src[0], Z.src[1]], [Z.src[1], Z.src[0]]]) {
    if (U.op !== "apply") continue;
    const pair = pairOf(F, U.src[0]);
    if (!pair) continue;
    const { N, dims, real, scale } = pair;
    if (!dims || N > MAX_SPECTRAL_N || N <= 16) return undefined;
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
    const spec = real ? hermitianFull({ re: sv.re, im: sv.im }, N) : { re: sv.re, im: sv.im };
    return spectralConv(c.g, u, dims, spec, scale, a, b);
  }
  return undefined;
}

/** circ_embed(c, r, N, kind) as one Gather over concat(c, r, 0). */
export function circEmbed(g: GraphBuilder, n: NodeOf<"circ_embed">, cv: Val, rv: Val, prec: Prec): Val {
  const { N, kind } = n.arg, m = cv.shape[0] as number, k = rv.shape[0] as number;
  const cplx = cv.complex || rv.complex;
  const lift = (v: Val) => toPrec(g, cplx ? promote(g, v) : v, prec);
  const zero = g.constant(prec, cplx ? [1, 2] : [1], cplx ? [0, 0] : [0], "zero");
  const cat = g.op1("Concat", [lift(cv).name, lift(rv).name, zero], { axis: 0 });
  // sources: c[i] at i, r[j] at m + j, zero at m + k
  const h = (q: number) => (q < m ? q : m + (q - m + 1)); // Hankel sequence c ++ r[1:]
  const idx = new Array<number>(N).fill(m + k);
  for (let i = 0; i < m; i++) idx[i] = kind === "hankel" ? h(i + k - 1) : i;
  for (let j = 1; j < k; j++) idx[N - j] = kind === "hankel" ? h(k - 1 - j) : m + j;
  return { name: g.op1("Gather", [cat, g.i64(idx, "embed")], { axis: 0 }), shape: [N], complex: cplx, prec };
}
