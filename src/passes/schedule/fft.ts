// The one FFT planner: which algorithm and which radices a DFT of length n gets on a target,
// read from that target's schedule (table.ts). Its plans are recorded on the lowered graph
// (`dft.arg.plan`, `rdft.arg.plan`, ...) by the `schedule` pass; backends render a plan and
// never re-plan. `linc explain` prints them.
//
//   direct(n)                      one straight-line codelet / one dense stage
//   prime factors <= maxPrime      mixed radix: the power-of-two part in the target's radices,
//                                  odd primes one pass each (codelets: 3·3 as 9), or the
//                                  cost-minimising stage factorisation (stages)
//   prime n, n − 1 smooth (rader)  a cyclic convolution of length n − 1, when cheaper than Bluestein
//   otherwise                      Bluestein through an FFT of the smallest power of two >= 2n − 1
import { type FftPlan, describePlan, math } from "../../ir/index.js";

export { describePlan };

const { primeFactors, nextPow2 } = math;
export { primeFactors, nextPow2 };
import type { FftSchedule } from "./table.js";

/** Plans known for some lengths (a wisdom's): used for every FFT of such a length, inner ones too. */
export type PlanLookup = (n: number) => FftPlan | undefined;

export function planFft(n: number, s: FftSchedule, known?: PlanLookup): FftPlan {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT length must be a positive integer, got ${n}`);
  if (s.direct(n)) return { algo: "direct", n };
  const primes = primeFactors(n);
  if (primes.every((p) => p <= s.maxPrime)) return { algo: "mixed", n, radices: radicesOf(n, primes, s) };
  const m = nextPow2(2 * n - 1);
  const sub = (k: number): FftPlan => known?.(k) ?? planFft(k, s, known);
  const bluestein: FftPlan = { algo: "bluestein", n, m, inner: sub(m) };
  if (s.rader && primes.length === 1 && n < 2 ** 26) {
    const inner = sub(n - 1);
    if ((inner.algo === "mixed" || inner.algo === "direct") && 2 * planCost(inner) + 4 * n < 2 * planCost(bluestein.inner) + 4 * m) return { algo: "rader", n, inner };
  }
  return bluestein;
}

function radicesOf(n: number, primes: number[], s: FftSchedule): number[] {
  if (s.radices === "stages") return stageRadices(n, s.maxRadix, s.maxPrime);
  const twos = primes.filter((p) => p === 2).length;
  // odd primes one pass each, except that pairs of 3s become one radix-9 pass (fewer passes)
  const threes = primes.filter((p) => p === 3).length;
  const odd = [...Array(threes >> 1).fill(9), ...Array(threes & 1).fill(3), ...primes.filter((p) => p > 3)];
  return [...s.pow2Radices(twos), ...odd];
}

/**
 * Radices for 2^a as codelet passes, from bench/fft.ts on x64 V8. Up to 2^10 everything sits in
 * L1 and fewer, larger passes win: 8s, then up to two 16s. Above that a radix-r pass reads r
 * streams a power-of-two stride apart, which collide in the cache's sets; 16 streams hurt from
 * 2^11 and 8 from 2^15, so larger sizes use 8s with a closing 4 (or 4, 4), then radix 4 alone.
 */
export function codeletPow2Radices(a: number): number[] {
  if (a === 0) return [];
  if (a <= 4) return [1 << a];
  if (a === 5) return [4, 8];
  if (a <= 10) {
    const k16 = [0, 1, 2][a % 3];
    return [...Array((a - 4 * k16) / 3).fill(8), ...Array(k16).fill(16)];
  }
  if (a <= 14) {
    const tail = [[], [4, 4], [4]][a % 3];
    return [...Array((a - 2 * tail.length) / 3).fill(8), ...tail];
  }
  return [...(a % 2 ? [8] : []), ...Array((a - 3 * (a % 2)) / 2).fill(4)];
}

/** Radix-4 Stockham stages, with one radix-2 stage when a is odd (GPU kernels). */
export const radix4Pow2Radices = (a: number): number[] => [...Array(a >> 1).fill(4), ...(a & 1 ? [2] : [])];

/** Per-stage overhead of a MatMul stage, in multiply-add equivalents per point. */
export const STAGE_OVERHEAD = 48;

/**
 * Stage radices as MatMul stages: the factorisation into factors <= maxRadix (or primes <=
 * maxPrime) that minimises Σ (4·n_a + STAGE_OVERHEAD), largest first (one big GEMM over
 * everything, the smallest last: its matrices hold n·n_L entries).
 */
export function stageRadices(n: number, maxRadix: number, maxPrime: number): number[] {
  if (n <= maxRadix) return [n];
  const memo = new Map<number, { cost: number; dims: number[] }>();
  const best = (m: number): { cost: number; dims: number[] } => {
    if (m === 1) return { cost: 0, dims: [] };
    const hit = memo.get(m);
    if (hit) return hit;
    let r = { cost: Infinity, dims: [] as number[] };
    for (let d = 2; d <= m; d++) {
      if (m % d) continue;
      if (d > maxRadix && (d > maxPrime || primeFactors(d).length > 1)) break;
      const rest = best(m / d), cost = rest.cost + 4 * d + STAGE_OVERHEAD;
      if (cost < r.cost) r = { cost, dims: [d, ...rest.dims] };
    }
    memo.set(m, r);
    return r;
  };
  return [...best(n).dims].sort((a, b) => b - a);
}

/**
 * Rough cost of a plan: n times the flops per point of its passes, an odd radix's codelet
 * dearer per bit than a power of two's. Used to choose Rader or Bluestein.
 */
export function planCost(p: FftPlan): number {
  switch (p.algo) {
    case "direct": return radixCost(p.n, [p.n]);
    case "mixed": return radixCost(p.n, p.radices);
    case "rader": return 2 * planCost(p.inner) + 4 * p.n;
    case "bluestein": return 2 * planCost(p.inner) + 4 * p.m;
  }
}

const radixCost = (n: number, radices: readonly number[]): number =>
  n * radices.reduce((c, r) => c + Math.log2(r) * ((r & (r - 1)) === 0 ? 1 : 1.5) + 0.5, 0);

