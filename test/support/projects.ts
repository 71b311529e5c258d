// The vitest projects (vitest.config.ts): which folder of test/ each project runs. Every test
// file is test/<folder>/.../<name>.test.ts and its folder belongs to exactly one project;
// checkProjects lists the files that would run in none or in several (the config refuses to
// load while there are any, and test/infra/projects.test.ts says which).
import { readdirSync } from "node:fs";
import { join } from "node:path";

export const PROJECTS = {
  /** Language, IR, passes and math-level families on the reference interpreter: fast, no onnxruntime, gpu.js or browser. */
  unit: ["dsl", "ir", "passes", "stages", "codegen", "spec", "sphere", "ssm", "golden", "infra"],
  /** The compiling backends (cpu, onnx, gpujs, wasm) and the checks that run the same program on several of them (qmc: the QMC kernel-solve examples). */
  backends: ["cpu", "onnx", "gpujs", "wasm", "backends", "qmc"],
  /** The command line, the library API, the apps and the playground in a browser, the example specs, the emitted-code snapshots, the docs' commands. */
  e2e: ["cli", "api", "browser", "examples", "snapshots", "docs", "hostile"],
} as const satisfies Record<string, readonly string[]>;

export type ProjectName = keyof typeof PROJECTS;

/** The include globs of one project. */
export const includeOf = (name: ProjectName): string[] => PROJECTS[name].map((f) => `test/${f}/**/*.test.ts`);

/** Every test file under <root>/test, as a repository-relative path with forward slashes. */
export function testFiles(root: string): string[] {
  return (readdirSync(join(root, "test"), { recursive: true }) as string[])
    .map((f) => `test/${f.split("\\").join("/")}`)
    .filter((f) => f.endsWith(".test.ts"))
    .sort();
}

/** The projects whose include globs (test/<folder>/**\/*.test.ts) match a file. */
export function projectsOf(file: string): ProjectName[] {
  const parts = file.split("/");
  if (parts.length < 3) return []; // test/x.test.ts is in no folder
  return (Object.keys(PROJECTS) as ProjectName[]).filter((p) => (PROJECTS[p] as readonly string[]).includes(parts[1]));
}

/** "file: projects" for every test file that is in no project or in more than one. */
export function checkProjects(root: string): string[] {
  return testFiles(root)
    .map((f) => [f, projectsOf(f)] as const)
    .filter(([, ps]) => ps.length !== 1)
    .map(([f, ps]) => `${f}: ${ps.length ? ps.join(", ") : "no project"}`);
}
