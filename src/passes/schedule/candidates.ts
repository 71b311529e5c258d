// The candidate plans `linc tune` times for a complex FFT of length n on a target: the cost
// model's plan first, then other factorisations into the target's radices (fewest passes first,
// each largest-first and smallest-first), a direct codelet where the target has one, and Rader
// against Bluestein for large primes. Every candidate passes the same check as a wisdom file's
// plans (wisdom.ts checkPlan), so the tuner can only record plans the backend renders. On the wasm
// target the tuner also times the cpu backend's JavaScript kernel (a wisdom entry's `"kernel": "js"`,
// with the cpu cost model's plan): JS against wasm per FFT, measured like the rest.
import { type FftPlan, type Target, describePlan, math } from "../../ir/index.js";
import { nextPow2, planFft } from "./fft.js";
import { type FftSchedule, type Schedule, SCHEDULES, jsPlan } from "./table.js";

/** Multisets of radices (non-increasing lists) with product n, fewest factors first, at most `limit`. */
function factorisations(n: number, s: FftSchedule, limit: number): number[][] {
  const radices: number[] = [];
  for (let r = 2; r <= Math.min(n, 256); r++) if (n % r === 0 && s.radixOk(r)) radices.push(r);
  const out: number[][] = [];
  // depth-first by number of factors: lists of k factors, for k = 1, 2, ... until enough
  const walk = (m: number, maxR: number, k: number, acc: number[]): void => {
    if (out.length >= limit) return;
    if (k === 0) return void (m === 1 && out.push([...acc]));
    for (let i = radices.length - 1; i >= 0; i--) {
      const r = radices[i];
      if (r > maxR || m % r) continue;
      if (r ** k < m) break; // the rest (all <= r) cannot reach m
      walk(m / r, r, k - 1, [...acc, r]);
    }
  };
  for (let k = 1; k <= Math.log2(n) && out.length < limit; k++) walk(n, Infinity, k, []);
  return out;
}

/** Up to `max` distinct plans for a complex FFT of length n, the cost model's first. */
export function candidatePlans(n: number, s: FftSchedule, max = 8): FftPlan[] {
  const seen = new Set<string>();
  const plans: FftPlan[] = [];
  const add = (p: FftPlan) => {
    const key = describePlan(p);
    if (plans.length < max && !seen.has(key)) seen.add(key), plans.push(p);
  };
  const first = planFft(n, s);
  add(first);
  if (n === 1) return plans;
  const primes = math.primeFactors(n);
  if (s.direct(n)) add({ algo: "direct", n });
  if (primes.every((p) => s.radixOk(p))) {
    for (const f of factorisations(n, s, 4 * max)) {
      add({ algo: "mixed", n, radices: f });
      add({ algo: "mixed", n, radices: [...f].reverse() });
    }
    return plans;
  }
  // a prime too large for one pass: Rader and Bluestein, each on the cost model's inner plan
  const m = math.nextPow2(2 * n - 1);
  add({ algo: "bluestein", n, m, inner: planFft(m, s) });
  if (s.rader && primes.length === 1) {
    const inner = planFft(n - 1, s);
    if (inner.algo === "mixed" || inner.algo === "direct") add({ algo: "rader", n, inner });
  }
  return plans;
}

/** One choice `linc tune` times: a plan, run by the target's own kernel or (`kernel: "js"`, wasm) the cpu's JavaScript one. */
export interface TuneCandidate {
  readonly plan: FftPlan;
  readonly kernel?: "js";
}

/** How `linc tune` prints a candidate: the plan, "(js)" for the JavaScript kernel. */
export const describeCandidate = (c: TuneCandidate): string => `${describePlan(c.plan)}${c.kernel === "js" ? " (js)" : ""}`;

/** The choices `linc tune` times on a target: candidatePlans, and on wasm the JavaScript kernel second. */
export function tunerCandidates(target: Target, n: number, max = 8): TuneCandidate[] {
  const plans: TuneCandidate[] = candidatePlans(n, SCHEDULES[target].fft, max).map((plan) => ({ plan }));
  if (target !== "wasm") return plans;
  return [plans[0], { plan: jsPlan(n), kernel: "js" as const }, ...plans.slice(1)].slice(0, Math.max(2, max));
}

const smooth5 = (n: number): boolean => {
  for (const p of [2, 3, 5]) while (n % p === 0) n /= p;
  return n === 1;
};

/** Circulant embedding sizes the tuner times for a Toeplitz-like product needing >= `need`: the schedule's first, then the power of two, then the next 5-smooth size above the schedule's. */
export function embeddingCandidates(need: number, s: Schedule, max = 3): number[] {
  const first = s.embeddingSize(need);
  let next = first + 1;
  while (!smooth5(next)) next++;
  return [...new Set([first, nextPow2(need), next])].slice(0, max);
}
