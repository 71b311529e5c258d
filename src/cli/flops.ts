// The flop count of one run of a program as lowered for a backend, at the sizes `linc bench`
// binds: the cost model of `linc explain` (src/passes/schedule/cost.ts operatorFlops: an FFT of
// n points ~ 5 n log2 n, a dense product 2 rows cols per vector, ...) with every batch dimension
// at its bound size. So a backend's GFLOP/s is the rate of the algorithm it was given (a Toeplitz
// product lowered to FFTs counts FFT flops, not the dense product's).
import { type Node, type TensorType, applyAxis, toposort } from "../ir/index.js";
import type { Program } from "../ir/program.js";
import { operatorFlops } from "../passes/index.js";

const elements = (t: TensorType, size: (d: number | string) => number): number => t.shape.reduce<number>((p, d) => p * size(d), 1);

/** Flops of one run of `program` with symbolic dimensions of the given sizes; undefined when some size is unknown or nothing is computed. */
export function flopsPerRun(program: Program, dims: ReadonlyMap<string, number>): number | undefined {
  let unknown = false;
  const size = (d: number | string): number => {
    if (typeof d === "number") return d;
    const v = dims.get(d);
    if (v === undefined) unknown = true;
    return v ?? 1;
  };
  let flops = 0;
  for (const n of toposort(program.outputs.map((o) => o.node as Node))) {
    if (n.type.kind !== "tensor") continue;
    if (n.op === "apply") {
      const x = n.src[1].type as TensorType;
      const k = applyAxis(n);
      flops += elements({ ...x, shape: x.shape.filter((_, i) => i !== k) }, size) * operatorFlops(n.src[0]);
    } else if (n.op !== "input" && n.op !== "param" && n.op !== "const" && n.op !== "fill") flops += elements(n.type, size);
  }
  return unknown || !(flops > 0) ? undefined : flops;
}
