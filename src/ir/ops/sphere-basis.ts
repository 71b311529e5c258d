// The basis="e3nn" option of the sphere ops (gaunt, sh_eval, cg_path): a constant change of basis
// around the linc-basis op, built at construction, so every pass and backend sees only ops it
// already has (the constant blocks fold into neighbouring dense factors or into params).
// Per degree, linc coefficients = R_l · e3nn coefficients (src/ir/math/e3nn.ts).
import type { ParamSpec } from "../catalogue.js";
import { apply } from "../build.js";
import { mk, type Node } from "../node.js";
import { operatorType, tensorType } from "../types.js";
import { e3nnRotation } from "../math/e3nn.js";

export type Basis = "linc" | "e3nn";
export const BASIS_PARAM: ParamSpec = { name: "basis", kind: "string", default: "linc", oneOf: ["linc", "e3nn"] };

/** The (2l+1)-square dense operator R_l, or scale · R_lᵀ when `transposed`. */
export function e3nnBlock(l: number, transposed: boolean, scale = 1): Node {
  const n = 2 * l + 1, R = e3nnRotation(l), data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) data[i * n + j] = scale * (transposed ? R[j * n + i] : R[i * n + j]);
  const W = mk("const", tensorType("f64", [n, n]), [], { data });
  return mk("dense", operatorType(n, n, false), [W], {});
}

/** blockdiag(R_0, ..., R_L) (or its transpose) as an operator on (L+1)^2 coefficients. */
function changeOfBasis(L: number, transposed: boolean): Node {
  if (L === 0) return e3nnBlock(0, transposed);
  const blocks = Array.from({ length: L + 1 }, (_, l) => e3nnBlock(l, transposed));
  const n = (L + 1) * (L + 1);
  return mk("blockdiag", operatorType(n, n, false), blocks, {});
}

/** e3nn coefficients of degree <= L (last axis) to linc's. */
export const fromE3nn = (L: number, x: Node): Node => apply(changeOfBasis(L, false), x);
/** linc coefficients of degree <= L (last axis) to e3nn's. */
export const toE3nn = (L: number, x: Node): Node => apply(changeOfBasis(L, true), x);
