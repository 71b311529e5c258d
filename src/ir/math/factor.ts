// Integer facts the FFT planner and its renderers share.

/** Prime factors of n, ascending, with multiplicity. */
export function primeFactors(n: number): number[] {
  const out: number[] = [];
  for (let p = 2; p * p <= n; p++) while (n % p === 0) (out.push(p), (n /= p));
  if (n > 1) out.push(n);
  return out;
}

/** The smallest power of two >= n (1 for n <= 1). */
export const nextPow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(n, 1)));
