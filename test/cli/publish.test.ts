// scripts/check-publish.mjs (npm's prepublishOnly): `npm publish` is refused while package.json
// lacks the https addresses that provenance and npm's page need (repository, homepage, bugs),
// and allowed once they are set. The addresses are not guessed in package.json itself.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const work = mkdtempSync(join(tmpdir(), "linc-publish-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const check = (fields: object) => {
  const f = join(work, `p${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, JSON.stringify({ ...pkg, repository: undefined, homepage: undefined, bugs: undefined, ...fields }));
  return spawnSync(process.execPath, [join(root, "scripts/check-publish.mjs"), f], { encoding: "utf8" });
};

describe("npm publish needs linc's public addresses", () => {
  it("package.json runs the check before publishing", () => {
    expect(pkg.scripts.prepublishOnly).toBe("node scripts/check-publish.mjs");
  });
  it("refuses without repository, homepage and bugs, naming them", () => {
    const r = check({});
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("npm publish refused: package.json has no https address in repository, homepage, bugs.");
  });
  it("refuses a repository that is not an https address", () => {
    const r = check({ repository: "linc", homepage: "https://example.org/linc", bugs: { url: "https://example.org/linc/issues" } });
    expect(r.stderr).toContain("no https address in repository.");
  });
  it("allows publishing once all three are set", () => {
    const r = check({ repository: { type: "git", url: "git+https://example.org/linc.git" }, homepage: "https://example.org/linc#readme", bugs: { url: "https://example.org/linc/issues" } });
    expect(r.status, r.stderr).toBe(0);
  });
});
