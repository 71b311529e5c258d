// Honest timing for the command line: a sample's min / median / max, durations in a readable
// unit, throughput in GFLOP/s, and a ratio said in words ("3.2x faster than reference"), never
// a bare "3.2x" the reader has to guess the direction of.

export interface Spread {
  runs: number;
  min: number;
  median: number;
  max: number;
}

/** min / median / max of a sample of times in ms (the median of an even count is the mean of the middle two). */
export function spread(ms: readonly number[]): Spread {
  if (ms.length === 0) throw new RangeError("no timings");
  const s = [...ms].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { runs: s.length, min: s[0], median, max: s[s.length - 1] };
}

/** A duration given in ms, in µs, ms or s with 3 significant digits: `812 µs`, `14.6 ms`, `2.31 s`. */
export function duration(ms: number): string {
  const [v, unit] = ms < 1 ? [ms * 1000, "µs"] : ms < 1000 ? [ms, "ms"] : [ms / 1000, "s"];
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${unit}`;
}

/** `12.3 GFLOP/s` for `flops` per run done in `ms`. */
export function gflops(flops: number, ms: number): string {
  const g = flops / (ms * 1e6);
  return `${g >= 100 ? g.toFixed(0) : g >= 1 ? g.toFixed(1) : g.toPrecision(2)} GFLOP/s`;
}

/** How `ms` compares with `baselineMs`, in words: `6.7x faster than reference`, `1.6x slower than cpu`. */
export function compared(ms: number, baselineMs: number, baseline: string): string {
  if (!(ms > 0) || !(baselineMs > 0)) return "";
  const r = baselineMs / ms;
  if (r >= 0.995 && r < 1.005) return `as fast as ${baseline}`;
  const x = r >= 1 ? r : 1 / r;
  return `${x >= 100 ? x.toFixed(0) : x.toFixed(1)}x ${r >= 1 ? "faster" : "slower"} than ${baseline}`;
}

/** A flop count with an SI prefix: `240 flop`, `1.90 Mflop`, `3.4 Gflop`. */
export function flopCount(n: number): string {
  const [v, p] = n >= 1e9 ? [n / 1e9, "G"] : n >= 1e6 ? [n / 1e6, "M"] : n >= 1e3 ? [n / 1e3, "k"] : [n, ""];
  return `${p ? v.toPrecision(3) : Math.round(v)} ${p}flop`;
}

/** Milliseconds since `t0` (a performance.now() reading). */
export const since = (t0: number): number => performance.now() - t0;
