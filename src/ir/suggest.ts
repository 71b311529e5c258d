// "Did you mean": the one place that finds the known names closest to a misspelt one, for every
// diagnostic that refuses a name (operators, spec names, keyword arguments, option values,
// backends, targets, passes). Distance is Damerau-Levenshtein (optimal string alignment: an
// insertion, deletion, substitution or swap of two neighbours costs 1), case-insensitive.

/** Edit distance between a and b, with swaps of adjacent characters counted as one edit. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length, n = b.length;
  // three rolling rows: i-2, i-1, i
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/**
 * editDistance(a, b) when it is at most `max`, else max + 1, in O(min(|a|, |b|) · max): only the
 * band of the table within `max` of its diagonal is computed, and the rows stop as soon as every
 * cell of one is past `max`. A 400 KB name against every known one costs nothing this way (the
 * full table made did-you-mean quadratic in the spec's size).
 */
export function editDistanceWithin(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const m = a.length, n = b.length;
  if (Math.abs(m - n) > max) return max + 1;
  const big = max + 1;
  // three rolling rows (i-2, i-1, i), reused between calls: only the band is ever read, and the
  // cells just outside it are set past max as each row is written
  if (rows[0].length < n + 2) rows = [0, 1, 2].map(() => new Int32Array(2 * (n + 2)));
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= Math.min(n, big); j++) prev[j] = j <= max ? j : big;
  for (let i = 1; i <= m; i++) {
    const lo = Math.max(1, i - max), hi = Math.min(n, i + max);
    cur[0] = i <= max ? i : big;
    if (lo > 1) cur[lo - 1] = big;
    if (hi < n) cur[hi + 1] = big;
    let rowMin = cur[0];
    for (let j = lo; j <= hi; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, prev2[j - 2] + 1);
      if (d > big) d = big;
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return big;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[n], big);
}
let rows = [0, 1, 2].map(() => new Int32Array(64));

/** The most edits a name of this length may be away from a known one and still be suggested. */
export const maxEdits = (name: string): number => (name.length <= 2 ? 0 : name.length <= 4 ? 1 : name.length <= 8 ? 2 : 3);

/**
 * The known names closest to `name` (at most `limit`, nearest first, ties in the order given),
 * within maxEdits(name) edits; a known name that differs only in case always qualifies.
 */
export function closest(name: string, known: Iterable<string>, limit = 3): string[] {
  const lower = name.toLowerCase();
  const within = maxEdits(name);
  const hits: { k: string; d: number; i: number }[] = [];
  let i = 0;
  for (const k of new Set(known)) {
    // (a length cut-off first: a name more than `within` longer or shorter is never close)
    const d = k === name || Math.abs(k.length - name.length) > within ? Infinity : editDistanceWithin(lower, k.toLowerCase(), within);
    if (d <= within) hits.push({ k, d, i });
    i++;
  }
  return hits.sort((x, y) => x.d - y.d || x.i - y.i).slice(0, limit).map((h) => h.k);
}

/** Quote a list as `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`. */
export const quoteAlternatives = (names: readonly string[]): string =>
  names.length <= 1 ? names.map((n) => `'${n}'`).join("") : `${names.slice(0, -1).map((n) => `'${n}'`).join(", ")} or '${names[names.length - 1]}'`;

const MEAN = "; did you mean ";

/** `; did you mean 'x'?` for the closest known names, or "" when none is close. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const near = closest(name, known);
  return near.length ? `${MEAN}${quoteAlternatives(near)}?` : "";
}

/** A message and its trailing didYouMean suggestion apart (diagnostics print it as `help:`): ["unknown name 'xx'", "did you mean 'x'?"]. */
export function splitSuggestion(text: string): [string, string | undefined] {
  const at = text.lastIndexOf(MEAN);
  return at < 0 || !text.endsWith("?") ? [text, undefined] : [text.slice(0, at), text.slice(at + 2)];
}
