// Keeps spec/stages.md from falling behind the code: every stage op of the registry has a row in
// its table of stage ops (and no row names a stage op that is gone), and every op the lowering
// covers, whole or as a part of a kron or blockdiag, has a row in its table of lowerings.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { STAGE_OPS } from "../../src/ir/index.js";
import { LOWERED_OPS, PART_OPS } from "../../src/passes/index.js";

const md = readFileSync(new URL("../../spec/stages.md", import.meta.url), "utf8");
const section = (title: string) => md.slice(md.indexOf(`## ${title}`), md.indexOf("\n## ", md.indexOf(`## ${title}`) + 1));
/** The first cell of every table row of a section: `| \`stockham {r, s, ...}\` | ...` gives "stockham". */
const firstCells = (title: string) => [...section(title).matchAll(/^\| `([a-z_]+)[^|]*\|/gm)].map((m) => m[1]);

describe("spec/stages.md", () => {
  it("has a row for every stage op, and none for a stage op that is gone", () => {
    expect([...new Set(firstCells("The stage ops"))].sort()).toEqual([...STAGE_OPS].sort());
  });

  it.each([...LOWERED_OPS, ...PART_OPS])("names %s in the table of lowerings", (op) => {
    expect(section("The lowerings")).toMatch(new RegExp(`^\\|[^|]*\`${op}\\b`, "m"));
  });
});
