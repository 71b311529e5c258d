// The one trig routine behind every twiddle, chirp and cosine table: e^{2πi e/n} for integers
// e, n, from the angle reduced exactly (e mod n in integers, then by the symmetries of cos and
// sin into the first octant, [0, π/4]), so cos(2π(n-1)/n) is as accurate as cos(2π/n) and the
// quarter turns are exact. The reference, the compile-time tables of every backend (onnx stage
// weights, gpujs tables, cpu codelet constants) and the run-time tables of the cpu and wasm
// modules all compute it with this code. It is kept as JavaScript text because the cpu
// and wasm modules compute their tables when they load (one routine, one copy, however linc was
// built); `cis` instantiates the same text.

/** `turn(e, n, out, k)`: out[k] = cos(2π e/n), out[k + 1] = sin(2π e/n), for integers e (|e| < 2^53) and n > 0. */
export const TURN_SOURCE = String.raw`function turn(e, n, out, k) {
  e = ((e % n) + n) % n;
  let c, s, neg = false, swap = false, negc = false;
  if (2 * e > n) { e = n - e; neg = true; }            // angle -> 2π - angle: sin flips
  if (4 * e > n) { e = n / 2 - e; negc = true; }       // angle -> π - angle: cos flips
  if (8 * e > n) { e = n / 4 - e; swap = true; }       // angle -> π/2 - angle: cos <-> sin
  const a = (2 * Math.PI * e) / n;
  c = Math.cos(a); s = Math.sin(a);
  if (swap) { const t = c; c = s; s = t; }
  if (negc) c = -c;
  if (neg) s = -s;
  out[k] = c; out[k + 1] = s;
}`;

const turn = new Function(`"use strict";\n${TURN_SOURCE}\nreturn turn;`)() as (e: number, n: number, out: Float64Array | number[], k: number) => void;

/** e^{2πi e/n} as [cos, sin] (the function TURN_SOURCE defines), e and n integers. */
export function cis(e: number, n: number): [number, number] {
  const out: [number, number] = [0, 0];
  turn(e, n, out, 0);
  return out;
}

/** e^{sign·iπ num/den} (num, den integers): a half turn's fraction, as `cis(sign·num, 2·den)`. */
export const halfTurn = (num: number, den: number, sign: 1 | -1): [number, number] => cis(sign * num, 2 * den);
