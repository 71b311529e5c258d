// Keeps spec/ from silently falling behind the code: every registered constructor has a section
// in spec/operators.md headed by its exact signature, every error code of the catalogue has a
// row in spec/language.md with the catalogue's wording, and every pass and rewrite rule of the
// pipeline is named in spec/optimizer.md. Stale entries (documented but gone) fail too.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import "../../src/ir/index.js";
import { constructorNames, getConstructor, type ParamSpec } from "../../src/ir/catalogue.js";
import { ERRORS, type ErrorCode } from "../../src/ir/errors.js";
import { KERNEL_OPS, OPS, type OperatorOp, type OpInfo, type OpName, SOURCE_OPS } from "../../src/ir/ops.js";
import { STRUCTURAL } from "../../src/ir/structural.js";
import { PASS_NAMES, type Rule } from "../../src/passes/index.js";

const read = (name: string) => readFileSync(new URL(`../../spec/${name}`, import.meta.url), "utf8");
const operatorsMd = read("operators.md");
const languageMd = read("language.md");
const optimizerMd = read("optimizer.md");

/**
 * Every rule of every rule family: each module in src/passes/rules/ is imported and its exported
 * arrays of rules collected, so a new family or rule is checked without editing this test.
 */
const rulesDir = new URL("../../src/passes/rules/", import.meta.url);
const ruleModules: Record<string, unknown>[] = await Promise.all(
  readdirSync(rulesDir).filter((f) => f.endsWith(".ts")).map((f) => import(new URL(f, rulesDir).href)),
);
const isRule = (r: any): r is Rule => !!r && typeof r.name === "string" && typeof r.doc === "string" && "match" in r && typeof r.rewrite === "function";
const ruleNames = [...new Set(ruleModules.flatMap((m) => Object.values(m).filter(Array.isArray).flat().filter(isRule).map((r) => r.name)))];

/** A signature as the catalogue prints it in its messages: `dft(n, norm="backward")`. */
function signature(name: string): string {
  const param = (q: ParamSpec) => (q.variadic ? `${q.name}...` : q.default !== undefined ? `${q.name}=${JSON.stringify(q.default)}` : q.optional ? `${q.name}=` : q.name);
  return `${name}(${getConstructor(name)!.params.map(param).join(", ")})`;
}

/** The signatures used as section headings (`### \`sig\``) in operators.md. */
const headings = [...operatorsMd.matchAll(/^#{2,4} `([A-Za-z_][A-Za-z0-9_]*\(.*\))`\s*$/gm)].map((m) => m[1]);

describe("spec/operators.md", () => {
  it("has constructors to check", () => {
    expect(constructorNames().length).toBeGreaterThan(40);
  });

  it.each(constructorNames())("documents %s under its exact signature", (name) => {
    expect(headings).toContain(signature(name));
  });

  it("documents no constructor that does not exist (or under a stale signature)", () => {
    const current = new Set(constructorNames().map(signature));
    expect(headings.filter((h) => !current.has(h))).toEqual([]);
  });
});

describe("spec/language.md error table", () => {
  /** Rows of the error table: `| E0101 | unknown name | ...`. */
  const rows = new Map([...languageMd.matchAll(/^\| (E\d{4}) \| ([^|]+) \|/gm)].map((m) => [m[1], m[2].trim()]));

  it.each(Object.keys(ERRORS))("has a row for %s with the catalogue's wording", (code) => {
    expect(rows.get(code)).toBe(ERRORS[code as ErrorCode]);
  });

  it("lists no code that is not in the catalogue", () => {
    expect([...rows.keys()].filter((c) => !(c in ERRORS))).toEqual([]);
  });
});

describe("spec/optimizer.md", () => {
  /** Names written as code in the rule and pass tables: | `name` | ... */
  const tabled = new Set([...optimizerMd.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]));

  it("has rules to check", () => {
    expect(ruleNames.length).toBeGreaterThan(15);
  });

  it.each(PASS_NAMES)("describes the pass %s in a table row", (name) => {
    expect(tabled).toContain(name);
  });

  it.each(ruleNames)("describes the rule %s in a table row", (name) => {
    expect(tabled).toContain(name);
  });

  it("names no rule that does not exist", () => {
    // rule names are hyphenated (op names in the other tables are not)
    const known = new Set([...PASS_NAMES, ...ruleNames]);
    expect([...tabled].filter((n) => n.includes("-") && !known.has(n))).toEqual([]);
  });
});

describe("spec/optimizer.md op registry table", () => {
  /** The table as generated from src/ir/ops.ts: one row per op. */
  const generated = (): string => {
    const rows = (Object.keys(OPS) as OpName[]).map((op) => {
      const info: OpInfo = OPS[op];
      const rules = STRUCTURAL[op as OperatorOp] ?? {};
      const structural = (["transpose", "adjoint", "inv"] as const).filter((k) => k in rules).map((k) => ({ transpose: ".T", adjoint: ".H", inv: "inv" })[k]);
      return `| \`${op}\` | ${info.kind} | ${info.stage} | ${structural.join(" ")} | ${info.doc} |`;
    });
    return ["| op | kind | stage | structural | meaning |", "|---|---|---|---|---|", ...rows].join("\n");
  };
  const begin = "<!-- op-registry:begin -->", end = "<!-- op-registry:end -->";

  it("matches the registry (UPDATE_DOCS=1 rewrites it)", () => {
    const i = optimizerMd.indexOf(begin), j = optimizerMd.indexOf(end);
    expect(i).toBeGreaterThan(0);
    expect(j).toBeGreaterThan(i);
    const want = generated();
    const have = optimizerMd.slice(i + begin.length, j).trim();
    if (have !== want && process.env.UPDATE_DOCS) {
      const path = new URL("../../spec/optimizer.md", import.meta.url);
      writeFileSync(path, optimizerMd.slice(0, i + begin.length) + "\n" + want + "\n" + optimizerMd.slice(j));
      console.log("rewrote the op registry table in spec/optimizer.md");
      return;
    }
    expect(have).toBe(want);
  });

  it("lists every kernel op as a kernel op and every other op as a source op", () => {
    expect([...KERNEL_OPS, ...SOURCE_OPS].sort()).toEqual((Object.keys(OPS) as string[]).sort());
  });
});
