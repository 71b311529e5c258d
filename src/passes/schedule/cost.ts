// The cost model: flop and byte estimates per node (one entry per operator op, checked for
// completeness by tsc), used by the schedule to pick a lowering (direct vs FFT) and the size of
// circulant embeddings, and reported by `linc explain`.
import { type Node, type NodeOf, type OperatorOp, type OperatorType, type TensorType, applyAxis, numel, toposort } from "../../ir/index.js";

/** Relative cost per point of an FFT whose size has these prime factors (radix-4 best). */
function fftCostPerPoint(n: number): number {
  let m = n, cost = 0;
  for (const [p, c] of [[4, 8.5], [2, 5], [3, 8], [5, 11]] as const)
    while (m % p === 0) (m /= p), (cost += c);
  // a large prime factor costs a Bluestein transform of about 3 FFTs of twice the size
  if (m > 1) cost += 3 * 5 * Math.log2(4 * m) + 10;
  return cost;
}

export const fftFlops = (n: number): number => n * Math.max(1, fftCostPerPoint(n));

/** The cheapest FFT size >= need among 2^a 3^b 5^c (the planner's circulant embedding size). */
export function smoothEmbeddingSize(need: number): number {
  let best = 1 << Math.ceil(Math.log2(Math.max(need, 1)));
  let bestCost = fftFlops(best);
  for (let a = 1; a <= best; a *= 2)
    for (let b = a; b <= best; b *= 3)
      for (let c = b; c <= best; c *= 5) {
        if (c < need) continue;
        const cost = fftFlops(c);
        if (cost < bestCost * 0.98 || (cost <= bestCost && c < best)) (best = c), (bestCost = cost);
      }
  return best;
}

export interface Cost {
  nodes: number;
  flops: number;
  bytes: number;
}

type Flops<K extends OperatorOp> = (A: NodeOf<K>, rows: number, cols: number, c: number) => number;
const free = () => 0;
const linear = (_A: Node, rows: number, _cols: number, c: number) => rows * c;
const denseCost = (_A: Node, rows: number, cols: number, c: number) => 2 * c * rows * cols;
const sumOfParts = (A: Node) => A.src.reduce((acc, f) => acc + operatorFlops(f), 0);

/** Flops per application of each operator op to one vector (structured ops kept direct cost a dense product). */
const FLOPS: { [K in OperatorOp]: Flops<K> } = {
  dft: (_A, rows) => fftFlops(rows),
  butterfly_dft: (_A, rows) => fftFlops(rows),
  rdft: (_A, rows, cols) => fftFlops(Math.max(rows, cols)) / 2,
  irdft: (_A, rows, cols) => fftFlops(Math.max(rows, cols)) / 2,
  dct: (_A, rows) => fftFlops(rows) + 6 * rows,
  dst: (_A, rows) => fftFlops(rows) + 8 * rows,
  wht: (_A, rows) => rows * Math.log2(rows),
  butterfly: (_A, rows, _cols, c) => rows * Math.log2(rows) * 6 * c,
  eye: free, perm: free, bitrev: free, stride: free, window: free, reverse: free,
  diag: linear, scale: linear,
  kron: (A, _rows, cols) => A.src.reduce((acc, f) => acc + operatorFlops(f) * (cols / (f.type as OperatorType).cols), 0),
  blockdiag: sumOfParts,
  compose: sumOfParts,
  opsum: (A, rows) => sumOfParts(A) + rows,
  lowrank: (A, rows, cols, c) => 2 * c * ((A.src[0].type as TensorType).shape[1] as number) * (rows + cols),
  monarch: (A, _rows, _cols, c) => 2 * c * A.src.reduce((acc, s) => acc + (numel((s.type as TensorType).shape) ?? 0), 0),
  dense: denseCost, toeplitz: denseCost, circulant: denseCost, hankel: denseCost, conv: denseCost,
  transpose: (A) => operatorFlops(A.src[0]),
  adjoint: (A) => operatorFlops(A.src[0]),
  inv: denseCost,
  // source ops costed as the dense product they mean (the lowering makes them spectral)
  block_circulant: denseCost, cayley: denseCost,
  // c_out * c_in complex multiply-adds per frequency: rows * cols / n of them
  diagblocks: (A, rows, cols, c) => (2 * c * rows * cols) / ((A.src[0].type as TensorType).shape[2] as number),
};

/** Estimated flops per application of an operator to one vector. */
export function operatorFlops(A: Node): number {
  const { rows, cols, complex } = A.type as OperatorType;
  const f = FLOPS[A.op as OperatorOp] as Flops<OperatorOp>;
  return f(A as NodeOf<OperatorOp>, rows, cols, complex ? 4 : 1);
}

/** Cost of evaluating a graph once: node count, flops (batch dims counted as 1), bytes moved. */
export function graphCost(roots: readonly Node[]): Cost {
  let flops = 0, bytes = 0, nodes = 0;
  for (const n of toposort(roots)) {
    nodes++;
    if (n.type.kind === "operator") {
      if (n.op === "dense") bytes += 8 * n.type.rows * n.type.cols;
      continue;
    }
    const elems = (n.type as TensorType).shape.reduce<number>((p, d) => p * (typeof d === "number" ? d : 1), 1);
    bytes += 8 * elems;
    if (n.op === "apply") {
      const x = n.src[1].type as TensorType, k = applyAxis(n);
      const batch = x.shape.filter((_, i) => i !== k).reduce<number>((p, d) => p * (typeof d === "number" ? d : 1), 1);
      flops += batch * operatorFlops(n.src[0]);
    } else if (n.op !== "input" && n.op !== "param" && n.op !== "const" && n.op !== "fill") flops += elems;
  }
  return { nodes, flops, bytes };
}
