// Mixed-radix Stockham autosort FFT passes, generated as straight-line JavaScript.
//
// With radices r_0 … r_{P-1} (n = Π r_i), pass i has stride s = r_0 ⋯ r_{i-1} and
// m = n / (s·r) butterfly groups; it maps x to y by (decimation in frequency)
//   y[q + s(r p + j)] = ω_{rm}^{j p} · Σ_k ω_r^{j k} x[q + s(p + k m)],   p < m, q < s,
// so the result lands in natural order with no bit reversal. The first pass (s = 1) is one
// loop over p; the last (m = 1) has no twiddles and carries the optional output scale;
// middle passes load the r−1 twiddles of a group once and reuse them for s butterflies.
// Passes ping-pong between scratch buffers, and the last one writes the caller's output.

import { type C, Dag } from "../../../codegen/dag.js";
import { butterfly as codelet, range } from "../../../codegen/dft.js";
import { jsCodelet } from "../../../codegen/js.js";
import { type StockhamPass, stockhamPasses } from "../../../ir/index.js";

/**
 * Code-shape knobs, set to what measured fastest on x64 V8 (Node 20); kept so that A/B
 * runs can revisit them on other engines. deriveTwiddles: in the first pass (no reuse
 * across butterflies) load only w_1 or the powers of two w_1, w_2, w_4… and multiply out
 * the rest (measured slower: the table loads are cheap). intIndex: offsets into the
 * caller's arrays as `(i + k) | 0`, which drops V8's overflow check on the add (a few %
 * faster). flatMiddle: middle passes as one loop over all butterflies, which lets V8 fold
 * the scratch arrays' base and length, but reloads twiddles (measured slower).
 */
export const tuning = { deriveTwiddles: "none" as "none" | "pow2" | "one", intIndex: true, flatMiddle: false };

export type Pass = StockhamPass;
export const passesOf = stockhamPasses;

const plus = (base: string, k: number) => (k === 0 ? base : tuning.intIndex ? `(${base} + ${k}) | 0` : `${base} + ${k}`);

/** The twiddle exponents j a pass loads from its table; the others are products of these. */
export function loadedTwiddles(p: Pass): number[] {
  const all = range(p.r).slice(1);
  if (p.s !== 1 || tuning.deriveTwiddles === "none") return all;
  if (tuning.deriveTwiddles === "one") return [1];
  return all.filter((j) => (j & (j - 1)) === 0);
}

/** Declares w{j}r, w{j}i for j = 1..r-1: loads for `loaded`, w_j = w_a·w_b (a the top bit of j) else. */
function twiddleDecls(r: number, loaded: number[], tw: string, base: string, ind: string): string[] {
  const L: string[] = [];
  const have = new Set<number>();
  loaded.forEach((j, k) => {
    L.push(`${ind}const w${j}r = ${tw}[${base} + ${2 * k}], w${j}i = ${tw}[${base} + ${2 * k + 1}];`);
    have.add(j);
  });
  for (let j = 2; j < r; j++) {
    if (have.has(j)) continue;
    let a = 1;
    while (have.has(a * 2) && a * 2 < j) a *= 2;
    if (!have.has(j - a)) a = j >> 1; // w_j = w_{j/2}² style split when powers are not loaded
    const b = j - a;
    L.push(`${ind}const w${j}r = w${a}r * w${b}r - w${a}i * w${b}i, w${j}i = w${a}r * w${b}i + w${a}i * w${b}r;`);
    have.add(j);
  }
  return L;
}

/**
 * Where a pass reads or writes: a caller's array passed as a parameter with a run-time
 * offset (`off` names it), or a scratch array of the kernel at offset 0 (`off` null). V8
 * specialises a closure to its constant scratch arrays, so their accesses compile to a
 * compare and a load with a constant base and length; the caller's arrays cost more.
 */
export interface Buf {
  readonly name: string;
  readonly off: string | null;
}

/**
 * The body of one butterfly: load r values from src at i, transform (the codelet, times the
 * twiddles w{j}r, w{j}i when `twiddled`, times `scale`), store to dst at o.
 */
function butterfly(p: Pass, src: Buf, dst: Buf, sign: 1 | -1, twiddled: boolean, scale: number, indent: string): string[] {
  const d = new Dag(), L: string[] = [];
  const at = (b: Buf, base: string, k: number) => (b.off === null ? (k === 0 ? base : `${base} + ${k}`) : plus(base, k));
  const xs = range(p.r).map((k): C => {
    L.push(`${indent}const x${k}r = ${src.name}[${at(src, "i", 2 * p.s * p.m * k)}], x${k}i = ${src.name}[${at(src, "i", 2 * p.s * p.m * k + 1)}];`);
    return { re: d.load(`x${k}r`), im: d.load(`x${k}i`) };
  });
  const ws = range(p.r).map((j): C | null => (twiddled && j > 0 ? { re: d.load(`w${j}r`), im: d.load(`w${j}i`) } : null));
  const ys = codelet(d, xs, ws, sign, scale);
  const js = jsCodelet(ys.flatMap((y) => [y.re, y.im]), { indent });
  L.push(...js.lines);
  ys.forEach((y, j) => L.push(`${indent}${dst.name}[${at(dst, "o", 2 * p.s * j)}] = ${js.expr(y.re)}; ${dst.name}[${at(dst, "o", 2 * p.s * j + 1)}] = ${js.expr(y.im)};`));
  return L;
}

/**
 * Source of `function name(…)` running one pass on a single transform, from src to dst
 * (parameters: the caller's arrays and offsets among them); `tw` names the pass's twiddle
 * table (see twTable in tables.ts), which holds forward twiddles whatever `sign` is.
 */
export function emitPass(name: string, p: Pass, src: Buf, dst: Buf, sign: 1 | -1, tw: string, scale: number): string {
  const { r, s, m } = p;
  const params = [src, dst].filter((b) => b.off !== null).map((b) => `${b.name}, ${b.off}`);
  const L: string[] = [`function ${name}(${params.join(", ")}) {`];
  const i0 = src.off ?? "0", o0 = dst.off ?? "0";
  const nt = loadedTwiddles(p).length;
  const loadTw = (ind: string, base: string) => twiddleDecls(r, loadedTwiddles(p), tw, base, ind);
  // Indices are derived from bounded loop counters, so V8 can type their ranges and drop
  // overflow checks (and, on the constant scratch arrays, fold the array's base and length).
  const off = (o: string, e: string) => (o === "0" ? e : `${o} + ${e}`);
  if (m === 1) {
    // Last pass: p = 0, no twiddles; one loop over q.
    L.push(`  for (let q = 0; q < ${2 * s}; q += 2) {`);
    L.push(`    const i = ${off(i0, "q")}, o = ${off(o0, "q")};`);
    L.push(...butterfly(p, src, dst, sign, false, scale, "    "));
    L.push("  }");
  } else if (s === 1) {
    // First pass: q = 0; one loop over p with fresh twiddles per butterfly.
    L.push(`  for (let p = 0; p < ${m}; p++) {`);
    L.push(`    const i = ${off(i0, "2 * p")}, o = ${off(o0, `${2 * r} * p`)}, t = ${2 * nt} * p;`);
    L.push(...loadTw("    ", "t"));
    L.push(...butterfly(p, src, dst, sign, true, scale, "    "));
    L.push("  }");
  } else if (!tuning.flatMiddle) {
    L.push(`  for (let p = 0; p < ${m}; p++) {`);
    L.push(`    const t = ${2 * nt} * p, ib = ${off(i0, `${2 * s} * p`)}, ob = ${off(o0, `${2 * s * r} * p`)};`);
    L.push(...loadTw("    ", "t"));
    L.push(`    for (let q = 0; q < ${2 * s}; q += 2) {`);
    L.push(`      const i = ib + q, o = ob + q;`);
    L.push(...butterfly(p, src, dst, sign, true, scale, "      "));
    L.push("    }");
    L.push("  }");
  } else {
    // Middle pass: one flat loop over the m·s butterflies. V8 folds the constant scratch
    // and twiddle arrays in a single loop but not inside nested ones, so the twiddles are
    // reloaded per butterfly (cheap once folded) rather than hoisted out of an inner loop.
    const pOf = (s & (s - 1)) === 0 ? `g >> ${Math.log2(s)}` : `(g / ${s}) | 0`;
    L.push(`  for (let g = 0; g < ${m * s}; g++) {`);
    L.push(`    const p = ${pOf}, t = ${2 * nt} * p;`);
    L.push(`    const i = ${off(i0, "2 * g")}, o = ${off(o0, `2 * g + ${2 * s * (r - 1)} * p`)};`);
    L.push(...loadTw("    ", "t"));
    L.push(...butterfly(p, src, dst, sign, true, scale, "    "));
    L.push("  }");
  }
  L.push("}");
  return L.join("\n");
}

/**
 * A complete single-codelet transform for small n, looping over the batch: every value is
 * loaded before any is stored, so it also runs in place.
 */
export function emitDirect(name: string, n: number, sign: 1 | -1, scale: number): string {
  const p: Pass = { r: n, s: 1, m: 1 };
  return [
    `function ${name}(x, xo, y, yo, batch) {`,
    `  for (let b = 0, i = xo, o = yo; b < batch; b++, i += ${2 * n}, o += ${2 * n}) {`,
    ...butterfly(p, { name: "x", off: "xo" }, { name: "y", off: "yo" }, sign, false, scale, "    "),
    "  }",
    "}",
  ].join("\n");
}
