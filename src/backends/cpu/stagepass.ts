// The JavaScript text of the Fourier stages `stockham` and `codelet` (a codelet is one pass of
// radix n): the butterflies come from the shared codelet generator (src/codegen: dft.ts over the
// dag.ts expression DAG, unparsed by js.ts), the loops and addresses are this file's.
//
// A pass of radix r at stride s (m = n / (r·s) groups) maps x to y by
//   y[q + s(r p + j)] = w_{p,j} · Σ_k ω_r^{j k} x[q + s(p + k m)],   p < m, q < s,
// with the twiddles w_{p,j} read from the stage's table ([p][j], r complex entries per p; the
// table holds the pass's own sign; w_{p,0} = ω^0 = 1 by the op's definition, never read). The first pass (s = 1) is one loop over p; the last (m = 1)
// has no twiddles and may carry a folded output scale; middle passes load the r − 1 twiddles of
// a group once and reuse them for s butterflies. Addresses count floats: `u` floats per element
// (2 for a complex element of a line with inner = 1; 2·inner along a strided axis).
import { type C, Dag } from "../../codegen/dag.js";
import { dft, range } from "../../codegen/dft.js";
import { jsCodelet } from "../../codegen/js.js";
import type { StockhamPass } from "../../ir/index.js";

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

/**
 * Where a pass reads or writes: a caller's array passed as a parameter with a run-time
 * offset (`caller`), or a scratch array of the kernel (its offset a constant expression, or a
 * line's base). V8 specialises a closure to its constant scratch arrays, so their accesses
 * compile to a compare and a load with a constant base and length; the caller's arrays cost more.
 */
export interface Buf {
  readonly name: string;
  /** The float offset of the line's element 0 (an expression, "0" for a scratch array at its start). */
  readonly off: string;
  readonly caller: boolean;
}

const plus = (b: Buf, base: string, k: number) => (k === 0 ? base : tuning.intIndex && b.caller ? `(${base} + ${k}) | 0` : `${base} + ${k}`);

/** The twiddle exponents j a pass loads from its table; the others are products of these. */
export function loadedTwiddles(p: Pass): number[] {
  const all = range(p.r).slice(1);
  if (p.s !== 1 || tuning.deriveTwiddles === "none") return all;
  if (tuning.deriveTwiddles === "one") return [1];
  return all.filter((j) => (j & (j - 1)) === 0);
}

/** Declares w{j}r, w{j}i for j = 1..r-1: loads for `loaded` (table entry p·r + j), w_j = w_a·w_b (a the top bit of j) else. */
function twiddleDecls(r: number, loaded: number[], tw: string, base: string, ind: string): string[] {
  const L: string[] = [];
  const have = new Set<number>();
  for (const j of loaded) {
    L.push(`${ind}const w${j}r = ${tw}[${base} + ${2 * j}], w${j}i = ${tw}[${base} + ${2 * j + 1}];`);
    have.add(j);
  }
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
 * The body of one butterfly: load r values from src at i, transform (the codelet, times the
 * twiddles w{j}r, w{j}i when `twiddled`, times `scale`), store to dst at o.
 */
function butterfly(p: Pass, u: number, src: Buf, dst: Buf, sign: 1 | -1, twiddled: boolean, scale: number, indent: string): string[] {
  const d = new Dag(), L: string[] = [];
  const xs = range(p.r).map((k): C => {
    L.push(`${indent}const x${k}r = ${src.name}[${plus(src, "i", u * p.s * p.m * k)}], x${k}i = ${src.name}[${plus(src, "i", u * p.s * p.m * k + 1)}];`);
    return { re: d.load(`x${k}r`), im: d.load(`x${k}i`) };
  });
  const ys = dft(d, xs, sign).map((y, j) => {
    const t = twiddled && j > 0 ? d.cmul(y, { re: d.load(`w${j}r`), im: d.load(`w${j}i`) }) : y;
    return scale === 1 ? t : d.scale(t, scale);
  });
  const js = jsCodelet(ys.flatMap((y) => [y.re, y.im]), { indent });
  L.push(...js.lines);
  ys.forEach((y, j) => L.push(`${indent}${dst.name}[${plus(dst, "o", u * p.s * j)}] = ${js.expr(y.re)}; ${dst.name}[${plus(dst, "o", u * p.s * j + 1)}] = ${js.expr(y.im)};`));
  return L;
}

/**
 * The statements of one pass on one line, from src to dst, `u` floats per element; `tw` names
 * the pass's twiddle table (absent when m = 1). Every value of a butterfly is loaded before any
 * is stored, so a single-pass codelet (m = 1, s = 1) may run in place.
 */
export function passLines(p: Pass, u: number, src: Buf, dst: Buf, sign: 1 | -1, tw: string | undefined, scale: number, ind: string): string[] {
  const { r, s, m } = p;
  const L: string[] = [];
  const i0 = src.off, o0 = dst.off;
  const loadTw = (ind2: string, base: string) => twiddleDecls(r, loadedTwiddles(p), tw!, base, ind2);
  // Indices are derived from bounded loop counters, so V8 can type their ranges and drop
  // overflow checks (and, on the constant scratch arrays, fold the array's base and length).
  const off = (o: string, e: string) => (o === "0" ? e : `${o} + ${e}`);
  if (m === 1) {
    // Last pass: p = 0, no twiddles; one loop over q.
    if (s === 1) {
      L.push(`${ind}{`, `${ind}  const i = ${i0}, o = ${o0};`, ...butterfly(p, u, src, dst, sign, false, scale, ind + "  "), `${ind}}`);
      return L;
    }
    L.push(`${ind}for (let q = 0; q < ${u * s}; q += ${u}) {`);
    L.push(`${ind}  const i = ${off(i0, "q")}, o = ${off(o0, "q")};`);
    L.push(...butterfly(p, u, src, dst, sign, false, scale, ind + "  "));
    L.push(`${ind}}`);
  } else if (s === 1) {
    // First pass: q = 0; one loop over p with fresh twiddles per butterfly.
    L.push(`${ind}for (let p = 0; p < ${m}; p++) {`);
    L.push(`${ind}  const i = ${off(i0, `${u} * p`)}, o = ${off(o0, `${u * r} * p`)}, t = ${2 * r} * p;`);
    L.push(...loadTw(ind + "  ", "t"));
    L.push(...butterfly(p, u, src, dst, sign, true, scale, ind + "  "));
    L.push(`${ind}}`);
  } else if (!tuning.flatMiddle) {
    L.push(`${ind}for (let p = 0; p < ${m}; p++) {`);
    L.push(`${ind}  const t = ${2 * r} * p, ib = ${off(i0, `${u * s} * p`)}, ob = ${off(o0, `${u * s * r} * p`)};`);
    L.push(...loadTw(ind + "  ", "t"));
    L.push(`${ind}  for (let q = 0; q < ${u * s}; q += ${u}) {`);
    L.push(`${ind}    const i = ib + q, o = ob + q;`);
    L.push(...butterfly(p, u, src, dst, sign, true, scale, ind + "    "));
    L.push(`${ind}  }`);
    L.push(`${ind}}`);
  } else {
    // Middle pass: one flat loop over the m·s butterflies. V8 folds the constant scratch
    // and twiddle arrays in a single loop but not inside nested ones, so the twiddles are
    // reloaded per butterfly (cheap once folded) rather than hoisted out of an inner loop.
    const pOf = (s & (s - 1)) === 0 ? `g >> ${Math.log2(s)}` : `(g / ${s}) | 0`;
    L.push(`${ind}for (let g = 0; g < ${m * s}; g++) {`);
    L.push(`${ind}  const p = ${pOf}, t = ${2 * r} * p;`);
    L.push(`${ind}  const i = ${off(i0, `${u} * g`)}, o = ${off(o0, `${u} * g + ${u * s * (r - 1)} * p`)};`);
    L.push(...loadTw(ind + "  ", "t"));
    L.push(...butterfly(p, u, src, dst, sign, true, scale, ind + "  "));
    L.push(`${ind}}`);
  }
  return L;
}
