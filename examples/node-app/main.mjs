// A Node app embedding a linc-compiled kernel: a causal long convolution (Hyena / S4 style)
// y[t] = sum_{s<=t} h[t-s] x[s] over a batch of signals. It imports nothing from linc, only the
// generated kernel.mjs (run ./build.sh first). Complex data would be interleaved (re, im).
import { createKernel, inputs, outputs, params } from "./kernel/kernel.mjs";

const n = params[0].shape[0]; // 4096, from the spec
console.log("inputs:", JSON.stringify(inputs), "params:", JSON.stringify(params), "outputs:", JSON.stringify(outputs));

// a decaying oscillating filter, as an SSM would produce
const h = new Float32Array(n);
for (let t = 0; t < n; t++) h[t] = Math.exp(-t / 300) * Math.cos(t / 20);
const kernel = createKernel({ h }); // the filter's spectrum is computed here, once

const batch = 8;
const x = new Float32Array(batch * n);
for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.01) + (i % 97 === 0 ? 1 : 0);
const y = new Float32Array(batch * n); // preallocated: run() then allocates nothing
const t0 = performance.now();
const reps = 50;
for (let r = 0; r < reps; r++) kernel.run({ x }, { y });
const ms = (performance.now() - t0) / reps;

// check one row against the direct sum
let err = 0, scale = 0;
for (let t = 0; t < n; t++) {
  let s = 0;
  for (let k = 0; k <= t; k++) s += h[t - k] * x[k];
  err = Math.max(err, Math.abs(s - y[t]));
  scale = Math.max(scale, Math.abs(s));
}
console.log(`batch ${batch} x n ${n}: ${ms.toFixed(2)} ms per call; max relative error vs direct sum ${(err / scale).toExponential(2)}`);
if (!(err / scale < 1e-4)) process.exit(1);
