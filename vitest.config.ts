// Three projects, one per kind of test (test/support/projects.ts says which folders each runs):
//   npm test               all of them (vitest run)
//   npm run test:unit      dsl, ir, passes, spec, sphere/ssm math, golden on the reference interpreter
//   npm run test:backends  cpu, onnx, gpujs
//   npm run test:e2e       cli, apps, browser playground, examples, emitted-code snapshots
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { type ProjectName, PROJECTS, checkProjects, includeOf } from "./test/support/projects.js";

const unassigned = checkProjects(dirname(fileURLToPath(import.meta.url)));
if (unassigned.length)
  throw new Error(`vitest.config.ts: every test file must be in exactly one project (test/support/projects.ts):\n  ${unassigned.join("\n  ")}`);

export default defineConfig({
  test: {
    testTimeout: 60000,
    hookTimeout: 60000,
    pool: "forks",
    // `node bin/linc.mjs` in a test runs the sources (through tsx), not a possibly stale dist/
    // (and without colour, whatever the shell says: tests read stderr as text; test/cli/colour asks for it)
    env: { LINC_FROM_SOURCES: "1", FORCE_COLOR: "0" },
    projects: (Object.keys(PROJECTS) as ProjectName[]).map((name) => ({
      extends: true,
      test: { name, include: includeOf(name) },
    })),
  },
});
