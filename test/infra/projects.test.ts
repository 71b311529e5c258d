// The split of the suite into vitest projects: every test file runs in exactly one, and the unit
// project stays fast — none of its files imports a compiling backend, onnxruntime, gpu.js, a
// browser or a child process.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/golden.js";
import { PROJECTS, checkProjects, projectsOf, testFiles } from "../support/projects.js";

const files = testFiles(REPO_ROOT);

describe("vitest projects", () => {
  it("finds the test files", () => {
    expect(files.length).toBeGreaterThan(40);
    expect(files).toContain("test/infra/projects.test.ts");
  });

  it("puts every test file in exactly one project", () => {
    expect(checkProjects(REPO_ROOT)).toEqual([]);
    for (const f of files) expect(projectsOf(f), f).toHaveLength(1);
  });

  it("no folder is named by two projects", () => {
    const all = Object.values(PROJECTS).flat();
    expect(new Set(all).size).toBe(all.length);
  });

  it("keeps the unit project free of backends, onnxruntime, gpu.js, browsers and child processes", () => {
    const heavy = /from "(?:[./]*src\/(?:backends\/(?:cpu|onnx|gpujs)|cli)\/[^"]*|onnxruntime-node|gpu\.js|playwright-core|node:child_process)"/;
    const unit = files.filter((f) => projectsOf(f)[0] === "unit");
    expect(unit.length).toBeGreaterThan(10);
    for (const f of unit) expect(readFileSync(join(REPO_ROOT, f), "utf8").match(heavy)?.[0], f).toBeUndefined();
  });
});
