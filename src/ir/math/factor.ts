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

/** The smallest primitive root of the prime n (n² < 2^53, so products stay exact). */
export function primitiveRoot(n: number): number {
  if (n === 2) return 1;
  const N = n - 1;
  const fs: number[] = [];
  for (let p = 2, r = N; p * p <= r || r > 1; p++) {
    if (p * p > r) { fs.push(r); break; }
    if (r % p === 0) { fs.push(p); while (r % p === 0) r /= p; }
  }
  const pow = (b: number, e: number) => {
    let r = 1;
    for (b %= n; e > 0; e = Math.floor(e / 2), b = (b * b) % n) if (e % 2) r = (r * b) % n;
    return r;
  };
  for (let g = 2; g < n; g++) if (fs.every((f) => pow(g, N / f) !== 1)) return g;
  throw new Error(`no primitive root mod ${n}: not prime`);
}
