#!/usr/bin/env node
// `npm run build` (also npm's `prepack`, before `npm pack` / `npm publish`; `npm start` builds the
// JavaScript alone with --no-types, about a second):
//   dist/index.js      the library (src/api), ES module
//   dist/cli.js        the command line (src/cli/main.ts), run by bin/linc.mjs
//   dist/chunks/*.js   code shared or loaded on demand (front end, passes, each backend)
//   dist/types/**.d.ts declarations (tsc), dist/index.d.ts re-exports them
// esbuild bundles linc's sources and its pure-JavaScript dependencies (chevrotain, commander,
// protobuf, cli-progress: one file per chunk instead of hundreds of small modules is most of the
// command line's start-up), so the package has no run-time dependencies; the optional runtimes
// (onnxruntime-node, gpu.js, binaryen) and esbuild stay external, imported on first use.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");

/** Packages imported at run time from the user's node_modules, never bundled. */
export const EXTERNAL = ["onnxruntime-node", "gpu.js", "binaryen", "esbuild"];

/** Bundle; returns the packages bundled into dist (their licences go to dist/THIRD-PARTY-LICENSES.txt). */
async function bundle() {
  const { build } = await import("esbuild");
  const { metafile } = await build({
    metafile: true,
    absWorkingDir: root,
    entryPoints: { index: "src/api/index.ts", cli: "src/cli/main.ts" },
    outdir: dist,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    chunkNames: "chunks/[name]-[hash]",
    external: EXTERNAL,
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: "none", // the licences are collected in one file below
    // CommonJS dependencies (commander, cli-progress) call require() for Node's built-ins
    banner: { js: 'import { createRequire as __lincRequire } from "node:module"; const require = __lincRequire(import.meta.url);' },
    // the grammar is validated by the tests (run on the sources); the build skips chevrotain's
    // validation at start-up (about a third of `linc check`'s time)
    define: { "process.env.LINC_SKIP_GRAMMAR_CHECKS": '"1"' },
    logLevel: "warning",
  });
  const names = Object.keys(metafile.inputs).map((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1]).filter(Boolean);
  return [...new Set(names)].sort();
}

function declarations() {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("tsc failed to write the declarations");
  writeFileSync(join(dist, "index.d.ts"), 'export * from "./types/api/index.js";\n');
}

function licences(bundled) {
  const parts = [];
  for (const name of bundled) {
    // (not require.resolve: packages whose `exports` do not list package.json refuse it)
    const dir = join(root, "node_modules", name);
    if (!existsSync(join(dir, "package.json"))) continue; // not installed: nothing of it was bundled
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const file = ["LICENSE", "LICENSE.md", "LICENSE.txt", "license", "LICENCE"].map((f) => join(dir, f)).find(existsSync);
    parts.push(`${name}@${pkg.version} (${pkg.license ?? "see its package"})\n\n${file ? readFileSync(file, "utf8").trim() : "(no licence file in the package)"}`);
  }
  writeFileSync(join(dist, "THIRD-PARTY-LICENSES.txt"), `linc's dist/ bundles these packages:\n\n${parts.join(`\n\n${"-".repeat(72)}\n\n`)}\n`);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const t0 = performance.now();
const bundled = await bundle();
if (!process.argv.includes("--no-types")) declarations();
licences(bundled);
if (!process.argv.includes("--quiet")) console.log(`linc: built dist/ in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
