// The kernel op set the cpu backend runs: what the lowering passes leave in a graph. Anything
// else is refused up front with a diagnostic naming the op, before any code is generated.
import { type Node, fail } from "../../ir/index.js";

export const KERNEL_OPERATORS = new Set([
  "dft", "rdft", "irdft", "dct", "wht", "eye", "diag", "perm", "bitrev", "stride", "window",
  "dense", "lowrank", "kron", "blockdiag", "butterfly", "monarch", "compose", "opsum", "scale",
  "reverse", "toeplitz", "circulant", "hankel", "conv", // the last four direct, when kept small
]);
export const KERNEL_TENSOR_OPS = new Set([
  "input", "param", "const", "fill", "apply", "add", "sub", "mul", "div", "neg", "conj", "real",
  "imag", "abs", "relu", "tanh", "sin", "exp", "softshrink", "slice", "pad", "cast",
  "circ_embed", "mtranspose", "materialize", "minverse", "invperm",
  "gaunt_direct", "gaunt_fourier", "sh_matrix", // spherical kernels (sphere.ts)
]);
/** Ops the lowering passes remove (structured operators with a fast rewrite). */
const LOWERED_AWAY = new Set(["transpose", "adjoint", "inv", "butterfly_dft"]);

/** Whether every op reachable in `nodes` is in the kernel op set. */
export const inKernelSet = (nodes: readonly Node[]): boolean =>
  nodes.every((n) => KERNEL_OPERATORS.has(n.op) || KERNEL_TENSOR_OPS.has(n.op));

export function checkKernelOps(nodes: readonly Node[]): void {
  for (const n of nodes) {
    if (KERNEL_OPERATORS.has(n.op) || KERNEL_TENSOR_OPS.has(n.op)) continue;
    if (LOWERED_AWAY.has(n.op))
      fail("E0801", `op '${n.op}' must be lowered first: the cpu backend runs lowered graphs (lowerForBackend(program, { target: "cpu" }))`);
    fail("E0801", `op '${n.op}' is not supported by the cpu backend (its inputs must be params, so that it folds to a constant)`);
  }
}
