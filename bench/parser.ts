// Front-end cost (issue 10, item 10): time and memory of `check` (parse + type check, the DSL's
// checkSource) per 1000 statements at growing sizes, and for 1 MB of blank lines (the spec-size
// cap), to show that cost stays linear within the cap. Each size is measured in rounds that
// alternate with the 1k-statement baseline, so the ratio "per 1k statements vs the 1k size"
// should stay near 1 when the front end is linear. Memory: the heap growth (after a GC) while
// the result of one check is alive, and the process's peak RSS at the end.
// Run: node --import tsx --expose-gc bench/parser.ts
import { checkSource } from "../src/dsl/index.js";

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** A spec of n independent statements over one input (no chain: depth stays 2). */
function statements(n: number): string {
  const lines = ["input x: f64[batch, 8]"];
  for (let i = 0; i < n; i++) lines.push(`t${i} = dft(8) @ (x * ${(i % 7) + 1}.5)`);
  lines.push("output y = t0");
  return lines.join("\n") + "\n";
}

function once(src: string): { ms: number; heap: number; errors: number } {
  gc();
  const h0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const d = checkSource(src, "bench.linc");
  const ms = performance.now() - t0;
  const heap = process.memoryUsage().heapUsed - h0; // allocated during the check, garbage included
  if (d.length) throw new Error(`bench spec has errors: ${d[0].message}`);
  return { ms, heap, errors: d.length };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}..${Math.max(...xs).toFixed(0)}`;

const base = statements(1000);
const sizes = [1000, 4000, 16000];
const rounds = 5;
console.log("check (parse + type check), per 1000 statements; rounds alternate with the 1k baseline");
console.log("statements   bytes      ms total (spread)   ms / 1k   x 1k-baseline   heap MB / 1k (allocated)");
for (const n of sizes) {
  const src = statements(n);
  if (src.length > 1024 * 1024) continue;
  const ts: number[] = [], bs: number[] = [], hs: number[] = [];
  once(src); // warm-up
  for (let r = 0; r < rounds; r++) {
    const a = once(src), b = once(base);
    ts.push(a.ms), bs.push(b.ms), hs.push(a.heap);
  }
  const per = (median(ts) / n) * 1000, basePer = median(bs);
  console.log(
    `${String(n).padStart(10)} ${String(src.length).padStart(8)}  ${median(ts).toFixed(1).padStart(9)} (${spread(ts)})`.padEnd(42) +
      `${per.toFixed(1).padStart(8)}   ${(per / basePer).toFixed(2).padStart(12)}   ${((median(hs) / n) * 1000 / 2 ** 20).toFixed(2).padStart(12)}`,
  );
}

// 1 MB of blank lines (the spec-size cap is 1 MiB) with one declaration and output at the end
const blank = "\n".repeat(1_000_000) + "input x: f64[4]\noutput y = x\n";
const bt: number[] = [], bh: number[] = [];
once(blank);
for (let r = 0; r < rounds; r++) {
  const a = once(blank);
  bt.push(a.ms), bh.push(a.heap);
}
console.log(`\n1 MB of blank lines: ${median(bt).toFixed(1)} ms (${spread(bt)}), heap allocated ${(median(bh) / 2 ** 20).toFixed(1)} MB`);
console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
