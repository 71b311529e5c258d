// HiPPO transition matrices exactly as state-spaces/s4's `transition(measure, N)`:
//
//   legs:  A[i,j] = -sqrt(2i+1) sqrt(2j+1) (i > j),  -(i+1) (i = j),  0 (i < j);   B[i] = sqrt(2i+1)
//   legt:  A[i,j] = -½ sqrt(2i+1) sqrt(2j+1) · (i < j ? (-1)^(i-j) : 1);            B[i] = ½ sqrt(2i+1)
//          (the code's "halve again for timescale correctness" version)
//   fout:  A = π(-diag(d, 1) + diag(d, -1)) - B Bᵀ with d = [0, 0, 0, 1, 0, 2, ...][1:] (zeros
//          interleaved with the frequencies 0..N/2-1), B = [1, 0, √2, 0, √2, 0, ...]; N even.
export const HIPPO_KINDS = ["legs", "legt", "fout"] as const;
export type HippoKind = (typeof HIPPO_KINDS)[number];

export interface Hippo {
  n: number;
  /** row-major N x N */
  A: Float64Array;
  B: Float64Array;
}

export function hippo(kind: HippoKind, n: number): Hippo {
  const A = new Float64Array(n * n), B = new Float64Array(n);
  const r = (i: number) => Math.sqrt(2 * i + 1);
  switch (kind) {
    case "legs":
      for (let i = 0; i < n; i++) {
        B[i] = r(i);
        for (let j = 0; j < i; j++) A[i * n + j] = -r(i) * r(j);
        A[i * n + i] = -(i + 1);
      }
      break;
    case "legt":
      for (let i = 0; i < n; i++) {
        B[i] = 0.5 * r(i);
        for (let j = 0; j < n; j++) A[i * n + j] = -0.5 * r(i) * r(j) * (i < j && (j - i) % 2 ? -1 : 1);
      }
      break;
    case "fout": {
      // d[k] couples states k and k+1: frequency k/2 for even k (a (cos, sin) pair), else 0
      for (let k = 0; k + 1 < n; k++) {
        const d = k % 2 === 0 ? k / 2 : 0;
        A[k * n + k + 1] = -Math.PI * d;
        A[(k + 1) * n + k] = Math.PI * d;
      }
      for (let i = 0; i < n; i += 2) B[i] = i === 0 ? 1 : Math.SQRT2;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] -= B[i] * B[j];
      break;
    }
  }
  return { n, A, B };
}
