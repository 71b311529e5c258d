// Cayley transforms lowered by structure. A circulant is diagonal in the Fourier basis, so
// cayley(circulant(c)) = idft . diag(μ) . dft with μ = (1 - λ)/(1 + λ), λ = dft(c); a block
// circulant is block-diagonal per frequency, so cayley(block_circulant(h)) = (I ⊗ idft) .
// diagblocks(G) . (I ⊗ dft) with G_k = (I + Ĥ_k)^-1 (I - Ĥ_k), one c x c solve per frequency
// (the mcayley tensor op: it folds when h is bound at compile time). Anything else falls back
// to (I - A) . inv(I + A), which the inverse rules lower (dense only under the dense limits).
import {
  type Node, apply, binary, callConstructor, compose, dftNode, diagblocksNode, eyeNode, mcayleyNode, mk, opsum, scale,
} from "../../ir/index.js";
import type { Rule } from "../rewrite.js";
import { diag, kron, op, tt } from "./util.js";

/** (I_c ⊗ F) for the forward or inverse DFT of size n (I_1 ⊗ F = F). */
const perChannel = (c: number, n: number, inverse: boolean): Node =>
  c === 1 ? dftNode(n, "backward", inverse) : kron([eyeNode(c), dftNode(n, "backward", inverse)]);

/** (I ⊗ idft) . diagblocks(D) . (I ⊗ dft) for D [c_out, c_in, n]. */
const spectralBlocks = (D: Node): Node => {
  const [co, ci, n] = tt(D).shape as number[];
  return compose(perChannel(co, n, true), compose(diagblocksNode(D), perChannel(ci, n, false)));
};

const call = (name: string, ...values: Node[]): Node => callConstructor(name, values.map((value) => ({ value }))) as Node;
const bc = (h: Node): Node => call("block_circulant", h);
const sameShape = (a: Node, b: Node) => tt(a).shape.every((d, i) => d === tt(b).shape[i]);

export const cayleyRules: Rule[] = [
  {
    name: "block-circulant-linear",
    doc: "block_circulant(h) + block_circulant(g) -> block_circulant(h + g); s block_circulant(h) -> block_circulant(s h)",
    match: ["opsum", "scale"],
    rewrite: (n) => {
      if (n.op === "scale") {
        const A = n.src[0];
        return A.op === "block_circulant" && n.arg.im === 0 ? bc(binary("*", n.arg.re, A.src[0]) as Node) : undefined;
      }
      const [A, B] = n.src;
      if (A.op !== "block_circulant" || B.op !== "block_circulant" || !sameShape(A.src[0], B.src[0])) return undefined;
      return bc(binary("+", A.src[0], B.src[0]) as Node);
    },
  },
  {
    name: "cayley-spectral",
    doc: "cayley(circulant(c)) -> idft . diag(mcayley(dft c)) . dft; cayley(block_circulant(h)) -> (I ⊗ idft) . diagblocks(mcayley(dft h)) . (I ⊗ dft)",
    match: "cayley",
    rewrite: (n) => {
      const A = n.src[0];
      if (A.op === "circulant") {
        const N = op(A).rows;
        return compose(dftNode(N, "backward", true), compose(diag(mcayleyNode(apply(dftNode(N, "backward", false), A.src[0]))), dftNode(N, "backward", false)));
      }
      if (A.op === "block_circulant") {
        const h = A.src[0], N = tt(h).shape[2] as number;
        return spectralBlocks(mcayleyNode(apply(dftNode(N, "backward", false), h)));
      }
      // the generic form: (I - A) . inv(I + A), built without inv()'s cheap-inverse check so the
      // inverse rules may fall back to a dense inverse at small sizes
      const I = eyeNode(op(A).rows), B = opsum(I, A);
      return compose(opsum(I, scale(-1, A)), mk("inv", B.type, [B], {}));
    },
  },
];

/** The structure-lowering step: block circulants left outside a Cayley transform go spectral too. */
export const blockCirculantRules: Rule[] = [
  {
    name: "block-circulant-spectral",
    doc: "block_circulant(h) -> (I ⊗ idft) . diagblocks(dft h) . (I ⊗ dft)",
    match: "block_circulant",
    rewrite: (n) => {
      const h = n.src[0], N = tt(h).shape[2] as number;
      return spectralBlocks(apply(dftNode(N, "backward", false), h));
    },
  },
];
