#!/usr/bin/env node
// npm's prepublishOnly: refuses `npm publish` until package.json says where linc's sources live.
// publishConfig.provenance makes npm check the published build against `repository.url` (it
// must be the repository the CI build ran in), and npm's page links `homepage` and `bugs`. This
// workspace has no public address yet, so the fields are not guessed: whoever publishes sets
// them, and this check fails before anything is uploaded if they did not.
import { readFileSync } from "node:fs";

// (a path argument checks another package.json: the test does)
const pkg = JSON.parse(readFileSync(process.argv[2] ?? new URL("../package.json", import.meta.url), "utf8"));
const url = (v) => (typeof v === "string" ? v : v?.url);
const missing = [
  ["repository", url(pkg.repository)],
  ["homepage", pkg.homepage],
  ["bugs", url(pkg.bugs)],
].filter(([, v]) => typeof v !== "string" || !/^(git\+)?https:\/\//.test(v)).map(([k]) => k);
if (missing.length) {
  process.stderr.write(
    `npm publish refused: package.json has no https address in ${missing.join(", ")}.\n` +
      "Set them to the public repository before publishing (publishConfig.provenance checks repository.url\n" +
      'against the repository the build ran in), e.g. "repository": { "type": "git", "url": "git+https://github.com/OWNER/linc.git" }.\n',
  );
  process.exit(1);
}
