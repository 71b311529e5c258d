// s4d_kernel on the gpujs backend (lam, B, C unbound params or inputs; bound ones fold away):
// K[l] = 2 Re Σ_n C_n B_n (e^{dt λ_n} - 1)/λ_n e^{l dt λ_n}, one thread per l looping over the
// N states. (e^z - 1) is formed without cancellation for small dt λ: its real part as
// expm1(x) cos y - 2 sin²(y/2), expm1 by its Taylor series below |x| = 0.1 (truncation under
// 2e-9 relative), so the float32 result keeps a few units of roundoff per state.
import { type NodeOf, type TensorType, fail } from "../../ir/index.js";
import type { Val } from "./builder.js";
import { lit } from "./builder.js";
import * as K from "./kernels.js";
import type { Ctx } from "./context.js";

export function s4dKernel(ctx: Ctx, n: NodeOf<"s4d_kernel">): Val {
  const [lam, B, C] = n.src.map((s) => ctx.value(s));
  const N = (n.src[0].type as TensorType).shape[0] as number, { L, dt } = n.arg;
  if (!Number.isFinite(dt)) fail("E0801", `s4d_kernel step ${dt} is not finite`);
  return ctx.b.kernel(s4dKernelText(N, L, dt), [{ s: lam.slot }, { s: B.slot }, { s: C.slot }], lit(1), L);
}

export function s4dKernelText(N: number, L: number, dt: number): string {
  const fl = K.fl;
  const body = [
    K.head(L),
    `let s = 0.0;`,
    `let q = 0.0;`,
    `for (let nn = 0; nn < ${N}; nn++) {`,
    `  const lr = a0[q];`,
    `  const li = a0[q + 1.0];`,
    `  const x = ${fl(dt)} * lr;`,
    `  const y = ${fl(dt)} * li;`,
    `  let em = Math.exp(x) - 1.0;`,
    `  if (Math.abs(x) < 0.1) { em = x * (1.0 + x * (0.5 + x * (${fl(1 / 6)} + x * (${fl(1 / 24)} + x * ${fl(1 / 120)})))); }`,
    `  const hs = Math.sin(0.5 * y);`,
    `  const er = em * Math.cos(y) - 2.0 * hs * hs;`,
    `  const ei = Math.exp(x) * Math.sin(y);`,
    `  const d = lr * lr + li * li;`,
    `  let wr = ${fl(dt)};`,
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
  return K.fn(3, body.join("\n"));
}
