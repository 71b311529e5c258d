// Leading-axis broadcasting for ops that act on the last axis of several operands (gaunt,
// cg_path): the broadcast batch shape and, per output batch position, each operand's offset.

/** numpy broadcast of concrete shapes; undefined when they do not broadcast. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | undefined {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return undefined;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** For each position of `out` (row-major), the flat index into `shape` it reads under broadcasting. */
export function broadcastIndex(out: readonly number[], shape: readonly number[]): Int32Array {
  const total = out.reduce((p, d) => p * d, 1);
  const idx = new Int32Array(total);
  const lead = out.length - shape.length;
  const strides = new Array<number>(shape.length);
  for (let s = 1, k = shape.length - 1; k >= 0; k--) (strides[k] = shape[k] === 1 ? 0 : s), (s *= shape[k]);
  for (let p = 0; p < total; p++) {
    let rem = p, off = 0;
    for (let k = out.length - 1; k >= 0; k--) {
      const i = rem % out[k];
      rem = (rem - i) / out[k];
      if (k >= lead) off += i * strides[k - lead];
    }
    idx[p] = off;
  }
  return idx;
}
