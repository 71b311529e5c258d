// The per-target schedule table (Halide's schedule, FFTW's planner options): every choice that
// differs between targets lives here and nowhere else — FFT algorithms and radices, direct vs
// FFT for Toeplitz-like operators, circulant embedding sizes, dense limits. The planner
// (fft.ts, cost.ts) and the lowering rules read it; the `schedule` pass records the resulting
// plans on the lowered graph, where backends and `linc explain` find them.
import { type FftPlan, type FftRoute, type Target, isPow2 } from "../../ir/index.js";
import { codeletPow2Radices, nextPow2, planFft, primeFactors, radix4Pow2Radices } from "./fft.js";
import { fftFlops, smoothEmbeddingSize } from "./cost.js";
import { LOWERED_OPS, type LoweredOp } from "../lower/ops.js";
import { dctFftSizes } from "../lower/dct.js";

export { type Target, TARGETS } from "../../ir/index.js";

export interface FftSchedule {
  /** Sizes done as one straight-line codelet / one dense DFT stage. */
  direct(n: number): boolean;
  /** Largest composite radix of one pass or stage. */
  maxRadix: number;
  /** Largest prime done as one pass or stage (above: Rader or Bluestein). */
  maxPrime: number;
  /** "codelets": the power-of-two part in pow2Radices, odd primes one pass each; "stages": the cost-minimising MatMul factorisation. */
  radices: "codelets" | "stages";
  pow2Radices(a: number): number[];
  /** Whether Rader's algorithm may replace Bluestein for a prime n. */
  rader: boolean;
  /** Whether the target's backend renders a pass of radix r (what a wisdom's or the tuner's radix lists may hold). */
  radixOk(r: number): boolean;
}

/**
 * How the target's kernels run a Fourier-route Gaunt product (gaunt_fourier), for the cost model
 * that picks it over the direct coefficient sum: "torus" the paper's 2-D FFT route (the
 * reference's meaning), "grid" the O(L³) Gauss-node x azimuth grid form of the cpu and gpujs
 * kernels, "einsum" onnx's three grid MatMuls (its direct route is a dense bilinear Einsum too).
 */
export type GauntForm = "torus" | "grid" | "einsum";

export interface Schedule {
  readonly target: Target;
  readonly fft: FftSchedule;
  /** Largest operator (rows x cols entries) that transposes/inverses without structure may materialise. */
  readonly denseFallbackLimit: number;
  /** Whether an m x n Toeplitz-like operator stays a direct O(mn) product instead of an FFT route. */
  keepDirect(m: number, n: number): boolean;
  /** Whether a circulant of size n stays direct rather than going spectral. */
  keepCirculantDirect(n: number): boolean;
  /** The circulant embedding size (>= need) of Toeplitz-like operators. */
  embeddingSize(need: number): number;
  /** Real transforms (rdft, irdft, a dft of real rows) of even n: through a complex FFT of n/2 points, or of n. */
  readonly realFft: "half" | "full";
  /** Length of the complex FFT a DCT of this type and size runs. */
  dctFftSize(n: number, type: number): number;
  /** The precision of a DCT's FFT: always f64 (the cpu's and wasm's float64 scratch rows), or the data's. */
  readonly dctPrecision: "f64" | "data";
  /** How the Fourier-route Gaunt product runs on this target (its cost: rules/sphere.ts, gauntCosts). */
  readonly gaunt: GauntForm;
  /**
   * Outer FFTs shorter than this (per precision of the data) run the cpu backend's JavaScript
   * kernel, with its plan (jsPlan), instead of the target's own: wasm, where a small transform
   * costs more in its call and copies than in its passes. A renderer choice, recorded on the
   * lowered program (Program.render, RenderChoices.jsFft) for the renderer to read; a wisdom's
   * measured choice per length comes first (its `"kernel": "js"`).
   */
  readonly jsBelow?: Readonly<Record<"f32" | "f64", number>>;
  /**
   * The kernel ops whose stage programs (src/passes/lower) the `lower` pass records on this
   * target: those its backend renders from stages. Backends migrate one at a time; until then
   * they render the kernel ops themselves and list none.
   */
  readonly stageOps: readonly LoweredOp[];
}

/** The direct O(mn) product against ~2 real FFTs of the embedding plus the pointwise product. */
/** The FFT size of the lowering's DCT of this type (passes/lower/dct.ts): n for types II and III, the even or odd extension for I and IV. */
const lowerDctSize = (n: number, type: number): number => dctFftSizes(n, type)[0];

const cheaperDirect = (embed: (need: number) => number) => (m: number, n: number): boolean => {
  const N = embed(m + n - 1);
  return 2 * m * n <= 2 * fftFlops(N) * 0.5 + 8 * N;
};

/**
 * wasm SIMD codelets: radix-4 Stockham passes (one radix 8 first when log2 n is odd; radix 2
 * alone for n = 2), odd primes up to 13 one pass each; no straight-line direct codelets.
 */
export const wasmPow2Radices = (a: number): number[] => (a === 1 ? [2] : [...(a % 2 ? [8] : []), ...Array((a - 3 * (a % 2)) >> 1).fill(4)]);
const WASM_FFT: FftSchedule = {
  direct: () => false, maxRadix: 8, maxPrime: 13, radices: "codelets", pow2Radices: wasmPow2Radices, rader: true,
  // codelets for powers of two (to 16: the registers) and odd radices (to 13)
  radixOk: (r) => r >= 2 && (isPow2(r) ? r <= 16 : r % 2 === 1 && r <= 13),
};

const CPU_FFT: FftSchedule = {
  direct: (n) => n <= 16, maxRadix: 13, maxPrime: 13, radices: "codelets", pow2Radices: codeletPow2Radices, rader: true,
  // straight-line codelets of any small size (cpu/stagepass.ts)
  radixOk: (r) => r >= 2 && r <= 16,
};

/**
 * The kernel ops every compiling backend renders from their stage programs: the Fourier family,
 * WHT and butterfly. Each backend's list adds what it renders well from `matmul` programs.
 */
const RENDERED: readonly LoweredOp[] = ["dft", "rdft", "irdft", "wht", "butterfly"];

/**
 * The kernel ops the gpujs backend renders from their stage programs (backends/gpujs/stages.ts,
 * matmul included): the Fourier family, the DCT and DST through one complex FFT, the explicit
 * and block-structured matrices and the structural ops. Not eye (the identity is free as a kernel
 * op). A perm of a run-time index, or a kron or blockdiag of an op the lowering does not cover,
 * gets no program and renders as a kernel op.
 */
const GPUJS_STAGED: readonly LoweredOp[] = [
  ...RENDERED, "dct", "dst", "dense", "lowrank", "diagblocks", "monarch", "kron", "blockdiag", "diag", "perm", "bitrev", "stride", "window", "reverse",
];

/**
 * The kernel ops the onnx backend renders from their stage programs (backends/onnx/stagerender.ts,
 * which renders `matmul`): the Fourier family, the DCT and DST, and Monarch. The others stay one
 * or a few ONNX ops on the natural layout, cheaper than a program's way in and out of its
 * batch-last layout (bench, f32, 64 rows, median ms as kernel ops / as programs): dense(W) 1024 x
 * 1024 0.85 / 1.3, kron(dense 64, dense 64) 0.6 / 1.05, blockdiag of 4 dense 256 0.23 / 0.33;
 * likewise lowrank, diagblocks and the structural ops (eye, diag, perm, bitrev, stride, window, reverse).
 */
const ONNX_RENDERED: readonly LoweredOp[] = [...RENDERED, "dct", "dst", "monarch"];

/**
 * The kernel ops the cpu and wasm backends render from their stage programs: the Fourier family,
 * the DCT and DST, the ops lowered to block products (matmul) and the structural ones (the cpu's
 * stage renderer, backends/cpu/stages.ts; wasm renders what it can of them in SIMD, the rest as
 * the cpu's JavaScript).
 */
const CPU_RENDERED: readonly LoweredOp[] = [
  ...RENDERED, "dct", "dst", "dense", "monarch", "kron", "blockdiag", "lowrank", "diagblocks",
  "eye", "diag", "perm", "bitrev", "stride", "window", "reverse",
];

/**
 * wasm's: the cpu's but the DCT and DST, whose real rows run faster as the cpu's DCT kernels
 * around the wasm FFT (backends/cpu/dct.ts) than as their program (its pointwise stages in
 * JavaScript): 1.1-1.2x at n = 1024 x 64 rows, 2x at n = 65536 x 1 row, measured side by side.
 */
const WASM_RENDERED: readonly LoweredOp[] = CPU_RENDERED.filter((op) => op !== "dct" && op !== "dst");

const CPU: Schedule = {
  target: "cpu",
  fft: CPU_FFT,
  realFft: "half",
  denseFallbackLimit: 1 << 20,
  keepDirect: cheaperDirect(smoothEmbeddingSize),
  keepCirculantDirect: (n) => n <= 64 && cheaperDirect(smoothEmbeddingSize)(n, n),
  embeddingSize: smoothEmbeddingSize,
  dctFftSize: lowerDctSize,
  dctPrecision: "f64",
  gaunt: "grid",
  stageOps: CPU_RENDERED,
};

/**
 * A schedule under an FFT route (FFT_ROUTES: PassOptions.fft, `linc compile --fft`, onnx only):
 * "matmul" and "dft" plan every FFT as one direct stage, "fourstep" none; "auto" changes nothing.
 */
export function withFftRoute(s: Schedule, route: FftRoute = "auto"): Schedule {
  if (route === "auto") return s;
  const direct = route === "fourstep" ? () => false : () => true;
  return { ...s, fft: { ...s.fft, direct } };
}

/** The plan of the cpu backend's JavaScript kernel for an FFT of n points, on a target that runs it (wasm). */
export const jsPlan = (n: number): FftPlan => planFft(n, CPU_FFT);

export const SCHEDULES: Record<Target, Schedule> = {
  // the reference evaluates the exact meanings: every structured route, no shortcuts
  reference: {
    target: "reference",
    fft: CPU_FFT,
    realFft: "half",
    denseFallbackLimit: 1 << 20,
    keepDirect: () => false,
    keepCirculantDirect: () => false,
    embeddingSize: smoothEmbeddingSize,
    dctFftSize: lowerDctSize,
    dctPrecision: "f64",
    gaunt: "torus",
    // every covered op: the golden cases check the recorded programs against the ops' meanings (test/stages/pass.test.ts)
    stageOps: LOWERED_OPS,
  },
  cpu: CPU,
  // the cpu's choices, with the FFT plans of the wasm codelets (backends/wasm/stockham.ts)
  // bench/wasm.ts's crossover (batch 256, per transform): the JavaScript codelets win below
  // n = 32 for c64 (n = 16: 0.07 against 0.12 µs) and below 64 for c128 (n = 32: 0.13 against 0.16 µs)
  // stages: the wasm renderer (backends/wasm/render.ts) renders these ops' stage programs
  wasm: { ...CPU, target: "wasm", fft: WASM_FFT, jsBelow: { f32: 32, f64: 64 }, stageOps: WASM_RENDERED },
  gpujs: {
    target: "gpujs",
    // codelets of one output per thread (backends/gpujs/stages.ts), so each pass costs a thread
    // about r: radix-4 Stockham passes (+ one 2) for powers of two, odd primes up to 13 one pass
    // each (3·3 as 9), one codelet for the other n up to 16, Rader or Bluestein above
    fft: { direct: (n) => n <= 16 && !isPow2(n), maxRadix: 4, maxPrime: 13, radices: "codelets", pow2Radices: radix4Pow2Radices, rader: true, radixOk: (r) => r >= 2 && r <= 16 },
    realFft: "half",
    denseFallbackLimit: 1 << 20,
    keepDirect: cheaperDirect(nextPow2),
    keepCirculantDirect: (n) => n <= 64 && cheaperDirect(nextPow2)(n, n),
    embeddingSize: nextPow2,
    dctFftSize: lowerDctSize,
    dctPrecision: "data",
    gaunt: "grid",
    stageOps: GPUJS_STAGED,
  },
  onnx: {
    target: "onnx",
    // MatMul stages with the twiddles folded in: radices up to 64, primes up to 256 as one dense stage
    fft: { direct: (n) => n <= 64, maxRadix: 64, maxPrime: 256, radices: "stages", pow2Radices: radix4Pow2Radices, rader: false,
      radixOk: (r) => r >= 2 && (r <= 64 || (r <= 256 && primeFactors(r).length === 1)) },
    // real transforms as the full-size staged FFT with a real first stage (half its work), which
    // the fused spectral products (irdft(rdft(u) ⊙ S)) run as one pipeline
    realFft: "full",
    denseFallbackLimit: 1 << 16,
    keepDirect: cheaperDirect(smoothEmbeddingSize),
    keepCirculantDirect: (n) => n <= 64 && cheaperDirect(smoothEmbeddingSize)(n, n),
    embeddingSize: smoothEmbeddingSize,
    // the DCT's stage program (src/passes/lower/dct.ts): types 2 and 3 by Makhoul's n-point FFT
    dctFftSize: (n, type) => (type === 1 ? 2 * (n - 1) : type === 4 ? 2 * n : n),
    dctPrecision: "data",
    gaunt: "einsum",
    // rendered by backends/onnx/stagerender.ts
    stageOps: ONNX_RENDERED,
  },
};
