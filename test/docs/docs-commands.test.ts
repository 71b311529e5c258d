// Every shell command in the docs runs. The code blocks of README.md, spec/*.md and
// examples/*/README.md tagged sh/bash/shell/console (and the indented command blocks of the
// examples' READMEs) are run, block by block in document order, as bash scripts with
// `set -euo pipefail` in a directory per doc file laid out like the repository (a copy of examples/, package.json, tsconfig.json;
// bin/, src/ and node_modules/ linked), with `linc` on PATH as bin/linc.mjs. A command that cannot run here is
// skipped only if it is on the allowlist below, with the reason; every allowlisted command must
// still appear in the docs. A `linc` line outside a shell block must be a synopsis (SPEC, FILE,
// [optional] or a|b placeholders), so no runnable command escapes the test.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { fencedBlocks } from "../support/markdown.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Commands that cannot run in this test, by their exact text, and why. */
const CANNOT_RUN: Record<string, string> = {
  "npm install": "installs the repository's dependencies from the registry (CI does it first)",
  "npm test": "is the test suite this test is part of",
  "(cd ../linc && npm install && npm pack)": "needs a clone of linc beside the app; `npm run test:package` (CI) packs and installs the tarball",
  "npm install ../linc/linc-0.1.0.tgz": "as above: `npm run test:package` installs the packed tarball into a fresh app",
  "npm install --save-dev esbuild": "installs from the registry; the repository's own esbuild (a dev dependency) is on PATH here",
  "npm install gpu.js": "installs from the registry; the repository's own gpu.js (a dev dependency) is in node_modules here",
  "npm install onnxruntime-web": "installs from the registry (no network here); onnxruntime-web is not installed",
  "pip install onnxruntime numpy": "Python's onnxruntime cannot be installed on these machines (no wheel, no network)",
  "python3 run_model.py": "needs Python's onnxruntime (see above)",
};

const SHELL = new Set(["sh", "bash", "shell", "console"]);
const COMMAND = /^(\$ )?(linc|npx|npm|node|python3?|sh|bash|cat|mkdir|cd|\.\/)\b/;

interface Block {
  file: string;
  line: number;
  shell: boolean;
  lines: string[];
}

/** The fenced blocks of a markdown file, and its indented blocks that start with a command. */
function blocksOf(file: string): Block[] {
  const source = readFileSync(join(root, file), "utf8"), text = source.split("\n");
  const fenced = fencedBlocks(source);
  const inFence = new Set(fenced.flatMap((f) => f.lines.map((_, k) => f.line + 1 + k)));
  const out: Block[] = fenced.map((f) => ({ file, line: f.line, shell: SHELL.has(f.info), lines: f.lines }));
  text.forEach((l, i) => {
    if (!inFence.has(i + 1) && l.startsWith("    ") && text[i - 1]?.trim() === "" && COMMAND.test(l.trim())) {
      const lines: string[] = [];
      for (let j = i; j < text.length && text[j].startsWith("    "); j++) lines.push(text[j].slice(4));
      out.push({ file, line: i + 1, shell: true, lines });
    }
  });
  return out.sort((a, b) => a.line - b.line);
}

const md = (dir: string) => readdirSync(join(root, dir)).filter((f) => f.endsWith(".md")).map((f) => `${dir}/${f}`);
const DOCS = ["README.md", ...md("spec"), ...readdirSync(join(root, "examples"), { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) => md(`examples/${d.name}`))];
const BLOCKS = DOCS.flatMap(blocksOf);
const SHELL_BLOCKS = BLOCKS.filter((b) => b.shell);

/** A command line without its prompt and trailing comment (a `#` after whitespace, outside quotes). */
function command(line: string): string {
  let s = line.replace(/^\$ /, ""), quote = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) quote = c === quote ? "" : quote;
    else if (c === "'" || c === '"') quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(s[i - 1]))) return s.slice(0, i).trimEnd();
  }
  return s.trimEnd();
}

const SYNOPSIS = /\b(SPEC|FILE|DIR|OUT|PASS|TARGET|BACKENDS?|ARGS|COMMAND|CODE)\b|\[|\||\.\.\./;

const work = mkdtempSync(join(tmpdir(), "linc-docs-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sandboxes = new Map<string, { cwd: string; PATH: string }>();
/** A directory laid out like the repository, and a PATH with `linc` on it: one per doc file, so its blocks build on each other. */
function sandbox(file: string): { cwd: string; PATH: string } {
  const made = sandboxes.get(file);
  if (made) return made;
  const cwd = join(work, file.replace(/[^\w.-]+/g, "_"));
  mkdirSync(cwd, { recursive: true });
  cpSync(join(root, "examples"), join(cwd, "examples"), { recursive: true, filter: (src) => !/[/\\](node_modules|dist|kernel)$/.test(src) });
  copyFileSync(join(root, "package.json"), join(cwd, "package.json"));
  symlinkSync(join(root, "node_modules"), join(cwd, "node_modules"), "dir");
  for (const dir of ["bin", "src"]) symlinkSync(join(root, dir), join(cwd, dir), "dir");
  cpSync(join(root, "scripts"), join(cwd, "scripts"), { recursive: true }); // npm start builds dist/ here, not in the repository
  copyFileSync(join(root, "tsconfig.json"), join(cwd, "tsconfig.json"));
  const shims = join(cwd, ".shims");
  mkdirSync(shims);
  writeFileSync(join(shims, "linc"), `#!/bin/sh\nexec "${process.execPath}" "${join(root, "bin/linc.mjs")}" "$@"\n`);
  chmodSync(join(shims, "linc"), 0o755);
  const box = { cwd, PATH: `${shims}:${join(root, "node_modules/.bin")}:${process.env.PATH}` };
  sandboxes.set(file, box);
  return box;
}

describe("links between the docs", () => {
  it("every relative link points at a file of the repository", () => {
    const broken = DOCS.flatMap((file) =>
      [...readFileSync(join(root, file), "utf8").matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
        .map((m) => m[1])
        .filter((target) => !/^[a-z]+:/.test(target) && !existsSync(join(root, dirname(file), target)))
        .map((target) => `${file} -> ${target}`),
    );
    expect(broken).toEqual([]);
  });
});

describe("shell commands in the docs", () => {
  it("finds the docs' command blocks", () => {
    expect(DOCS).toEqual(expect.arrayContaining(["README.md", "spec/cli.md", "spec/tutorial.md", "spec/troubleshooting.md", "examples/node-app/README.md", "examples/onnx-node-app/README.md"]));
    expect(SHELL_BLOCKS.length).toBeGreaterThanOrEqual(10);
  });

  it("skips only allowlisted commands, each of which is in the docs", () => {
    const lines = new Set(SHELL_BLOCKS.flatMap((b) => b.lines.map(command)));
    for (const c of Object.keys(CANNOT_RUN)) expect(lines.has(c), `allowlisted but not in the docs: ${c}`).toBe(true);
  });

  it("has no runnable linc command outside a shell block", () => {
    const loose = BLOCKS.filter((b) => !b.shell).flatMap((b) => b.lines.map((l, i) => ({ at: `${b.file}:${b.line + 1 + i}`, l: command(l.trim()) })));
    const runnable = loose.filter(({ l }) => /^(npx )?linc\s/.test(l) && !SYNOPSIS.test(l));
    expect(runnable.map(({ at, l }) => `${at}: ${l}`)).toEqual([]);
  });

  it.each(SHELL_BLOCKS.map((b) => [`${b.file}:${b.line}`, b] as const))("%s runs", (name, b) => {
    const { cwd, PATH } = sandbox(b.file); // blocks run in document order, each from the sandbox's root
    const script = b.lines.map((l) => (Object.hasOwn(CANNOT_RUN, command(l)) ? `: '${`skipped: ${command(l)}`.replaceAll("'", `'\\''`)}'` : l.replace(/^\$ /, ""))).join("\n");
    const r = spawnSync("bash", ["-euo", "pipefail", "-c", script], {
      cwd,
      env: { ...process.env, PATH, ONNXRUNTIME_NODE_INSTALL: "skip", npm_config_update_notifier: "false" },
      encoding: "utf8",
      timeout: 180_000,
    });
    expect(r.status, `${name}:\n${script}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`).toBe(0);
  }, 200_000);
});
