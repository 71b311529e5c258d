// The README's language examples are real specs: each block of them parses and checks. The
// "More:" block holds three specs separated by blank lines and comments.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/dsl/index.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
/** The bodies of the fenced blocks that have no language tag. */
function plainBlocks(md: string): string[] {
  const out: string[] = [];
  let body: string[] | undefined, plain = false;
  for (const line of md.split("\n")) {
    if (line.startsWith("```")) {
      if (body) (plain && out.push(body.join("\n") + "\n"), (body = undefined));
      else (body = []), (plain = line.trim() === "```");
    } else body?.push(line);
  }
  return out;
}
const blocks = plainBlocks(readme).filter((b) => /^output /m.test(b));
const specs = blocks.flatMap((b) => b.split(/\n\n(?=#)/));

describe("README examples", () => {
  it("has language examples", () => expect(specs.length).toBeGreaterThanOrEqual(4));
  specs.forEach((src, i) => it(`spec #${i} checks`, () => expect(checkSource(src, `readme${i}.linc`)).toEqual([])));
});
