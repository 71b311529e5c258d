// Loads the reference cases (numpy/scipy computed) for tests: the repository's own copy in
// test/golden/data, vendored from the workspace's shared/golden (test/golden/vendored.test.ts
// checks the two agree whenever ../shared/golden exists beside the repository).
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import type { DType, HostArray } from "../../src/ir/index.js";

export interface GoldenArray { dtype: DType; shape: number[]; data: number[] }
export interface GoldenCase {
  family: string;
  name: string;
  source: string;
  inputs: Record<string, GoldenArray>;
  params: Record<string, GoldenArray>;
  outputs: Record<string, GoldenArray>;
  tol: number;
  note: string;
}

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const REPO_ROOT = resolve(here, "../..");
/** The golden cases every test reads: the repository's copy. */
export const GOLDEN_DIR = join(REPO_ROOT, "test/golden/data");
/** Cases owned by this repository alone (new operators: generated with scipy by the script beside them). */
export const LOCAL_GOLDEN_DIR = join(REPO_ROOT, "test/golden/local");
/** Where the workspace keeps the master copy, when the repository sits in one (absent in a plain clone). */
export const SHARED_GOLDEN_DIR = resolve(REPO_ROOT, "../shared/golden");

export function loadGolden(families?: readonly string[]): GoldenCase[] {
  const files = [GOLDEN_DIR, LOCAL_GOLDEN_DIR].flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => join(dir, f)));
  const out: GoldenCase[] = [];
  for (const f of files) {
    const d = JSON.parse(readFileSync(f, "utf8"));
    if (families && !families.includes(d.family)) continue;
    for (const c of d.cases) out.push({ family: d.family, ...c });
  }
  return out;
}

export function toHost(a: GoldenArray): HostArray {
  const data =
    a.dtype === "i64" ? BigInt64Array.from(a.data.map((v) => BigInt(v)))
    : a.dtype === "f32" || a.dtype === "c64" ? Float32Array.from(a.data)
    : Float64Array.from(a.data);
  return { dtype: a.dtype, shape: [...a.shape], data };
}

export const bindingsOf = (c: GoldenCase): Record<string, HostArray> =>
  Object.fromEntries([...Object.entries(c.inputs), ...Object.entries(c.params)].map(([k, v]) => [k, toHost(v)]));

/**
 * The golden cases a backend's driver knows it does not pass, each with the reason. A key names a
 * family (`ssm`), a case (`ssm/hippo_legs_4`), either with a variant in front (`f32 ssm`), matched
 * against test titles `${variant} ${family}/${name}`.
 */
export type KnownFailures = Readonly<Record<string, string>>;

/**
 * A golden driver's tests: every case of every family runs (nothing is left out silently); a case
 * a known failure names runs too, as a test that it still fails, titled with the reason, so an
 * entry goes once its cases pass; `checkKnown` fails for an entry that names no test (a family or
 * case that no longer exists).
 */
export class GoldenTests {
  private readonly matched = new Set<string>();
  constructor(private readonly known: KnownFailures) {}

  private knownFor(title: string): [string, string] | undefined {
    const [variant, rest] = title.includes(" ") ? [title.slice(0, title.indexOf(" ")), title.slice(title.indexOf(" ") + 1)] : ["", title];
    const family = rest.split("/")[0];
    const key = [title, `${variant} ${family}`, rest, family].find((k) => Object.hasOwn(this.known, k));
    return key === undefined ? undefined : [key, this.known[key]];
  }

  /** One test: `${variant} ${family}/${name}` plus any extra words after it (the variant may be ""). */
  it(title: string, body: () => Promise<void>, extra = ""): void {
    const hit = this.knownFor(title);
    if (!hit) return void it(`${title}${extra}`, body);
    this.matched.add(hit[0]);
    it(`${title}${extra}: fails as known (${hit[1]})`, async () => {
      const passes = await body().then(() => true, () => false);
      expect(passes, `${title} passes now: remove its known failure '${hit[0]}'`).toBe(false);
    });
  }

  /** A test that every known failure named some test of the driver. */
  checkKnown(): void {
    it("every known failure names a family or case the driver runs", () => expect(Object.keys(this.known).filter((k) => !this.matched.has(k))).toEqual([]));
  }
}

/** The golden cases' error measure (their tolerances are in it): test/support/compare.ts. */
export { relErr } from "./compare.js";
