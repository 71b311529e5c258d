// The names of every IR op, in one place. Tensor ops produce tensors; operator ops produce
// linear operators (matrices that are never materialised unless a backend chooses to).
export const TENSOR_OPS = [
  "input", // arg {name}: a run-time input
  "param", // arg {name}: a weight bound from a .npy file
  "const", // arg {data, shape? } literal tensor; data interleaved (re, im) when complex
  "fill", // arg {value}: tensor of the node's shape filled with one value (zeros, ones)
  "apply", // src [A, x]: A applied along the last axis of x
  "add", "sub", "mul", "div", // src [a, b]: elementwise with broadcasting
  "neg", "conj", "real", "imag", "abs", "relu", "tanh", "sin", "exp",
  "softshrink", // arg {lambda}
  "slice", // arg {start, stop}: last axis
  "pad", // arg {n}: zero-pad the last axis to length n
  "cast", // arg {dtype}: dtype conversion (promotion of real to complex, precision)
  "circ_embed", // src [c, r], arg {N, kind: "toeplitz"|"hankel"}: first column of the N-circulant embedding
  "mtranspose", // src [W], arg {conj}: transpose of a 2-D tensor
  "materialize", // src [A]: the dense [rows, cols] matrix of operator A, as a tensor
  "minverse", // src [W]: inverse of a square 2-D tensor (small fallback lowering of inv)
  "invperm", // src [p: i64 vector]: the inverse permutation q (same length), q[p[i]] = i
  // sphere and state-space families
  "gaunt", "sh_eval", "cg_path", "hippo_A", "hippo_B", "ssm_kernel", "s4d_kernel",
  // their kernel-level lowerings (src/passes/rules/sphere.ts, ssm.ts pick one by cost)
  "gaunt_direct", // src [a, b], arg {lmax}: sparse sum over the Gaunt coefficient table
  "gaunt_fourier", // src [a, b], arg {lmax}: SH -> 2-D Fourier, FFT convolution, projection back
  "sh_matrix", // src [theta, phi], arg {lmax}: Y[k, i] = Y_i(theta[k], phi[k]) (sh_eval as a matmul)
  "ssm_powers", // src [A, B, C], arg {dt, L, method}: K[k] = C Ā^k B̄ by the recurrence (naive powers)
  "ssm_dplr", // src [A, B, C], arg {dt, L, kind}: bilinear kernel by S4's Cauchy + Woodbury + inverse FFT
  "ssm_basis", // src [A, B], arg {dt, L, method}: W[k, i] = (Ā^k B̄)_i, so ssm_kernel = W C
] as const;

export const OPERATOR_OPS = [
  "dft", // arg {n, norm, inverse}
  "rdft", // arg {n, norm}
  "irdft", // arg {n, norm}
  "dct", // arg {n, type, norm, inverse}
  "wht", // arg {n, norm}
  "eye", // arg {n}
  "diag", // src [v]
  "perm", // src [p: i64]  y[i] = x[p[i]]
  "bitrev", // arg {n}
  "stride", // arg {m, n}
  "window", // arg {rows, cols, offset}: y[i] = x[i + offset] where in range, else 0
  "reverse", // arg {n}: y[i] = x[n - 1 - i]
  "dense", // src [W]
  "lowrank", // src [U, V]  U V^T
  "kron", // src [A, B, ...]
  "blockdiag", // src [A, B, ...]
  "toeplitz", // src [c, r]
  "circulant", // src [c]
  "hankel", // src [c, r]
  "conv", // src [h], arg {n, mode}
  "butterfly", // src [w], arg {increasing}
  "butterfly_dft", // arg {n}
  "monarch", // src [w1, w2]
  "compose", // src [A, B]: A after B
  "opsum", // src [A, B]
  "scale", // src [A], arg {re, im}
  "transpose", // src [A]
  "adjoint", // src [A]
  "inv", // src [A]
] as const;

export type TensorOp = (typeof TENSOR_OPS)[number];
export type OperatorOp = (typeof OPERATOR_OPS)[number];
export type OpName = TensorOp | OperatorOp;
export const ALL_OPS: readonly OpName[] = [...TENSOR_OPS, ...OPERATOR_OPS];
