// ssm_powers on run-time data (ssm_kernel whose A, B or C is an unbound param or an input;
// bound ones fold away): one module-level function, the reference's route (src/ir/math/
// ssmkernel.ts, linalg.ts) in float64 whatever the output precision:
//   bilinear: [Ā | B̄] = (I - dt/2 A)^-1 [I + dt/2 A | dt B], by LU with partial pivoting (the
//             row of largest modulus, as the reference's solve);
//   zoh:      Ā, B̄ the blocks of exp(dt [[A, B], [0, 0]]), by scaling and squaring with the
//             [13/13] Padé approximant (Higham 2005, the reference's expm);
// then K[k] = C Ā^k B̄ by the recurrence x <- Ā x. Sources arrive interleaved complex; K is
// written real (the real part) or interleaved complex, as the output's kind. A singular system
// is not trapped (the reference refuses it, E0501): IEEE infinities / NaNs, as on onnx.
import type { NodeOf, TensorType } from "../../ir/index.js";
import { type Gen, type Ref, type Stage, width } from "./gen.js";

/** The module-level function (complex matrices interleaved, row-major). */
export const SSM_POWERS_SOURCE = String.raw`function ssmPowers(A, B, C, N, L, dt, zoh, K, off, w) {
  const mm = (X, Y, n) => {
    const Z = new Float64Array(2 * n * n);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < n; k++) {
        const xr = X[2 * (i * n + k)], xi = X[2 * (i * n + k) + 1];
        if (xr === 0 && xi === 0) continue;
        for (let j = 0; j < n; j++) {
          const yr = Y[2 * (k * n + j)], yi = Y[2 * (k * n + j) + 1];
          Z[2 * (i * n + j)] += xr * yr - xi * yi; Z[2 * (i * n + j) + 1] += xr * yi + xi * yr;
        }
      }
    return Z;
  };
  // Σ s_t X_t (X_t = null: the identity)
  const lc = (terms, n) => {
    const Z = new Float64Array(2 * n * n);
    for (const [s, X] of terms)
      if (X === null) for (let i = 0; i < n; i++) Z[2 * (i * n + i)] += s;
      else for (let i = 0; i < Z.length; i++) Z[i] += s * X[i];
    return Z;
  };
  // X with M X = Y (M n x n, Y n x m), by LU with partial pivoting; M and Y are overwritten
  const solve = (M, Y, n, m) => {
    for (let c = 0; c < n; c++) {
      let piv = c, best = -1;
      for (let r = c; r < n; r++) {
        const v = Math.hypot(M[2 * (r * n + c)], M[2 * (r * n + c) + 1]);
        if (v > best) (best = v), (piv = r);
      }
      if (piv !== c) {
        for (let j = 0; j < 2 * n; j++) { const t = M[2 * c * n + j]; M[2 * c * n + j] = M[2 * piv * n + j]; M[2 * piv * n + j] = t; }
        for (let j = 0; j < 2 * m; j++) { const t = Y[2 * c * m + j]; Y[2 * c * m + j] = Y[2 * piv * m + j]; Y[2 * piv * m + j] = t; }
      }
      const pr = M[2 * (c * n + c)], pi = M[2 * (c * n + c) + 1], d = pr * pr + pi * pi;
      for (let r = c + 1; r < n; r++) {
        const xr = M[2 * (r * n + c)], xi = M[2 * (r * n + c) + 1];
        if (xr === 0 && xi === 0) continue;
        const fr = (xr * pr + xi * pi) / d, fi = (xi * pr - xr * pi) / d;
        for (let j = c; j < n; j++) {
          const yr = M[2 * (c * n + j)], yi = M[2 * (c * n + j) + 1];
          M[2 * (r * n + j)] -= fr * yr - fi * yi; M[2 * (r * n + j) + 1] -= fr * yi + fi * yr;
        }
        for (let j = 0; j < m; j++) {
          const yr = Y[2 * (c * m + j)], yi = Y[2 * (c * m + j) + 1];
          Y[2 * (r * m + j)] -= fr * yr - fi * yi; Y[2 * (r * m + j) + 1] -= fr * yi + fi * yr;
        }
      }
    }
    for (let c = n - 1; c >= 0; c--) {
      const pr = M[2 * (c * n + c)], pi = M[2 * (c * n + c) + 1], d = pr * pr + pi * pi;
      for (let j = 0; j < m; j++) {
        let sr = Y[2 * (c * m + j)], si = Y[2 * (c * m + j) + 1];
        for (let k = c + 1; k < n; k++) {
          const ar = M[2 * (c * n + k)], ai = M[2 * (c * n + k) + 1], xr = Y[2 * (k * m + j)], xi = Y[2 * (k * m + j) + 1];
          sr -= ar * xr - ai * xi; si -= ar * xi + ai * xr;
        }
        Y[2 * (c * m + j)] = (sr * pr + si * pi) / d; Y[2 * (c * m + j) + 1] = (si * pr - sr * pi) / d;
      }
    }
    return Y;
  };
  const expm = (X, n) => {
    let nrm = 0;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += Math.hypot(X[2 * (i * n + j)], X[2 * (i * n + j) + 1]);
      nrm = Math.max(nrm, s);
    }
    const b = [64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000,
      10559470521600, 670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1];
    const th = 5.371920351148152, s = nrm > th ? Math.ceil(Math.log2(nrm / th)) : 0;
    const S = lc([[Math.pow(2, -s), X]], n), S2 = mm(S, S, n), S4 = mm(S2, S2, n), S6 = mm(S4, S2, n);
    const U = mm(S, lc([[1, mm(S6, lc([[b[13], S6], [b[11], S4], [b[9], S2]], n), n)], [b[7], S6], [b[5], S4], [b[3], S2], [b[1], null]], n), n);
    const V = lc([[1, mm(S6, lc([[b[12], S6], [b[10], S4], [b[8], S2]], n), n)], [b[6], S6], [b[4], S4], [b[2], S2], [b[0], null]], n);
    let R = solve(lc([[1, V], [-1, U]], n), lc([[1, V], [1, U]], n), n, n);
    for (let k = 0; k < s; k++) R = mm(R, R, n);
    return R;
  };
  const Ab = new Float64Array(2 * N * N), x0 = new Float64Array(2 * N);
  const m = N + 1, X = new Float64Array(2 * N * m); // bilinear: [I + dt/2 A | dt B]; zoh: dt [[A, B], [0, 0]]
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const p = 2 * (i * m + j), ar = A[2 * (i * N + j)], ai = A[2 * (i * N + j) + 1];
      if (zoh) (X[p] = dt * ar), (X[p + 1] = dt * ai);
      else (X[p] = (i === j ? 1 : 0) + (dt / 2) * ar), (X[p + 1] = (dt / 2) * ai), (Ab[2 * (i * N + j)] = (i === j ? 1 : 0) - (dt / 2) * ar), (Ab[2 * (i * N + j) + 1] = -(dt / 2) * ai);
    }
    (X[2 * (i * m + N)] = dt * B[2 * i]), (X[2 * (i * m + N) + 1] = dt * B[2 * i + 1]);
  }
  let E;
  if (zoh) {
    const aug = new Float64Array(2 * m * m);
    aug.set(X);
    E = expm(aug, m);
  } else E = solve(Ab, X, N, m);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) (Ab[2 * (i * N + j)] = E[2 * (i * m + j)]), (Ab[2 * (i * N + j) + 1] = E[2 * (i * m + j) + 1]);
    (x0[2 * i] = E[2 * (i * m + N)]), (x0[2 * i + 1] = E[2 * (i * m + N) + 1]);
  }
  let x = x0, nx = new Float64Array(2 * N);
  for (let k = 0; k < L; k++) {
    let sr = 0, si = 0;
    for (let i = 0; i < N; i++) (sr += C[2 * i] * x[2 * i] - C[2 * i + 1] * x[2 * i + 1]), (si += C[2 * i] * x[2 * i + 1] + C[2 * i + 1] * x[2 * i]);
    K[(off + k) * w] = sr;
    if (w === 2) K[(off + k) * w + 1] = si;
    if (k + 1 === L) break;
    for (let i = 0; i < N; i++) {
      let tr = 0, ti = 0;
      for (let j = 0; j < N; j++) {
        const ar = Ab[2 * (i * N + j)], ai = Ab[2 * (i * N + j) + 1];
        (tr += ar * x[2 * j] - ai * x[2 * j + 1]), (ti += ar * x[2 * j + 1] + ai * x[2 * j]);
      }
      (nx[2 * i] = tr), (nx[2 * i + 1] = ti);
    }
    [x, nx] = [nx, x];
  }
}`;

export function emitSsmPowers(gen: Gen, stage: Stage, n: NodeOf<"ssm_powers">, [A, B, C]: string[], y: Ref): void {
  const N = (n.src[0].type as TensorType).shape[0] as number, { L, dt, method } = n.arg;
  const fn = gen.table("ssmPowers", `(${SSM_POWERS_SOURCE})`);
  gen.line(stage, `${fn}(${A}, ${B}, ${C}, ${N}, ${L}, ${dt}, ${method === "zoh"}, ${y.name}, ${y.off}, ${width(y.kind)});`);
}
