// Loads the reference cases (numpy/scipy computed) for tests: the repository's own copy in
// test/golden/data, vendored from the workspace's shared/golden (test/golden/vendored.test.ts
// checks the two agree whenever ../shared/golden exists beside the repository).
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
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

/** The golden cases' error measure (their tolerances are in it): test/support/compare.ts. */
export { relErr } from "./compare.js";
