// s4d_kernel on the gpujs backend (lam, B, C unbound params or inputs; bound ones fold away):
// K[l] = 2 Re Σ_n C_n B_n (e^{dt λ_n} - 1)/λ_n e^{l dt λ_n}, one thread per l looping over the
// N states. (e^z - 1) is formed without cancellation for small dt λ: its real part as
// expm1(x) cos y - 2 sin²(y/2), expm1 by its Taylor series below |x| = 0.1 (truncation under
// 2e-9 relative), so the float32 result keeps a few units of roundoff per state.
import { type NodeOf, type TensorType, fail } from "../../ir/index.js";
import { dplrNode } from "../../ir/math/dplrspectrum.js";
import type { Val } from "./builder.js";
import { lit } from "./builder.js";
import * as K from "./kernels.js";
import type { Ctx } from "./context.js";

export function s4dKernel(ctx: Ctx, n: NodeOf<"s4d_kernel">): Val {
  const N = (n.src[0].type as TensorType).shape[0] as number, { L } = n.arg;
  return ctx.b.kernel(s4dKernelText(N, L), n.src.map((s) => ({ s: ctx.value(s).slot })), lit(1), L);
}

/** dt is the fourth argument (a run-time scalar, interleaved: its value at a3[0]). */
export function s4dKernelText(N: number, L: number): string {
  const fl = K.fl;
  const body = [
    K.head(L),
    `const dt = a3[0];`,
    `let s = 0.0;`,
    `let q = 0.0;`,
    `for (let nn = 0; nn < ${N}; nn++) {`,
    `  const lr = a0[q];`,
    `  const li = a0[q + 1.0];`,
    `  const x = dt * lr;`,
    `  const y = dt * li;`,
    `  let em = Math.exp(x) - 1.0;`,
    `  if (Math.abs(x) < 0.1) { em = x * (1.0 + x * (0.5 + x * (${fl(1 / 6)} + x * (${fl(1 / 24)} + x * ${fl(1 / 120)})))); }`,
    `  const hs = Math.sin(0.5 * y);`,
    `  const er = em * Math.cos(y) - 2.0 * hs * hs;`,
    `  const ei = Math.exp(x) * Math.sin(y);`,
    `  const d = lr * lr + li * li;`,
    `  let wr = dt;`,
    `  let wi = 0.0;`,
    `  if (d > 0.0) { wr = (er * lr + ei * li) / d; wi = (ei * lr - er * li) / d; }`,
    `  const cbr = a2[q] * a1[q] - a2[q + 1.0] * a1[q + 1.0];`,
    `  const cbi = a2[q] * a1[q + 1.0] + a2[q + 1.0] * a1[q];`,
    `  const gr = cbr * wr - cbi * wi;`,
    `  const gi = cbr * wi + cbi * wr;`,
    `  const mag = Math.exp(k * x);`,
    `  const ang = k * y;`,
    `  s += 2.0 * mag * (gr * Math.cos(ang) - gi * Math.sin(ang));`,
    `  q += 2.0;`,
    `}`,
    `const yr = s;`,
    `const yi = 0.0;`,
  ];
  return K.fn(4, body.join("\n"));
}

// dplr_spectrum (rank 1: P [N] or [N, 1]) with run-time lam, P, B, C, dt: one thread per frequency
// j (each of re/im), the reference's formula in its order (src/ir/math/dplrspectrum.ts): the node
// constants γ_j, s_j of dplrNode computed on the host in float64 (a table, rounded once), g = (2/dt) γ_j,
// the Cauchy sums of C B, C P, P̄ B, P̄ P over 1/(g - λ_n) in one loop over the states,
// K̂ = s_j (k_CB - k_CP k_PB / (1 + k_PP)) (the 1 x 1 Woodbury solve), (dt/2) Σ C B at ω = -1.
// dplr_kernel's inverse transform is the planned FFT that follows (rule dplr-kernel-spectrum).
// Rank r > 1 needs an r x r solve per thread: refused (E0801).
export function dplrSpectrum(ctx: Ctx, n: NodeOf<"dplr_spectrum">): Val {
  const pt = n.src[1].type as TensorType, N = (n.src[0].type as TensorType).shape[0] as number, { L } = n.arg;
  if (pt.shape.length === 2 && pt.shape[1] !== 1)
    fail("E0801", `op 'dplr_spectrum' is not supported by the gpujs backend: a rank-${pt.shape[1]} correction (P [${N}, ${pt.shape[1]}]) needs an r x r solve per frequency (rank 1 only): bind lam, P, B, C so it folds, or use the cpu/wasm or onnx backend`);
  const nodes = ctx.b.table(`dplrNodes:${L}`, () => Array.from({ length: L }, (_, j) => dplrNode(j, L) ?? [0, 0, 0, 0]).flat());
  const args = [...n.src.map((s) => ({ s: ctx.value(s).slot })), nodes];
  return ctx.b.kernel(dplrSpectrumText(N, L), args, lit(1), L);
}

export function dplrSpectrumText(N: number, L: number): string {
  const fl = K.fl;
  const cm = (p: string, ar: string, ai: string, br: string, bi: string) => [`const ${p}r = ${ar} * ${br} - ${ai} * ${bi};`, `const ${p}i = ${ar} * ${bi} + ${ai} * ${br};`];
  const body = [
    K.head(L),
    `const dt = a4[0];`,
    `const gr = (2.0 / dt) * a5[4.0 * k];`,
    `const gi = (2.0 / dt) * a5[4.0 * k + 1.0];`,
    `let cbr = 0.0; let cbi = 0.0; let cpr = 0.0; let cpi = 0.0; let pbr = 0.0; let pbi = 0.0; let ppr = 0.0; let ppi = 0.0;`,
    `let hr = 0.0; let hi = 0.0;`,
    `let q = 0.0;`,
    `for (let nn = 0; nn < ${N}; nn++) {`,
    `  const er = gr - a0[q];`,
    `  const ei = gi - a0[q + 1.0];`,
    `  const m = er * er + ei * ei;`,
    `  const dr = er / m;`,
    `  const di = -ei / m;`,
    `  const pr = a1[q]; const pi = a1[q + 1.0]; const br = a2[q]; const bi = a2[q + 1.0]; const xr = a3[q]; const xi = a3[q + 1.0];`,
    ...cm("u", "xr", "xi", "br", "bi"),
    `  hr += ur; hi += ui;`,
    ...cm("v", "ur", "ui", "dr", "di"),
    `  cbr += vr; cbi += vi;`,
    ...cm("f", "xr", "xi", "pr", "pi"),
    ...cm("f2", "fr", "fi", "dr", "di"),
    `  cpr += f2r; cpi += f2i;`,
    `  const pc = -pi;`,
    ...cm("z", "pr", "pc", "br", "bi"),
    ...cm("z2", "zr", "zi", "dr", "di"),
    `  pbr += z2r; pbi += z2i;`,
    `  const pp = pr * pr + pi * pi;`,
    `  ppr += pp * dr; ppi += pp * di;`,
    `  q += 2.0;`,
    `}`,
    `const mr = 1.0 + ppr;`,
    `const mm = mr * mr + ppi * ppi;`,
    `const sol_r = (pbr * mr + pbi * ppi) / mm;`,
    `const sol_i = (pbi * mr - pbr * ppi) / mm;`,
    ...cm("t", "cpr", "cpi", "sol_r", "sol_i"),
    `const vr0 = cbr - tr;`,
    `const vi0 = cbi - ti;`,
    `const sr = a5[4.0 * k + 2.0];`,
    `const si = a5[4.0 * k + 3.0];`,
    `let yr = sr * vr0 - si * vi0;`,
    `let yi = sr * vi0 + si * vr0;`,
    `if (Math.abs(2.0 * k - ${fl(L)}) < 0.5) { yr = 0.5 * dt * hr; yi = 0.5 * dt * hi; }`,
  ];
  return K.fn(6, body.join("\n"));
}
