// Fourier family: dft / idft / rdft / irdft (numpy.fft), dct / idct types 1-4 (scipy.fft),
// wht (Sylvester-ordered Walsh-Hadamard). Reference meanings: the DFT family and the DCT/DST act
// through the float64 FFT (src/ir/math/fft.ts, src/ir/math/dct.ts), never through a dense inverse.
import { type OpDefs, defineConstructor } from "../catalogue.js";
import { fail } from "../errors.js";
import { mk, type Node } from "../node.js";
import type { Norm } from "../ops.js";
import { operatorType } from "../types.js";
import { type CMat, type CTensor, ctensor } from "../value.js";
import { fftVec } from "../math/fft.js";
import { dctRow, dstRow } from "../math/dct.js";
import { cis, halfTurn } from "../math/trig.js";
import { NORMS, checkPow2, checkSize, matFrom } from "./common.js";


/** numpy's scale factor of a forward (inverse=false) or inverse transform of size n. */
export function fftScale(norm: Norm, n: number, inverse: boolean): number {
  if (norm === "ortho") return 1 / Math.sqrt(n);
  return (norm === "forward") !== inverse ? 1 / n : 1;
}

/** e^{sign 2 pi i jk/n} (jk, n integers, sign ±1), from the exactly reduced angle (src/ir/math/trig.ts). */
export const twiddle = (jk: number, n: number, sign: number): [number, number] => cis(sign * jk, n);

export const dftNode = (n: number, norm: Norm, inverse: boolean): Node =>
  mk("dft", operatorType(n, n, true), [], { n, norm, inverse });

export function dftMatrix(n: number, norm: Norm, inverse: boolean): CMat {
  const s = fftScale(norm, n, inverse);
  return matFrom(n, n, (j, k) => {
    const [c, si] = twiddle(j * k, n, inverse ? 1 : -1);
    return [s * c, s * si];
  });
}

/** DCT matrix of scipy.fft.dct(type, norm) for size n. */
export function dctMatrix(n: number, type: number, norm: Norm): CMat {
  const N = n;
  const cosv = (num: number, den: number) => halfTurn(num, den, 1)[0];
  const ortho = norm === "ortho";
  switch (type) {
    case 1: {
      const f = norm === "forward" ? 1 / (2 * (N - 1)) : ortho ? 1 / Math.sqrt(2 * (N - 1)) : 1;
      return matFrom(N, N, (k, j) => {
        let v = j === 0 || j === N - 1 ? (j === 0 ? 1 : (k % 2 ? -1 : 1)) : 2 * cosv(k * j, N - 1);
        if (ortho) {
          if (j === 0 || j === N - 1) v *= Math.SQRT2;
          if (k === 0 || k === N - 1) v /= Math.SQRT2;
        }
        return f * v;
      });
    }
    case 2:
      return matFrom(N, N, (k, j) => {
        const v = 2 * cosv(k * (2 * j + 1), 2 * N);
        if (ortho) return v * (k === 0 ? Math.sqrt(1 / (4 * N)) : Math.sqrt(1 / (2 * N)));
        return norm === "forward" ? v / (2 * N) : v;
      });
    case 3:
      return matFrom(N, N, (k, j) => {
        if (ortho) return j === 0 ? 1 / Math.sqrt(N) : Math.sqrt(2 / N) * cosv(j * (2 * k + 1), 2 * N);
        const v = j === 0 ? 1 : 2 * cosv(j * (2 * k + 1), 2 * N);
        return norm === "forward" ? v / (2 * N) : v;
      });
    case 4:
      return matFrom(N, N, (k, j) => {
        const v = 2 * cosv((2 * k + 1) * (2 * j + 1), 4 * N);
        return ortho ? v * Math.sqrt(1 / (2 * N)) : norm === "forward" ? v / (2 * N) : v;
      });
  }
  return fail("E0205", `DCT type must be 1..4, got ${type}`);
}

/** DST matrix of scipy.fft.dst(type, norm) for size n. */
export function dstMatrix(n: number, type: number, norm: Norm): CMat {
  const N = n, ortho = norm === "ortho";
  const sinv = (num: number, den: number) => halfTurn(num, den, 1)[1];
  switch (type) {
    case 1: {
      // y[k] = 2 sum_j x[j] sin(pi (k+1)(j+1) / (N+1)); orthonormal as it stands when scaled
      const f = norm === "forward" ? 1 / (2 * (N + 1)) : ortho ? 1 / Math.sqrt(2 * (N + 1)) : 1;
      return matFrom(N, N, (k, j) => f * 2 * sinv((k + 1) * (j + 1), N + 1));
    }
    case 2:
      return matFrom(N, N, (k, j) => {
        const v = 2 * sinv((k + 1) * (2 * j + 1), 2 * N);
        if (ortho) return v * (k === N - 1 ? Math.sqrt(1 / (4 * N)) : Math.sqrt(1 / (2 * N)));
        return norm === "forward" ? v / (2 * N) : v;
      });
    case 3:
      return matFrom(N, N, (k, j) => {
        if (ortho) return j === N - 1 ? (k % 2 ? -1 : 1) / Math.sqrt(N) : Math.sqrt(2 / N) * sinv((2 * k + 1) * (j + 1), 2 * N);
        const v = j === N - 1 ? (k % 2 ? -1 : 1) : 2 * sinv((2 * k + 1) * (j + 1), 2 * N);
        return norm === "forward" ? v / (2 * N) : v;
      });
    case 4:
      return matFrom(N, N, (k, j) => {
        const v = 2 * sinv((2 * k + 1) * (2 * j + 1), 4 * N);
        return ortho ? v * Math.sqrt(1 / (2 * N)) : norm === "forward" ? v / (2 * N) : v;
      });
  }
  return fail("E0205", `DST type must be 1..4, got ${type}`);
}

const popcount = (x: number) => {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
};

export function whtMatrix(n: number, norm: Norm): CMat {
  const s = fftScale(norm, n, false);
  return matFrom(n, n, (i, j) => (popcount(i & j) % 2 ? -s : s));
}

/**
 * The DFT of each row of x (length n), scaled, keeping the first `keep` bins. A real result of
 * a half spectrum (irdft) is the real part of the inverse DFT of its Hermitian completion.
 */
function dftRows(x: CTensor, n: number, inverse: boolean, scale: number, keep: number): CTensor {
  const batch = x.re.length / n;
  const y = ctensor([...x.shape.slice(0, -1), keep]);
  for (let b = 0; b < batch; b++) {
    const [re, im] = fftVec(x.re.subarray(b * n, (b + 1) * n), x.im.subarray(b * n, (b + 1) * n), inverse ? 1 : -1);
    for (let k = 0; k < keep; k++) (y.re[b * keep + k] = scale * re[k]), (y.im[b * keep + k] = scale * im[k]);
  }
  return y;
}

/** A real transform of each row (length n) of x, real and imaginary planes apart (C-linear). */
function realRows(x: CTensor, n: number, row: (v: Float64Array) => Float64Array): CTensor {
  const batch = x.re.length / n;
  const y = ctensor([...x.shape]);
  for (let b = 0; b < batch; b++) {
    const part = (src: Float64Array, dst: Float64Array) => {
      const v = src.subarray(b * n, (b + 1) * n);
      if (v.some((t) => t !== 0)) dst.set(row(v), b * n);
    };
    part(x.re, y.re);
    part(x.im, y.im);
  }
  return y;
}

/** irdft acting on a half spectrum X (length n//2+1): numpy.fft.irfft semantics. */
function irdftApply(n: number, norm: Norm, x: CTensor): CTensor {
  const m = x.shape[x.shape.length - 1];
  const batch = x.re.length / m;
  const full = ctensor([...x.shape.slice(0, -1), n]);
  for (let b = 0; b < batch; b++)
    for (let k = 0; k < n; k++) {
      // Hermitian completion; DC and Nyquist bins contribute only their real parts
      const src = k < m ? k : n - k, conj = k >= m;
      const edge = k === 0 || (n % 2 === 0 && k === n / 2);
      full.re[b * n + k] = x.re[b * m + src];
      full.im[b * n + k] = edge ? 0 : conj ? -x.im[b * m + src] : x.im[b * m + src];
    }
  const y = dftRows(full, n, true, fftScale(norm, n, true), n);
  y.im.fill(0);
  return y;
}

const fourierCtors = (name: string, inverse: boolean) => ({
  name,
  doc: `${inverse ? "inverse " : ""}discrete Fourier transform of size n (numpy.fft convention)`,
  params: [{ name: "n", kind: "int" as const }, { name: "norm", kind: "string" as const, default: "backward", oneOf: NORMS }],
  build: (a: { n: number; norm: Norm }) => dftNode(checkSize(a.n, "n", 0), a.norm, inverse),
});

const dctCtor = (name: "dct" | "idct" | "dst" | "idst", inverse: boolean) => ({
  name,
  doc: `${inverse ? "inverse " : ""}discrete ${name.endsWith("dct") ? "cosine" : "sine"} transform of size n, types 1-4 (scipy.fft convention)`,
  params: [
    { name: "n", kind: "int" as const },
    { name: "type", kind: "int" as const, default: 2, oneOf: [1, 2, 3, 4] },
    { name: "norm", kind: "string" as const, default: "backward", oneOf: NORMS },
  ],
  build: (a: { n: number; type: number; norm: Norm }) => {
    checkSize(a.n, "n", 0);
    if (name.endsWith("dst")) return mk("dst", operatorType(a.n, a.n, false), [], { n: a.n, type: a.type, norm: a.norm, inverse });
    if (a.type === 1 && a.n < 2) fail("E0302", `DCT type 1 needs n >= 2, got ${a.n}`, 0);
    return mk("dct", operatorType(a.n, a.n, false), [], { n: a.n, type: a.type, norm: a.norm, inverse });
  },
});

defineConstructor(
  fourierCtors("dft", false),
  fourierCtors("idft", true),
  {
    name: "rdft",
    doc: "real-input DFT: n real samples to n//2+1 complex bins (numpy.fft.rfft)",
    params: [{ name: "n", kind: "int" }, { name: "norm", kind: "string", default: "backward", oneOf: NORMS }],
    build: (a) => mk("rdft", operatorType(Math.floor(checkSize(a.n, "n", 0) / 2) + 1, a.n, true, { realInput: true }), [], { n: a.n, norm: a.norm }),
  },
  {
    name: "irdft",
    doc: "inverse of rdft: n//2+1 complex bins to n real samples (numpy.fft.irfft)",
    params: [{ name: "n", kind: "int" }, { name: "norm", kind: "string", default: "backward", oneOf: NORMS }],
    build: (a) => mk("irdft", operatorType(a.n, Math.floor(checkSize(a.n, "n", 0) / 2) + 1, true, { realOutput: true }), [], { n: a.n, norm: a.norm }),
  },
  dctCtor("dct", false),
  dctCtor("idct", true),
  dctCtor("dst", false),
  dctCtor("idst", true),
  {
    name: "wht",
    doc: "Walsh-Hadamard transform in Sylvester (natural) order; n a power of two",
    params: [{ name: "n", kind: "int" }, { name: "norm", kind: "string", default: "backward", oneOf: NORMS }],
    build: (a) => mk("wht", operatorType(checkPow2(a.n, "n", 0), a.n, false), [], { n: a.n, norm: a.norm }),
  },
);

export const fourierOps = {
  dft: {
    dense: (n) => dftMatrix(n.arg.n, n.arg.norm, n.arg.inverse),
    apply: (node, _src, x) => {
      const { n, norm, inverse } = node.arg;
      return dftRows(x, n, inverse, fftScale(norm, n, inverse), n);
    },
  },
  rdft: {
    dense: (node) => {
      const { n, norm } = node.arg;
      const full = dftMatrix(n, norm, false);
      const rows = Math.floor(n / 2) + 1;
      return { rows, cols: n, re: full.re.slice(0, rows * n), im: full.im.slice(0, rows * n) };
    },
    apply: (node, _src, x) => {
      const { n, norm } = node.arg;
      return dftRows(x, n, false, fftScale(norm, n, false), Math.floor(n / 2) + 1);
    },
  },
  irdft: { apply: (node, _src, x) => irdftApply(node.arg.n, node.arg.norm, x) },
  dct: {
    verify: (n) => ([1, 2, 3, 4].includes(n.arg.type) ? undefined : "dct type must be 1..4"),
    apply: (node, _src, x) => {
      const { n, type, norm, inverse } = node.arg;
      return realRows(x, n, (v) => dctRow(v, type, norm, inverse));
    },
  },
  dst: {
    verify: (n) => ([1, 2, 3, 4].includes(n.arg.type) ? undefined : "dst type must be 1..4"),
    apply: (node, _src, x) => {
      const { n, type, norm, inverse } = node.arg;
      return realRows(x, n, (v) => dstRow(v, type, norm, inverse));
    },
  },
  wht: { dense: (node) => whtMatrix(node.arg.n, node.arg.norm) },
} satisfies OpDefs;
