// Dense matrices applied along the last axis as ONNX MatMuls. A complex matrix acting on the
// interleaved layout [..., n, 2] is "realified": flattened to [..., 2n] the input meets one real
// [2n, 2m] matrix whose 2x2 blocks are [[re, im], [-im, re]], so a complex product is one MatMul.
import { LincError } from "../../ir/index.js";
import type { GraphBuilder, Prec } from "./graph.js";
import { type Val, reshapeLast, promote } from "./complex.js";

/**
 * The largest dense matrix (one initializer) the backend writes: 256 MiB. A dense DFT of size n
 * is a realified [2n, 2n] initializer (16·n² bytes in f32), so n = 4096 is the largest; past it
 * use the staged FFT (`fft: "auto"` or "fourstep"). The whole model is held under protobuf's
 * 2 GiB message limit by GraphBuilder (MAX_MODEL_BYTES).
 */
export const MAX_DENSE_BYTES = 256 * 2 ** 20;

const mib = (b: number) => `${(b / 2 ** 20).toFixed(b < 2 ** 20 ? 3 : 0)} MiB`;

/**
 * Refuse (E0801) a dense rows x cols matrix whose initializer would pass MAX_DENSE_BYTES, before
 * anything is allocated. `entryBytes`: bytes per matrix entry in the initializer.
 */
export function checkDenseSize(op: string, rows: number, cols: number, entryBytes: number): void {
  const bytes = rows * cols * entryBytes;
  if (bytes > MAX_DENSE_BYTES)
    throw new LincError(
      "E0801",
      `op '${op}': a dense ${rows}x${cols} matrix needs a ${mib(bytes)} initializer, over the onnx backend's limit of ${mib(MAX_DENSE_BYTES)} per dense matrix (use the staged FFT: fft "auto" or "fourstep")`,
    );
}

const precBytes = (p: Prec) => (p === "f32" ? 4 : 8);

/** A constant dense matrix, row-major; `im` absent for a real matrix. */
export interface Mat {
  rows: number;
  cols: number;
  re: Float64Array;
  im?: Float64Array;
}

export const isRealMat = (m: Mat): boolean => !m.im || m.im.every((v) => v === 0);

/** y = M x along the last axis, for a constant matrix M. */
export function applyMat(g: GraphBuilder, x: Val, m: Mat, hint = "mat"): Val {
  const { rows, cols } = m;
  const real = isRealMat(m);
  // the initializer: [cols, rows] for real by real, [cols, 2 rows] for real input, [2 cols, 2 rows] otherwise
  checkDenseSize(hint, rows, cols, precBytes(x.prec) * (!x.complex && real ? 1 : !x.complex ? 2 : 4));
  if (!x.complex && real) {
    const mt = new Float64Array(cols * rows);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mt[j * rows + i] = m.re[i * cols + j];
    const y = g.op1("MatMul", [x.name, g.constant(x.prec, [cols, rows], mt, hint)]);
    return { ...x, name: y, shape: [...x.shape.slice(0, -1), rows] };
  }
  if (!x.complex) {
    // real input, complex matrix: [cols] -> [rows, 2] directly
    const r = new Float64Array(cols * 2 * rows);
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) {
        r[j * 2 * rows + 2 * i] = m.re[i * cols + j];
        r[j * 2 * rows + 2 * i + 1] = m.im![i * cols + j];
      }
    const y = g.op1("MatMul", [x.name, g.constant(x.prec, [cols, 2 * rows], r, hint)]);
    const flat: Val = { ...x, name: y, shape: [...x.shape.slice(0, -1), 2 * rows] };
    return { ...reshapeLast(g, flat, 1, [rows, 2]), shape: [...x.shape.slice(0, -1), rows], complex: true };
  }
  const r = realify(m);
  const xf = g.op1("Reshape", [x.name, g.i64([...Array(x.shape.length - 1).fill(0), 2 * cols])]);
  const y = g.op1("MatMul", [xf, g.constant(x.prec, [2 * cols, 2 * rows], r, hint)]);
  const yc = g.op1("Reshape", [y, g.i64([...Array(x.shape.length - 1).fill(0), rows, 2])]);
  return { ...x, name: yc, shape: [...x.shape.slice(0, -1), rows], complex: true };
}

/** The real [2 cols, 2 rows] matrix that applies complex M^T to interleaved rows. */
export function realify(m: Mat): Float64Array {
  const { rows, cols } = m;
  const w = 2 * rows;
  const r = new Float64Array(2 * cols * w);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const a = m.re[i * cols + j], b = m.im ? m.im[i * cols + j] : 0;
      r[2 * j * w + 2 * i] = a;
      r[2 * j * w + 2 * i + 1] = b;
      r[(2 * j + 1) * w + 2 * i] = -b;
      r[(2 * j + 1) * w + 2 * i + 1] = a;
    }
  return r;
}

/**
 * y = W x along the last axis for a run-time matrix W [rows, cols] (a param bound as a graph
 * input, or an initializer ORT folds): real W is one MatMul with W^T; complex W is realified in-graph.
 */
export function applyTensorMat(g: GraphBuilder, x: Val, W: Val, rows: number, cols: number): Val {
  const lead = x.shape.length - 1;
  if (!W.complex && !x.complex) {
    const wt = g.op1("Transpose", [W.name], { perm: [1, 0] });
    return { ...x, name: g.op1("MatMul", [x.name, wt]), shape: [...x.shape.slice(0, -1), rows] };
  }
  const Wc = promote(g, W);
  const xc = promote(g, x);
  // R[j, a, i, b]: a = 0 row is (Wr, Wi)[i, j], a = 1 row is (-Wi, Wr)[i, j]
  const wt = g.op1("Transpose", [Wc.name], { perm: [1, 0, 2] }); // [cols, rows, 2]
  const sw = g.op1("Mul", [g.op1("Gather", [wt, g.i64([1, 0])], { axis: 2 }), g.constant(x.prec, [2], [-1, 1], "sign")]);
  const stacked = g.op1("Concat", [g.op1("Unsqueeze", [wt, g.i64([1])]), g.op1("Unsqueeze", [sw, g.i64([1])])], { axis: 1 });
  const R = g.op1("Reshape", [stacked, g.i64([2 * cols, 2 * rows])]);
  const xf = g.op1("Reshape", [xc.name, g.i64([...Array(lead).fill(0), 2 * cols])]);
  const y = g.op1("MatMul", [xf, R]);
  const yc = g.op1("Reshape", [y, g.i64([...Array(lead).fill(0), rows, 2])]);
  return { ...x, name: yc, shape: [...x.shape.slice(0, -1), rows], complex: true };
}
