// The FFT planner: which algorithm and which radices for a length n.
//
//   n <= 16                     one straight-line codelet (any n, primes included)
//   all prime factors <= 13     mixed-radix Stockham; powers of two in radix 8/16 passes
//                               (4 for large n), odd primes one pass each (3·3 as 9)
//   prime n, n − 1 smooth       Rader: a cyclic convolution of length n − 1 by mixed-radix
//                               FFTs, when its estimated cost beats Bluestein's
//   otherwise                   Bluestein through a power-of-two FFT of size >= 2n - 1

export const MAX_DIRECT = 16;
export const MAX_RADIX = 13;

/** For "rader", radices are those of the length n − 1 convolution FFTs. */
export type Strategy =
  | { kind: "mixed"; radices: number[] }
  | { kind: "rader"; radices: number[] }
  | { kind: "bluestein"; m: number };

export function planStrategy(n: number): Strategy {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT length must be a positive integer, got ${n}`);
  if (n <= MAX_DIRECT) return { kind: "mixed", radices: [n] };
  const primes = primeFactors(n);
  if (primes.some((p) => p > MAX_RADIX)) {
    const m = nextPow2(2 * n - 1);
    const r = primes.length === 1 && n < 2 ** 26 ? planStrategy(n - 1) : null;
    if (r?.kind === "mixed" && 2 * mixedCost(n - 1, r.radices) + 4 * n < 2 * mixedCost(m, pow2Radices(Math.log2(m))) + 4 * m)
      return { kind: "rader", radices: r.radices };
    return { kind: "bluestein", m };
  }
  const twos = primes.filter((p) => p === 2).length;
  // Odd primes one pass each, except that pairs of 3s become one radix-9 pass (fewer passes).
  const threes = primes.filter((p) => p === 3).length;
  const odd = [...Array(threes >> 1).fill(9), ...Array(threes & 1).fill(3), ...primes.filter((p) => p > 3)];
  return { kind: "mixed", radices: [...pow2Radices(twos), ...odd] };
}

/**
 * Radices for 2^a, from bench/fft.ts on x64 V8. Up to 2^10 everything sits in L1 and fewer,
 * larger passes win: 8s, then up to two 16s. Above that a radix-r pass reads r streams a
 * power-of-two stride apart, which collide in the cache's sets; 16 streams hurt from 2^11
 * and 8 from 2^15, so larger sizes use 8s with a closing 4 (or 4, 4), then radix 4 alone.
 */
export function pow2Radices(a: number): number[] {
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

/**
 * Rough cost of a mixed-radix FFT: n times the flops per point of its passes, with an odd
 * radix's codelet dearer per bit than a power of two's. Only used to choose Rader or Bluestein.
 */
function mixedCost(n: number, radices: number[]): number {
  return n * radices.reduce((c, r) => c + Math.log2(r) * ((r & (r - 1)) === 0 ? 1 : 1.5) + 0.5, 0);
}

export function primeFactors(n: number): number[] {
  const out: number[] = [];
  for (let p = 2; p * p <= n; p++) while (n % p === 0) (out.push(p), (n /= p));
  if (n > 1) out.push(n);
  return out;
}

export const nextPow2 = (n: number): number => 2 ** Math.ceil(Math.log2(n));
