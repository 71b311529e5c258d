// Wisdom (FFTW's idea): FFT plans measured fastest on one machine, which the `schedule` pass
// uses before its cost model. A wisdom holds, per target, complex FFT length n and precision
// (f32 for c64 data, f64 for c128), the plan `linc tune` timed fastest there; every FFT of that
// length and precision the target plans (a dft, the half-size FFT of an rdft, a DCT's FFT, a
// Bluestein inner FFT) gets it. On the wasm target a plan may say `"engine": "js"`: that FFT runs
// the cpu backend's JavaScript kernel (checked against the cpu's passes) instead of the wasm's.
// Version 1 files (plans keyed by length alone) are still read: each plan applies to both precisions. The machine and versions
// it was measured on travel with it: src/api checks them (a wisdom from elsewhere is ignored with a
// warning); this file checks only that it is well formed and that every plan is one the target's
// backend renders (radices whose product is n, each within the target's codelets), so a bad file
// is a clear error and never a wrong plan.
import { type FftPlan, LincError, type Target, math, sizeLimits } from "../../ir/index.js";
import type { PlanLookup } from "./fft.js";
import { type FftSchedule, type Schedule, SCHEDULES } from "./table.js";

export const WISDOM_FORMAT = "linc-wisdom";
export const WISDOM_VERSION = 2;

/** The largest wisdom linc reads (a file of `--wisdom`, or the library's JSON text): 1 MiB, as a spec. */
export const MAX_WISDOM_BYTES = 1024 * 1024;
/**
 * The longest FFT the schedule plans: Bluestein's power of two for a DCT-IV's FFT of twice the
 * largest operator side (2^28). A wisdom's plan, inner ones included, is for at most this length.
 */
export const MAX_FFT_LENGTH = 4 * sizeLimits.maxOperatorSide;

/** The precision of an FFT's arithmetic: f32 for c64 (and f32) data, f64 for c128. */
export type FftPrecision = "f32" | "f64";
export const FFT_PRECISIONS = ["f32", "f64"] as const satisfies readonly FftPrecision[];

/** The targets `linc tune` measures (their backends render any valid radix list). */
export const TUNE_TARGETS = ["cpu", "wasm", "onnx"] as const satisfies readonly Target[];
export type TuneTarget = (typeof TUNE_TARGETS)[number];

/** Where a wisdom was measured: it is used only on the same machine and versions. */
export interface MachineInfo {
  os: string;
  arch: string;
  cpu: string;
  cores: number;
  node: string;
  linc: string;
}

export interface WisdomPlan {
  target: TuneTarget;
  /** Length of the complex FFT. */
  n: number;
  precision: FftPrecision;
  plan: FftPlan;
  /** Median milliseconds of the timed run with this plan (informative). */
  ms?: number;
}

/** Direct O(mn) product or the FFT route (circulant embedding) for an m x n Toeplitz-like operator. */
export interface WisdomRoute {
  target: TuneTarget;
  m: number;
  n: number;
  route: "direct" | "fft";
  /** The FFT route's circulant embedding size (>= m + n - 1) measured fastest; absent: the schedule's. Keyed by m + n - 1. */
  N?: number;
  ms?: number;
}

export interface Wisdom {
  format: typeof WISDOM_FORMAT;
  version: typeof WISDOM_VERSION;
  machine: MachineInfo;
  plans: WisdomPlan[];
  /** Measured direct-vs-FFT choices of Toeplitz, Hankel and conv operators (optional in a file). */
  routes?: WisdomRoute[];
}

/** The target's schedule with the wisdom's measured direct-vs-FFT choices before its cost model's. */
export function scheduleWith(s: Schedule, w: Wisdom | undefined): Schedule {
  const mine = (w?.routes ?? []).filter((r) => r.target === s.target);
  if (!mine.length) return s;
  const routes = new Map(mine.map((r) => [`${r.m}x${r.n}`, r.route === "direct"]));
  const sizes = new Map(mine.flatMap((r) => (r.route === "fft" && r.N !== undefined ? [[r.m + r.n - 1, r.N] as const] : [])));
  const embeddingSize = (need: number): number => sizes.get(need) ?? s.embeddingSize(need);
  // the FFT route of a shape takes its embedding circulant spectral too (else it is a direct product again)
  const spectral = new Set(mine.filter((r) => r.route === "fft").map((r) => embeddingSize(r.m + r.n - 1)));
  return {
    ...s,
    keepDirect: (m, n) => routes.get(`${m}x${n}`) ?? s.keepDirect(m, n),
    keepCirculantDirect: (n) => !spectral.has(n) && s.keepCirculantDirect(n),
    embeddingSize,
  };
}

export type { PlanLookup };

/** A wisdom's plans of one target, by length and precision. */
export type WisdomLookup = (n: number, precision: FftPrecision) => FftPlan | undefined;

export function wisdomLookup(w: Wisdom | undefined, target: Target): WisdomLookup | undefined {
  if (!w) return undefined;
  const byKey = new Map(w.plans.filter((p) => p.target === target).map((p) => [`${p.n}:${p.precision}`, p.plan]));
  return byKey.size ? (n, precision) => byKey.get(`${n}:${precision}`) : undefined;
}


const bad = (where: string, what: string): never => {
  throw new LincError("E0205", `invalid wisdom${where ? ` (${where})` : ""}: ${what}`);
};
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isSize = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= 2 ** 30;
const isPrime = (n: number) => n > 1 && math.primeFactors(n).length === 1;
/** An FFT length the schedule may plan (a wisdom's plans stay within the schedule's own sizes). */
const isLength = (v: unknown): v is number => isSize(v) && v <= MAX_FFT_LENGTH;

/**
 * A plan read from a file, checked to be one the target renders for length n. `js`: the schedule
 * of the JavaScript kernels a plan with `"engine": "js"` runs (the cpu's; the wasm target only).
 */
export function checkPlan(p: unknown, n: number, s: FftSchedule, where: string, js?: FftSchedule): FftPlan {
  if (!isObj(p)) return bad(where, "a plan must be an object");
  if (p.engine !== undefined) {
    if (p.engine !== "js") return bad(where, `engine must be "js" (or absent), got ${JSON.stringify(p.engine)}`);
    if (!js) return bad(where, `"engine": "js" is a choice of the wasm target's outer plans only`);
    const { engine: _, ...rest } = p;
    return { ...checkPlan(rest, n, js, where), engine: "js" };
  }
  if (p.n !== n) return bad(where, `the plan is for n = ${String(p.n)}, expected ${n}`);
  switch (p.algo) {
    case "direct":
      if (!s.direct(n)) bad(where, `n = ${n} cannot be one direct codelet on this target`);
      return { algo: "direct", n };
    case "mixed": {
      const r = p.radices;
      if (!Array.isArray(r) || !r.every(isSize)) return bad(where, "radices must be a list of positive integers");
      const radices = r as number[];
      const bads = radices.filter((x) => !s.radixOk(x));
      if (bads.length) bad(where, `radix ${bads[0]} is not one of this target's passes`);
      const product = radices.reduce((a, b) => a * b, 1);
      if (product !== n) bad(where, `the radices [${radices.join(",")}] multiply to ${product}, not n = ${n}`);
      return { algo: "mixed", n, radices };
    }
    case "rader":
      if (!s.rader || !isPrime(n)) bad(where, `Rader's algorithm needs a prime n on a target that has it (n = ${n})`);
      return { algo: "rader", n, inner: checkInner(checkPlan(p.inner, n - 1, s, where), where) };
    case "bluestein": {
      // the schedule's own size, no other: a larger m would only cost time and memory (2^30 for n = 17 was 23 GB)
      const m = p.m, want = math.nextPow2(2 * n - 1);
      if (m !== want) return bad(where, `Bluestein's size m must be the smallest power of two >= 2n - 1 = ${2 * n - 1} (${want}), got ${JSON.stringify(m)}`);
      return { algo: "bluestein", n, m, inner: checkInner(checkPlan(p.inner, m, s, where), where) };
    }
  }
  return bad(where, `unknown algorithm '${String(p.algo)}' (direct, mixed, rader or bluestein)`);
}

const checkInner = (p: FftPlan, where: string): FftPlan =>
  p.algo === "mixed" || p.algo === "direct" ? p : bad(where, "the inner FFT of Rader or Bluestein must be direct or mixed");

const MACHINE_KEYS = { os: "string", arch: "string", cpu: "string", cores: "number", node: "string", linc: "string" } as const;

/** A wisdom from parsed JSON, every field and plan checked (E0205 naming what is wrong). */
export function parseWisdom(data: unknown, file = ""): Wisdom {
  if (!isObj(data) || data.format !== WISDOM_FORMAT) return bad(file, `not a linc wisdom file (expected "format": "${WISDOM_FORMAT}")`);
  if (data.version !== WISDOM_VERSION && data.version !== 1) return bad(file, `version ${String(data.version)} (this linc reads versions 1 and ${WISDOM_VERSION})`);
  const v1 = data.version === 1;
  const m = data.machine;
  if (!isObj(m)) return bad(file, "missing \"machine\"");
  for (const [k, t] of Object.entries(MACHINE_KEYS)) if (typeof m[k] !== t) bad(file, `machine.${k} must be a ${t}`);
  if (!Array.isArray(data.plans)) return bad(file, "\"plans\" must be a list");
  const seen = new Set<string>();
  const plans = data.plans.flatMap((e: unknown, i): WisdomPlan[] => {
    const where = `${file ? file + ": " : ""}plans[${i}]`;
    if (!isObj(e)) return bad(where, "an entry must be an object");
    if (!(TUNE_TARGETS as readonly unknown[]).includes(e.target)) return bad(where, `target must be one of ${TUNE_TARGETS.join(", ")}, got ${JSON.stringify(e.target)}`);
    if (!isLength(e.n)) return bad(where, `n must be a positive integer up to ${MAX_FFT_LENGTH}, got ${JSON.stringify(e.n)}`);
    // version 1 has no precision: its plan is for every FFT of that length, as it was then
    if (v1 && e.precision !== undefined) bad(where, "a version 1 plan has no precision (version 2 has)");
    if (!v1 && !(FFT_PRECISIONS as readonly unknown[]).includes(e.precision)) bad(where, `precision must be "f32" or "f64", got ${JSON.stringify(e.precision)}`);
    const target = e.target as TuneTarget, precisions = v1 ? FFT_PRECISIONS : [e.precision as FftPrecision];
    for (const p of precisions) {
      const key = `${target}:${e.n}:${p}`;
      if (seen.has(key)) bad(where, `a second plan for ${target} n = ${e.n}${v1 ? "" : ` ${p}`}`);
      seen.add(key);
    }
    if (e.ms !== undefined && typeof e.ms !== "number") bad(where, "ms must be a number");
    const plan = checkPlan(e.plan, e.n, SCHEDULES[target].fft, where, target === "wasm" ? SCHEDULES.cpu.fft : undefined);
    return precisions.map((precision) => ({ target, n: e.n as number, precision, plan, ...(typeof e.ms === "number" ? { ms: e.ms } : {}) }));
  });
  return { format: WISDOM_FORMAT, version: WISDOM_VERSION, machine: { ...(m as unknown as MachineInfo) }, plans, routes: parseRoutes(data.routes, file) };
}

function parseRoutes(data: unknown, file: string): WisdomRoute[] {
  if (data === undefined) return [];
  if (!Array.isArray(data)) return bad(file, "\"routes\" must be a list");
  const seen = new Set<string>();
  return data.map((e: unknown, i): WisdomRoute => {
    const where = `${file ? file + ": " : ""}routes[${i}]`;
    if (!isObj(e)) return bad(where, "an entry must be an object");
    if (!(TUNE_TARGETS as readonly unknown[]).includes(e.target)) return bad(where, `target must be one of ${TUNE_TARGETS.join(", ")}, got ${JSON.stringify(e.target)}`);
    const side = (v: unknown): v is number => isSize(v) && v <= sizeLimits.maxOperatorSide;
    if (!side(e.m) || !side(e.n)) return bad(where, `m and n must be positive integers up to ${sizeLimits.maxOperatorSide}`);
    if (e.route !== "direct" && e.route !== "fft") return bad(where, `route must be "direct" or "fft", got ${JSON.stringify(e.route)}`);
    const key = `${e.target}:${e.m}x${e.n}`;
    if (seen.has(key)) bad(where, `a second route for ${e.target} ${e.m} x ${e.n}`);
    seen.add(key);
    if (e.ms !== undefined && typeof e.ms !== "number") bad(where, "ms must be a number");
    if (e.N !== undefined && e.route !== "fft") bad(where, "an embedding size N belongs to the fft route only");
    // (every size the schedule and the tuner choose is below 2(m + n - 1): the next power of two at most)
    const need = e.m + e.n - 1;
    if (e.N !== undefined && (!isSize(e.N) || (e.N as number) < need || (e.N as number) > 2 * need))
      bad(where, `the embedding size N must be an integer from m + n - 1 = ${need} to 2(m + n - 1) = ${2 * need}, got ${JSON.stringify(e.N)}`);
    // the embedding is a circulant operator: held to the operator limit like the spec's own
    if (e.N !== undefined && (e.N as number) > sizeLimits.maxOperatorSide)
      bad(where, `the ${e.target} route for a ${e.m} x ${e.n} operator embeds it in a circulant of N = ${e.N} points, above the operator limit of ${sizeLimits.maxOperatorSide}`);
    return { target: e.target as TuneTarget, m: e.m, n: e.n, route: e.route, ...(e.N !== undefined ? { N: e.N as number } : {}), ...(typeof e.ms === "number" ? { ms: e.ms } : {}) };
  });
}

/** Whether two machine records are the same machine and versions; else the first difference. */
export function machineDifference(a: MachineInfo, b: MachineInfo): string | undefined {
  for (const k of Object.keys(MACHINE_KEYS) as (keyof MachineInfo)[]) if (a[k] !== b[k]) return `${k} ${JSON.stringify(a[k])} here, ${JSON.stringify(b[k])} in the wisdom`;
  return undefined;
}
