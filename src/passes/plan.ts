// The planner's size choices and the cost model: flop and byte estimates per node, used to pick
// a lowering (direct vs FFT) and the size of circulant embeddings, and reported by `linc explain`.
import { type Node, type OperatorType, type TensorType, numel, toposort } from "../ir/index.js";

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
export function embeddingSize(need: number): number {
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

/** Whether the FFT route beats the direct O(m n) product for an m x n Toeplitz-like operator. */
export function preferFFT(m: number, n: number): boolean {
  const N = embeddingSize(m + n - 1);
  // the direct product: m*n complex-free multiply-adds; the FFT route: ~2 real FFTs + pointwise
  return 2 * m * n > 2 * fftFlops(N) * 0.5 + 8 * N;
}

export interface Cost {
  nodes: number;
  flops: number;
  bytes: number;
}

/** Estimated flops per application of an operator to one vector. */
export function operatorFlops(A: Node): number {
  const { rows, cols, complex } = A.type as OperatorType;
  const c = complex ? 4 : 1;
  switch (A.op) {
    case "dft": case "butterfly_dft": return fftFlops(rows);
    case "rdft": case "irdft": return fftFlops(Math.max(rows, cols)) / 2;
    case "dct": return fftFlops(rows) + 6 * rows;
    case "wht": case "butterfly": return rows * Math.log2(rows) * (A.op === "wht" ? 1 : 6 * c);
    case "eye": case "perm": case "bitrev": case "stride": case "window": case "reverse": return 0;
    case "diag": case "scale": return rows * c;
    case "kron": return A.src.reduce((acc, f) => acc + operatorFlops(f) * (cols / (f.type as OperatorType).cols), 0);
    case "blockdiag": case "compose": case "opsum": return A.src.reduce((acc, f) => acc + operatorFlops(f), 0) + (A.op === "opsum" ? rows : 0);
    case "lowrank": { const r = (A.src[0].type as TensorType).shape[1] as number; return 2 * c * r * (rows + cols); }
    case "monarch": { const w = A.src.map((s) => numel((s.type as TensorType).shape) ?? 0); return 2 * c * (w[0] + w[1]); }
    default: return 2 * c * rows * cols; // dense, and structured ops evaluated directly
  }
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
      const x = n.src[1].type as TensorType;
      const batch = x.shape.slice(0, -1).reduce<number>((p, d) => p * (typeof d === "number" ? d : 1), 1);
      flops += batch * operatorFlops(n.src[0]);
    } else if (n.op !== "input" && n.op !== "param" && n.op !== "const" && n.op !== "fill") flops += elems;
  }
  return { nodes, flops, bytes };
}
