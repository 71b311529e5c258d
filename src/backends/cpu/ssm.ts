// s4d_kernel on run-time data (lam, B, C, dt unbound params or inputs; bound ones fold away): one
// module-level function, the reference's formula (src/ir/math/ssmkernel.ts s4dKernel):
//   K[l] = 2 Re Σ_n C_n B_n (e^{dt λ_n} - 1)/λ_n · e^{l dt λ_n}   ((e^{dtλ} - 1)/λ = dt at λ = 0)
// with e^z - 1 formed without cancellation (Math.expm1), accumulated in float64 whatever the
// output precision. The sources arrive interleaved complex in the output's precision.
import { type NodeOf, TURN_SOURCE, type TensorType } from "../../ir/index.js";
import type { Gen, Ref, Stage } from "./gen.js";

export function emitS4dKernel(gen: Gen, stage: Stage, n: NodeOf<"s4d_kernel">, [lam, B, C]: string[], dt: string, y: Ref): void {
  const N = (n.src[0].type as TensorType).shape[0] as number, { L } = n.arg, fn = gen.fresh("S4D");
  gen.top.push(`function ${fn}(lam, B, C, dt, K) {
  const N = ${N}, L = ${L};
  if (!(dt > 0 && dt < Infinity)) throw new RangeError("s4d_kernel: step dt must be a positive finite number, got " + dt);
  const acc = new Float64Array(L);
  for (let n = 0; n < N; n++) {
    const lr = lam[2 * n], li = lam[2 * n + 1], x = dt * lr, yy = dt * li, hs = Math.sin(yy / 2);
    const er = Math.expm1(x) * Math.cos(yy) - 2 * hs * hs, ei = Math.exp(x) * Math.sin(yy), d = lr * lr + li * li;
    const wr = d > 0 ? (er * lr + ei * li) / d : dt, wi = d > 0 ? (ei * lr - er * li) / d : 0;
    const br = B[2 * n], bi = B[2 * n + 1], cr = C[2 * n], ci = C[2 * n + 1];
    const cbr = cr * br - ci * bi, cbi = cr * bi + ci * br, gr = cbr * wr - cbi * wi, gi = cbr * wi + cbi * wr;
    for (let l = 0; l < L; l++) {
      const mag = Math.exp(l * x), ang = l * yy;
      acc[l] += 2 * mag * (gr * Math.cos(ang) - gi * Math.sin(ang));
    }
  }
  for (let l = 0; l < L; l++) K[l] = acc[l];
}`);
  gen.line(stage, `${fn}(${lam}, ${B}, ${C}, ${dt}[0], ${y.name});`);
}

// dplr_spectrum on run-time data (lam, P, B, C, dt unbound params or inputs): one module-level
// function, the reference's formula (src/ir/math/dplrkernel.ts, dplrSpectrum), rank r (P [N, r]):
// at each root of unity ω_j = e^{-2πij/L}, g = (2/dt)(1-ω)/(1+ω), the Cauchy sums
// k_xy = Σ_n x_n y_n / (g - λ_n) of C B, C P_s, P̄_s B, P̄_s P_t ((r+1)² numerators per state, formed
// once), the Woodbury correction K̂ = 2/(1+ω) (k_CB - k_CP (I + k_PP)^{-1} k_PB) (an r x r complex
// solve, partial pivoting; (dt/2) Σ C B at ω = -1). f64 throughout; sources interleaved complex,
// dt real; the output interleaved complex. dplr_kernel is this followed by the planned inverse FFT.
export function emitDplrSpectrum(gen: Gen, stage: Stage, n: NodeOf<"dplr_spectrum">, [lam, P, B, C]: string[], dt: string, y: Ref): void {
  const N = (n.src[0].type as TensorType).shape[0] as number, { L } = n.arg, fn = gen.fresh("DPLR");
  const pt = n.src[1].type as TensorType, r = pt.shape.length === 2 ? (pt.shape[1] as number) : 1;
  gen.top.push(`function ${fn}(lam, P, B, C, dt, X) {
  const N = ${N}, L = ${L}, r = ${r}, m = (r + 1) * (r + 1);
  if (!(dt > 0 && dt < Infinity)) throw new RangeError("dplr_kernel: step dt must be a positive finite number, got " + dt);
  // numerators per state: [C B, C P_s (r), conj(P_s) B (r), conj(P_s) P_t (r x r)], interleaved
  const num = new Float64Array(2 * m * N);
  for (let n = 0; n < N; n++) {
    const o = 2 * m * n, br = B[2 * n], bi = B[2 * n + 1], cr = C[2 * n], ci = C[2 * n + 1];
    num[o] = cr * br - ci * bi, num[o + 1] = cr * bi + ci * br;
    for (let s = 0; s < r; s++) {
      const pr = P[2 * (n * r + s)], pi = P[2 * (n * r + s) + 1], a = o + 2 * (1 + s), b = o + 2 * (1 + r + s);
      num[a] = cr * pr - ci * pi, num[a + 1] = cr * pi + ci * pr;
      num[b] = pr * br + pi * bi, num[b + 1] = pr * bi - pi * br;
      for (let t = 0; t < r; t++) {
        const qr = P[2 * (n * r + t)], qi = P[2 * (n * r + t) + 1], c = o + 2 * (1 + 2 * r + s * r + t);
        num[c] = pr * qr + pi * qi, num[c + 1] = pr * qi - pi * qr;
      }
    }
  }
  ${TURN_SOURCE.replace(/\n/g, "\n  ")}
  const k = new Float64Array(2 * m), M = new Float64Array(2 * r * r), x = new Float64Array(2 * r), w = [0, 0];
  for (let j = 0; j < L; j++) {
    if (2 * j === L) {
      let sr = 0, si = 0;
      for (let n = 0; n < N; n++) sr += num[2 * m * n], si += num[2 * m * n + 1];
      X[2 * j] = (dt / 2) * sr, X[2 * j + 1] = (dt / 2) * si;
      continue;
    }
    turn(-j, L, w, 0);
    const wr = w[0], wi = w[1], den = (1 + wr) * (1 + wr) + wi * wi;
    const ar = 2 * (1 - wr) / dt, ai = -2 * wi / dt;
    const gr = (ar * (1 + wr) + ai * wi) / den, gi = (ai * (1 + wr) - ar * wi) / den;
    const sr = (2 * (1 + wr)) / den, si = (-2 * wi) / den;
    k.fill(0);
    for (let n = 0; n < N; n++) {
      const er = gr - lam[2 * n], ei = gi - lam[2 * n + 1], q2 = er * er + ei * ei, dr = er / q2, di = -ei / q2, o = 2 * m * n;
      for (let q = 0; q < 2 * m; q += 2) {
        const xr = num[o + q], xi = num[o + q + 1];
        k[q] += xr * dr - xi * di, k[q + 1] += xr * di + xi * dr;
      }
    }
    // x = (I + k_PP)^{-1} k_PB by Gaussian elimination with partial pivoting
    for (let s = 0; s < r; s++) {
      x[2 * s] = k[2 * (1 + r + s)], x[2 * s + 1] = k[2 * (1 + r + s) + 1];
      for (let t = 0; t < r; t++) M[2 * (s * r + t)] = k[2 * (1 + 2 * r + s * r + t)] + (s === t ? 1 : 0), M[2 * (s * r + t) + 1] = k[2 * (1 + 2 * r + s * r + t) + 1];
    }
    for (let c = 0; c < r; c++) {
      let p = c;
      for (let i = c + 1; i < r; i++) if (Math.hypot(M[2 * (i * r + c)], M[2 * (i * r + c) + 1]) > Math.hypot(M[2 * (p * r + c)], M[2 * (p * r + c) + 1])) p = i;
      if (p !== c) {
        for (let t = 0; t < 2 * r; t++) { const h = M[2 * c * r + t]; M[2 * c * r + t] = M[2 * p * r + t], M[2 * p * r + t] = h; }
        for (let t = 0; t < 2; t++) { const h = x[2 * c + t]; x[2 * c + t] = x[2 * p + t], x[2 * p + t] = h; }
      }
      const pr = M[2 * (c * r + c)], pi = M[2 * (c * r + c) + 1], pd = pr * pr + pi * pi;
      for (let i = c + 1; i < r; i++) {
        const ur = M[2 * (i * r + c)], ui = M[2 * (i * r + c) + 1], fr = (ur * pr + ui * pi) / pd, fi = (ui * pr - ur * pi) / pd;
        for (let t = c; t < r; t++) {
          const vr = M[2 * (c * r + t)], vi = M[2 * (c * r + t) + 1];
          M[2 * (i * r + t)] -= fr * vr - fi * vi, M[2 * (i * r + t) + 1] -= fr * vi + fi * vr;
        }
        x[2 * i] -= fr * x[2 * c] - fi * x[2 * c + 1], x[2 * i + 1] -= fr * x[2 * c + 1] + fi * x[2 * c];
      }
    }
    for (let c = r - 1; c >= 0; c--) {
      let ur = x[2 * c], ui = x[2 * c + 1];
      for (let t = c + 1; t < r; t++) {
        const vr = M[2 * (c * r + t)], vi = M[2 * (c * r + t) + 1];
        ur -= vr * x[2 * t] - vi * x[2 * t + 1], ui -= vr * x[2 * t + 1] + vi * x[2 * t];
      }
      const pr = M[2 * (c * r + c)], pi = M[2 * (c * r + c) + 1], pd = pr * pr + pi * pi;
      x[2 * c] = (ur * pr + ui * pi) / pd, x[2 * c + 1] = (ui * pr - ur * pi) / pd;
    }
    // v = k_CB - k_CP x
    let vr = k[0], vi = k[1];
    for (let s = 0; s < r; s++) {
      const ar2 = k[2 * (1 + s)], ai2 = k[2 * (1 + s) + 1];
      vr -= ar2 * x[2 * s] - ai2 * x[2 * s + 1], vi -= ar2 * x[2 * s + 1] + ai2 * x[2 * s];
    }
    X[2 * j] = sr * vr - si * vi, X[2 * j + 1] = sr * vi + si * vr;
  }
}`);
  gen.line(stage, `${fn}(${lam}, ${P}, ${B}, ${C}, ${dt}[0], ${y.name});`);
}
