// The README's language examples are real specs: each block of them parses and checks. The
// "More:" block holds three specs separated by blank lines and comments.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/dsl/index.js";
import { fencedBlocks } from "../support/markdown.js";

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

// linc is not on the npm registry: `npm install linc` is a 404 today, so no runnable block may
// say it; the docs install the tarball `npm pack` writes, whose name follows package.json.
describe("install instructions", () => {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { name: string; version: string };
  const docs = ["README.md", "spec/tutorial.md", "spec/api.md", "spec/troubleshooting.md"].map((f) => [f, readFileSync(new URL(`../../${f}`, import.meta.url), "utf8")] as const);
  const shellLines = (md: string) => fencedBlocks(md).filter((b) => /^(sh|bash|shell|console)$/.test(b.info)).flatMap((b) => b.lines);

  it("no command block installs linc from the registry", () => {
    for (const [f, md] of docs) expect(shellLines(md).filter((l) => /\bnpm (i|install)\b.*\blinc(@\S*)?(\s|$)/.test(l)), f).toEqual([]);
  });

  it("the tarball the docs install is the one npm pack writes", () => {
    const tarballs = docs.flatMap(([, md]) => [...md.matchAll(/\blinc-[\w.-]+?\.tgz\b/g)].map((m) => m[0]));
    expect(tarballs.length).toBeGreaterThan(0);
    expect(new Set(tarballs)).toEqual(new Set([`${pkg.name}-${pkg.version}.tgz`]));
  });

  it("the tutorial installs every package before its first use", () => {
    const tutorial = readFileSync(new URL("../../spec/tutorial.md", import.meta.url), "utf8").split("\n");
    const first = (re: RegExp) => tutorial.findIndex((l) => re.test(l));
    for (const [pkg, use] of [["esbuild", /npx esbuild/], ["gpu.js", /"gpu\.js"/], ["onnxruntime-web", /from "onnxruntime-web"/]] as const) {
      const install = first(new RegExp(`^npm install (--save-dev )?${pkg.replace(".", "\\.")}$`));
      expect(install, `npm install ${pkg}`).toBeGreaterThanOrEqual(0);
      expect(install, `${pkg} is installed before line ${first(use) + 1} uses it`).toBeLessThan(first(use));
    }
  });

  it("every onnxruntime-node install in the docs skips its GPU download", () => {
    for (const [f, md] of docs) expect(md.match(/(?<!ONNXRUNTIME_NODE_INSTALL=skip )npm install onnxruntime-node/g) ?? [], f).toEqual([]);
  });
});
